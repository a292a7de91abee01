-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "stamp_actor" on "public"."asset_versions";

drop trigger if exists "stamp_actor" on "public"."assets";

drop trigger if exists "stamp_actor" on "public"."books";

drop trigger if exists "stamp_actor" on "public"."campaign_updates";

drop trigger if exists "stamp_actor" on "public"."campaigns";

drop trigger if exists "community_defaults" on "public"."communities";

drop trigger if exists "stamp_actor" on "public"."communities";

drop trigger if exists "stamp_actor" on "public"."contents";

drop trigger if exists "discount_code_defaults" on "public"."discount_codes";

drop trigger if exists "stamp_actor" on "public"."discount_codes";

drop trigger if exists "event_defaults" on "public"."events";

drop trigger if exists "stamp_actor" on "public"."events";

drop trigger if exists "stamp_actor" on "public"."license_request_notes";

drop trigger if exists "product_defaults" on "public"."products";

drop trigger if exists "stamp_actor" on "public"."products";

drop trigger if exists "stamp_actor" on "public"."schedules";

drop trigger if exists "stamp_actor" on "public"."templates";

drop trigger if exists "stamp_actor" on "public"."workflows";

drop trigger if exists "filed_against_offer" on "public"."license_requests";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.check_license_offer()
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
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.client_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    setting text;
    defaults jsonb := '{}';
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach setting in array tg_argv loop
        defaults := defaults || case
            when position('=' in setting) = 0 then jsonb_build_object(setting, auth.uid())
            else jsonb_build_object(split_part(setting, '=', 1), substr(setting, position('=' in setting) + 1)::jsonb)
        end;
    end loop;
    return jsonb_populate_record(new, defaults);
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

CREATE OR REPLACE FUNCTION private.episode_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    select s.content_id, s.season_number into new.content_id, new.season_number
    from public.content_seasons s where s.id = new.season_id;
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
        -- the agreement and parties are frozen, the settlement is settle_royalty_report's (protect_columns)
        if client then
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

CREATE OR REPLACE FUNCTION private.season_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (select c.type from public.contents c where c.id = new.content_id) <> 'series' then
        raise exception 'only a series has seasons' using errcode = '22023';
    end if;
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

CREATE OR REPLACE FUNCTION private.tier_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (select c.status from public.campaigns c where c.id = new.campaign_id) not in ('draft', 'pending_review') then
        raise exception 'tiers cannot be added once the campaign has launched' using errcode = '55000';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.vote_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'UPDATE' then  -- only its direction changes (protect_columns)
        new.updated_at := now();
        return new;
    end if;
    -- invoker rights: the target must be readable
    if new.discussion_id is not null then
        select d.community_id into new.community_id from public.discussions d
        where d.id = new.discussion_id and d.status = 'published';
    else
        select c.community_id into new.community_id from public.discussion_comments c
        where c.id = new.comment_id and c.status = 'published';
    end if;
    if new.community_id is null then
        raise exception 'nothing to vote on' using errcode = 'P0002';
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
    problem := private.workflow_graph_problem(new.graph, new.variables, new.organization_id);
    if problem is not null then
        raise exception 'workflow "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$function$
;

drop function if exists "private"."community_defaults"();

drop function if exists "private"."discount_code_defaults"();

drop function if exists "private"."event_defaults"();

drop function if exists "private"."license_request_defaults"();

drop function if exists "private"."product_defaults"();

drop function if exists "private"."stamp_actor"();

CREATE TRIGGER client_defaults BEFORE INSERT ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.assets FOR EACH ROW EXECUTE FUNCTION private.client_defaults('uploaded_by');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.books FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.client_defaults('author_id');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'raised_amount_cents=0', 'backer_count=0', 'update_count=0', 'is_verified=false', 'verified_at=null');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'member_count=0', 'post_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.client_defaults('view_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.client_defaults('episode_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.contents FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'view_count=0', 'like_count=0', 'completion_count=0', 'rating_sum=0', 'rating_count=0', 'season_count=0', 'episode_count=0', 'embedding=null', 'embedding_model=null');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'usage_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.client_defaults('user_id');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'current_attendees=0', 'interested_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.client_defaults('sold_quantity=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.client_defaults('author_id');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.client_defaults('requester_user_id', 'status="pending"', 'assigned_to=null', 'decided_at=null');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.products FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'sold_count=0', 'view_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.client_defaults('submitted_by', 'status="pending"', 'paid_at=null', 'payment_reference=null');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'run_count=0', 'last_run_at=null');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.templates FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'usage_count=0');

CREATE TRIGGER client_defaults BEFORE INSERT ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'run_count=0', 'last_run_at=null', 'current_version=null');

CREATE TRIGGER filed_against_offer BEFORE INSERT ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.check_license_offer();
