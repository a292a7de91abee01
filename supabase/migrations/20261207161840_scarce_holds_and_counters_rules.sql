-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "count_completion" on "public"."watch_history";

drop trigger if exists "count_progress" on "public"."assets";

drop trigger if exists "protect_columns" on "public"."assets";

drop trigger if exists "count_progress" on "public"."books";

drop trigger if exists "protect_columns" on "public"."books";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.badge_name_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.community_id is not null and exists (
        select 1 from public.badges b where b.community_id is null and lower(b.name) = lower(new.name)
    ) then
        raise exception '"%" is the name of a platform badge', new.name using errcode = '23505';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.counts_as_progress(studio_row jsonb, table_name text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select studio_row is not null and studio_row ->> 'deleted_at' is null
       and case table_name
               when 'assets' then studio_row ->> 'type' = 'video' and studio_row ->> 'status' = 'ready'
                                  and (studio_row ->> 'size_bytes')::bigint > 0
                                  and studio_row -> 'metadata' ? 'checksum_sha256'
               when 'books' then (studio_row ->> 'total_chapters')::integer > 0
           end
$function$
;

CREATE OR REPLACE FUNCTION private.expire_unpaid_orders(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    expired integer;
begin
    if p_batch is null or p_batch < 1 or p_batch > 10000 then
        raise exception 'p_batch must be between 1 and 10000' using errcode = '22023';
    end if;
    with due as (
        select o.id from public.orders o
        where o.status = 'pending' and o.payment_status = 'pending' and o.hold_expires_at <= now()
        order by o.hold_expires_at
        limit p_batch
        for update skip locked
    )
    update public.orders o set status = 'cancelled', cancellation_reason = 'hold_expired'
    from due where o.id = due.id;
    get diagnostics expired = row_count;
    return expired;
end
$function$
;

CREATE OR REPLACE FUNCTION private.limit_tier_slots_per_account(tier public.investment_tiers, pledge public.investments)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    per_account integer := greatest(1, tier.limit_quantity / 10);
    lapsed integer;
begin
    if tier.limit_quantity is null then
        return;
    end if;
    if (select count(*) from public.investments i
        where i.tier_id = tier.id and i.user_id = pledge.user_id and i.status in ('pending', 'confirmed')) > per_account
    then
        raise exception 'one account holds at most % of the % slots of tier "%"', per_account, tier.limit_quantity,
            tier.name using errcode = 'PT429';
    end if;
    if pledge.status = 'pending' then
        select count(*) into lapsed from public.investments i
        where i.tier_id = tier.id and i.user_id = pledge.user_id and i.status = 'cancelled'
          and i.confirmed_at is null and i.cancelled_at > now() - interval '24 hours';
        if lapsed >= 3 then
            raise exception 'your holds on tier "%" lapsed unpaid % times in 24 hours: pay for a pledge or try later',
                tier.name, lapsed using errcode = 'PT429';
        end if;
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.notify(recipient uuid, kind text, payload jsonb DEFAULT '{}'::jsonb, actor uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id uuid DEFAULT NULL::uuid, title text DEFAULT NULL::text, message text DEFAULT NULL::text, once_per interval DEFAULT NULL::interval)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_id uuid;
begin
    if recipient is null or recipient = actor then
        return null;
    end if;
    if once_per is not null then
        -- concurrent repeats of one action queue here, then see each other's notification
        perform pg_advisory_xact_lock(hashtextextended(
            concat_ws('/', 'notify', recipient, kind, actor, notify.reference_type, notify.reference_id), 0));
        if exists (select 1 from public.notifications n
                   where n.user_id = recipient and n.actor_id is not distinct from actor and n.type = kind
                     and n.reference_type is not distinct from notify.reference_type
                     and n.reference_id is not distinct from notify.reference_id
                     and n.created_at > now() - once_per) then
            return null;
        end if;
    end if;
    insert into public.notifications (user_id, type, title, message, reference_type, reference_id, actor_id, payload)
    values (recipient, kind, left(notify.title, 255), left(notify.message, 2000), notify.reference_type,
            notify.reference_id, actor, coalesce(notify.payload, '{}'))
    returning id into new_id;
    return new_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.order_hold_window()
 RETURNS interval
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select make_interval(mins => coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                           where s.key = 'store.order_hold_minutes'), 30))
$function$
;

CREATE OR REPLACE FUNCTION private.record_completion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.completed and (tg_op = 'INSERT' or not old.completed) then
        insert into public.content_completions (user_id, content_id, episode_id, completed_on)
        values (new.user_id, new.content_id, new.episode_id, (new.completed_at at time zone 'UTC')::date)
        on conflict do nothing;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.stamp_actor()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    column_name text;
    caller jsonb := to_jsonb(auth.uid());
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        new := jsonb_populate_record(new, jsonb_build_object(column_name, caller));
    end loop;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.unmeasured_by_clients()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.metadata := new.metadata - 'checksum_sha256';
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
        exception
            when object_not_in_prerequisite_state then
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

CREATE OR REPLACE FUNCTION private.count_completion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    -- the content row first, as every counter does: one lock order, no deadlocks
    update public.contents c set completion_count = c.completion_count + 1 where c.id = new.content_id;
    perform private.bump_daily_stats(new.content_id, new.completed_on, 0, 0, 1);
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_likes()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    author uuid;
begin
    update public.fan_contents c set like_count = greatest(c.like_count + case when tg_op = 'INSERT' then 1 else -1 end, 0)
    where c.id = coalesce(new.content_id, old.content_id)
    returning c.author_id into author;
    if tg_op = 'INSERT' then
        perform private.notify(author, 'like', jsonb_build_object('content_id', new.content_id),
                               actor => new.user_id, reference_type => 'content', reference_id => new.content_id,
                               title => 'Someone liked your fan content', once_per => interval '1 day');
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

CREATE OR REPLACE FUNCTION private.notify_follow()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.notify(new.following_id, 'follow', jsonb_build_object('follower_id', new.follower_id),
                           actor => new.follower_id, reference_type => 'user', reference_id => new.follower_id,
                           title => 'You have a new follower', once_per => interval '1 day');
    return null;
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
    if (old.order_number, old.user_id, old.organization_id, old.subtotal_cents, old.discount_cents,
        old.shipping_cents, old.tax_cents, old.total_cents, old.currency, old.discount_code_id)
       is distinct from
       (new.order_number, new.user_id, new.organization_id, new.subtotal_cents, new.discount_cents,
        new.shipping_cents, new.tax_cents, new.total_cents, new.currency, new.discount_code_id) then
        raise exception 'an order''s number, buyer, seller and amounts never change' using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('pending', 'confirmed'), ('pending', 'cancelled'),
            ('confirmed', 'processing'), ('confirmed', 'shipped'), ('confirmed', 'refunded'),
            ('processing', 'shipped'), ('processing', 'refunded'),
            ('shipped', 'delivered'), ('shipped', 'refunded'),
            ('delivered', 'refunded')
        ) then
            raise exception 'an order cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'confirmed' and new.payment_status <> 'paid' then
            raise exception 'an order is confirmed by its payment' using errcode = '55000';
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

CREATE OR REPLACE FUNCTION private.progress_from_studio()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    actor_column constant text := case tg_table_name when 'assets' then 'uploaded_by' else 'created_by' end;
    counter constant text := case tg_table_name when 'assets' then 'videos_created' else 'books_uploaded' end;
    old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
begin
    if tg_table_name = 'quiz_completions' then
        perform private.add_progress(new.user_id, 'quizzes_completed', 1);
        return null;
    end if;
    if private.counts_as_progress(old_row, tg_table_name) and private.counts_as_progress(new_row, tg_table_name)
       and old_row ->> actor_column is not distinct from new_row ->> actor_column then
        return null;
    end if;
    if private.counts_as_progress(old_row, tg_table_name) then
        perform private.add_progress((old_row ->> actor_column)::uuid, counter, -1);
    end if;
    if private.counts_as_progress(new_row, tg_table_name) then
        perform private.add_progress((new_row ->> actor_column)::uuid, counter, 1);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.protect_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    old_row jsonb := to_jsonb(old);
    new_row jsonb := to_jsonb(new);
    column_name text;
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        if old_row #> string_to_array(column_name, '->') is distinct from new_row #> string_to_array(column_name, '->')
        then
            raise exception 'column %.% cannot be changed by clients', tg_table_name, column_name
                using errcode = '42501', hint = 'use the RPC that owns this change, if there is one';
        end if;
    end loop;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.store_apply_checkout(session jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target public.orders;
    deferred record;
begin
    select o.* into target from public.orders o where o.id::text = session -> 'metadata' ->> 'order_id' for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if session ->> 'payment_status' <> 'paid' then
        return 'ignored: checkout not paid';
    end if;
    if target.payment_status <> 'pending' then
        return 'ignored: order already paid';
    end if;
    if (session ->> 'amount_total')::bigint is distinct from target.total_cents
       or lower(session ->> 'currency') is distinct from target.currency then
        return format('ignored: paid %s %s, the order is %s %s', session ->> 'amount_total', session ->> 'currency',
                      target.total_cents, target.currency);
    end if;
    update public.orders o
    set payment_status = 'paid', paid_at = now(), payment_method = 'stripe',
        payment_reference = session ->> 'payment_intent', stripe_checkout_session_id = session ->> 'id',
        status = case when o.status = 'pending' then 'confirmed' else o.status end
    where o.id = target.id;
    -- refunds of this payment that arrived first
    for deferred in
        select e.id, e.payload from private.stripe_events e
        where e.outcome = 'deferred' and e.payload -> 'data' -> 'object' ->> 'payment_intent' = session ->> 'payment_intent'
        order by e.stripe_created_at
    loop
        update private.stripe_events e set outcome = private.store_apply_refund(deferred.payload -> 'data' -> 'object')
        where e.id = deferred.id;
    end loop;
    -- a payment after the hold expired: recorded, but the stock may be sold to someone else by
    -- now and a cancelled order stays cancelled, so the money is owed back
    return case when target.status = 'cancelled' and target.cancellation_reason = 'hold_expired'
                then 'applied: the order''s hold expired, refund this payment'
                when target.status = 'cancelled' then 'applied: the order was cancelled, refund this payment'
                else 'applied' end;
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
    caller uuid := auth.uid();
    result public.user_badges;
begin
    if pg_column_size(context) > 4000 then
        raise exception 'context is too large' using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = award_badge.badge_id and b.is_active;
    if badge.id is null
       or (auth.role() <> 'service_role'
           and (badge.community_id is null or private.my_community_rank(badge.community_id) < 3)) then
        raise exception 'badge not found' using errcode = 'P0002';
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
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if not private.grant_badge(award_badge.user_id, badge, caller, context) then
        raise exception 'the badge was already awarded' using errcode = '23505';
    end if;
    select u.* into result from public.user_badges u where u.user_id = award_badge.user_id and u.badge_id = badge.id;
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
        raise exception 'order not found' using errcode = 'P0002';
    end if;
    if target.status <> 'pending' or target.payment_status <> 'pending' then
        raise exception 'only unpaid pending orders can be cancelled (this one is %)', target.status
            using errcode = '55000';
    end if;
    update public.orders o set status = 'cancelled', cancellation_reason = 'requested' where o.id = target.id
    returning * into target;
    return target;
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

CREATE OR REPLACE FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text DEFAULT NULL::text, until timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer := private.my_community_rank(moderate_member.community_id);
    membership public.community_members;
begin
    perform private.require_max_length(reason, 1000, 'reason');
    if my_rank < 2 then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
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
            raise exception 'user not found' using errcode = 'P0002';
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
        raise exception 'member not found' using errcode = 'P0002';
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
        raise exception 'cannot % a member who is %', action, membership.status using errcode = '55000';
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
        raise exception 'your cart is empty' using errcode = '55000';
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
            raise exception 'discount code % not found', discount_code using errcode = 'P0002';
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
            raise exception '% is no longer available' , line.name using errcode = '55000';
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
        raise exception 'badge not found' using errcode = 'P0002';
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

COMMENT ON FUNCTION "private"."notify" IS 'The one writer of notifications; skips the actor and null recipients; with once_per, at most one per recipient, kind, actor and object in that period. For use by security-definer code of every domain (Invest: kind investment_update).';

COMMENT ON FUNCTION "public"."place_order"(discount_code text, shipping_address jsonb, billing_address jsonb, customer_email text, customer_phone text, customer_notes text, shipping_method text) IS 'Turns the caller''s cart into a pending order in one transaction: stock checked and held, discount applied (its use held), totals computed in SQL, items snapshotted, order number CV-YYYY-NNNNNN assigned. The holds last until hold_expires_at; payment takes them for good, private.expire_unpaid_orders gives them back.';

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.protect_columns('size_bytes', 'metadata->checksum_sha256', 'created_by');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER unmeasured_by_clients BEFORE INSERT ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.unmeasured_by_clients();

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.assets FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('uploaded_by');

CREATE TRIGGER unmeasured_by_clients BEFORE INSERT ON public.assets FOR EACH ROW EXECUTE FUNCTION private.unmeasured_by_clients();

CREATE TRIGGER badge_name_rules BEFORE INSERT OR UPDATE OF name ON public.badges FOR EACH ROW EXECUTE FUNCTION private.badge_name_rules();

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.books FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER count_completion AFTER INSERT ON public.content_completions FOR EACH ROW EXECUTE FUNCTION private.count_completion();

CREATE TRIGGER record_completion AFTER INSERT OR UPDATE OF completed ON public.watch_history FOR EACH ROW EXECUTE FUNCTION private.record_completion();

CREATE TRIGGER count_progress AFTER INSERT OR DELETE OR UPDATE OF type, status, size_bytes, metadata, deleted_at, uploaded_by ON public.assets FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'last_used_at', 'uploaded_by', 'size_bytes', 'metadata->checksum_sha256', 'mime_type', 'type', 'width', 'height', 'duration_seconds', 'fps', 'codec');

CREATE TRIGGER count_progress AFTER INSERT OR DELETE OR UPDATE OF total_chapters, deleted_at, created_by ON public.books FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.protect_columns('total_chapters', 'created_by');

grant execute on function private.expire_unpaid_orders(integer) to service_role;
