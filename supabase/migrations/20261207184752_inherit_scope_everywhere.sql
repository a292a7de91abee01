-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "campaign_child_scope" on "public"."campaign_updates";

drop trigger if exists "set_scope" on "public"."communities";

drop trigger if exists "content_episode_scope" on "public"."content_episodes";

drop trigger if exists "content_season_scope" on "public"."content_seasons";

drop trigger if exists "campaign_child_scope" on "public"."investment_tiers";

drop trigger if exists "set_scope" on "public"."license_catalog";

drop trigger if exists "set_scope" on "public"."license_request_notes";

drop trigger if exists "set_scope" on "public"."license_requests";

drop trigger if exists "set_scope" on "public"."product_internals";

drop trigger if exists "set_scope" on "public"."product_variants";

drop trigger if exists "set_scope" on "public"."products";

drop trigger if exists "schedule_scope_and_next_run" on "public"."schedules";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.episode_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    select s.content_id, s.season_number into new.content_id, new.season_number
    from public.content_seasons s where s.id = new.season_id;
    if private.is_client_request() then
        new.view_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.parent_scope(row_data jsonb, parents text[], child_table text, missing_ok boolean DEFAULT false)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    spec text;
    pair text[];
    fk_value uuid;
    parent jsonb;
    patch jsonb;
begin
    foreach spec in array parents loop  -- (a trigger's tg_argv counts from 0)
        pair := string_to_array(spec, ':');
        fk_value := (row_data ->> pair[2])::uuid;
        continue when fk_value is null;
        execute format('select to_jsonb(p) from public.%I p where p.%I = $1', split_part(pair[1], '.', 1),
                       coalesce(nullif(split_part(pair[1], '.', 2), ''), 'id'))
        into parent using fk_value;
        continue when missing_ok and parent is null;
        if pair[3] is not null and (parent is null or parent ->> 'deleted_at' is not null) then
            raise exception '% not found', pair[3] using errcode = 'P0002';
        elsif parent is null and private.is_client_request() then
            raise exception 'new row violates row-level security policy for table "%"', child_table
                using errcode = '42501';
        elsif parent is null then
            raise exception '% % not found', pair[1], fk_value using errcode = '23503';
        end if;
        patch := jsonb_build_object(
            'organization_id', parent -> 'organization_id',
            'project_id', case when pair[1] = 'projects' then parent -> 'id'
                               else coalesce(parent -> 'project_id', 'null') end);
        if pair[1] = 'books' then
            patch := patch || jsonb_build_object('book_id', parent -> 'id');
        elsif parent ? 'book_id' then
            patch := patch || jsonb_build_object('book_id', parent -> 'book_id');
        end if;
        return patch;
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.product_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.sold_count := 0;
        new.view_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.season_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (select c.type from public.contents c where c.id = new.content_id) <> 'series' then
        raise exception 'only a series has seasons' using errcode = '22023';
    end if;
    if private.is_client_request() then
        new.episode_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.tier_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (select c.status from public.campaigns c where c.id = new.campaign_id) not in ('draft', 'pending_review') then
        raise exception 'tiers cannot be added once the campaign has launched' using errcode = '55000';
    end if;
    if private.is_client_request() then
        new.sold_quantity := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.variant_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    new.allow_backorder := new.allow_backorder
        or coalesce((select p.allow_backorder from public.products p where p.id = new.product_id), false);
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.campaigns_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        -- the scope is the project's (inherit_scope, fired first): another organization's
        -- project answers as one that does not exist, no oracle
        if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.raised_amount_cents := 0;
            new.backer_count := 0;
            new.update_count := 0;
            new.is_verified := false;
            new.verified_at := null;
        end if;
        new.project_deleted_at := null;
        if new.status <> 'draft' then
            raise exception 'a campaign starts as a draft, not %', new.status using errcode = '55000';
        end if;
        return new;
    end if;
    if new.status <> old.status and not private.campaign_status_allowed(old.status, new.status) then
        raise exception 'campaign cannot move from % to %', old.status, new.status using errcode = '55000';
    end if;
    -- what backers were promised does not change once the campaign leaves the draft
    if old.status <> 'draft'
       and (new.goal_amount_cents, new.currency, new.funding_type, new.platform_fee_bps, new.investor_share_bps,
            new.end_date, new.equity_offered)
       is distinct from (old.goal_amount_cents, old.currency, old.funding_type, old.platform_fee_bps,
                         old.investor_share_bps, old.end_date, old.equity_offered) then
        raise exception 'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted'
            using errcode = '55000';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.cart_item_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    product public.products;
    variant public.product_variants;
begin
    if tg_op = 'UPDATE' then
        if not private.is_client_request() then
            return new;  -- repricing by the catalogue
        end if;
        if (new.cart_id, new.product_id, new.variant_id, new.user_id, new.organization_id)
           is distinct from (old.cart_id, old.product_id, old.variant_id, old.user_id, old.organization_id) then
            raise exception 'only the quantity of a cart line can change' using errcode = '42501';
        end if;
        new.unit_price_cents := old.unit_price_cents;
        return new;
    end if;
    -- invoker rights: the caller's own cart, and products the caller may see
    select c.user_id into new.user_id from public.carts c where c.id = new.cart_id;
    select p.* into product from public.products p where p.id = new.product_id;
    if product.status = 'out_of_stock' and product.visibility <> 'private' then
        raise exception '% is out of stock', product.name using errcode = 'PT409';
    end if;
    if product.id is null or product.status <> 'active' or product.visibility = 'private' then
        raise exception 'product not found' using errcode = 'P0002';
    end if;
    if new.variant_id is not null then
        select v.* into variant from public.product_variants v
        where v.id = new.variant_id and v.product_id = product.id and v.is_active;
        if variant.id is null then
            raise exception 'variant not found' using errcode = 'P0002';
        end if;
    elsif product.has_variants then
        raise exception 'choose a variant of %', product.name using errcode = '22023';
    end if;
    new.unit_price_cents := coalesce(variant.price_cents, product.price_cents);
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.checked_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    scope public.projects;
    reference record;
    found_reference boolean;
begin
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if gen_kind.kind is null then
        raise exception 'unknown generation kind "%"', spec.kind using errcode = '22023';
    end if;
    perform private.require_text(spec.provider, 'provider', 60);
    perform private.require_text(spec.model, 'model', 120);
    perform private.require_text(spec.prompt, 'prompt', 20000);
    perform private.require_text(spec.variant, 'variant', 60);
    perform private.require_text(spec.dedup_key, 'dedup_key', 200);
    spec.params := coalesce(spec.params, '{}');
    if jsonb_typeof(spec.params) <> 'object' or length(spec.params::text) > 100000 then
        raise exception 'params must be a JSON object of at most 100000 characters' using errcode = '22023';
    end if;
    spec.metadata := coalesce(spec.metadata, '{}');
    if jsonb_typeof(spec.metadata) <> 'object' or length(spec.metadata::text) > 10000 then
        raise exception 'metadata must be a JSON object of at most 10000 characters' using errcode = '22023';
    end if;
    spec.units := coalesce(spec.units, 1);
    if spec.units <= 0 or spec.units > 10000 then
        raise exception 'units must lie between 0 (excluded) and 10000' using errcode = '22023';
    end if;
    spec.priority := coalesce(spec.priority, 0);
    if spec.priority not between -10 and 10 then
        raise exception 'priority must lie between -10 and 10' using errcode = '22023';
    end if;
    spec.max_attempts := coalesce(spec.max_attempts, gen_kind.max_attempts);
    if spec.max_attempts not between 1 and gen_kind.max_attempts then
        raise exception 'max_attempts must lie between 1 and % for kind %', gen_kind.max_attempts, spec.kind
            using errcode = '22023';
    end if;

    -- the project: the one named, else the first referenced object's (each reference is checked
    -- against it below)
    spec.project_id := coalesce(
        spec.project_id,
        (private.parent_scope(to_jsonb(spec), array['generations:parent_id', 'scenes:scene_id', 'scripts:script_id',
                                                    'chapters:chapter_id', 'books:book_id', 'moodboards:moodboard_id',
                                                    'animations:animation_id'],
                              'generations', missing_ok => true) ->> 'project_id')::uuid);
    if spec.project_id is not null then
        select p.* into scope from public.projects p
        join public.organizations o on o.id = p.organization_id and o.deleted_at is null
        where p.id = spec.project_id and p.deleted_at is null;
        if scope.id is null then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'P0002';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'P0002';
    end if;
    for reference in
        select * from (values ('parent generation', 'generations', spec.parent_id), ('scene', 'scenes', spec.scene_id),
                              ('script', 'scripts', spec.script_id), ('chapter', 'chapters', spec.chapter_id),
                              ('book', 'books', spec.book_id),
                              ('moodboard', 'moodboards', spec.moodboard_id),
                              ('animation', 'animations', spec.animation_id)) r (name, tab, id)
        where r.id is not null
    loop
        execute format('select exists (select from public.%I r where r.id = $1 and r.organization_id = $2
                                          and r.project_id is not distinct from $3 %s)',
                       reference.tab, case when reference.tab <> 'generations' then 'and r.deleted_at is null' end)
        into found_reference using reference.id, spec.organization_id, spec.project_id;
        if not found_reference then
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'P0002';
        end if;
    end loop;
    if caller is not null and not private.user_holds_project_permission(caller, spec.project_id, 'generate') then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    -- brand safety before any money moves (supabase/functions/pipeline.sql)
    perform private.check_brand_safety(spec.organization_id, spec.project_id, jsonb_build_array(
        jsonb_build_array('the prompt', spec.prompt), jsonb_build_array('params.text', spec.params ->> 'text')));
    return spec;
end
$function$
;

CREATE OR REPLACE FUNCTION private.community_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.member_count := 0;
        new.post_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.contents_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        -- the scope is the project's (inherit_scope, fired first): another organization's
        -- project answers as one that does not exist, no oracle
        if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.view_count := 0;
            new.like_count := 0;
            new.completion_count := 0;
            new.rating_sum := 0;
            new.rating_count := 0;
            new.season_count := 0;
            new.episode_count := 0;
            new.embedding := null;
            new.embedding_model := null;
        end if;
        new.project_deleted_at := null;
        if new.status not in ('draft', 'processing') then
            raise exception 'content starts as a draft (or processing), not %', new.status using errcode = '55000';
        end if;
        new.published_at := null;
        return new;
    end if;
    if new.status <> old.status then
        if not private.content_status_allowed(old.status, new.status) then
            raise exception 'content cannot move from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'published' then
            if new.type = 'series' and new.episode_count = 0 then
                raise exception 'a series needs at least one episode before it is published' using errcode = '55000';
            end if;
            if new.type <> 'series' and new.video_url is null and new.hls_url is null and new.dash_url is null then
                raise exception 'content needs a video_url, hls_url or dash_url before it is published'
                    using errcode = '55000';
            end if;
            new.published_at := coalesce(old.published_at, now());
        end if;
    end if;
    if (new.title, new.genre, new.synopsis, new.description)
        is distinct from (old.title, old.genre, old.synopsis, old.description) then
        new.embedding := null;
        new.embedding_model := null;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.discount_code_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.usage_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.inherit_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    fk text;
    row_data jsonb := to_jsonb(new);
    old_data jsonb;
    scope constant text[] := array['organization_id', 'project_id', 'book_id'];
    moved boolean := false;
begin
    if tg_op = 'UPDATE' then
        old_data := to_jsonb(old);
        for i in 1 .. tg_nargs loop
            fk := split_part(tg_argv[i - 1], ':', 2);
            continue when row_data -> fk is not distinct from old_data -> fk;
            if private.is_client_request() then
                raise exception '%.% is the row''s parent: it cannot be changed', tg_table_name, fk
                    using errcode = '42501', hint = 'create the row under the new parent instead';
            end if;
            moved := true;
        end loop;
        if not moved then
            if exists (select 1 from unnest(scope) c where row_data -> c is distinct from old_data -> c) then
                raise exception 'the scope of % rows (organization_id, project_id) follows their parent', tg_table_name
                    using errcode = '42501';
            end if;
            return new;
        end if;
    end if;
    -- keys the child has no column for are ignored; no parent named: the row as sent
    return jsonb_populate_record(new, coalesce(private.parent_scope(row_data, tg_argv, tg_table_name), '{}'));
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_request_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    entry public.license_catalog;
begin
    -- invoker rights: the catalogue entry must be visible (available) to the requester
    select c.* into entry from public.license_catalog c where c.project_id = new.project_id and c.is_available;
    if entry.id is null then
        raise exception 'no licence is offered for this project' using errcode = 'P0002';
    end if;
    if not new.license_type = any(entry.available_types) then
        raise exception 'licence type % is not offered for this project', new.license_type using errcode = '22023';
    end if;
    if cardinality(entry.available_territories) > 0 and not new.territory = any(entry.available_territories) then
        raise exception 'territory % is not offered for this project', new.territory using errcode = '22023';
    end if;
    if private.is_client_request() then
        new.requester_user_id := auth.uid();
        new.status := 'pending';
        new.assigned_to := null;
        new.decided_at := null;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.prepare_generation()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.max_attempts is null then
        new.max_attempts := (select k.max_attempts from public.generation_kinds k where k.kind = new.kind);
    end if;
    new.status := 'queued';
    new.attempts := 0;
    new.queued_at := now();
    new.created_at := now();
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.prepare_schedule()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        if private.is_client_request() then
            new.run_count := 0;
            new.last_run_at := null;
        end if;
    end if;
    if new.kind is not null  -- null: the schedule starts a workflow (workflows.sql)
       and not coalesce((select k.client_requestable from public.generation_kinds k where k.kind = new.kind), false)
       and private.is_client_request() then
        raise exception 'unknown generation kind "%"', new.kind using errcode = '22023';
    end if;
    new.next_run_at := case when new.enabled then public.cron_next(new.cron, new.timezone, now()) end;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.royalty_report_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    agreement public.license_agreements;
    client boolean := private.is_client_request();
begin
    if tg_op = 'DELETE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
        end if;
        return old;
    end if;
    if tg_op = 'UPDATE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
        end if;
        if (new.agreement_id, new.organization_id, new.licensee_user_id, new.submitted_by)
           is distinct from (old.agreement_id, old.organization_id, old.licensee_user_id, old.submitted_by) then
            raise exception 'a royalty report''s agreement and parties never change' using errcode = '42501';
        end if;
        if client then
            if (new.status, new.paid_at, new.payment_reference) is distinct from
               (old.status, old.paid_at, old.payment_reference) then
                raise exception 'royalty reports are settled through settle_royalty_report' using errcode = '42501';
            end if;
            -- a corrected report goes back to the licensor for verification
            new.status := 'pending';
            new.submitted_at := now();
        end if;
    end if;
    select a.* into agreement from public.license_agreements a where a.id = new.agreement_id;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    if tg_op = 'INSERT' then
        if agreement.status not in ('active', 'expired') then
            raise exception 'royalties are reported on a signed agreement (this one is %)', agreement.status
                using errcode = '55000';
        end if;
        new.licensee_user_id := agreement.licensee_user_id;
        if client then
            new.submitted_by := auth.uid();
            new.status := 'pending';
            new.paid_at := null;
            new.payment_reference := null;
        end if;
    end if;
    if new.period_start < agreement.start_date or new.period_end > agreement.end_date then
        raise exception 'the period % to % is outside the agreement (% to %)', new.period_start, new.period_end,
            agreement.start_date, agreement.end_date using errcode = '22023';
    end if;
    new.royalty_amount_cents := private.royalty_amount(agreement, new.period_start, new.period_end,
                                                       new.gross_revenue_cents, new.net_revenue_cents);
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.template_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    problem text;
begin
    if tg_op = 'INSERT' then
        new.version := 1;
        if private.is_client_request() then
            new.usage_count := 0;
        end if;
    elsif (new.spec, new.aspect, new.resolution, new.name) is distinct from (old.spec, old.aspect, old.resolution, old.name)
    then
        new.version := old.version + 1;
    end if;
    problem := private.template_spec_problem(new.spec, new.aspect, new.resolution);
    if problem is not null then
        raise exception 'template "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.workflow_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    problem text;
begin
    if tg_op = 'INSERT' then
        if private.is_client_request() then
            new.run_count := 0;
            new.last_run_at := null;
            new.current_version := null;
        end if;
    end if;
    problem := private.workflow_graph_problem(new.graph, new.variables, new.organization_id);
    if problem is not null then
        raise exception 'workflow "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$function$
;

drop function if exists "private"."campaign_child_scope"();

drop function if exists "private"."content_episode_scope"();

drop function if exists "private"."content_season_scope"();

drop function if exists "private"."license_catalog_scope"();

drop function if exists "private"."license_note_scope"();

drop function if exists "private"."product_child_scope"();

drop function if exists "private"."product_scope"();

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('campaigns:campaign_id:campaign');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('author_id');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('products:product_id:product');

CREATE TRIGGER community_defaults BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.community_defaults();

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER episode_before_insert BEFORE INSERT ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.episode_before_insert();

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('content_seasons:season_id:season');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('contents:content_id:content');

CREATE TRIGGER season_before_insert BEFORE INSERT ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.season_before_insert();

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.contents FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.contents FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('campaigns:campaign_id:campaign');

CREATE TRIGGER tier_before_insert BEFORE INSERT ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.tier_before_insert();

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('license_requests:request_id');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('author_id');

CREATE TRIGGER filed_against_offer BEFORE INSERT ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.license_request_defaults();

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('license_catalog.project_id:project_id:licence offer');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('products:product_id:product');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('products:product_id:product');

CREATE TRIGGER variant_defaults BEFORE INSERT ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.variant_defaults();

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.products FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER product_defaults BEFORE INSERT ON public.products FOR EACH ROW EXECUTE FUNCTION private.product_defaults();

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.products FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('license_agreements:agreement_id:licence agreement');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER schedule_next_run BEFORE INSERT OR UPDATE OF cron, timezone, enabled ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.prepare_schedule();

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.templates FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.templates FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id:project');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

grant execute on function private.parent_scope(jsonb,text[],text,boolean) to authenticated;
grant execute on function private.parent_scope(jsonb,text[],text,boolean) to service_role;
