-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.accept_invitation_row(invitation public.invitations)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = 'PT409';
    end if;
    if invitation.expires_at <= now() then
        raise exception 'invitation has expired' using errcode = 'PT409';
    end if;
    if private.is_org_member(invitation.organization_id, caller) then
        raise exception 'you are already a member of this organization' using errcode = '23505';
    end if;
    insert into public.organization_members (organization_id, user_id, role, invited_by, invited_at, joined_at)
    values (invitation.organization_id, caller, invitation.role, invitation.invited_by, invitation.created_at, now());
    update public.invitations i set status = 'accepted', accepted_at = now(), accepted_by = caller
    where i.id = invitation.id;
    return invitation.organization_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.campaigns_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    -- what backers were promised does not change once the campaign leaves the draft
    if old.status <> 'draft'
       and (new.goal_amount_cents, new.currency, new.funding_type, new.platform_fee_bps, new.investor_share_bps,
            new.end_date, new.equity_offered)
       is distinct from (old.goal_amount_cents, old.currency, old.funding_type, old.platform_fee_bps,
                         old.investor_share_bps, old.end_date, old.equity_offered) then
        raise exception 'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted'
            using errcode = 'PT409';
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
        -- the line's cart, product and owner are frozen (protect_columns); its price is the catalogue's
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
        raise exception 'product not found' using errcode = 'PT404';
    end if;
    if new.variant_id is not null then
        select v.* into variant from public.product_variants v
        where v.id = new.variant_id and v.product_id = product.id and v.is_active;
        if variant.id is null then
            raise exception 'variant not found' using errcode = 'PT404';
        end if;
    elsif product.has_variants then
        raise exception 'choose a variant of %', product.name using errcode = '22023';
    end if;
    new.unit_price_cents := coalesce(variant.price_cents, product.price_cents);
    return new;
end
$function$
;

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
        raise exception 'no licence is offered for this project' using errcode = 'PT404';
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

CREATE OR REPLACE FUNCTION private.check_schedule_workflow()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if not exists (select from public.workflows w
                   where w.id = new.workflow_id and w.project_id = new.project_id and w.deleted_at is null) then
        raise exception 'workflow not found in this project' using errcode = 'PT404';
    end if;
    if new.enabled then
        perform private.require_unarchived_workflow(new.workflow_id);
    end if;
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
            raise exception 'project not found' using errcode = 'PT404';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'PT404';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'PT404';
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
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'PT404';
        end if;
    end loop;
    if caller is not null and not private.user_holds_project_permission(caller, spec.project_id, 'generate') then
        raise exception 'project not found' using errcode = 'PT404';
    end if;
    -- brand safety before any money moves (supabase/functions/pipeline.sql)
    perform private.check_brand_safety(spec.organization_id, spec.project_id, jsonb_build_array(
        jsonb_build_array('the prompt', spec.prompt), jsonb_build_array('params.text', spec.params ->> 'text')));
    return spec;
end
$function$
;

CREATE OR REPLACE FUNCTION private.comment_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    post jsonb;
    parent jsonb;
    post_key text := case tg_table_name when 'discussion_comments' then 'discussion_id' else 'content_id' end;
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    row_new jsonb := to_jsonb(new);
begin
    if tg_op = 'UPDATE' then
        -- post, parent, author and counters are frozen (protect_columns)
        if private.is_client_request() and new.status is distinct from old.status
           and not new.community_id = any(array(select private.moderated_community_ids())) then
            raise exception 'only moderators hide or remove comments' using errcode = '42501';
        end if;
        return new;
    end if;
    -- invoker rights: the post must be readable by the caller
    execute format('select to_jsonb(p) from public.%I p where p.id = $1', post_table) into post
    using (row_new ->> post_key)::uuid;
    if post is null or (post ->> 'status' <> 'published' and private.is_client_request()) then
        raise exception '% not found', replace(post_table, '_', ' ') using errcode = 'PT404';
    end if;
    if (post ->> 'locked')::boolean then
        raise exception 'this discussion is locked' using errcode = 'PT409';
    end if;
    new.community_id := (post ->> 'community_id')::uuid;
    if new.parent_id is not null then
        execute format('select to_jsonb(c) from public.%I c where c.id = $1', tg_table_name) into parent
        using new.parent_id;
        if parent is null or parent ->> post_key <> row_new ->> post_key then
            raise exception 'the parent comment is not on this post' using errcode = '22023';
        end if;
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, jsonb_build_object('depth', (parent ->> 'depth')::integer + 1));
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.confirm_investment_payment(payment_intent jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.investments;
    campaign_status text;
    owed text;
begin
    target := private.lock_paid_investment(payment_intent);
    if target.id is null then
        return 'ignored: no such investment';
    end if;
    select c.status into campaign_status from public.campaigns c where c.id = target.campaign_id;
    if not private.stripe_pays_exactly(payment_intent, 'amount_received', target.amount_cents,
                                       target.currency) then
        return 'ignored: payment does not match the investment''s amount and currency';
    end if;
    if target.status in ('confirmed', 'refunded') then
        return 'applied';
    end if;
    update public.investments i
    set payment_reference = payment_intent ->> 'id', payment_status = 'completed',
        payment_method = coalesce(payment_intent -> 'payment_method_types' ->> 0, i.payment_method)
    where i.id = target.id;
    if campaign_status in ('failed', 'cancelled') then
        owed := 'campaign closed';
    else
        begin
            update public.investments i set status = 'confirmed', confirmed_at = now(), cancelled_at = null
            where i.id = target.id;
        exception
            when sqlstate 'PT409' then
                owed := 'tier sold out'; -- the hold had expired and the tier sold out meanwhile
            when sqlstate 'PT429' then
                owed := 'per-account slot limit'; -- the hold had expired and the account took others
        end;
    end if;
    if owed is not null then
        update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
        where i.id = target.id;
        return format('applied: %s, refund owed', owed);
    end if;
    return 'applied';
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
        -- who may create it, and how it starts: start_in_project (fired before)
        new.published_at := null;
        return new;
    end if;
    if new.status <> old.status then
        if new.status = 'published' then
            if new.type = 'series' and new.episode_count = 0 then
                raise exception 'a series needs at least one episode before it is published' using errcode = 'PT409';
            end if;
            if new.type <> 'series' and new.video_url is null and new.hls_url is null and new.dash_url is null then
                raise exception 'content needs a video_url, hls_url or dash_url before it is published'
                    using errcode = 'PT409';
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

CREATE OR REPLACE FUNCTION private.count_generation_usage(org_id uuid, user_id uuid, credits bigint, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    plan public.plans;
begin
    if least(credits, tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    -- a deleted organization starts nothing and holds nothing, whoever asks
    if not exists (select from public.organizations o where o.id = org_id and o.deleted_at is null) then
        raise exception 'organization % not found', org_id using errcode = 'PT404';
    end if;
    perform private.check_emergency_stop();
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    if user_id is not null then
        perform private.count_api_call(user_id, plan);
    end if;
    perform private.count_quota_usage(org_id, plan, tokens, render_seconds, kai_credits, videos);
    if credits > 0 then
        perform private.count_daily_spend(org_id, plan, credits);
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.create_invitation(caller public.organization_members, invitee_role public.member_role, invitee_kind text, invitee_email text)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = caller.organization_id) then
        raise exception 'personal organizations have no other members' using errcode = 'PT409';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('invitations:' || caller.organization_id, 0));
    if (select count(*) from public.invitations i
        where i.organization_id = caller.organization_id and i.created_at > now() - interval '24 hours') >= 50 then
        raise exception 'invitation limit reached: at most 50 new invitations per organization per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
    end if;
    insert into public.invitations (organization_id, kind, email, role, invited_by)
    values (caller.organization_id, invitee_kind, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$function$
;

CREATE OR REPLACE FUNCTION private.editable_workflow(target uuid)
 RETURNS public.workflows
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.workflows;
begin
    select w.* into found from public.workflows w
    where w.id = target and w.deleted_at is null
      and (private.caller_id() is null or w.project_id = any(array(select private.editable_project_ids())))
    for update;
    if found.id is null then
        raise exception 'workflow not found' using errcode = 'PT404';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.end_pending_invitation(invitation public.invitations, final_status text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = 'PT409';
    end if;
    update public.invitations i set status = final_status where i.id = invitation.id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.ensure_an_owner_remains()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if exists (select 1 from public.organizations o where o.id = old.organization_id)
       and not exists (
           select 1 from public.organization_members m
           where m.organization_id = old.organization_id and m.role = 'owner') then
        raise exception 'organization % must keep at least one owner', old.organization_id
            using errcode = 'PT409';
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.investment_accounting()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    held_before boolean := tg_op = 'UPDATE' and old.status in ('pending', 'confirmed');
    held_now boolean := new.status in ('pending', 'confirmed');
    confirmed_before boolean := tg_op = 'UPDATE' and old.status = 'confirmed';
    confirmed_now boolean := new.status = 'confirmed';
    tier public.investment_tiers;
    item jsonb;
begin
    if new.tier_id is not null and held_now <> held_before then
        if held_now then
            update public.investment_tiers t set sold_quantity = t.sold_quantity + 1
            where t.id = new.tier_id and (t.limit_quantity is null or t.sold_quantity < t.limit_quantity)
            returning t.* into tier;
            if tier.id is null then
                raise exception 'tier "%" is sold out',
                    (select t.name from public.investment_tiers t where t.id = new.tier_id)
                    using errcode = 'PT409';
            end if;
            perform private.limit_tier_slots_per_account(tier, new);
        else
            update public.investment_tiers t set sold_quantity = t.sold_quantity - 1 where t.id = new.tier_id;
        end if;
    end if;
    if confirmed_now <> confirmed_before then
        update public.campaigns c
        set raised_amount_cents = c.raised_amount_cents + case when confirmed_now then new.amount_cents
                                                                else -new.amount_cents end
        where c.id = new.campaign_id;
        -- the campaign row is locked now: other confirmations of this campaign wait for us
        if not exists (select 1 from public.investments i
                       where i.campaign_id = new.campaign_id and i.user_id = new.user_id
                         and i.status = 'confirmed' and i.id <> new.id) then
            update public.campaigns c
            set backer_count = c.backer_count + case when confirmed_now then 1 else -1 end
            where c.id = new.campaign_id;
        end if;
        update public.campaigns c set goal_reached_at = now()
        where c.id = new.campaign_id and c.goal_reached_at is null and c.raised_amount_cents >= c.goal_amount_cents;
        if confirmed_now then
            select t.* into tier from public.investment_tiers t where t.id = new.tier_id;
            for item in select value from jsonb_array_elements(coalesce(tier.reward_items, '[]')) loop
                insert into public.investor_rewards (
                    investment_id, campaign_id, organization_id, user_id, tier_id, reward_type, name, description
                )
                values (new.id, new.campaign_id, new.organization_id, new.user_id, new.tier_id,
                        coalesce(item ->> 'type', 'digital'), item ->> 'name', item ->> 'description');
            end loop;
        else
            update public.investor_rewards r set status = 'cancelled'
            where r.investment_id = new.id and r.status in ('pending', 'processing');
        end if;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.invitation_for_invitee(invitation_id uuid)
 RETURNS public.invitations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    select i.* into invitation from public.invitations i
    where i.id = invitation_for_invitee.invitation_id and lower(i.email) = lower(auth.email())
    for update;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    return invitation;
end
$function$
;

CREATE OR REPLACE FUNCTION private.keep_community_owner()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner')
       and exists (select 1 from public.communities c where c.id = old.community_id)
       and not exists (select 1 from public.community_members m
                       where m.community_id = old.community_id and m.role = 'owner' and m.id <> old.id) then
        raise exception 'a community keeps at least one owner' using errcode = 'PT409';
    end if;
    return coalesce(new, old);
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_agreement_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (new.project_id, new.organization_id, new.request_id, new.licensee_user_id, new.royalty_percent,
        new.minimum_guarantee_cents, new.start_date, new.end_date)
       is distinct from (old.project_id, old.organization_id, old.request_id, old.licensee_user_id,
                         old.royalty_percent, old.minimum_guarantee_cents, old.start_date, old.end_date)
       and old.status <> 'draft' then
        raise exception 'the terms of an agreement are fixed once it is sent for signature' using errcode = 'PT409';
    end if;
    if new.status is distinct from old.status and new.status = 'active' then
        new.signed_at := now();
    end if;
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.like_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    select c.community_id into new.community_id from public.fan_contents c
    where c.id = new.content_id and c.status = 'published';
    if new.community_id is null then
        raise exception 'fan content not found' using errcode = 'PT404';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.lock_credit_balance(org_id uuid)
 RETURNS public.credit_balances
 LANGUAGE plpgsql
AS $function$
declare
    locked public.credit_balances;
begin
    select b.* into locked from public.credit_balances b where b.organization_id = org_id for update;
    if locked.organization_id is null then
        raise exception 'organization % has no credit wallet', org_id using errcode = 'PT404';
    end if;
    return locked;
end
$function$
;

CREATE OR REPLACE FUNCTION private.lock_hold(hold_id uuid)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
AS $function$
declare
    hold public.credit_holds;
begin
    select h.* into hold from private.lock_holds(array[hold_id]) h;
    if hold.id is null then
        raise exception 'hold % not found', hold_id using errcode = 'PT404';
    end if;
    return hold;
end
$function$
;

CREATE OR REPLACE FUNCTION private.order_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        raise exception 'orders change through place_order, cancel_order and update_order_status'
            using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if new.status = 'confirmed' and new.payment_status <> 'paid' then
            raise exception 'an order is confirmed by its payment' using errcode = 'PT409';
        end if;
        case new.status
            when 'shipped' then new.shipped_at := coalesce(new.shipped_at, now());
            when 'delivered' then new.delivered_at := coalesce(new.delivered_at, now());
            when 'cancelled' then new.cancelled_at := now();
            else null;
        end case;
    end if;
    -- paid or closed: the holds are taken for good or given back, nothing left to expire
    if new.status <> 'pending' or new.payment_status <> 'pending' then
        new.hold_expires_at := null;
    end if;
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.org_for_primary_owner(org_id uuid, action text)
 RETURNS public.organizations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', action);
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id for update;
    if org.primary_owner_user_id <> caller.user_id then
        raise exception 'only the primary owner may %', action using errcode = '42501';
    end if;
    if org.is_personal then
        raise exception 'personal organizations cannot %', action using errcode = 'PT409';
    end if;
    return org;
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
            raise exception '% not found', pair[3] using errcode = 'PT404';
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

CREATE OR REPLACE FUNCTION private.poll_vote_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    poll public.discussions;
begin
    select d.* into poll from public.discussions d where d.id = new.discussion_id and d.status = 'published';
    if poll.id is null or poll.type <> 'poll' then
        raise exception 'poll not found' using errcode = 'PT404';
    end if;
    if poll.poll_ends_at is not null and poll.poll_ends_at <= now() then
        raise exception 'this poll closed at %', poll.poll_ends_at using errcode = 'PT409';
    end if;
    if not exists (select 1 from jsonb_array_elements(poll.poll_options) o where o ->> 'id' = new.option_id) then
        raise exception 'the poll has no option %', new.option_id using errcode = '22023';
    end if;
    new.community_id := poll.community_id;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refuse_version_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    raise exception 'workflow version % of % is published and cannot change', old.version, old.workflow_id
        using errcode = 'PT409', hint = 'publish a new version';
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_community_rank(target_community uuid, min_role text)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    my_rank integer := private.my_community_rank(target_community);
begin
    if my_rank < private.community_role_rank(min_role) then
        raise exception 'community not found' using errcode = 'PT404';
    end if;
    return my_rank;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text DEFAULT NULL::text)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    mine record;
    found public.organization_members;
begin
    perform private.require_user();
    -- deleting the organization updates the membership row (organization_deleted_at), so the
    -- lock also orders this call against a concurrent delete_organization, and the view's
    -- terms are checked again on the row that lock finds
    select m.id, m.role, m.permissions into mine from private.my_memberships m where m.organization_id = org_id
    for update;
    if mine.id is null then
        raise exception 'organization % not found', org_id using errcode = 'PT404';
    end if;
    if mine.role < min_role and (permission is null or not permission = any(mine.permissions)) then
        raise exception 'only %s and above may %', min_role, action using errcode = '42501';
    end if;
    select m.* into found from public.organization_members m where m.id = mine.id;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_transition(machine text, from_status text, to_status text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
    if not exists (select from private.transitions t
                   where t.machine = require_transition.machine and t.from_status = require_transition.from_status
                     and t.to_status = require_transition.to_status) then
        raise exception '%: cannot move from % to %', machine, from_status, to_status
            using errcode = 'PT409',
                  detail = coalesce(
                      (select format('from %s: %s', require_transition.from_status,
                                     string_agg(t.to_status, ', ' order by t.to_status))
                       from private.transitions t
                       where t.machine = require_transition.machine and t.from_status = require_transition.from_status
                       having count(*) > 0),
                      format('%s is final', from_status));
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_unarchived_workflow(workflow uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    archived_name text;
begin
    select w.name into archived_name from public.workflows w where w.id = workflow and w.status = 'archived';
    if archived_name is not null then
        raise exception 'workflow "%" is archived', archived_name using errcode = 'PT409';
    end if;
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
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = 'PT409';
        end if;
        return old;
    end if;
    if tg_op = 'UPDATE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = 'PT409';
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
        raise exception 'licence agreement not found' using errcode = 'PT404';
    end if;
    if tg_op = 'INSERT' then
        if agreement.status not in ('active', 'expired') then
            raise exception 'royalties are reported on a signed agreement (this one is %)', agreement.status
                using errcode = 'PT409';
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

CREATE OR REPLACE FUNCTION private.rsvp_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    event public.events;
begin
    -- on UPDATE only the status changes (protect_columns)
    -- invoker rights: the event must be readable
    select e.* into event from public.events e where e.id = new.event_id;
    if event.id is null then
        raise exception 'event not found' using errcode = 'PT404';
    end if;
    if event.status <> 'scheduled' then
        raise exception 'this event is %', event.status using errcode = 'PT409';
    end if;
    if coalesce(event.rsvp_deadline, event.event_date) <= now() then
        raise exception 'RSVPs for this event closed at %', coalesce(event.rsvp_deadline, event.event_date)
            using errcode = 'PT409';
    end if;
    new.community_id := event.community_id;
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.run_duty(duty_name text, force boolean DEFAULT false)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    duty private.duties;
    started timestamptz := clock_timestamp();
    affected integer;
    failure text;
begin
    select d.* into duty from private.claim_duty(duty_name, force) d;
    if duty.name is null then
        if not exists (select from private.duties d where d.name = duty_name) then
            raise exception 'unknown duty "%"', left(duty_name, 100) using errcode = 'PT404';
        end if;
        return null;
    end if;
    if duty.kind <> 'sql' then
        raise exception 'duty "%" runs in Python (creatorverse.workers.duties)', duty.name using errcode = '22023';
    end if;
    begin
        execute format('select %I.%I($1)', split_part(duty.function_name, '.', 1), split_part(duty.function_name, '.', 2))
            into affected using duty.batch_size;
        affected := coalesce(affected, 0);
    exception when others then
        failure := format('%s: %s', sqlstate, sqlerrm);
    end;
    duty := private.finish_duty(duty.name, started, affected, failure);
    return jsonb_build_object('duty', duty.name, 'rows', affected, 'error', failure,
                              'duration_ms', duty.last_duration_ms, 'next_due_at', duty.next_due_at);
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_in_project()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
        raise exception 'project not found' using errcode = 'PT404';
    end if;
    new.project_deleted_at := null;
    if not new.status::text = any(tg_argv[1:]) then
        raise exception '%, not %', tg_argv[0], new.status using errcode = 'PT409';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_scheduled_workflow(due public.schedules, run_key text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    published public.workflow_versions;
    run public.workflow_runs;
    render public.generations;
begin
    select v.* into published from public.workflow_versions v
    join public.workflows w on w.id = v.workflow_id and w.current_version = v.version and w.deleted_at is null
    where w.id = due.workflow_id;
    if published.id is null then
        raise exception 'the workflow has no published version' using errcode = 'PT404';
    end if;
    run := private.start_workflow_run(published, due.request, due.created_by, run_key, due.id);
    select g.* into render from public.generations g where g.id = run.render_generation_id;
    return render;
end
$function$
;

CREATE OR REPLACE FUNCTION private.target_membership(org_id uuid, member_user_id uuid)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    where m.organization_id = org_id and m.user_id = member_user_id
    for update;
    if found.id is null then
        raise exception 'user % is not a member of organization %', member_user_id, org_id using errcode = 'PT404';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.tier_before_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign_status text;
    changed record := case tg_op when 'DELETE' then old else new end;
begin
    select c.status into campaign_status from public.campaigns c where c.id = changed.campaign_id;
    if campaign_status in ('draft', 'pending_review') and (tg_op = 'UPDATE' or old.sold_quantity = 0) then
        return changed;
    end if;
    if tg_op = 'DELETE' then
        if campaign_status is null then
            return old; -- the campaign itself is going
        end if;
        raise exception 'a tier with investments, or of a launched campaign, cannot be deleted' using errcode = 'PT409';
    end if;
    if (new.min_amount_cents, new.max_amount_cents, new.revenue_share_percent, new.equity_percent, new.reward_items)
       is distinct from (old.min_amount_cents, old.max_amount_cents, old.revenue_share_percent, old.equity_percent,
                         old.reward_items)
       or new.limit_quantity < old.limit_quantity
       or (old.limit_quantity is null and new.limit_quantity is not null) then
        raise exception 'a launched tier''s amounts, revenue share, rewards and limit (except raising it) are fixed'
            using errcode = 'PT409';
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
        raise exception 'tiers cannot be added once the campaign has launched' using errcode = 'PT409';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.validate_schedule_request()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    spec public.generations;
begin
    if tg_op = 'INSERT' or new.request is distinct from old.request or new.enabled then
        spec := private.scheduled_request(new);
    end if;
    if new.enabled then
        if new.created_by is null then
            raise exception 'a schedule runs as its owner: created_by is required' using errcode = '22023';
        end if;
        if new.workflow_id is null then
            perform private.checked_generation(spec, new.created_by);
        elsif not private.user_holds_project_permission(new.created_by, new.project_id, 'edit') then
            raise exception 'project not found' using errcode = 'PT404';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.viewer_row_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new := jsonb_populate_record(new, jsonb_build_object('user_id', private.caller_id())
                                          || (select coalesce(jsonb_object_agg(stamp, now()), '{}')
                                              from unnest(tg_argv) as stamp));
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'PT404';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.visible_generation(generation_id uuid, min_role public.member_role)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.generations;
begin
    select g.* into found from public.generations g where g.id = generation_id and g.deleted_at is null;
    -- a signed-in caller must belong to the organization and reach the project; without a
    -- user (service role, maintenance) the row is visible. Not found and not yours: one error.
    if found.id is null
       or (private.caller_id() is not null
           and not (private.has_org_role(found.organization_id, min_role)
                    and (found.project_id is null
                         or (min_role = 'viewer' and found.project_id = any(array(
                                 select private.readable_project_ids())))
                         or found.project_id = any(array(select private.editable_project_ids()))))) then
        raise exception 'generation not found' using errcode = 'PT404';
    end if;
    return found;
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
        raise exception 'nothing to vote on' using errcode = 'PT404';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    nodes jsonb := graph -> 'nodes';
    edges jsonb := coalesce(graph -> 'edges', '[]');
    node jsonb;
    edge jsonb;
    node_type public.workflow_node_types;
    types jsonb := '{}';   -- node id -> its type row
    node_ids text [] := '{}';
    edge_ids text [] := '{}';
    connected jsonb := '{}';  -- "node/port" -> edge id
    adjacency jsonb := '{}';
    i integer;
    n integer;
    label text;
    problem text;
    field text;
    from_node jsonb;
    to_node jsonb;
    from_port text;
    out_type text;
    to_port text;
    port jsonb;
    required text;
    alternative text [];
    found_param boolean;
    placeholder record;
    template public.templates;
    remaining text [];
    changed boolean;
    renders integer := 0;
begin
    -- a signed-in caller checks graphs of their own organizations only (templates are looked up there)
    if private.caller_id() is not null and not private.has_org_role(org) then
        raise exception 'organization not found' using errcode = 'PT404';
    end if;
    if jsonb_typeof(graph) is distinct from 'object' then
        return 'graph: must be an object';
    end if;
    if jsonb_typeof(nodes) is distinct from 'array' or jsonb_array_length(nodes) = 0 then
        return 'graph.nodes: a non-empty array of nodes is required';
    end if;
    if jsonb_array_length(nodes) > 100 then
        return 'graph.nodes: at most 100 nodes';
    end if;
    if jsonb_typeof(edges) <> 'array' then
        return 'graph.edges: must be an array';
    end if;
    if jsonb_array_length(edges) > 400 then
        return 'graph.edges: at most 400 edges';
    end if;
    if jsonb_typeof(variables) is distinct from 'object' then
        return 'variables: must be an object';
    end if;
    for field in select k from jsonb_object_keys(variables) k order by k collate "C" loop
        if field !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' then
            return format('variables.%s: name must be a letter or _ then up to 63 letters, digits or _', field);
        end if;
        if jsonb_typeof(variables -> field) not in ('string', 'null') then
            return format('variables.%s: must be a string, or null to be given when the workflow runs', field);
        end if;
    end loop;
    -- nodes
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        problem := private.graph_item_id_problem('nodes', i, node, node_ids);
        if problem is not null then
            return problem;
        end if;
        node_ids := node_ids || (node ->> 'id');
        select t.* into node_type from public.workflow_node_types t where t.type = node ->> 'type';
        if node_type.type is null then
            return format('node %s: type: unknown node type %s', node ->> 'id', coalesce(node -> 'type', 'null'));
        end if;
        types := types || jsonb_build_object(node ->> 'id', to_jsonb(node_type));
        if node ? 'params' and jsonb_typeof(node -> 'params') <> 'object' then
            return private.node_label(node) || ': params: must be an object';
        end if;
    end loop;
    -- edges
    for i in 0..jsonb_array_length(edges) - 1 loop
        edge := edges -> i;
        problem := private.graph_item_id_problem('edges', i, edge, edge_ids);
        if problem is not null then
            return problem;
        end if;
        label := 'edge ' || (edge ->> 'id');
        edge_ids := edge_ids || (edge ->> 'id');
        if jsonb_typeof(edge -> 'from') is distinct from 'string' or not (edge ->> 'from' = any(node_ids)) then
            return format('%s: from: no node %s', label, coalesce(edge -> 'from', 'null'));
        end if;
        if jsonb_typeof(edge -> 'to') is distinct from 'string' or not (edge ->> 'to' = any(node_ids)) then
            return format('%s: to: no node %s', label, coalesce(edge -> 'to', 'null'));
        end if;
        from_node := types -> (edge ->> 'from');
        to_node := types -> (edge ->> 'to');
        from_port := edge ->> 'fromPort';
        if from_port is null or from_port = 'output' then
            select k into from_port from jsonb_object_keys(from_node -> 'outputs') k order by k collate "C" limit 1;
        end if;
        if not (from_node -> 'outputs' ? from_port) then
            return format('%s: fromPort: node %s (%s) has no output port "%s"', label, edge ->> 'from',
                          from_node ->> 'type', from_port);
        end if;
        out_type := from_node -> 'outputs' ->> from_port;
        to_port := edge ->> 'toPort';
        if to_port is null or to_port = 'input' then
            select p.key into to_port from jsonb_each(to_node -> 'inputs') p
            where p.value -> 'types' ? out_type order by p.key collate "C" limit 1;
            if to_port is null then
                return format('%s: to: node %s (%s) has no input port for %s (from %s)', label, edge ->> 'to',
                              to_node ->> 'type', out_type, edge ->> 'from');
            end if;
        end if;
        port := to_node -> 'inputs' -> to_port;
        if port is null then
            return format('%s: toPort: node %s (%s) has no input port "%s"', label, edge ->> 'to', to_node ->> 'type',
                          to_port);
        end if;
        if not (port -> 'types' ? out_type) then
            return format('%s: toPort: node %s (%s) input "%s" takes %s, not %s (from %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port,
                          array_to_string(array(select jsonb_array_elements_text(port -> 'types')), ' or '), out_type,
                          edge ->> 'from');
        end if;
        if connected ? (edge ->> 'to' || '/' || to_port) and not (port ->> 'many')::boolean then
            return format('%s: toPort: node %s (%s) input "%s" is already connected (edge %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port, connected ->> (edge ->> 'to' || '/' || to_port));
        end if;
        connected := connected || jsonb_build_object(edge ->> 'to' || '/' || to_port, edge ->> 'id');
    end loop;
    -- required inputs
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        for to_port in
            select p.key from jsonb_each(types -> (node ->> 'id') -> 'inputs') p
            where (p.value ->> 'required')::boolean order by p.key collate "C"
        loop
            if not connected ? (node ->> 'id' || '/' || to_port) then
                return format('%s: inputs.%s: required input is not connected', private.node_label(node), to_port);
            end if;
        end loop;
    end loop;
    -- cycles: peel sources, then sinks; what remains lies on a cycle
    remaining := node_ids;
    loop
        changed := false;
        for n in 1..coalesce(array_length(remaining, 1), 0) loop
            continue when remaining[n] is null;
            if not exists (select from jsonb_array_elements(edges) e
                           where e ->> 'to' = remaining[n] and e ->> 'from' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            elsif not exists (select from jsonb_array_elements(edges) e
                              where e ->> 'from' = remaining[n] and e ->> 'to' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            end if;
        end loop;
        remaining := array_remove(remaining, null);
        exit when not changed;
    end loop;
    if coalesce(array_length(remaining, 1), 0) > 0 then
        select x into node from jsonb_array_elements(nodes) x where x ->> 'id' = remaining[1];
        return format('%s: edges: part of a cycle (%s)', private.node_label(node), array_to_string(remaining, ', '));
    end if;
    -- params: required ones, placeholders, templates
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        node_type := jsonb_populate_record(null::public.workflow_node_types, types -> (node ->> 'id'));
        foreach required in array node_type.required_params loop
            alternative := string_to_array(required, '|');
            found_param := exists (select from unnest(alternative) a
                                   where jsonb_typeof(node -> 'params' -> a) = 'string'
                                     and btrim(node -> 'params' ->> a) <> '');
            if not found_param then
                return format('%s: params.%s: %s required', private.node_label(node), alternative[1],
                              case when cardinality(alternative) > 1
                                   then 'params.' || array_to_string(alternative, ' or params.') || ' is'
                                   else 'a non-empty string is' end);
            end if;
        end loop;
        for placeholder in select * from private.json_placeholders(coalesce(node -> 'params', '{}')) loop
            if not variables ? placeholder.name then
                return format('%s: %s: placeholder {{%s}} is not a workflow variable', private.node_label(node),
                              placeholder.path, placeholder.name);
            end if;
        end loop;
        if node_type.type = 'Output.Render' then
            renders := renders + 1;
        end if;
        if node -> 'params' ? 'template_id' then
            if node_type.type <> 'Edit.Timeline' then
                return private.node_label(node) || ': params.template_id: only Edit.Timeline nodes use templates';
            end if;
            select t.* into template from public.templates t
            where (node -> 'params' ->> 'template_id') ~ '^[0-9a-fA-F-]{36}$'
              and t.id = (node -> 'params' ->> 'template_id')::uuid and t.deleted_at is null
              and (t.organization_id = org or t.is_public);
            if template.id is null then
                return format('%s: params.template_id: no template %s', private.node_label(node),
                              node -> 'params' -> 'template_id');
            end if;
            if node -> 'params' ? 'placeholders' and jsonb_typeof(node -> 'params' -> 'placeholders') <> 'object' then
                return private.node_label(node) || ': params.placeholders: must be an object';
            end if;
            for field in
                select k from jsonb_object_keys(coalesce(template.spec -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if template.spec -> 'placeholders' ->> field not like '%\_optional'
                   and (jsonb_typeof(node -> 'params' -> 'placeholders' -> field) is distinct from 'string'
                        or btrim(node -> 'params' -> 'placeholders' ->> field) = '') then
                    return format('%s: params.placeholders.%s: required by template "%s" (%s)', private.node_label(node),
                                  field, template.name, template.spec -> 'placeholders' ->> field);
                end if;
            end loop;
            for field in
                select k from jsonb_object_keys(coalesce(node -> 'params' -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if not coalesce(template.spec -> 'placeholders', '{}') ? field then
                    return format('%s: params.placeholders.%s: template "%s" has no placeholder %s',
                                  private.node_label(node), field, template.name, field);
                end if;
            end loop;
        end if;
    end loop;
    if renders <> 1 then
        return format('graph: exactly one Output.Render node is required (found %s)', renders);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION public.accept_invitation(invitation_token text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    if length(invitation_token) > 200 then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
      and (i.kind = 'link' or lower(i.email) = lower(auth.email()))
    for update of i;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    return private.accept_invitation_row(invitation);
end
$function$
;

CREATE OR REPLACE FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb DEFAULT '{}'::jsonb)
 RETURNS public.user_badges
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    badge public.badges;
    caller uuid := private.caller_id();
    result public.user_badges;
begin
    if pg_column_size(context) > 4000 then
        raise exception 'context is too large' using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = award_badge.badge_id and b.is_active;
    if badge.id is null
       or (private.is_client_request(directly => false)
           and (badge.community_id is null or private.my_community_rank(badge.community_id) < 3)) then
        raise exception 'badge not found' using errcode = 'PT404';
    end if;
    if badge.criteria_type <> 'manual' then
        raise exception 'the % badge is awarded automatically', badge.name using errcode = '22023';
    end if;
    if caller = award_badge.user_id then
        raise exception 'you cannot award a badge to yourself' using errcode = '42501';
    end if;
    if badge.community_id is not null and not exists (
        select 1 from public.community_members m
        where m.community_id = badge.community_id and m.user_id = award_badge.user_id and m.status in ('active', 'muted')
    ) then
        raise exception 'member not found' using errcode = 'PT404';
    end if;
    if not private.grant_badge(award_badge.user_id, badge, caller, context) then
        raise exception 'the badge was already awarded' using errcode = '23505';
    end if;
    select u.* into result from public.user_badges u where u.user_id = award_badge.user_id and u.badge_id = badge.id;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.campaign_backers(campaign_id uuid)
 RETURNS TABLE(display_name text, amount_cents bigint, investments bigint, first_confirmed_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if not exists (select 1 from public.campaigns c
                   where c.id = campaign_backers.campaign_id
                     and c.organization_id = any(array(select private.my_org_ids('editor')))) then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    return query
    select coalesce(p.display_name, 'Backer'), sum(i.amount_cents)::bigint, count(*), min(i.confirmed_at)
    from public.investments i
    left join public.profiles p on p.id = i.user_id
    where i.campaign_id = campaign_backers.campaign_id and i.status = 'confirmed'
    group by i.user_id, p.display_name
    order by 2 desc, 4;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.generations := private.visible_generation(generation_id, 'editor');
begin
    if target.status in ('succeeded', 'failed', 'cancelled') then
        raise exception 'generation is already %', target.status using errcode = 'PT409';
    end if;
    -- a pipeline's parent or child: its own locking order (supabase/functions/pipeline.sql)
    if target.parent_id is not null or target.metadata ? 'pipeline' then
        return private.cancel_pipeline(target);
    end if;
    -- a job whose children wait for it (a story's plot overview): they go with it
    if exists (select from public.generations c where c.parent_id = target.id) then
        perform private.lock_credit_balance(target.organization_id);
        perform private.cancel_children(target);
    end if;
    return private.cancel_job(target);
end
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_investment(investment_id uuid)
 RETURNS public.investments
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    result public.investments;
begin
    select i.* into result from public.investments i
    where i.id = cancel_investment.investment_id and i.user_id = uid for update;
    if result.id is null then
        raise exception 'investment not found' using errcode = 'PT404';
    end if;
    if result.status <> 'pending' then
        raise exception 'only a pending investment can be cancelled (this one is %)', result.status
            using errcode = 'PT409';
    end if;
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.id = result.id returning * into result;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_order(order_id uuid)
 RETURNS public.orders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    target public.orders;
begin
    select o.* into target from public.orders o
    where o.id = cancel_order.order_id
      and (o.user_id = uid or o.organization_id = any(array(select private.my_org_ids('editor'))))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'PT404';
    end if;
    if target.status <> 'pending' or target.payment_status <> 'pending' then
        raise exception 'only unpaid pending orders can be cancelled (this one is %)', target.status
            using errcode = 'PT409';
    end if;
    update public.orders o set status = 'cancelled', cancellation_reason = 'requested' where o.id = target.id
    returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_workflow_run(run_id uuid)
 RETURNS public.workflow_runs
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    run public.workflow_runs;
    node_generation uuid;
begin
    perform private.require_user();
    select r.* into run from public.workflow_runs r
    where r.id = run_id and r.project_id = any(array(select private.editable_project_ids()))
    for update;
    if run.id is null then
        raise exception 'workflow run not found' using errcode = 'PT404';
    end if;
    if run.status <> 'running' then
        raise exception 'workflow run is already %', run.status using errcode = 'PT409';
    end if;
    update public.workflow_runs r
    set status = 'cancelled', finished_at = now(), error_message = 'cancelled by the client'
    where r.id = run.id;
    for node_generation in
        select g.id from public.generations g
        where g.id = any(private.run_generation_ids(run.nodes))
          and g.status not in ('succeeded', 'failed', 'cancelled')
        order by g.id
    loop
        -- cancelling one node may already have cancelled the nodes waiting for it
        if exists (select from public.generations g
                   where g.id = node_generation and g.status not in ('succeeded', 'failed', 'cancelled')) then
            perform public.cancel_generation(node_generation);
        end if;
    end loop;
    select r.* into run from public.workflow_runs r where r.id = run.id;
    return run;
end
$function$
;

CREATE OR REPLACE FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members;
    target public.organization_members;
begin
    if member_user_id = private.require_user() then
        raise exception 'you cannot change your own role' using errcode = '42501';
    end if;
    caller := private.require_org_role(org_id, 'admin', 'change roles');
    target := private.target_membership(org_id, member_user_id);
    if caller.role < 'owner' and (target.role = 'owner' or new_role = 'owner') then
        raise exception 'only owners change an owner''s role or make owners' using errcode = '42501';
    end if;
    if new_role <> 'owner' and private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner keeps the owner role: transfer ownership first' using errcode = 'PT409';
    end if;
    update public.organization_members m set role = new_role where m.id = target.id returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_license_agreement(request_id uuid, start_date date, end_date date, royalty_percent numeric DEFAULT NULL::numeric, minimum_guarantee_cents bigint DEFAULT NULL::bigint, advance_payment_cents bigint DEFAULT 0, contract_url text DEFAULT NULL::text, currency text DEFAULT 'usd'::text)
 RETURNS public.license_agreements
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    request public.license_requests;
    entry public.license_catalog;
    agreement public.license_agreements;
    pct numeric := coalesce(create_license_agreement.royalty_percent, 0);
begin
    perform private.require_user();
    perform private.require_max_length(contract_url, 2000, 'contract_url');
    if create_license_agreement.currency !~ '^[a-z]{3}$' then
        raise exception 'currency must be a lower-case ISO 4217 code such as usd' using errcode = '22023';
    end if;
    select r.* into request from public.license_requests r
    where r.id = create_license_agreement.request_id
      and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if request.id is null then
        raise exception 'licence request not found' using errcode = 'PT404';
    end if;
    if request.status <> 'approved' then
        raise exception 'only an approved request becomes an agreement (this one is %)', request.status
            using errcode = 'PT409';
    end if;
    if exists (select 1 from public.license_agreements a where a.request_id = request.id) then
        raise exception 'this request already has an agreement' using errcode = '23505';
    end if;
    pct := coalesce(create_license_agreement.royalty_percent, request.proposed_royalty_percent);
    if pct is null then
        raise exception 'royalty_percent is required' using errcode = '22023';
    end if;
    select c.* into entry from public.license_catalog c where c.project_id = request.project_id;
    if pct < coalesce(entry.royalty_min_percent, 0) or pct > coalesce(entry.royalty_max_percent, 100) then
        raise exception 'royalty of %%% is outside the catalogue''s range (% to %)', pct,
            coalesce(entry.royalty_min_percent, 0), coalesce(entry.royalty_max_percent, 100) using errcode = '22023';
    end if;
    insert into public.license_agreements (
        project_id, organization_id, request_id, licensee_user_id, licensee_company, license_type, territory,
        start_date, end_date, royalty_percent, minimum_guarantee_cents, advance_payment_cents, currency, contract_url,
        created_by
    )
    values (
        request.project_id, request.organization_id, request.id, request.requester_user_id, request.company_name,
        request.license_type, request.territory, create_license_agreement.start_date, create_license_agreement.end_date,
        pct, coalesce(create_license_agreement.minimum_guarantee_cents, request.proposed_minimum_guarantee_cents,
                      entry.minimum_guarantee_cents, 0),
        coalesce(create_license_agreement.advance_payment_cents, 0), create_license_agreement.currency,
        create_license_agreement.contract_url, private.caller_id()
    )
    returning * into agreement;
    return agreement;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_project_share_link(project_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    token text := 'shr_' || private.random_token();
begin
    if create_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'PT404';
    end if;
    insert into private.project_share_tokens (project_id, token_hash, created_by)
    values (create_project_share_link.project_id, private.token_hash(token), caller)
    on conflict on constraint project_share_tokens_pkey do update
    set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = now();
    perform private.record_audit_event(
        (select p.organization_id from public.projects p where p.id = create_project_share_link.project_id), 'share',
        'projects', create_project_share_link.project_id::text);
    return token;
end
$function$
;

CREATE OR REPLACE FUNCTION public.credits_capture(hold_id uuid, actual_amount bigint)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    hold public.credit_holds := private.lock_hold(hold_id);
begin
    if actual_amount is null or actual_amount < 0 or actual_amount > hold.amount then
        raise exception 'capture amount must lie between 0 and the hold''s %', hold.amount using errcode = '22023';
    end if;
    if hold.status = 'captured' and hold.captured_amount = actual_amount then
        return hold;
    end if;
    if hold.status <> 'pending' then
        raise exception 'hold is %', hold.status using errcode = 'PT409';
    end if;
    return private.settle_hold(hold, actual_amount, 'captured');
end
$function$
;

CREATE OR REPLACE FUNCTION public.credits_release(hold_id uuid)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    hold public.credit_holds := private.lock_hold(hold_id);
begin
    if hold.status in ('released', 'expired') then
        return hold;
    end if;
    if hold.status <> 'pending' then
        raise exception 'hold is %', hold.status using errcode = 'PT409';
    end if;
    return private.settle_hold(hold, 0, 'released');
end
$function$
;

CREATE OR REPLACE FUNCTION public.distribute_revenue(campaign_id uuid, period_start date, period_end date, total_revenue_cents bigint)
 RETURNS public.revenue_distributions
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign public.campaigns;
    total_weight numeric;
    platform bigint;
    pool bigint;
    result public.revenue_distributions;
begin
    if total_revenue_cents is null or total_revenue_cents <= 0 then
        raise exception 'total_revenue_cents must be positive' using errcode = '22023';
    end if;
    if period_start is null or period_end is null or period_end < period_start then
        raise exception 'the period must end on or after its start' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = distribute_revenue.campaign_id for update;
    if campaign.id is null
       or (campaign.project_deleted_at is not null and private.is_client_request(directly => false))
       or (private.is_client_request(directly => false)
           and not private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    if campaign.status not in ('funded', 'completed') then
        raise exception 'only a funded or completed campaign distributes revenue (this one is %)', campaign.status
            using errcode = 'PT409';
    end if;
    if exists (select 1 from public.revenue_distributions d
               where d.campaign_id = campaign.id
                 and daterange(d.period_start, d.period_end, '[]')
                     && daterange(distribute_revenue.period_start, distribute_revenue.period_end, '[]')) then
        raise exception 'revenue for % to % overlaps a period already distributed', period_start, period_end
            using errcode = '23P01';
    end if;
    select sum(i.amount_cents * t.revenue_share_percent) into total_weight
    from public.investments i
    join public.investment_tiers t on t.id = i.tier_id
    where i.campaign_id = campaign.id and i.status = 'confirmed' and t.revenue_share_percent > 0;
    platform := total_revenue_cents * campaign.platform_fee_bps / 10000;
    pool := case when total_weight > 0 then total_revenue_cents * campaign.investor_share_bps / 10000 else 0 end;
    insert into public.revenue_distributions (
        campaign_id, organization_id, project_id, created_by, period_start, period_end, currency,
        total_revenue_cents, platform_share_cents, creator_share_cents, investor_pool_cents, status, distributed_at
    )
    values (campaign.id, campaign.organization_id, campaign.project_id, private.caller_id(), period_start, period_end,
            campaign.currency, total_revenue_cents, platform, total_revenue_cents - platform - pool, pool,
            case when pool = 0 then 'completed' else 'processing' end, case when pool = 0 then now() end)
    returning * into result;
    if pool = 0 then
        return result;
    end if;
    insert into public.investor_payouts (
        distribution_id, investment_id, campaign_id, organization_id, user_id, share_percent, amount_cents, currency
    )
    select result.id, s.id, campaign.id, campaign.organization_id, s.user_id, round(100 * s.weight / total_weight, 6),
           s.base + case when s.place <= pool - sum(s.base) over () then 1 else 0 end, campaign.currency
    from (
        select w.*, row_number() over (order by w.remainder desc, w.created_at, w.id) as place
        from (
            select i.id, i.user_id, i.created_at, i.amount_cents * t.revenue_share_percent as weight,
                   div(pool * i.amount_cents * t.revenue_share_percent, total_weight)::bigint as base,
                   mod(pool * i.amount_cents * t.revenue_share_percent, total_weight) as remainder
            from public.investments i
            join public.investment_tiers t on t.id = i.tier_id
            where i.campaign_id = campaign.id and i.status = 'confirmed' and t.revenue_share_percent > 0
        ) as w
    ) as s;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.get_shared_project(share_token text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    shared public.projects;
begin
    select p.* into shared
    from private.project_share_tokens s join public.projects p on p.id = s.project_id
    where s.token_hash = private.token_hash(share_token) and p.deleted_at is null;
    if shared.id is null then
        raise exception 'share link not found' using errcode = 'PT404';
    end if;
    return jsonb_build_object(
        'project', to_jsonb(shared) - array['settings', 'created_by', 'deleted_at'],
        'stories', coalesce((select jsonb_agg(to_jsonb(s) - array['created_by', 'prompt_used', 'generation_metadata']
                                              order by s.created_at)
                             from public.stories s where s.project_id = shared.id and s.deleted_at is null), '[]'),
        'characters', coalesce((select jsonb_agg(to_jsonb(c) - 'created_by' order by c.display_order, c.name)
                                from public.characters c where c.project_id = shared.id and c.deleted_at is null), '[]'),
        'universes', coalesce((select jsonb_agg(to_jsonb(u) order by u.created_at)
                               from public.universes u where u.project_id = shared.id and u.deleted_at is null), '[]'),
        'moodboards', coalesce((select jsonb_agg(to_jsonb(m) order by m.beat_index)
                                from public.moodboards m where m.project_id = shared.id and m.deleted_at is null), '[]')
    );
end
$function$
;

CREATE OR REPLACE FUNCTION public.invest(campaign_id uuid, amount_cents bigint, tier_id uuid DEFAULT NULL::uuid, idempotency_key text DEFAULT NULL::text)
 RETURNS public.investments
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    campaign public.campaigns;
    tier public.investment_tiers;
    result public.investments;
begin
    if length(idempotency_key) > 100 then
        raise exception 'idempotency_key is at most 100 characters' using errcode = '22023';
    end if;
    if amount_cents is null or amount_cents <= 0 then
        raise exception 'amount_cents must be a positive number of cents' using errcode = '22023';
    end if;
    if amount_cents > 1000000000000 then
        raise exception 'amount_cents is at most 1000000000000 (10 billion in the campaign''s currency)'
            using errcode = '22023';
    end if;
    if idempotency_key is not null then
        select i.* into result from public.investments i
        where i.user_id = uid and i.idempotency_key = invest.idempotency_key;
        if result.id is not null then
            if (result.campaign_id, result.amount_cents, result.tier_id)
               is distinct from (invest.campaign_id, invest.amount_cents, invest.tier_id) then
                raise exception 'idempotency_key already used for a different investment' using errcode = '22023';
            end if;
            return result;
        end if;
    end if;
    campaign := private.visible_campaign(invest.campaign_id);
    if campaign.id is null then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    if campaign.status <> 'active' then
        raise exception 'campaign is not accepting investments (it is %)', campaign.status using errcode = 'PT409';
    end if;
    if now() < campaign.start_date or now() >= campaign.end_date then
        raise exception 'campaign is open from % to %', campaign.start_date, campaign.end_date using errcode = 'PT409';
    end if;
    if invest.tier_id is not null then
        select t.* into tier from public.investment_tiers t where t.id = invest.tier_id and t.campaign_id = campaign.id;
        if tier.id is null then
            raise exception 'tier not found' using errcode = 'PT404';
        end if;
        if amount_cents < tier.min_amount_cents or amount_cents > tier.max_amount_cents then
            raise exception 'tier "%" takes % to % cents', tier.name, tier.min_amount_cents,
                coalesce(tier.max_amount_cents::text, 'unlimited') using errcode = '22023';
        end if;
    end if;
    insert into public.investments (
        campaign_id, organization_id, project_id, user_id, tier_id, amount_cents, currency, platform_fee_cents,
        idempotency_key
    )
    values (campaign.id, campaign.organization_id, campaign.project_id, uid, tier.id, amount_cents,
            campaign.currency, amount_cents * campaign.platform_fee_bps / 10000, invest.idempotency_key)
    returning * into result;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid DEFAULT NULL::uuid, subject_organization_id uuid DEFAULT NULL::uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    flag public.feature_flags;
    subject_user uuid := coalesce(subject_user_id, private.caller_id());
    subject text;
begin
    -- clients ask about themselves and their own organizations only
    if private.is_client_request(directly => false) then
        if subject_user_id is not null and subject_user_id is distinct from private.caller_id() then
            raise exception 'clients may only check flags for themselves' using errcode = '42501';
        end if;
        if subject_organization_id is not null and not private.has_org_role(subject_organization_id) then
            raise exception 'organization % not found', subject_organization_id using errcode = 'PT404';
        end if;
    end if;
    select f.* into flag from public.feature_flags f where f.key = flag_key;
    if flag.id is null or not flag.enabled then
        return false;
    end if;
    subject := coalesce(subject_user::text, subject_organization_id::text);
    return case flag.target_type
        when 'all' then true
        when 'users' then subject_user = any (flag.target_user_ids)
        when 'organizations' then subject_organization_id = any (flag.target_organization_ids)
        when 'percentage' then subject is not null
            and abs(hashtextextended(flag.key || ':' || subject, 0) % 100) < flag.rollout_percentage
        else false
    end;
end
$function$
;

CREATE OR REPLACE FUNCTION public.join_community(community_id uuid)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    target public.communities;
    membership public.community_members;
begin
    select c.* into target from public.communities c
    where c.id = join_community.community_id
      and (private.community_is_listed(c) or c.id = any(array(select private.my_community_ids())));
    if target.id is null or (target.visibility = 'invite_only' and not exists (
        select 1 from public.community_members m where m.community_id = target.id and m.user_id = uid)) then
        raise exception 'community not found' using errcode = 'PT404';
    end if;
    if target.status <> 'active' then
        raise exception 'this community is %', target.status using errcode = 'PT409';
    end if;
    select m.* into membership from public.community_members m where m.community_id = target.id and m.user_id = uid;
    if membership.status = 'banned' then
        raise exception 'you are banned from this community' using errcode = '42501';
    end if;
    if membership.id is not null then
        return membership;
    end if;
    insert into public.community_members (community_id, user_id, status)
    values (target.id, uid, case when target.visibility = 'public' then 'active' else 'pending' end)
    on conflict on constraint community_members_community_id_user_id_key do nothing
    returning * into membership;
    return coalesce(membership, (select m from public.community_members m
                                 where m.community_id = target.id and m.user_id = uid));
end
$function$
;

CREATE OR REPLACE FUNCTION public.leave_organization(org_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', 'leave');
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id;
    if org.is_personal then
        raise exception 'you cannot leave your personal organization' using errcode = 'PT409';
    end if;
    if org.primary_owner_user_id = caller.user_id then
        raise exception 'the primary owner cannot leave: transfer ownership first' using errcode = 'PT409';
    end if;
    delete from public.organization_members m where m.id = caller.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.mark_notification_unread(notification_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.notifications n set read_at = null
    where n.id = notification_id and n.user_id = private.require_user();
    if not found then
        raise exception 'notification not found' using errcode = 'PT404';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.mark_payout_paid(payout_id uuid, payment_reference text, payment_method text DEFAULT 'bank_transfer'::text)
 RETURNS public.investor_payouts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    result public.investor_payouts;
begin
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    perform private.require_max_length(payment_method, 50, 'payment_method');
    select p.* into result from public.investor_payouts p where p.id = payout_id for update;
    if result.id is null then
        raise exception 'payout not found' using errcode = 'PT404';
    end if;
    if result.status = 'completed' then
        raise exception 'payout already paid (%)', result.payment_reference using errcode = 'PT409';
    end if;
    update public.investor_payouts p
    set status = 'completed', paid_at = now(), payment_reference = mark_payout_paid.payment_reference,
        payment_method = mark_payout_paid.payment_method
    where p.id = result.id
    returning * into result;
    update public.revenue_distributions d set status = 'completed', distributed_at = now()
    where d.id = result.distribution_id and d.status <> 'completed'
      and not exists (select 1 from public.investor_payouts p
                      where p.distribution_id = result.distribution_id and p.status <> 'completed');
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text DEFAULT NULL::text, until timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer;
    membership public.community_members;
begin
    perform private.require_max_length(reason, 1000, 'reason');
    my_rank := private.require_community_rank(moderate_member.community_id, 'moderator');
    if moderate_member.user_id = uid then
        raise exception 'you cannot moderate yourself' using errcode = '42501';
    end if;
    if action not in ('approve', 'add', 'mute', 'unmute', 'ban', 'unban', 'remove') then
        raise exception 'unknown moderation action %', action using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = moderate_member.community_id and m.user_id = moderate_member.user_id
    for update;
    if action = 'add' then
        if membership.id is not null and membership.status <> 'pending' then
            raise exception 'already a member (%)', membership.status using errcode = '23505';
        end if;
        if not exists (select 1 from auth.users u where u.id = moderate_member.user_id) then
            raise exception 'user not found' using errcode = 'PT404';
        end if;
        insert into public.community_members as m (community_id, user_id, status)
        values (moderate_member.community_id, moderate_member.user_id, 'active')
        on conflict on constraint community_members_community_id_user_id_key do update set status = 'active'
        returning * into membership;
        perform private.notify(membership.user_id, 'community_update', jsonb_build_object('action', 'added'),
            actor => uid, reference_type => 'community', reference_id => membership.community_id,
            title => 'You were added to a community', once_per => interval '1 day');
        return membership;
    end if;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'PT404';
    end if;
    if private.community_role_rank(membership.role) >= my_rank then
        raise exception 'you can only moderate members ranked below you' using errcode = '42501';
    end if;
    if action = 'remove' then
        delete from public.community_members m where m.id = membership.id;
        return membership;
    end if;
    if (action = 'approve' and membership.status <> 'pending')
       or (action = 'unmute' and membership.status <> 'muted')
       or (action = 'unban' and membership.status <> 'banned')
       or (action in ('mute', 'ban') and membership.status = 'pending') then
        raise exception 'cannot % a member who is %', action, membership.status using errcode = 'PT409';
    end if;
    update public.community_members m
    set status = case action when 'mute' then 'muted' when 'ban' then 'banned' else 'active' end,
        muted_until = case when action = 'mute' then until end,
        banned_at = case when action = 'ban' then now() end,
        ban_reason = case when action = 'ban' then reason end
    where m.id = membership.id
    returning * into membership;
    return membership;
end
$function$
;

CREATE OR REPLACE FUNCTION public.open_film_share(token text)
 RETURNS TABLE(bucket text, object_name text, expires_at timestamp with time zone, title text, mime_type text, size_bytes bigint, duration_seconds numeric)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    link private.film_shares;
begin
    if token is null or length(token) > 200 then
        raise exception 'share link not found' using errcode = 'PT404';
    end if;
    update private.film_shares s set opened_count = s.opened_count + 1, last_opened_at = now()
    where s.token_hash = private.token_hash(open_film_share.token)
      and s.revoked_at is null and s.expires_at > now()
      and exists (select 1 from public.organizations o where o.id = s.organization_id and o.deleted_at is null)
    returning s.* into link;
    return query
    select a.storage_bucket, a.organization_id || '/' || a.storage_path, link.expires_at, a.title, a.mime_type,
           a.size_bytes, a.duration_seconds
    from public.assets a
    where a.id = link.asset_id and a.deleted_at is null and a.status = 'ready';
    if not found then
        raise exception 'share link not found' using errcode = 'PT404';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.place_order(discount_code text DEFAULT NULL::text, shipping_address jsonb DEFAULT NULL::jsonb, billing_address jsonb DEFAULT NULL::jsonb, customer_email text DEFAULT NULL::text, customer_phone text DEFAULT NULL::text, customer_notes text DEFAULT NULL::text, shipping_method text DEFAULT NULL::text)
 RETURNS public.orders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    cart public.carts;
    seller_count integer;
    currency_count integer;
    seller uuid;
    order_currency text;
    v_subtotal bigint;
    v_eligible bigint;
    v_shipping bigint;
    v_tax bigint;
    v_discount bigint := 0;
    code public.discount_codes;
    line record;
    available integer;
    taken boolean;
    new_order public.orders;
begin
    perform private.require_max_length(discount_code, 50, 'discount_code');
    perform private.require_max_length(customer_email, 255, 'customer_email');
    perform private.require_max_length(customer_phone, 50, 'customer_phone');
    perform private.require_max_length(customer_notes, 2000, 'customer_notes');
    perform private.require_max_length(shipping_method, 100, 'shipping_method');
    if pg_column_size(shipping_address) > 4000 or pg_column_size(billing_address) > 4000 then
        raise exception 'address is too long' using errcode = '22023';
    end if;

    select c.* into cart from public.carts c where c.user_id = uid for update;
    if cart.id is null or cart.item_count = 0 then
        raise exception 'your cart is empty' using errcode = 'PT409';
    end if;

    -- one seller and one currency per order
    select count(distinct i.organization_id), count(distinct p.currency),
           (array_agg(i.organization_id))[1], min(p.currency)
    into seller_count, currency_count, seller, order_currency
    from public.cart_items i join public.products p on p.id = i.product_id
    where i.cart_id = cart.id;
    if seller_count > 1 or currency_count > 1 then
        raise exception 'an order holds items of one store in one currency: split your cart' using errcode = '22023';
    end if;

    if discount_code is not null then
        select d.* into code from public.discount_codes d
        where d.organization_id = seller and upper(d.code) = upper(place_order.discount_code) and d.is_active
        for update;
        if code.id is null then
            raise exception 'discount code % not found', discount_code using errcode = 'PT404';
        end if;
    end if;

    -- stock: each row decremented only if enough is left (or backorders are allowed),
    -- rows taken in one global order so that concurrent buyers never deadlock
    for line in
        select i.product_id, i.variant_id, i.quantity, p.name, p.status, p.visibility, p.has_variants,
               p.track_inventory, v.is_active as variant_active
        from public.cart_items i
        join public.products p on p.id = i.product_id
        left join public.product_variants v on v.id = i.variant_id
        where i.cart_id = cart.id
        order by coalesce(i.variant_id, i.product_id)
    loop
        if line.status <> 'active' or line.visibility = 'private' or line.variant_active is false then
            raise exception '% is no longer available' , line.name using errcode = 'PT409';
        end if;
        if line.variant_id is null and line.has_variants then
            raise exception 'choose a variant of %', line.name using errcode = '22023';
        end if;
        continue when not line.track_inventory;
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity - line.quantity
            where v.id = line.variant_id and (v.allow_backorder or v.stock_quantity >= line.quantity);
            taken := found;
            select v.stock_quantity into available from public.product_variants v where v.id = line.variant_id;
        else
            update public.products p set stock_quantity = p.stock_quantity - line.quantity
            where p.id = line.product_id and (p.allow_backorder or p.stock_quantity >= line.quantity);
            taken := found;
            select p.stock_quantity into available from public.products p where p.id = line.product_id;
        end if;
        if not taken then
            raise exception 'not enough stock for %: % requested, % available', line.name, line.quantity,
                greatest(available, 0) using errcode = 'PT409';
        end if;
    end loop;

    -- totals from current catalogue prices, never from the client
    select sum(coalesce(v.price_cents, p.price_cents) * i.quantity),
           coalesce(sum(coalesce(v.price_cents, p.price_cents) * i.quantity) filter (
               where code.id is null
                  or ((code.product_ids is null or p.id = any(code.product_ids))
                      and (code.categories is null or p.category = any(code.categories)))), 0),
           coalesce(max(p.shipping_cents) filter (where not p.is_digital), 0),
           coalesce(sum(round(coalesce(v.price_cents, p.price_cents) * i.quantity * p.tax_rate_bps / 10000.0)), 0)
    into v_subtotal, v_eligible, v_shipping, v_tax
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    if code.id is not null then
        v_discount := private.discount_for(code, uid, v_subtotal, v_eligible, v_shipping);
        update public.discount_codes d set usage_count = d.usage_count + 1 where d.id = code.id;
    end if;

    insert into public.orders (
        order_number, user_id, organization_id, subtotal_cents, discount_cents, shipping_cents, tax_cents,
        total_cents, currency, customer_email, customer_phone, shipping_address, billing_address, shipping_method,
        discount_code_id, discount_code, customer_notes, hold_expires_at
    )
    values (
        format('CV-%s-%s', to_char(now() at time zone 'UTC', 'YYYY'),
               lpad(nextval('private.order_number_seq')::text, 6, '0')),
        uid, seller, v_subtotal, v_discount, v_shipping, v_tax, v_subtotal - v_discount + v_shipping + v_tax,
        order_currency, coalesce(place_order.customer_email, (select u.email from auth.users u where u.id = uid)),
        place_order.customer_phone, place_order.shipping_address, coalesce(place_order.billing_address,
                                                                           place_order.shipping_address),
        place_order.shipping_method, code.id, code.code, place_order.customer_notes,
        now() + private.order_hold_window()
    )
    returning * into new_order;

    insert into public.order_items (
        order_id, organization_id, product_id, variant_id, project_id, product_name, variant_title, sku, category,
        is_digital, quantity, unit_price_cents, subtotal_cents
    )
    select new_order.id, p.organization_id, p.id, v.id, p.project_id, p.name, v.title, coalesce(v.sku, p.sku),
           p.category, p.is_digital, i.quantity, coalesce(v.price_cents, p.price_cents),
           coalesce(v.price_cents, p.price_cents) * i.quantity
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    -- units sold, one row per product in id order (after every variant lock above)
    update public.products p set sold_count = p.sold_count + s.units
    from (select i.product_id, sum(i.quantity) as units from public.cart_items i
          where i.cart_id = cart.id group by i.product_id order by i.product_id) as s
    where p.id = s.product_id;

    delete from public.cart_items i where i.cart_id = cart.id;
    return new_order;
end
$function$
;

CREATE OR REPLACE FUNCTION public.record_nft_mint(nft_id uuid, new_status text, asset_id text DEFAULT NULL::text, transaction_id text DEFAULT NULL::text, metadata_uri text DEFAULT NULL::text, image_uri text DEFAULT NULL::text, error_message text DEFAULT NULL::text)
 RETURNS public.nfts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    result public.nfts;
begin
    if new_status not in ('minting', 'minted', 'failed') then
        raise exception 'a mint is minting, minted or failed' using errcode = '22023';
    end if;
    perform private.require_max_length(asset_id, 200, 'asset_id');
    perform private.require_max_length(transaction_id, 200, 'transaction_id');
    perform private.require_max_length(metadata_uri, 2000, 'metadata_uri');
    perform private.require_max_length(image_uri, 2000, 'image_uri');
    perform private.require_max_length(error_message, 2000, 'error_message');
    update public.nfts n
    set status = new_status,
        asset_id = coalesce(record_nft_mint.asset_id, n.asset_id),
        transaction_id = coalesce(record_nft_mint.transaction_id, n.transaction_id),
        metadata_uri = coalesce(record_nft_mint.metadata_uri, n.metadata_uri),
        image_uri = coalesce(record_nft_mint.image_uri, n.image_uri),
        error_message = record_nft_mint.error_message,
        minted_at = case when new_status = 'minted' then now() end,
        updated_at = now()
    where n.id = record_nft_mint.nft_id and n.status <> 'minted'
    returning * into result;
    if result.id is null then
        raise exception 'mint not found or already minted' using errcode = 'PT404';
    end if;
    perform private.notify(result.user_id, 'badge', jsonb_build_object('nft_id', result.id, 'status', result.status),
                           reference_type => 'badge', reference_id => result.user_badge_id,
                           title => format('Your badge NFT is %s', result.status))
    where new_status in ('minted', 'failed');
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.record_view(subject text, subject_id uuid, counter text DEFAULT 'view'::text)
 RETURNS boolean
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    counted integer;
begin
    if subject is null or subject not in ('discussion', 'fan_content', 'product')
       or counter is null or counter not in ('view', 'share') or (counter = 'share' and subject <> 'fan_content') then
        raise exception 'views are counted for a discussion, fan_content or product; shares for fan_content'
            using errcode = '22023';
    end if;
    begin
        insert into private.daily_counts (subject, subject_id, counter, user_id, counted_on)
        values (record_view.subject, record_view.subject_id, record_view.counter, uid, (now() at time zone 'UTC')::date)
        on conflict do nothing;
    exception when insufficient_privilege then
        raise exception '% not found', replace(subject, '_', ' ') using errcode = 'PT404';
    end;
    get diagnostics counted = row_count;
    return counted = 1;
end
$function$
;

CREATE OR REPLACE FUNCTION public.record_watch_progress(content_id uuid, progress_seconds integer, duration_seconds integer DEFAULT NULL::integer, episode_id uuid DEFAULT NULL::uuid, device_type text DEFAULT NULL::text)
 RETURNS public.watch_history
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    item public.contents;
    episode public.content_episodes;
    known_duration integer;
    at_seconds integer;
    done boolean;
    today date := (now() at time zone 'UTC')::date;
    result public.watch_history;
begin
    if progress_seconds is null or progress_seconds < 0 then
        raise exception 'progress_seconds must be zero or more' using errcode = '22023';
    end if;
    if duration_seconds is not null and duration_seconds <= 0 then
        raise exception 'duration_seconds must be positive' using errcode = '22023';
    end if;
    if length(device_type) > 50 then
        raise exception 'device_type is at most 50 characters' using errcode = '22023';
    end if;
    if not private.can_watch(record_watch_progress.content_id) then
        raise exception 'content not found' using errcode = 'PT404';
    end if;
    select c.* into item from public.contents c where c.id = record_watch_progress.content_id;
    if record_watch_progress.episode_id is not null then
        select e.* into episode from public.content_episodes e
        where e.id = record_watch_progress.episode_id and e.content_id = item.id;
        if episode.id is null then
            raise exception 'episode not found' using errcode = 'PT404';
        end if;
        known_duration := episode.duration_minutes * 60;
    elsif item.type = 'series' then
        raise exception 'a series is watched episode by episode: episode_id is required' using errcode = '22023';
    else
        known_duration := item.duration_minutes * 60;
    end if;
    known_duration := coalesce(known_duration, record_watch_progress.duration_seconds);
    at_seconds := case when known_duration is null then progress_seconds else least(progress_seconds, known_duration) end;
    done := known_duration is not null and at_seconds * 10 >= known_duration * 9;

    insert into public.watch_history as h (
        user_id, content_id, episode_id, progress_seconds, duration_seconds, completed, completed_at, device_type,
        watched_at
    )
    values (uid, item.id, episode.id, at_seconds, known_duration, done, case when done then now() end,
            record_watch_progress.device_type, clock_timestamp())
    on conflict on constraint watch_history_user_id_content_id_episode_id_key do update
    set progress_seconds = excluded.progress_seconds,
        duration_seconds = excluded.duration_seconds,
        completed = h.completed or excluded.completed,
        completed_at = coalesce(h.completed_at, excluded.completed_at),
        device_type = coalesce(excluded.device_type, h.device_type),
        watched_at = excluded.watched_at
    returning h.* into result;

    insert into public.content_views (user_id, content_id, episode_id, viewed_on)
    values (uid, item.id, null, today)
    on conflict do nothing;
    if episode.id is not null then
        insert into public.content_views (user_id, content_id, episode_id, viewed_on)
        values (uid, item.id, episode.id, today)
        on conflict do nothing;
    end if;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.remove_member(org_id uuid, member_user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members;
    target public.organization_members;
begin
    if member_user_id = private.require_user() then
        raise exception 'use leave_organization to leave' using errcode = '22023';
    end if;
    caller := private.require_org_role(org_id, 'admin', 'remove members');
    target := private.target_membership(org_id, member_user_id);
    if target.role = 'owner' and caller.role < 'owner' then
        raise exception 'admins cannot remove owners' using errcode = '42501';
    end if;
    if private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner cannot be removed: transfer ownership first' using errcode = 'PT409';
    end if;
    delete from public.organization_members m where m.id = target.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_badge_nft(user_badge_id uuid, blockchain text DEFAULT 'polygon'::text)
 RETURNS public.nfts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    earned public.user_badges;
    badge public.badges;
    result public.nfts;
begin
    select u.* into earned from public.user_badges u
    where u.id = request_badge_nft.user_badge_id and u.user_id = private.require_user();
    if earned.id is null then
        raise exception 'badge not found' using errcode = 'PT404';
    end if;
    if blockchain not in ('polygon', 'ethereum', 'solana', 'base') then
        raise exception 'unsupported blockchain %', blockchain using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = earned.badge_id;
    if badge.community_id is not null then
        raise exception 'only platform badges are minted as NFTs, % is a community badge', badge.name
            using errcode = '22023';
    end if;
    insert into public.nfts (user_id, user_badge_id, blockchain, attributes)
    values (earned.user_id, earned.id, request_badge_nft.blockchain,
            jsonb_build_object('badge', badge.name, 'rarity', badge.rarity, 'awarded_at', earned.awarded_at))
    on conflict on constraint nfts_user_badge_id_key do nothing
    returning * into result;
    if result.id is null then
        raise exception 'this badge is already minted or being minted' using errcode = '23505';
    end if;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_film(script_id uuid, options jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    film_script public.scripts;
    film_scenes public.scenes [];
    scene public.scenes;
    film public.generations;
    image public.generations;
    speech public.generations;
    clip public.generations;
    synced public.generations;
    merge public.generations;
    size jsonb;
    wallet public.credit_balances;
    needed bigint;
    lipsync boolean;
    speech_text text;
    lines jsonb;
    clips uuid [] := '{}';
    film_id uuid := gen_random_uuid();
    n integer := 0;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    options := coalesce(options, '{}');
    if jsonb_typeof(options) <> 'object' or length(options::text) > 2000 then
        raise exception 'options must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    if exists (select from jsonb_object_keys(options) k
               where k not in ('lipsync', 'width', 'height', 'fps', 'motion', 'burn_subtitles', 'voice', 'language',
                               'provider', 'priority')) then
        raise exception 'unknown film option "%"',
            (select k from jsonb_object_keys(options) k
             where k not in ('lipsync', 'width', 'height', 'fps', 'motion', 'burn_subtitles', 'voice', 'language',
                             'provider', 'priority') limit 1)
            using errcode = '22023';
    end if;
    begin
        lipsync := coalesce((options ->> 'lipsync')::boolean, false);
        size := jsonb_build_object('width', coalesce((options ->> 'width')::integer, 1280),
                                   'height', coalesce((options ->> 'height')::integer, 720));
        if (size ->> 'width')::integer not between 16 and 3840 or (size ->> 'height')::integer not between 16 and 3840
           or coalesce((options ->> 'fps')::integer, 24) not between 1 and 60
           or coalesce((options ->> 'priority')::integer, 0) not between -10 and 10
           or length(options ->> 'motion') > 40 or length(options ->> 'voice') > 60
           or length(options ->> 'language') > 20 or length(options ->> 'provider') > 60 then
            raise exception using errcode = '22023';
        end if;
        perform (options ->> 'burn_subtitles')::boolean;
    exception when others then
        raise exception 'film options out of range: width and height 16-3840, fps 1-60, priority -10..10, '
                        'lipsync and burn_subtitles booleans, short texts'
            using errcode = '22023';
    end;

    select s.* into film_script from public.scripts s
    where s.id = request_film.script_id and s.deleted_at is null
      and s.project_id = any(array(select private.editable_project_ids()));
    if film_script.id is null then
        raise exception 'script not found' using errcode = 'PT404';
    end if;
    -- a repeated request: the first film, nothing charged again
    film := private.earlier_request(film_script.organization_id, dedup_key, 'video', 'script_id', film_script.id);
    if film.id is not null then
        return film;
    end if;
    film_scenes := array(select s from public.scenes s
                         where s.script_id = film_script.id and s.deleted_at is null
                         order by s.scene_number, s.created_at);
    if cardinality(film_scenes) = 0 then
        raise exception 'script has no scenes' using errcode = '22023';
    elsif cardinality(film_scenes) > 200 then
        raise exception 'a film has at most 200 scenes, this script has %', cardinality(film_scenes)
            using errcode = '22023';
    end if;

    -- brand safety before any money moves
    perform private.check_brand_safety(film_script.organization_id, film_script.project_id,
                                       private.film_texts(film_script, film_scenes), true);

    -- the whole film's cost against the wallet, before any job is created
    needed := (select sum(coalesce((private.estimate_generation(j.kind, options ->> 'provider', null, j.units)).credits,
                                   0))
               from (select 'image' as kind, 1::numeric as units from unnest(film_scenes)
                     union all
                     select 'audio', greatest(1, ceil(length(private.scene_speech(s)) / 150.0)) from unnest(film_scenes) s
                     union all
                     select 'scene_video', 1 from unnest(film_scenes)
                     union all
                     select 'lipsync', 1 from unnest(film_scenes) where lipsync
                     union all
                     select 'merge', 1) j);
    wallet := private.lock_credit_balance(film_script.organization_id);
    if needed > wallet.balance + wallet.rollover_balance + wallet.bonus_balance then
        raise exception 'insufficient credits for this film: % needed, % available', needed,
            wallet.balance + wallet.rollover_balance + wallet.bonus_balance
            using errcode = 'PT402', hint = 'buy credits, or make the film with fewer scenes';
    end if;

    film := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'id', film_id, 'organization_id', film_script.organization_id, 'project_id', film_script.project_id,
            'script_id', film_script.id, 'chapter_id', film_script.chapter_id, 'kind', 'video',
            'prompt', left(film_script.script, 20000), 'params', options,
            'priority', coalesce((options ->> 'priority')::integer, 0),
            'dedup_key', 'client:' || dedup_key,
            'metadata', jsonb_build_object('pipeline', 'film', 'scenes', cardinality(film_scenes),
                                           'lipsync', lipsync, 'estimated_credits', needed))),
        caller);
    if film.id <> film_id then  -- a concurrent request with the same key won
        perform private.earlier_request(film_script.organization_id, dedup_key, 'video', 'script_id', film_script.id);
        return film;
    end if;
    -- the parent is never claimed: it runs while its children do
    delete from private.job_queue q where q.generation_id = film.id;
    update public.generations g
    set status = 'running', started_at = now(), total_steps = cardinality(film_scenes),
        current_step = format('%s scenes queued', cardinality(film_scenes)), updated_at = now()
    where g.id = film.id
    returning * into film;

    foreach scene in array film_scenes loop
        n := n + 1;
        speech_text := private.scene_speech(scene);
        lines := case when jsonb_typeof(scene.audio_requirements -> 'lines') = 'array'
                      then scene.audio_requirements -> 'lines' else jsonb_build_array(speech_text) end;
        image := private.start_pipeline_job(film, caller, 'image', scene, scene.image_prompt,
                                            size || jsonb_build_object('scene_number', scene.scene_number), 1,
                                            jsonb_build_object('scene_number', scene.scene_number));
        speech := private.start_pipeline_job(
            film, caller, 'audio', scene, speech_text,
            jsonb_strip_nulls(jsonb_build_object('voice', options ->> 'voice',
                                                 'language', coalesce(options ->> 'language',
                                                                      scene.audio_requirements ->> 'language'))),
            greatest(1, ceil(length(speech_text) / 150.0)), jsonb_build_object('scene_number', scene.scene_number));
        clip := private.start_pipeline_job(
            film, caller, 'scene_video', scene, scene.visual_description,
            size || jsonb_strip_nulls(jsonb_build_object(
                'fps', coalesce((options ->> 'fps')::integer, 24), 'motion', options ->> 'motion',
                'burn_subtitles', coalesce((options ->> 'burn_subtitles')::boolean, false), 'lines', lines)),
            1, jsonb_build_object('scene_number', scene.scene_number, 'scene_final', not lipsync));
        perform private.add_input(clip.id, 'image', 0, image.id);
        perform private.add_input(clip.id, 'audio', 1, speech.id);
        if lipsync then
            synced := private.start_pipeline_job(film, caller, 'lipsync', scene, null, '{}', 1,
                                                 jsonb_build_object('scene_number', scene.scene_number,
                                                                    'scene_final', true));
            perform private.add_input(synced.id, 'video', 0, clip.id);
            perform private.add_input(synced.id, 'audio', 1, speech.id);
            clip := synced;
        end if;
        clips := clips || clip.id;
    end loop;
    merge := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'organization_id', film.organization_id, 'project_id', film.project_id, 'parent_id', film.id,
            'script_id', film.script_id, 'kind', 'merge', 'params', size, 'priority', film.priority,
            'provider', options ->> 'provider',
            'metadata', jsonb_build_object('pipeline', 'film', 'stage', 'merge', 'pipeline_output', true))),
        caller);
    for n in 1..cardinality(clips) loop
        perform private.add_input(merge.id, 'video', n - 1, clips[n]);
    end loop;
    return film;
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_generation(project_id uuid, kind text, prompt text DEFAULT NULL::text, params jsonb DEFAULT '{}'::jsonb, provider text DEFAULT NULL::text, model text DEFAULT NULL::text, units numeric DEFAULT 1, priority integer DEFAULT 0, dedup_key text DEFAULT NULL::text, parent_id uuid DEFAULT NULL::uuid, scene_id uuid DEFAULT NULL::uuid, script_id uuid DEFAULT NULL::uuid, chapter_id uuid DEFAULT NULL::uuid, moodboard_id uuid DEFAULT NULL::uuid, animation_id uuid DEFAULT NULL::uuid, variant text DEFAULT NULL::text, scene_number integer DEFAULT NULL::integer)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
begin
    if not coalesce((select k.client_requestable from public.generation_kinds k
                     where k.kind = request_generation.kind), false) then
        raise exception 'unknown generation kind "%"', kind using errcode = '22023';
    end if;
    if project_id is null then
        raise exception 'project not found' using errcode = 'PT404';
    end if;
    perform private.require_text(dedup_key, 'dedup_key', 190);
    -- every other rule (scope, rights, bounds, brand safety, quotas, hold) is the door's
    return private.start_generation(jsonb_populate_record(null::public.generations, jsonb_build_object(
        'project_id', project_id, 'kind', kind, 'prompt', prompt, 'params', params, 'provider', provider,
        'model', model, 'units', units, 'priority', priority,
        -- the caller's keys live in their own namespace: no caller can take a key the platform
        -- uses (schedule runs, pipelines)
        'dedup_key', 'client:' || dedup_key, 'parent_id', parent_id,
        'scene_id', scene_id, 'script_id', script_id, 'chapter_id', chapter_id, 'moodboard_id', moodboard_id,
        'animation_id', animation_id, 'variant', variant, 'scene_number', scene_number)), caller);
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_story(book_id uuid, options jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    story_book public.books;
    chapter public.chapters;
    book_units numeric;
    root public.generations;
    cast_job public.generations;
    script_job public.generations;
    root_id uuid := gen_random_uuid();
    job jsonb;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    options := coalesce(options, '{}');
    if jsonb_typeof(options) <> 'object' or length(options::text) > 2000 then
        raise exception 'options must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    if exists (select from jsonb_object_keys(options) k where k not in ('provider', 'model', 'priority')) then
        raise exception 'unknown story option "%"',
            (select k from jsonb_object_keys(options) k where k not in ('provider', 'model', 'priority') limit 1)
            using errcode = '22023';
    end if;
    if coalesce(options ->> 'priority', '0') !~ '^-?[0-9]{1,2}$' then
        raise exception 'story option priority must be a number from -10 to 10' using errcode = '22023';
    end if;

    select b.* into story_book from public.books b
    where b.id = request_story.book_id and b.deleted_at is null
      and b.project_id = any(array(select private.editable_project_ids()));
    if story_book.id is null then
        raise exception 'book not found' using errcode = 'PT404';
    end if;
    root := private.earlier_request(story_book.organization_id, dedup_key, 'plot_overview', 'book_id', story_book.id);
    if root.id is not null then
        return root;
    end if;
    select ceil(sum(length(c.content)) / 4000.0) into book_units  -- null: no chapter with text
    from public.chapters c where c.book_id = story_book.id and c.deleted_at is null and c.content ~ '\S';
    if book_units is null then
        raise exception 'book has no chapters with text' using errcode = '22023';
    end if;
    -- fields every job of the story shares
    job := jsonb_build_object('organization_id', story_book.organization_id, 'project_id', story_book.project_id,
                              'book_id', story_book.id, 'provider', options ->> 'provider',
                              'model', options ->> 'model', 'priority', coalesce((options ->> 'priority')::integer, 0));

    root := private.start_generation(jsonb_populate_record(null::public.generations, job || jsonb_build_object(
        'id', root_id, 'kind', 'plot_overview', 'units', book_units, 'dedup_key', 'client:' || dedup_key,
        'metadata', jsonb_build_object('story', story_book.id, 'stage', 'plot_overview'))), caller);
    if root.id <> root_id then  -- a concurrent request with the same key won
        perform private.earlier_request(story_book.organization_id, dedup_key, 'plot_overview', 'book_id',
                                        story_book.id);
        return root;
    end if;
    cast_job := private.start_generation(jsonb_populate_record(null::public.generations, job || jsonb_build_object(
        'parent_id', root.id, 'kind', 'story_characters', 'units', book_units,
        'metadata', jsonb_build_object('story', story_book.id, 'stage', 'story_characters'))), caller);
    perform private.add_input(cast_job.id, 'reference', 0, root.id);
    for chapter in
        select c.* from public.chapters c
        where c.book_id = story_book.id and c.deleted_at is null and c.content ~ '\S'
        order by c.chapter_number, c.created_at
    loop
        script_job := private.start_generation(jsonb_populate_record(null::public.generations, job || jsonb_build_object(
            'parent_id', root.id, 'chapter_id', chapter.id, 'kind', 'chapter_script',
            'units', greatest(1, ceil(length(chapter.content) / 4000.0)),
            'metadata', jsonb_build_object('story', story_book.id, 'stage', 'chapter_script',
                                           'chapter_number', chapter.chapter_number))), caller);
        perform private.add_input(script_job.id, 'reference', 0, root.id);
        perform private.add_input(script_job.id, 'reference', 1, cast_job.id);
    end loop;
    return root;
end
$function$
;

CREATE OR REPLACE FUNCTION public.restore(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if not private.set_deleted(private.soft_delete_table(table_name), row_id, false) then
        raise exception 'no deleted % % to restore (deleted over % ago, or not yours to delete)',
            table_name, row_id, private.soft_delete_retention() using errcode = 'PT404';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.retry_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    old public.generations := private.visible_generation(generation_id, 'editor');
    parent public.generations;
    created public.generations;
begin
    -- the inputs first (they may be finishing right now), then the old row: the locking order
    perform from public.generations i join public.generation_inputs gi on gi.input_generation_id = i.id
    where gi.generation_id = old.id
    order by i.id
    for share of i;
    select g.* into old from public.generations g where g.id = old.id for update;
    if old.metadata ? 'superseded_by' then
        select g.* into created from public.generations g where g.id = (old.metadata ->> 'superseded_by')::uuid;
        return created;
    end if;
    if old.status not in ('failed', 'cancelled') then
        raise exception 'only a failed or cancelled generation can be retried (this one is %)', old.status
            using errcode = 'PT409';
    end if;
    if old.parent_id is not null then
        select g.* into parent from public.generations g where g.id = old.parent_id;
        if parent.status in ('succeeded', 'failed', 'cancelled') or parent.cancel_requested_at is not null then
            raise exception 'its pipeline is %',
                case when parent.cancel_requested_at is not null and parent.status <> 'cancelled' then 'being cancelled'
                     else parent.status end
                using errcode = 'PT409';
        end if;
    end if;
    -- the door checks it all again as for a new request: scope, rights, bounds, brand safety
    created := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'organization_id', old.organization_id, 'project_id', old.project_id, 'parent_id', old.parent_id,
            'kind', old.kind, 'variant', old.variant, 'chapter_id', old.chapter_id, 'book_id', old.book_id,
            'script_id', old.script_id,
            'scene_id', old.scene_id, 'moodboard_id', old.moodboard_id, 'animation_id', old.animation_id,
            'scene_number', old.scene_number, 'prompt', old.prompt, 'params', old.params, 'units', old.units,
            'priority', old.priority, 'provider', old.provider,
            'metadata', old.metadata || jsonb_build_object('retry_of', old.id))),
        caller);
    insert into public.generation_inputs (generation_id, organization_id, role, sequence_order, input_generation_id,
                                          asset_id, asset_url, transform_params)
    select created.id, gi.organization_id, gi.role, gi.sequence_order, gi.input_generation_id, gi.asset_id,
           gi.asset_url, gi.transform_params
    from public.generation_inputs gi where gi.generation_id = old.id
    order by gi.sequence_order, gi.created_at;
    update public.generation_inputs gi set input_generation_id = created.id
    where gi.input_generation_id = old.id and gi.generation_id <> created.id;
    update public.generations g set metadata = g.metadata || jsonb_build_object('superseded_by', created.id),
                                    updated_at = now()
    where g.id = old.id;
    if old.parent_id is not null then
        perform private.refresh_pipeline(old.parent_id, format('%s%s retried', coalesce('scene ' || old.scene_number
                                                                                       || ': ', ''), old.kind));
    end if;
    return created;
end
$function$
;

CREATE OR REPLACE FUNCTION public.reveal_provider_credential(credential_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    box bytea;
begin
    update public.provider_credentials c set usage_count = c.usage_count + 1, last_used_at = now()
    where c.id = reveal_provider_credential.credential_id and c.status = 'active'
      and (c.expires_at is null or c.expires_at > now());
    if not found then
        raise exception 'no active credential %', credential_id using errcode = 'PT404';
    end if;
    select s.secret_box into box from private.provider_secrets s
    where s.credential_id = reveal_provider_credential.credential_id;
    return private.decrypt_secret(box);
end
$function$
;

CREATE OR REPLACE FUNCTION public.review_license_request(request_id uuid, new_status text, note text DEFAULT NULL::text, assign_to uuid DEFAULT NULL::uuid)
 RETURNS public.license_requests
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.license_requests;
begin
    perform private.require_user();
    perform private.require_max_length(note, 5000, 'note');
    select r.* into target from public.license_requests r
    where r.id = review_license_request.request_id
      and r.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'PT404';
    end if;
    if new_status not in ('reviewing', 'negotiating', 'approved', 'rejected') then
        raise exception 'a licensor sets reviewing, negotiating, approved or rejected, not %', new_status
            using errcode = '22023';
    end if;
    if assign_to is not null and not private.is_org_member(target.organization_id, assign_to) then
        raise exception 'the assignee is not a member of the organization' using errcode = '22023';
    end if;
    update public.license_requests r
    set status = new_status, assigned_to = coalesce(assign_to, r.assigned_to)
    where r.id = target.id
    returning * into target;
    if note is not null then
        insert into public.license_request_notes (request_id, organization_id, author_id, note)
        values (target.id, target.organization_id, private.caller_id(), note);
    end if;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_api_key(api_key_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    key_org uuid;
begin
    select k.organization_id into key_org from public.api_keys k where k.id = revoke_api_key.api_key_id;
    if key_org is null or not private.has_org_role(key_org, 'admin', 'api_keys.manage') then
        raise exception 'API key not found' using errcode = 'PT404';
    end if;
    update public.api_keys k set revoked_at = coalesce(k.revoked_at, now()) where k.id = revoke_api_key.api_key_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_film_share(share_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    link private.film_shares;
begin
    update private.film_shares s set revoked_at = coalesce(s.revoked_at, now()), revoked_by = coalesce(s.revoked_by, caller)
    where s.id = revoke_film_share.share_id
      and ((s.created_by = caller and s.organization_id in (select private.my_org_ids()))
           or s.organization_id in (select private.my_org_ids('admin')))
    returning s.* into link;
    if link.id is null then
        raise exception 'share link not found' using errcode = 'PT404';
    end if;
    perform private.record_audit_event(link.organization_id, 'unshare', 'assets', link.asset_id::text,
                                       metadata => jsonb_build_object('share_id', link.id));
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_invitation(invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    select i.* into invitation from public.invitations i where i.id = revoke_invitation.invitation_id for update;
    if invitation.id is null or not private.has_org_role(invitation.organization_id, 'admin') then
        raise exception 'invitation not found' using errcode = 'PT404';
    end if;
    perform private.end_pending_invitation(invitation, 'revoked');
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_project_share_link(project_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if revoke_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'PT404';
    end if;
    delete from private.project_share_tokens s where s.project_id = revoke_project_share_link.project_id;
    if found then
        perform private.record_audit_event(
            (select p.organization_id from public.projects p where p.id = revoke_project_share_link.project_id),
            'unshare', 'projects', revoke_project_share_link.project_id::text);
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.rotate_webhook_secret(webhook_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    hook_org uuid;
    secret text := 'whsec_' || private.random_token();
begin
    select w.organization_id into hook_org from public.webhooks w where w.id = rotate_webhook_secret.webhook_id;
    if hook_org is null or not private.has_org_role(hook_org, 'admin') then
        raise exception 'webhook not found' using errcode = 'PT404';
    end if;
    update private.webhook_secrets s set secret_box = private.encrypt_secret(secret)
    where s.webhook_id = rotate_webhook_secret.webhook_id;
    return secret;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_campaign_status(campaign_id uuid, new_status text)
 RETURNS public.campaigns
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign public.campaigns;
    is_service boolean := not private.is_client_request(directly => false);
    is_reviewer boolean := private.has_platform_role('admin') or private.has_platform_role('moderator');
begin
    if length(new_status) > 20 then
        raise exception 'unknown campaign status' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = set_campaign_status.campaign_id for update;
    if campaign.id is null or (campaign.project_deleted_at is not null and not is_service)
       or not (is_service or is_reviewer or private.has_org_role(campaign.organization_id, 'editor'))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or private.has_org_role(campaign.organization_id, 'editor'))) then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    -- an illegal move (staying put included) is refused before who may make it is asked
    perform private.require_transition('campaigns', campaign.status, new_status);
    if new_status in ('funded', 'failed') then
        raise exception 'a campaign is funded or failed by settle_campaigns at its end date' using errcode = 'PT409';
    end if;
    if (campaign.status, new_status) = ('pending_review', 'active') and not (is_service or is_reviewer) then
        raise exception 'only platform reviewers approve campaigns' using errcode = '42501';
    end if;
    if new_status in ('cancelled', 'completed') and not (is_service or private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'only organization admins cancel or complete a campaign' using errcode = '42501';
    end if;
    if new_status in ('pending_review', 'draft') and not (is_service or is_reviewer
                                                        or private.has_org_role(campaign.organization_id, 'editor')) then
        raise exception 'only the organization''s editors submit or withdraw a campaign' using errcode = '42501';
    end if;
    if new_status = 'pending_review' then
        if campaign.end_date is null then
            raise exception 'a campaign needs an end date before review' using errcode = 'PT409';
        end if;
        if campaign.end_date <= now() then
            raise exception 'the campaign''s end date has passed' using errcode = 'PT409';
        end if;
    end if;
    if new_status = 'active' and campaign.end_date <= now() then
        raise exception 'the campaign''s end date has passed' using errcode = 'PT409';
    end if;
    if new_status = 'completed' and exists (select 1 from public.investments i
                                            where i.campaign_id = campaign.id and i.status = 'pending') then
        raise exception 'the campaign still has pending investments' using errcode = 'PT409';
    end if;
    update public.campaigns c
    set status = new_status,
        submitted_at = case when new_status = 'pending_review' then now() else c.submitted_at end,
        launched_at = case when new_status = 'active' then now() else c.launched_at end,
        start_date = case when new_status = 'active' then greatest(coalesce(c.start_date, now()), now())
                          else c.start_date end,
        is_verified = c.is_verified or new_status = 'active',
        verified_at = case when new_status = 'active' then now() else c.verified_at end,
        completed_at = case when new_status = 'completed' then now() else c.completed_at end,
        cancelled_at = case when new_status = 'cancelled' then now() else c.cancelled_at end
    where c.id = campaign.id
    returning * into campaign;
    if new_status = 'cancelled' then
        perform private.refund_campaign(campaign.id);
        select c.* into campaign from public.campaigns c where c.id = campaign.id;
    end if;
    return campaign;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer := private.require_community_rank(set_community_role.community_id, 'admin');
    membership public.community_members;
begin
    if private.community_role_rank(new_role) = 0 then
        raise exception 'unknown community role %', new_role using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = set_community_role.community_id and m.user_id = set_community_role.user_id
      and m.status = 'active'
    for update;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'PT404';
    end if;
    if membership.user_id = uid or (my_rank < 4 and (private.community_role_rank(membership.role) >= my_rank
                                                     or private.community_role_rank(new_role) >= my_rank)) then
        raise exception 'you can only change roles below your own' using errcode = '42501';
    end if;
    update public.community_members m set role = new_role where m.id = membership.id returning * into membership;
    return membership;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_license_agreement_status(agreement_id uuid, new_status text)
 RETURNS public.license_agreements
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    agreement public.license_agreements;
begin
    perform private.require_user();
    if new_status not in ('pending_signature', 'terminated') then
        raise exception 'a licensor sets pending_signature or terminated, not %', new_status using errcode = '22023';
    end if;
    update public.license_agreements a set status = new_status
    where a.id = set_license_agreement_status.agreement_id
      and a.organization_id = any(array(select private.my_org_ids('admin')))
    returning * into agreement;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'PT404';
    end if;
    perform private.notify(agreement.licensee_user_id, 'license_update',
        jsonb_build_object('status', agreement.status), actor => private.caller_id(),
        reference_type => 'license_agreement', reference_id => agreement.id,
        title => format('Your licence agreement is %s', replace(agreement.status, '_', ' ')));
    return agreement;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_reward_shipping_address(reward_id uuid, address jsonb)
 RETURNS public.investor_rewards
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    result public.investor_rewards;
begin
    if jsonb_typeof(address) is distinct from 'object' or length(address::text) > 2000 then
        raise exception 'address must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    update public.investor_rewards r set shipping_address = address
    where r.id = reward_id and r.user_id = private.require_user() and r.status in ('pending', 'processing')
    returning * into result;
    if result.id is null then
        raise exception 'reward not found' using errcode = 'PT404';
    end if;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.settle_royalty_report(report_id uuid, new_status text, payment_reference text DEFAULT NULL::text)
 RETURNS public.royalty_reports
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    report public.royalty_reports;
begin
    perform private.require_user();
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    select r.* into report from public.royalty_reports r
    where r.id = settle_royalty_report.report_id and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if report.id is null then
        raise exception 'royalty report not found' using errcode = 'PT404';
    end if;
    if report.status = 'paid' then
        raise exception 'a paid royalty report cannot be changed or deleted' using errcode = 'PT409';
    end if;
    -- staying put is refused too: a settlement is a move
    perform private.require_transition('royalty_reports', report.status, new_status);
    update public.royalty_reports r
    set status = new_status,
        paid_at = case when new_status = 'paid' then now() end,
        payment_reference = coalesce(settle_royalty_report.payment_reference, r.payment_reference)
    where r.id = report.id
    returning * into report;
    perform private.notify(report.licensee_user_id, 'license_update',
        jsonb_build_object('status', report.status, 'royalty_amount_cents', report.royalty_amount_cents),
        actor => private.caller_id(), reference_type => 'royalty_report', reference_id => report.id,
        title => format('Royalty report %s to %s: %s', report.period_start, report.period_end, report.status));
    return report;
end
$function$
;

CREATE OR REPLACE FUNCTION public.share_film(asset_id uuid, expires_in interval DEFAULT '7 days'::interval)
 RETURNS TABLE(share_id uuid, token text, expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    film public.assets;
    new_token text := 'film_' || private.random_token();
    live_links integer;
begin
    perform private.require_user();
    if expires_in is null or expires_in < interval '1 minute' or expires_in > interval '30 days' then
        raise exception 'a share link lasts from 1 minute to 30 days, not %', coalesce(expires_in::text, 'null')
            using errcode = '22023';
    end if;
    -- the film's row locked against other shares of it, so that concurrent calls count each other
    select a.* into film from public.assets a
    where a.id = share_film.asset_id and a.deleted_at is null
      and ((a.project_id is null and a.organization_id in (select private.my_org_ids()))
           or a.project_id in (select private.readable_project_ids()))
    for no key update of a;
    if film.id is null then
        raise exception 'film not found' using errcode = 'PT404';
    end if;
    if film.type <> 'video' or film.status <> 'ready' then
        raise exception 'only a ready video can be shared (this asset: %, %)', film.type, film.status
            using errcode = '22023';
    end if;
    -- the caller's membership, locked: a concurrent removal or organization deletion waits
    perform private.require_org_role(film.organization_id, 'editor', 'share films', 'publish');
    select count(*) into live_links from private.film_shares s
    where s.asset_id = film.id and s.revoked_at is null and s.expires_at > now();
    if live_links >= 50 then
        raise exception 'share limit reached: at most 50 live share links per film' using errcode = 'PT429';
    end if;
    insert into private.film_shares as s (asset_id, organization_id, token_hash, created_by, expires_at)
    values (film.id, film.organization_id, private.token_hash(new_token), private.caller_id(), now() + expires_in)
    returning s.id, s.expires_at into share_id, expires_at;
    perform private.record_audit_event(film.organization_id, 'share', 'assets', film.id::text,
                                       metadata => jsonb_build_object('share_id', share_id, 'expires_at', expires_at));
    token := new_token;
    return next;
end
$function$
;

CREATE OR REPLACE FUNCTION public.sign_license_agreement(agreement_id uuid)
 RETURNS public.license_agreements
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    agreement public.license_agreements;
begin
    select a.* into agreement from public.license_agreements a
    where a.id = sign_license_agreement.agreement_id and a.licensee_user_id = private.require_user()
    for update;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'PT404';
    end if;
    if agreement.status <> 'pending_signature' then
        raise exception 'only an agreement sent for signature can be signed (this one is %)', agreement.status
            using errcode = 'PT409';
    end if;
    update public.license_agreements a set status = 'active' where a.id = agreement.id returning * into agreement;
    return agreement;
end
$function$
;

CREATE OR REPLACE FUNCTION public.soft_delete(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if not private.set_deleted(private.soft_delete_table(table_name), row_id, true) then
        raise exception '% % not found', table_name, row_id using errcode = 'PT404';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.start_workflow_run(workflow_version_id uuid, inputs jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text)
 RETURNS public.workflow_runs
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    published public.workflow_versions;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    if inputs is not null and length(inputs::text) > 100000 then
        raise exception 'inputs must be at most 100000 characters' using errcode = '22023';
    end if;
    select v.* into published from public.workflow_versions v
    join public.workflows w on w.id = v.workflow_id and w.deleted_at is null
    where v.id = workflow_version_id and v.project_id = any(array(select private.editable_project_ids()));
    if published.id is null then
        raise exception 'workflow version not found' using errcode = 'PT404';
    end if;
    return private.start_workflow_run(published, inputs, caller, 'client:' || dedup_key, null);
end
$function$
;

CREATE OR REPLACE FUNCTION public.update_order_status(order_id uuid, new_status text, tracking_number text DEFAULT NULL::text, internal_notes text DEFAULT NULL::text)
 RETURNS public.orders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.orders;
begin
    perform private.require_user();
    perform private.require_max_length(tracking_number, 255, 'tracking_number');
    perform private.require_max_length(internal_notes, 2000, 'internal_notes');
    select o.* into target from public.orders o
    where o.id = update_order_status.order_id and o.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'PT404';
    end if;
    if new_status not in ('processing', 'shipped', 'delivered') then
        raise exception 'status % is not set by hand: payments confirm and refund orders, cancel_order cancels',
            new_status using errcode = '22023';
    end if;
    update public.orders o
    set status = new_status,
        tracking_number = coalesce(update_order_status.tracking_number, o.tracking_number),
        internal_notes = coalesce(update_order_status.internal_notes, o.internal_notes)
    where o.id = target.id
    returning * into target;
    update public.order_items i set fulfilled_quantity = i.quantity
    where i.order_id = target.id and new_status = 'delivered';
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb DEFAULT '{}'::jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    perform private.require_user();
    if pg_column_size(variable_values) > 65536 then
        raise exception 'prompt variables are limited to 64 KiB' using errcode = '22023';
    end if;
    -- what prompts_select shows the caller: this function reads as its owner
    select p.* into prompt from public.prompts p
    where p.id = use_prompt.prompt_id and p.deleted_at is null
      and (p.is_public or p.organization_id = any(array(select private.my_org_ids())));
    if prompt.id is null then
        raise exception 'prompt % not found', prompt_id using errcode = 'PT404';
    end if;
    rendered := prompt.content;
    for variable_name in select distinct m[1] from regexp_matches(prompt.content, '\{\{\s*(\w+)\s*\}\}', 'g') m loop
        if variable_values ? variable_name then
            rendered := regexp_replace(rendered, '\{\{\s*' || variable_name || '\s*\}\}',
                                       replace(variable_values ->> variable_name, '\', '\\'), 'g');
        else
            missing := missing || variable_name;
        end if;
        if length(rendered) > 100000 then
            raise exception 'a rendered prompt is limited to 100000 characters' using errcode = '22023';
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    -- counts once per user and day (prompt_uses_once_a_day_idx)
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, private.caller_id())
    on conflict do nothing;
    return rendered;
end
$function$
;

CREATE OR REPLACE FUNCTION public.withdraw_license_request(request_id uuid)
 RETURNS public.license_requests
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.license_requests;
begin
    update public.license_requests r set status = 'withdrawn'
    where r.id = withdraw_license_request.request_id and r.requester_user_id = private.require_user()
    returning * into target;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'PT404';
    end if;
    return target;
end
$function$
;
