-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.bump_daily_stats(content_id uuid, day date, viewers integer, likes integer, completions integer)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    insert into public.content_daily_stats as s (content_id, day, viewers, likes, completions)
    values (bump_daily_stats.content_id, bump_daily_stats.day, bump_daily_stats.viewers, bump_daily_stats.likes,
            bump_daily_stats.completions)
    on conflict on constraint content_daily_stats_pkey do update
    set viewers = s.viewers + excluded.viewers, likes = s.likes + excluded.likes,
        completions = s.completions + excluded.completions
$function$
;

CREATE OR REPLACE FUNCTION private.called_by_client()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select coalesce(current_setting('role', true), 'none') in ('anon', 'authenticated')
$function$
;

CREATE OR REPLACE FUNCTION private.campaign_child_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    parent public.campaigns := private.visible_campaign(new.campaign_id);
begin
    if parent.id is null then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if tg_table_name = 'campaign_updates' and private.is_client_request() then
        new.author_id := auth.uid();
    end if;
    if tg_table_name = 'investment_tiers' then
        if parent.status not in ('draft', 'pending_review') then
            raise exception 'tiers cannot be added once the campaign has launched' using errcode = '55000';
        end if;
        if private.is_client_request() then
            new.sold_quantity := 0;
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.campaign_status_allowed(from_status text, to_status text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select (from_status, to_status) in (
        ('draft', 'pending_review'), ('pending_review', 'draft'), ('pending_review', 'active'),
        ('active', 'funded'), ('active', 'failed'), ('funded', 'completed'), ('failed', 'completed'),
        ('draft', 'cancelled'), ('pending_review', 'cancelled'), ('active', 'cancelled')
    )
$function$
;

CREATE OR REPLACE FUNCTION private.campaigns_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.live_project_organization(new.project_id);
        -- another organization's project answers as one that does not exist: no oracle
        if new.organization_id is null
           or (private.is_client_request() and not private.has_org_role(new.organization_id, 'editor')) then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := auth.uid();
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

CREATE OR REPLACE FUNCTION private.can_watch(content_id uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select exists (
        select 1 from public.contents c
        where c.id = can_watch.content_id and c.project_deleted_at is null
          and ((c.status = 'published' and c.visibility_rank <= private.my_watch_rank())
               or c.organization_id = any(array(select private.my_org_ids())))
    )
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
    -- lock order everywhere: campaign, then investment, then tier
    select c.status into campaign_status from public.campaigns c
    where c.id = (select i.campaign_id from public.investments i
                  where i.id = private.stripe_investment_id(payment_intent))
    for update;
    select i.* into target from public.investments i
    where i.id = private.stripe_investment_id(payment_intent) for update;
    if target.id is null then
        return 'ignored: no such investment';
    end if;
    if (payment_intent ->> 'amount_received')::bigint is distinct from target.amount_cents
       or lower(payment_intent ->> 'currency') is distinct from target.currency then
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
        exception when object_not_in_prerequisite_state then
            owed := 'tier sold out'; -- the hold had expired and the tier sold out meanwhile
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

CREATE OR REPLACE FUNCTION private.content_episode_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    parent public.content_seasons;
begin
    select s.* into parent from public.content_seasons s where s.id = new.season_id;
    if parent.id is null then
        raise exception 'season not found' using errcode = 'P0002';
    end if;
    new.content_id := parent.content_id;
    new.season_number := parent.season_number;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if private.is_client_request() then
        new.view_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.content_like_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.user_id := auth.uid();
        new.created_at := now();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.content_rating_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        if private.is_client_request() then
            new.user_id := auth.uid();
        end if;
        if not private.can_watch(new.content_id) and private.is_client_request() then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.content_season_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    parent public.contents;
begin
    select c.* into parent from public.contents c where c.id = new.content_id;
    if parent.id is null then
        raise exception 'content not found' using errcode = 'P0002';
    end if;
    if parent.type <> 'series' then
        raise exception 'only a series has seasons' using errcode = '22023';
    end if;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if private.is_client_request() then
        new.episode_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.content_status_allowed(from_status text, to_status text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select (from_status, to_status) in (
        ('draft', 'processing'), ('draft', 'published'), ('processing', 'draft'), ('processing', 'published'),
        ('published', 'archived'), ('archived', 'published')
    )
$function$
;

CREATE OR REPLACE FUNCTION private.contents_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.live_project_organization(new.project_id);
        -- another organization's project answers as one that does not exist: no oracle
        if new.organization_id is null
           or (private.is_client_request() and not private.has_org_role(new.organization_id, 'editor')) then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := auth.uid();
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

CREATE OR REPLACE FUNCTION private.count_campaign_update()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        update public.campaigns c set update_count = c.update_count + 1 where c.id = new.campaign_id;
    else
        update public.campaigns c set update_count = c.update_count - 1 where c.id = old.campaign_id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_completion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.completed and (tg_op = 'INSERT' or not old.completed) then
        -- the content row first, as every counter does: one lock order, no deadlocks
        update public.contents c set completion_count = c.completion_count + 1 where c.id = new.content_id;
        perform private.bump_daily_stats(new.content_id, (new.completed_at at time zone 'UTC')::date, 0, 0, 1);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_content_like()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    delta integer := case tg_op when 'INSERT' then 1 else -1 end;
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    update public.contents c set like_count = c.like_count + delta where c.id = changed.content_id;
    perform private.bump_daily_stats(changed.content_id, (now() at time zone 'UTC')::date, 0, delta, 0);
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_content_rating()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        update public.contents c set rating_sum = c.rating_sum + new.rating, rating_count = c.rating_count + 1
        where c.id = new.content_id;
    elsif tg_op = 'DELETE' then
        update public.contents c set rating_sum = c.rating_sum - old.rating, rating_count = c.rating_count - 1
        where c.id = old.content_id;
    elsif new.rating <> old.rating then
        update public.contents c set rating_sum = c.rating_sum - old.rating + new.rating where c.id = new.content_id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_content_view()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.episode_id is null then
        update public.contents c set view_count = c.view_count + 1 where c.id = new.content_id;
        perform private.bump_daily_stats(new.content_id, new.viewed_on, 1, 0, 0);
    else
        update public.content_episodes e set view_count = e.view_count + 1 where e.id = new.episode_id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_seasons_and_episodes()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    delta integer := case tg_op when 'INSERT' then 1 else -1 end;
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    if tg_table_name = 'content_seasons' then
        update public.contents c set season_count = c.season_count + delta where c.id = changed.content_id;
    else
        update public.contents c set episode_count = c.episode_count + delta where c.id = changed.content_id;
        update public.content_seasons s set episode_count = s.episode_count + delta where s.id = changed.season_id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.fail_investment_payment(payment_intent jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.investments i set payment_status = 'failed', status = 'cancelled', cancelled_at = now()
    where i.id = private.stripe_investment_id(payment_intent) and i.status = 'pending';
    return case when found then 'applied' else 'ignored: no pending investment' end;
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
    if tg_op = 'UPDATE' and new.status <> old.status
       and not private.investment_status_allowed(old.status, new.status) then
        raise exception 'investment cannot move from % to %', old.status, new.status using errcode = '55000';
    end if;
    if new.tier_id is not null and held_now <> held_before then
        if held_now then
            update public.investment_tiers t set sold_quantity = t.sold_quantity + 1
            where t.id = new.tier_id and (t.limit_quantity is null or t.sold_quantity < t.limit_quantity)
            returning t.* into tier;
            if tier.id is null then
                raise exception 'tier "%" is sold out',
                    (select t.name from public.investment_tiers t where t.id = new.tier_id)
                    using errcode = '55000';
            end if;
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

CREATE OR REPLACE FUNCTION private.investment_status_allowed(from_status text, to_status text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select (from_status, to_status) in (
        ('pending', 'confirmed'), ('pending', 'cancelled'), ('confirmed', 'refunded'), ('cancelled', 'confirmed'),
        ('pending', 'refunded'), ('cancelled', 'refunded')
    )
$function$
;

CREATE OR REPLACE FUNCTION private.live_project_organization(project_id uuid)
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.organization_id from public.projects p where p.id = live_project_organization.project_id
    and p.deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.my_backed_campaign_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select distinct i.campaign_id from public.investments i
    where i.user_id = (select auth.uid()) and i.status = 'confirmed'
$function$
;

CREATE OR REPLACE FUNCTION private.my_invested_campaign_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select distinct i.campaign_id from public.investments i where i.user_id = (select auth.uid())
$function$
;

CREATE OR REPLACE FUNCTION private.my_watch_rank()
 RETURNS smallint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select coalesce(max(case p.watch_tier when 'premium' then 2 when 'subscribers' then 1 else 0 end), 0)::smallint
    from public.organization_members m
    join public.organizations o on o.id = m.organization_id and o.deleted_at is null
    join public.subscriptions s on s.organization_id = m.organization_id and s.status in ('active', 'trialing')
    join public.plans p on p.id = s.plan_id
    where m.user_id = (select auth.uid())
$function$
;

CREATE OR REPLACE FUNCTION private.recent_content_stats(since date)
 RETURNS TABLE(content_id uuid, viewers bigint, likes bigint, completions bigint)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select s.content_id, sum(s.viewers)::bigint, sum(s.likes)::bigint, sum(s.completions)::bigint
    from public.content_daily_stats s
    where s.day >= since
    group by s.content_id
$function$
;

CREATE OR REPLACE FUNCTION private.refund_campaign(campaign_id uuid)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    refunded integer;
begin
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.campaign_id = refund_campaign.campaign_id and i.status = 'pending';
    update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
    where i.campaign_id = refund_campaign.campaign_id and i.status = 'confirmed';
    get diagnostics refunded = row_count;
    return refunded;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refund_investment_payment(charge jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.investments;
begin
    select i.* into target from public.investments i where i.payment_reference = charge ->> 'payment_intent';
    if target.id is null then
        select i.* into target from public.investments i where i.id = private.stripe_investment_id(charge);
    end if;
    if target.id is null then
        return null;
    end if;
    -- lock order everywhere: campaign, then investment, then tier
    perform 1 from public.campaigns c where c.id = target.campaign_id for update;
    select i.* into target from public.investments i where i.id = target.id for update;
    if target.id is null then
        return null;
    end if;
    if (charge ->> 'amount_refunded')::bigint < target.amount_cents then
        return 'ignored: partial refund of an investment';
    end if;
    update public.investments i
    set status = 'refunded', payment_status = 'refunded', refunded_at = coalesce(i.refunded_at, now())
    where i.id = target.id;
    return 'applied';
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_investment_id(stripe_object jsonb)
 RETURNS uuid
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select case when stripe_object -> 'metadata' ->> 'investment_id'
                     ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then (stripe_object -> 'metadata' ->> 'investment_id')::uuid end
$function$
;

CREATE OR REPLACE FUNCTION private.sync_project_deletion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.contents c set project_deleted_at = new.deleted_at
    where c.project_id = new.id and c.project_deleted_at is distinct from new.deleted_at;
    update public.campaigns c set project_deleted_at = new.deleted_at
    where c.project_id = new.id and c.project_deleted_at is distinct from new.deleted_at;
    return null;
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
        raise exception 'a tier with investments, or of a launched campaign, cannot be deleted' using errcode = '55000';
    end if;
    if (new.min_amount_cents, new.max_amount_cents, new.revenue_share_percent, new.equity_percent, new.reward_items)
       is distinct from (old.min_amount_cents, old.max_amount_cents, old.revenue_share_percent, old.equity_percent,
                         old.reward_items)
       or new.limit_quantity < old.limit_quantity
       or (old.limit_quantity is null and new.limit_quantity is not null) then
        raise exception 'a launched tier''s amounts, revenue share, rewards and limit (except raising it) are fixed'
            using errcode = '55000';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.visible_campaign(campaign_id uuid)
 RETURNS public.campaigns
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select c.* from public.campaigns c
    where c.id = visible_campaign.campaign_id
      and (c.project_deleted_at is null or not private.called_by_client())
      and (c.status in ('active', 'funded', 'failed', 'completed')
           or not private.called_by_client()
           or c.organization_id = any(array(select private.my_org_ids()))
           or c.id = any(array(select private.my_invested_campaign_ids())))
$function$
;

CREATE OR REPLACE FUNCTION private.watchlist_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.user_id := auth.uid();
        new.added_at := now();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
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
        raise exception 'campaign not found' using errcode = 'P0002';
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
        raise exception 'investment not found' using errcode = 'P0002';
    end if;
    if result.status <> 'pending' then
        raise exception 'only a pending investment can be cancelled (this one is %)', result.status
            using errcode = '55000';
    end if;
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.id = result.id returning * into result;
    return result;
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
    if campaign.id is null or (campaign.project_deleted_at is not null and private.called_by_client())
       or (private.called_by_client() and not private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if campaign.status not in ('funded', 'completed') then
        raise exception 'only a funded or completed campaign distributes revenue (this one is %)', campaign.status
            using errcode = '55000';
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
    values (campaign.id, campaign.organization_id, campaign.project_id, auth.uid(), period_start, period_end,
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

CREATE OR REPLACE FUNCTION public.expire_investment_holds()
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with expired as (
        update public.investments i set status = 'cancelled', cancelled_at = now()
        where i.status = 'pending' and i.expires_at < now() and i.payment_status in ('pending', 'failed')
        returning 1
    )
    select count(*)::integer from expired
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
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if campaign.status <> 'active' then
        raise exception 'campaign is not accepting investments (it is %)', campaign.status using errcode = '55000';
    end if;
    if now() < campaign.start_date or now() >= campaign.end_date then
        raise exception 'campaign is open from % to %', campaign.start_date, campaign.end_date using errcode = '55000';
    end if;
    if invest.tier_id is not null then
        select t.* into tier from public.investment_tiers t where t.id = invest.tier_id and t.campaign_id = campaign.id;
        if tier.id is null then
            raise exception 'tier not found' using errcode = 'P0002';
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

CREATE OR REPLACE FUNCTION public.mark_payout_paid(payout_id uuid, payment_reference text, payment_method text DEFAULT 'bank_transfer'::text)
 RETURNS public.investor_payouts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    result public.investor_payouts;
begin
    if length(payment_reference) > 255 or length(payment_method) > 50 then
        raise exception 'payment_reference is at most 255 characters, payment_method 50' using errcode = '22023';
    end if;
    select p.* into result from public.investor_payouts p where p.id = payout_id for update;
    if result.id is null then
        raise exception 'payout not found' using errcode = 'P0002';
    end if;
    if result.status = 'completed' then
        raise exception 'payout already paid (%)', result.payment_reference using errcode = '55000';
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
        raise exception 'content not found' using errcode = 'P0002';
    end if;
    select c.* into item from public.contents c where c.id = record_watch_progress.content_id;
    if record_watch_progress.episode_id is not null then
        select e.* into episode from public.content_episodes e
        where e.id = record_watch_progress.episode_id and e.content_id = item.id;
        if episode.id is null then
            raise exception 'episode not found' using errcode = 'P0002';
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

CREATE OR REPLACE FUNCTION public.set_campaign_status(campaign_id uuid, new_status text)
 RETURNS public.campaigns
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign public.campaigns;
    is_service boolean := not private.called_by_client();
    is_reviewer boolean := private.has_platform_role('admin') or private.has_platform_role('moderator');
begin
    if length(new_status) > 20 then
        raise exception 'unknown campaign status' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = set_campaign_status.campaign_id for update;
    if campaign.id is null or (campaign.project_deleted_at is not null and not is_service)
       or not (is_service or is_reviewer or campaign.organization_id = any(array(select private.my_org_ids('editor'))))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or campaign.organization_id = any(array(select private.my_org_ids('editor'))))) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    if not private.campaign_status_allowed(campaign.status, new_status) then
        raise exception 'campaign cannot move from % to %', campaign.status, new_status using errcode = '55000';
    end if;
    if new_status in ('funded', 'failed') then
        raise exception 'a campaign is funded or failed by settle_campaigns at its end date' using errcode = '55000';
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
            raise exception 'a campaign needs an end date before review' using errcode = '55000';
        end if;
        if campaign.end_date <= now() then
            raise exception 'the campaign''s end date has passed' using errcode = '55000';
        end if;
    end if;
    if new_status = 'active' and campaign.end_date <= now() then
        raise exception 'the campaign''s end date has passed' using errcode = '55000';
    end if;
    if new_status = 'completed' and exists (select 1 from public.investments i
                                            where i.campaign_id = campaign.id and i.status = 'pending') then
        raise exception 'the campaign still has pending investments' using errcode = '55000';
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
        raise exception 'reward not found' using errcode = 'P0002';
    end if;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.settle_campaigns(as_of timestamp with time zone DEFAULT now())
 RETURNS TABLE(campaign_id uuid, outcome text, refunded_investments integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign public.campaigns;
    result text;
    refunds integer;
begin
    for campaign in
        select c.* from public.campaigns c where c.status = 'active' and c.end_date <= as_of
        order by c.end_date for update skip locked
    loop
        if campaign.raised_amount_cents >= campaign.goal_amount_cents
           or (campaign.funding_type = 'flexible' and campaign.raised_amount_cents > 0) then
            result := 'funded';
        else
            result := 'failed';
        end if;
        update public.campaigns c
        set status = result,
            funded_at = case when result = 'funded' then now() end,
            failed_at = case when result = 'failed' then now() end
        where c.id = campaign.id;
        refunds := 0;
        if result = 'failed' then
            refunds := private.refund_campaign(campaign.id);
        end if;
        campaign_id := campaign.id;
        outcome := result;
        refunded_investments := refunds;
        return next;
    end loop;
end
$function$
;

CREATE OR REPLACE FUNCTION public.stripe_apply_event(event jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    event_at timestamptz := private.unix_time(event -> 'created');
    stripe_object jsonb := event -> 'data' -> 'object';
    result text;
begin
    if event ->> 'id' is null or event ->> 'type' is null or event_at is null or stripe_object is null then
        raise exception 'not a Stripe event: id, type, created and data.object are required' using errcode = '22023';
    end if;
    insert into private.stripe_events (id, type, stripe_created_at, payload)
    values (event ->> 'id', event ->> 'type', event_at, event)
    on conflict (id) do nothing;
    if not found then
        return 'duplicate';
    end if;
    result := case
        when event ->> 'type' in ('customer.subscription.created', 'customer.subscription.updated',
                                  'customer.subscription.deleted')
            then private.stripe_apply_subscription(event ->> 'type', event_at, stripe_object)
        when event ->> 'type' in ('invoice.paid', 'invoice.payment_failed', 'invoice.finalized', 'invoice.voided')
            then private.stripe_apply_invoice(event ->> 'type', event_at, stripe_object)
        when event ->> 'type' = 'checkout.session.completed' then private.stripe_apply_checkout(stripe_object)
        -- Invest (supabase/functions/invest.sql): a PaymentIntent with metadata.investment_id
        -- confirms or fails its investment; a full refund of its charge reverses it
        when event ->> 'type' = 'payment_intent.succeeded' and stripe_object -> 'metadata' ? 'investment_id'
            then private.confirm_investment_payment(stripe_object)
        when event ->> 'type' = 'payment_intent.payment_failed' and stripe_object -> 'metadata' ? 'investment_id'
            then private.fail_investment_payment(stripe_object)
        when event ->> 'type' = 'charge.refunded'
            then coalesce(private.refund_investment_payment(stripe_object), private.stripe_apply_refund(stripe_object))
        else 'ignored: event type not handled'
    end;
    update private.stripe_events e set outcome = result where e.id = event ->> 'id';
    return result;
end
$function$
;

COMMENT ON FUNCTION "public"."record_watch_progress" IS 'Upsert the caller''s position in a film or episode; completed at 90 % of the duration; one view per viewer and UTC day.';

create or replace view "analytics"."campaign_funding_funnel" as  WITH pledges AS (
         SELECT i.campaign_id,
            count(*) AS started,
            count(*) FILTER (WHERE i.confirmed_at IS NOT NULL) AS ever_confirmed,
            count(*) FILTER (WHERE i.status = 'confirmed'::text) AS confirmed,
            count(*) FILTER (WHERE i.status = 'refunded'::text) AS refunded,
            count(*) FILTER (WHERE i.status = 'cancelled'::text) AS cancelled,
            count(*) FILTER (WHERE i.status = 'pending'::text) AS pending
           FROM public.investments i
          GROUP BY i.campaign_id
        )
 SELECT c.id AS campaign_id,
    c.organization_id,
    c.project_id,
    c.title AS campaign_title,
    c.status,
    c.funding_type,
    c.currency,
    c.goal_amount_cents,
    c.raised_amount_cents,
    round(100.0 * c.raised_amount_cents::numeric / c.goal_amount_cents::numeric, 2) AS percent_funded,
    c.backer_count AS backers,
    COALESCE(p.started, 0::bigint) AS investments_started,
    COALESCE(p.confirmed, 0::bigint) AS investments_confirmed,
    COALESCE(p.refunded, 0::bigint) AS investments_refunded,
    COALESCE(p.cancelled, 0::bigint) AS investments_cancelled,
    COALESCE(p.pending, 0::bigint) AS investments_pending,
    round(p.ever_confirmed::numeric / NULLIF(p.started, 0)::numeric, 4) AS pledge_conversion_rate,
    c.launched_at,
    c.end_date,
    c.goal_reached_at,
    c.goal_reached_at - c.launched_at AS time_to_goal,
    round(EXTRACT(epoch FROM c.goal_reached_at - c.launched_at) / 86400::numeric, 2) AS days_to_goal
   FROM public.campaigns c
     LEFT JOIN pledges p ON p.campaign_id = c.id;


create or replace view "analytics"."campaign_status_funnel" as  SELECT c.organization_id,
    s.stage,
    s.stage_order,
    count(*) FILTER (WHERE s.reached) AS campaigns,
    percentile_cont(0.5::double precision) WITHIN GROUP (ORDER BY ((EXTRACT(epoch FROM c.goal_reached_at - c.launched_at) / 86400::numeric)::double precision)) FILTER (WHERE s.reached AND c.goal_reached_at IS NOT NULL) AS median_days_to_goal
   FROM public.campaigns c
     CROSS JOIN LATERAL ( VALUES ('created'::text,1,true), ('submitted'::text,2,c.submitted_at IS NOT NULL), ('launched'::text,3,c.launched_at IS NOT NULL), ('goal_reached'::text,4,c.goal_reached_at IS NOT NULL), ('funded'::text,5,c.funded_at IS NOT NULL), ('failed'::text,6,c.failed_at IS NOT NULL), ('completed'::text,7,c.completed_at IS NOT NULL), ('cancelled'::text,8,c.cancelled_at IS NOT NULL)) s(stage, stage_order, reached)
  GROUP BY c.organization_id, s.stage, s.stage_order;


create or replace view "analytics"."content_engagement" as  WITH per_content AS (
         SELECT h.content_id,
            count(DISTINCT h.user_id) AS viewers,
            count(*) AS started,
            count(*) FILTER (WHERE h.completed) AS completed
           FROM public.watch_history h
          GROUP BY h.content_id
        )
 SELECT c.project_id,
    p.title AS project_title,
    COALESCE(c.genre, 'unknown'::text) AS genre,
    count(*) AS contents,
    count(*) FILTER (WHERE c.status = 'published'::text) AS published,
    sum(c.view_count)::bigint AS views,
    COALESCE(sum(pc.viewers), 0::numeric)::bigint AS viewers,
    COALESCE(sum(pc.started), 0::numeric)::bigint AS started,
    COALESCE(sum(pc.completed), 0::numeric)::bigint AS completed,
    round(sum(pc.completed) / NULLIF(sum(pc.started), 0::numeric), 4) AS completion_rate,
    sum(c.like_count)::bigint AS likes,
    sum(c.rating_count) AS ratings,
    round(sum(c.rating_sum) / NULLIF(sum(c.rating_count), 0)::numeric, 2) AS average_rating
   FROM public.contents c
     JOIN public.projects p ON p.id = c.project_id
     LEFT JOIN per_content pc ON pc.content_id = c.id
  GROUP BY c.project_id, p.title, (COALESCE(c.genre, 'unknown'::text));


create or replace view "public"."content_matches" with (security_invoker=true) as  WITH watched AS (
         SELECT DISTINCT h.content_id
           FROM public.watch_history h
          WHERE h.user_id = (( SELECT auth.uid() AS uid))
        ), taste AS (
         SELECT extensions.avg(c_1.embedding) AS embedding
           FROM watched w
             JOIN public.contents c_1 ON c_1.id = w.content_id
          WHERE c_1.embedding IS NOT NULL
        )
 SELECT c.id AS content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    GREATEST(0::double precision, round(100::double precision * (1::double precision - (c.embedding OPERATOR(extensions.<=>) t.embedding))))::integer AS match_score,
    (c.id IN ( SELECT w.content_id
           FROM watched w)) AS watched
   FROM public.contents c
     CROSS JOIN taste t
  WHERE c.status = 'published'::text AND c.embedding IS NOT NULL AND t.embedding IS NOT NULL;


create or replace view "public"."continue_watching" with (security_invoker=true) as  SELECT content_id,
    episode_id,
    title,
    type,
    poster_url,
    season_number,
    episode_number,
    episode_title,
    progress_seconds,
    duration_seconds,
    progress_percent,
    completed,
    watched_at
   FROM ( SELECT DISTINCT ON (h.content_id) h.content_id,
            h.episode_id,
            c.title,
            c.type,
            c.poster_url,
            e.season_number,
            e.episode_number,
            e.title AS episode_title,
            h.progress_seconds,
            h.duration_seconds,
            h.progress_percent,
            h.completed,
            h.watched_at
           FROM public.watch_history h
             JOIN public.contents c ON c.id = h.content_id
             LEFT JOIN public.content_episodes e ON e.id = h.episode_id
          WHERE h.user_id = (( SELECT auth.uid() AS uid))
          ORDER BY h.content_id, h.watched_at DESC) latest
  WHERE NOT completed AND progress_seconds > 0
  ORDER BY watched_at DESC;


create or replace view "public"."trending_contents" with (security_invoker=true) as  WITH recent AS (
         SELECT recent_content_stats.content_id,
            recent_content_stats.viewers,
            recent_content_stats.likes,
            recent_content_stats.completions
           FROM private.recent_content_stats((now() AT TIME ZONE 'UTC'::text)::date - 6) recent_content_stats(content_id, viewers, likes, completions)
        )
 SELECT c.id AS content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    c.thumbnail_url,
    c.average_rating,
    COALESCE(r.viewers, 0::bigint) AS viewers_7d,
    COALESCE(r.likes, 0::bigint) AS likes_7d,
    COALESCE(r.completions, 0::bigint) AS completions_7d,
    COALESCE(r.viewers + 2 * r.likes + 3 * r.completions, 0::bigint) AS trending_score,
    rank() OVER (ORDER BY (COALESCE(r.viewers + 2 * r.likes + 3 * r.completions, 0::bigint)) DESC) AS trending_rank
   FROM public.contents c
     LEFT JOIN recent r ON r.content_id = c.id
  WHERE c.status = 'published'::text;


CREATE TRIGGER campaign_child_scope BEFORE INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.campaign_child_scope();

CREATE TRIGGER count_campaign_update AFTER INSERT OR DELETE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.count_campaign_update();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'campaign_id', 'organization_id', 'project_id', 'author_id', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'project_id', 'organization_id', 'created_by', 'status', 'raised_amount_cents', 'backer_count', 'update_count', 'is_verified', 'verified_at', 'created_at', 'submitted_at', 'launched_at', 'goal_reached_at', 'funded_at', 'failed_at', 'completed_at', 'cancelled_at', 'project_deleted_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER write_rules BEFORE INSERT OR UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.campaigns_before_write();

CREATE TRIGGER content_episode_scope BEFORE INSERT ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.content_episode_scope();

CREATE TRIGGER count_episodes AFTER INSERT OR DELETE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.count_seasons_and_episodes();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'season_id', 'content_id', 'organization_id', 'project_id', 'season_number', 'view_count', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER content_like_before_insert BEFORE INSERT ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.content_like_before_insert();

CREATE TRIGGER count_content_like AFTER INSERT OR DELETE ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.count_content_like();

CREATE TRIGGER content_rating_before_write BEFORE INSERT ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.content_rating_before_write();

CREATE TRIGGER count_content_rating AFTER INSERT OR DELETE OR UPDATE OF rating ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.count_content_rating();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'user_id', 'content_id', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER content_season_scope BEFORE INSERT ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.content_season_scope();

CREATE TRIGGER count_seasons AFTER INSERT OR DELETE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.count_seasons_and_episodes();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'content_id', 'organization_id', 'project_id', 'season_number', 'episode_count', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_content_view AFTER INSERT ON public.content_views FOR EACH ROW EXECUTE FUNCTION private.count_content_view();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'project_id', 'organization_id', 'created_by', 'view_count', 'like_count', 'completion_count', 'rating_sum', 'rating_count', 'season_count', 'episode_count', 'embedding', 'embedding_model', 'published_at', 'project_deleted_at', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER write_rules BEFORE INSERT OR UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.contents_before_write();

CREATE TRIGGER campaign_child_scope BEFORE INSERT ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.campaign_child_scope();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'campaign_id', 'organization_id', 'project_id', 'sold_quantity', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER tier_before_change BEFORE DELETE OR UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.tier_before_change();

CREATE TRIGGER investment_accounting AFTER INSERT OR UPDATE OF status ON public.investments FOR EACH ROW EXECUTE FUNCTION private.investment_accounting();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investments FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investor_payouts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.investor_rewards FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'investment_id', 'campaign_id', 'organization_id', 'user_id', 'tier_id', 'reward_type', 'shipping_address');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investor_rewards FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER sync_marketplace_deletion AFTER UPDATE OF deleted_at ON public.projects FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.sync_project_deletion();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.revenue_distributions FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_completion AFTER INSERT OR UPDATE OF completed ON public.watch_history FOR EACH ROW EXECUTE FUNCTION private.count_completion();

CREATE TRIGGER watchlist_before_insert BEFORE INSERT ON public.watchlists FOR EACH ROW EXECUTE FUNCTION private.watchlist_before_insert();

drop policy if exists "campaign_updates_select" on "public"."campaign_updates";

create policy "campaign_updates_select"
on "public"."campaign_updates"
as permissive
for select
to anon, authenticated
using (((EXISTS ( SELECT 1
   FROM public.campaigns c
  WHERE (c.id = campaign_updates.campaign_id))) AND ((visibility = 'public'::text) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (campaign_id = ANY (ARRAY( SELECT private.my_backed_campaign_ids() AS my_backed_campaign_ids))))));


drop policy if exists "campaign_updates_write" on "public"."campaign_updates";

create policy "campaign_updates_write"
on "public"."campaign_updates"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "campaigns_delete" on "public"."campaigns";

create policy "campaigns_delete"
on "public"."campaigns"
as permissive
for delete
to authenticated
using (((status = 'draft'::text) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "campaigns_insert" on "public"."campaigns";

create policy "campaigns_insert"
on "public"."campaigns"
as permissive
for insert
to authenticated
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "campaigns_select" on "public"."campaigns";

create policy "campaigns_select"
on "public"."campaigns"
as permissive
for select
to anon, authenticated
using (((project_deleted_at IS NULL) AND ((status = ANY (ARRAY['active'::text, 'funded'::text, 'failed'::text, 'completed'::text])) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (id = ANY (ARRAY( SELECT private.my_invested_campaign_ids() AS my_invested_campaign_ids))))));


drop policy if exists "campaigns_update" on "public"."campaigns";

create policy "campaigns_update"
on "public"."campaigns"
as permissive
for update
to authenticated
using (((project_deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "content_categories_select" on "public"."content_categories";

create policy "content_categories_select"
on "public"."content_categories"
as permissive
for select
to anon, authenticated
using (is_active);


drop policy if exists "content_category_items_select" on "public"."content_category_items";

create policy "content_category_items_select"
on "public"."content_category_items"
as permissive
for select
to anon, authenticated
using ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_category_items.content_id))));


drop policy if exists "content_category_items_write" on "public"."content_category_items";

create policy "content_category_items_write"
on "public"."content_category_items"
as permissive
for all
to authenticated
using ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE ((c.id = content_category_items.content_id) AND (c.organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))))))
with check ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE ((c.id = content_category_items.content_id) AND (c.organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))))));


drop policy if exists "content_episodes_select" on "public"."content_episodes";

create policy "content_episodes_select"
on "public"."content_episodes"
as permissive
for select
to anon, authenticated
using ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_episodes.content_id))));


drop policy if exists "content_episodes_write" on "public"."content_episodes";

create policy "content_episodes_write"
on "public"."content_episodes"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "content_likes_own" on "public"."content_likes";

create policy "content_likes_own"
on "public"."content_likes"
as permissive
for all
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "content_ratings_delete" on "public"."content_ratings";

create policy "content_ratings_delete"
on "public"."content_ratings"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "content_ratings_insert" on "public"."content_ratings";

create policy "content_ratings_insert"
on "public"."content_ratings"
as permissive
for insert
to authenticated
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "content_ratings_select" on "public"."content_ratings";

create policy "content_ratings_select"
on "public"."content_ratings"
as permissive
for select
to anon, authenticated
using ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_ratings.content_id))));


drop policy if exists "content_ratings_update" on "public"."content_ratings";

create policy "content_ratings_update"
on "public"."content_ratings"
as permissive
for update
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "content_seasons_select" on "public"."content_seasons";

create policy "content_seasons_select"
on "public"."content_seasons"
as permissive
for select
to anon, authenticated
using ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_seasons.content_id))));


drop policy if exists "content_seasons_write" on "public"."content_seasons";

create policy "content_seasons_write"
on "public"."content_seasons"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "content_views_own" on "public"."content_views";

create policy "content_views_own"
on "public"."content_views"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "contents_delete" on "public"."contents";

create policy "contents_delete"
on "public"."contents"
as permissive
for delete
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "contents_insert" on "public"."contents";

create policy "contents_insert"
on "public"."contents"
as permissive
for insert
to authenticated
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "contents_select" on "public"."contents";

create policy "contents_select"
on "public"."contents"
as permissive
for select
to anon, authenticated
using (((project_deleted_at IS NULL) AND (((status = 'published'::text) AND (visibility_rank <= ( SELECT private.my_watch_rank() AS my_watch_rank))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))))));


drop policy if exists "contents_update" on "public"."contents";

create policy "contents_update"
on "public"."contents"
as permissive
for update
to authenticated
using (((project_deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "investment_tiers_select" on "public"."investment_tiers";

create policy "investment_tiers_select"
on "public"."investment_tiers"
as permissive
for select
to anon, authenticated
using ((EXISTS ( SELECT 1
   FROM public.campaigns c
  WHERE (c.id = investment_tiers.campaign_id))));


drop policy if exists "investment_tiers_write" on "public"."investment_tiers";

create policy "investment_tiers_write"
on "public"."investment_tiers"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "investments_own" on "public"."investments";

create policy "investments_own"
on "public"."investments"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "investor_payouts_select" on "public"."investor_payouts";

create policy "investor_payouts_select"
on "public"."investor_payouts"
as permissive
for select
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "investor_rewards_fulfil" on "public"."investor_rewards";

create policy "investor_rewards_fulfil"
on "public"."investor_rewards"
as permissive
for update
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "investor_rewards_select" on "public"."investor_rewards";

create policy "investor_rewards_select"
on "public"."investor_rewards"
as permissive
for select
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))));


drop policy if exists "revenue_distributions_select" on "public"."revenue_distributions";

create policy "revenue_distributions_select"
on "public"."revenue_distributions"
as permissive
for select
to authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (campaign_id = ANY (ARRAY( SELECT private.my_invested_campaign_ids() AS my_invested_campaign_ids)))));


drop policy if exists "watch_history_own" on "public"."watch_history";

create policy "watch_history_own"
on "public"."watch_history"
as permissive
for all
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "watchlists_own" on "public"."watchlists";

create policy "watchlists_own"
on "public"."watchlists"
as permissive
for all
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));

grant execute on function private.called_by_client() to service_role;
grant execute on function private.campaign_status_allowed(text,text) to authenticated;
grant execute on function private.campaign_status_allowed(text,text) to service_role;
grant execute on function private.can_watch(uuid) to authenticated;
grant execute on function private.can_watch(uuid) to service_role;
grant execute on function private.content_status_allowed(text,text) to authenticated;
grant execute on function private.content_status_allowed(text,text) to service_role;
grant execute on function private.live_project_organization(uuid) to authenticated;
grant execute on function private.live_project_organization(uuid) to service_role;
grant execute on function private.my_backed_campaign_ids() to anon;
grant execute on function private.my_backed_campaign_ids() to authenticated;
grant execute on function private.my_backed_campaign_ids() to service_role;
grant execute on function private.my_invested_campaign_ids() to anon;
grant execute on function private.my_invested_campaign_ids() to authenticated;
grant execute on function private.my_invested_campaign_ids() to service_role;
grant execute on function private.my_watch_rank() to anon;
grant execute on function private.my_watch_rank() to authenticated;
grant execute on function private.my_watch_rank() to service_role;
grant execute on function private.recent_content_stats(date) to anon;
grant execute on function private.recent_content_stats(date) to authenticated;
grant execute on function private.recent_content_stats(date) to service_role;
grant execute on function private.visible_campaign(uuid) to authenticated;
grant execute on function private.visible_campaign(uuid) to service_role;
grant execute on function public.campaign_backers(uuid) to authenticated;
grant execute on function public.cancel_investment(uuid) to authenticated;
grant execute on function public.distribute_revenue(uuid,date,date,bigint) to authenticated;
grant execute on function public.invest(uuid,bigint,uuid,text) to authenticated;
grant execute on function public.record_watch_progress(uuid,integer,integer,uuid,text) to authenticated;
grant execute on function public.set_campaign_status(uuid,text) to authenticated;
grant execute on function public.set_reward_shipping_address(uuid,jsonb) to authenticated;
grant select on table analytics.campaign_funding_funnel to analyst;
grant select on table analytics.campaign_funding_funnel to service_role;
grant select on table analytics.campaign_status_funnel to analyst;
grant select on table analytics.campaign_status_funnel to service_role;
grant select on table analytics.content_engagement to analyst;
grant select on table analytics.content_engagement to service_role;
revoke delete on table public.content_matches from anon;
revoke insert on table public.content_matches from anon;
revoke references on table public.content_matches from anon;
revoke select on table public.content_matches from anon;
revoke trigger on table public.content_matches from anon;
revoke truncate on table public.content_matches from anon;
revoke update on table public.content_matches from anon;
revoke delete on table public.content_matches from authenticated;
revoke insert on table public.content_matches from authenticated;
revoke references on table public.content_matches from authenticated;
revoke trigger on table public.content_matches from authenticated;
revoke truncate on table public.content_matches from authenticated;
revoke update on table public.content_matches from authenticated;
revoke delete on table public.continue_watching from anon;
revoke insert on table public.continue_watching from anon;
revoke references on table public.continue_watching from anon;
revoke select on table public.continue_watching from anon;
revoke trigger on table public.continue_watching from anon;
revoke truncate on table public.continue_watching from anon;
revoke update on table public.continue_watching from anon;
revoke delete on table public.continue_watching from authenticated;
revoke insert on table public.continue_watching from authenticated;
revoke references on table public.continue_watching from authenticated;
revoke trigger on table public.continue_watching from authenticated;
revoke truncate on table public.continue_watching from authenticated;
revoke update on table public.continue_watching from authenticated;
revoke delete on table public.trending_contents from anon;
revoke insert on table public.trending_contents from anon;
revoke references on table public.trending_contents from anon;
revoke trigger on table public.trending_contents from anon;
revoke truncate on table public.trending_contents from anon;
revoke update on table public.trending_contents from anon;
revoke delete on table public.trending_contents from authenticated;
revoke insert on table public.trending_contents from authenticated;
revoke references on table public.trending_contents from authenticated;
revoke trigger on table public.trending_contents from authenticated;
revoke truncate on table public.trending_contents from authenticated;
revoke update on table public.trending_contents from authenticated;
