-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "protect_columns" on "public"."assets";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.award_tenure_badges(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    awarded integer := 0;
    pair record;
begin
    for pair in
        select m.user_id, b as badge
        from public.badges b
        join public.community_members m on m.community_id = b.community_id and m.status in ('active', 'muted')
        where b.criteria_type = 'tenure_days' and b.is_active
          and m.joined_at <= private.now() - make_interval(days => b.criteria_value)
          and not exists (select 1 from public.user_badges u where u.user_id = m.user_id and u.badge_id = b.id)
        limit p_batch
    loop
        if private.grant_badge(pair.user_id, pair.badge, null, '{}') then
            awarded := awarded + 1;
        end if;
    end loop;
    return awarded;
end
$function$
;

CREATE OR REPLACE FUNCTION private.claim_duty(duty_name text, force boolean DEFAULT false)
 RETURNS SETOF private.duties
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select d.* from private.duties d
    where d.name = duty_name and (force or (d.enabled and d.next_due_at <= private.now()))
    for update skip locked
$function$
;

CREATE OR REPLACE FUNCTION private.cleanup_worker_heartbeats(p_batch integer)
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with gone as (
        delete from private.worker_heartbeats w
        where w.worker_id in (select h.worker_id from private.worker_heartbeats h
                              where h.last_seen_at < private.now() - interval '1 day'
                              limit p_batch for update skip locked)
        returning 1
    )
    select count(*)::integer from gone
$function$
;

CREATE OR REPLACE FUNCTION private.due_duties()
 RETURNS SETOF private.duties
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select d.* from private.duties d where d.enabled and d.next_due_at <= private.now() order by d.next_due_at, d.name
$function$
;

CREATE OR REPLACE FUNCTION private.duty_next_due(duty private.duties, after timestamp with time zone)
 RETURNS timestamp with time zone
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select case when duty.every is not null then after + duty.every
                else public.cron_next(duty.cron, duty.timezone, after) end
$function$
;

CREATE OR REPLACE FUNCTION private.expire_investment_holds(p_batch integer)
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with expired as (
        update public.investments i set status = 'cancelled', cancelled_at = private.now()
        where i.id in (select p.id from public.investments p
                       where p.status = 'pending' and p.expires_at < private.now()
                         and p.payment_status in ('pending', 'failed')
                       order by p.expires_at limit p_batch for update skip locked)
          and i.status = 'pending'
        returning 1
    )
    select count(*)::integer from expired
$function$
;

CREATE OR REPLACE FUNCTION private.expire_invitations(p_batch integer)
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with expired as (
        update public.invitations i set status = 'expired'
        where i.id in (select p.id from public.invitations p
                       where p.status = 'pending' and p.expires_at <= private.now()
                       order by p.expires_at limit p_batch for update skip locked)
          and i.status = 'pending'
        returning 1
    )
    select count(*)::integer from expired
$function$
;

CREATE OR REPLACE FUNCTION private.expire_license_agreements(p_batch integer)
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with expired as (
        update public.license_agreements a set status = 'expired'
        where a.id in (select e.id from public.license_agreements e
                       where e.status = 'active' and e.end_date < (private.now() at time zone 'UTC')::date
                       order by e.end_date limit p_batch for update skip locked)
          and a.status = 'active'
        returning 1
    )
    select count(*)::integer from expired
$function$
;

CREATE OR REPLACE FUNCTION private.finish_duty(duty_name text, started timestamp with time zone, affected integer, failure text)
 RETURNS private.duties
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    update private.duties d
    set runs = d.runs + 1,
        last_started_at = started,
        last_finished_at = clock_timestamp(),
        last_duration_ms = (extract(epoch from clock_timestamp() - started) * 1000)::integer,
        last_rows = affected,
        last_error = left(failure, 2000),
        last_succeeded_at = case when failure is null then clock_timestamp() else d.last_succeeded_at end,
        consecutive_failures = case when failure is null then 0 else d.consecutive_failures + 1 end,
        next_due_at = case when failure is not null or (d.drains and affected >= d.batch_size) then d.next_due_at
                           else private.duty_next_due(d, private.now()) end
    where d.name = duty_name
    returning d.*
$function$
;

CREATE OR REPLACE FUNCTION private.mark_storage_purged(asset_ids uuid[])
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    marked integer;
begin
    delete from public.asset_versions v where v.asset_id = any(asset_ids);
    update public.assets a set storage_purged_at = private.now(), deleted_at = coalesce(a.deleted_at, private.now())
    where a.id = any(asset_ids) and a.storage_purged_at is null;
    get diagnostics marked = row_count;
    return marked;
end
$function$
;

CREATE OR REPLACE FUNCTION private.now()
 RETURNS timestamp with time zone
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select coalesce(nullif(current_setting('creatorverse.now', true), '')::timestamptz, now())
$function$
;

CREATE OR REPLACE FUNCTION private.refresh_daily_usage(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    refresh materialized view concurrently analytics.daily_usage;
    return (select count(*) from analytics.daily_usage);
end
$function$
;

CREATE OR REPLACE FUNCTION private.refresh_usage_rollups(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    since date := (private.now() at time zone 'UTC')::date - (greatest(p_batch, 1) - 1);
    since_at timestamptz := since::timestamp at time zone 'UTC';
    month_start date := date_trunc('month', since)::date;
    month_start_at timestamptz := month_start::timestamp at time zone 'UTC';
    metrics integer;
    aggregations integer;
begin
    delete from public.model_metrics m where m.date >= since;
    insert into public.model_metrics (
        model_name, provider, date, request_count, success_count, failure_count, avg_latency_ms, avg_cost_usd,
        total_cost_usd, total_tokens
    )
    select e.model, coalesce(e.provider, ''), (e.occurred_at at time zone 'UTC')::date, count(*),
           count(*) filter (where e.status = 'success'), count(*) filter (where e.status <> 'success'),
           avg(e.duration_ms), avg(e.cost_usd), sum(e.cost_usd), sum(e.input_tokens + e.output_tokens)
    from public.usage_events e
    where e.occurred_at >= since_at and e.model is not null
    group by 1, 2, 3;
    get diagnostics metrics = row_count;

    delete from public.cost_aggregations c where c.period_start >= month_start;
    with per_type as (
        -- each event counts once for its organization (user_id null) and once for its user
        select e.organization_id, subject.user_id, date_trunc('month', e.occurred_at, 'UTC')::date as period_start,
               e.resource_type, sum(e.cost_usd) as cost_usd, sum(e.credits) as credits, count(*) as events
        from public.usage_events e
        cross join lateral (
            select e.user_id where e.user_id is not null
            union all
            select null::uuid
        ) subject (user_id)
        where e.occurred_at >= month_start_at
        group by 1, 2, 3, 4
    )
    insert into public.cost_aggregations (
        organization_id, user_id, period_start, period_end, total_cost, total_credits, total_videos, total_events,
        breakdown
    )
    select t.organization_id, t.user_id, t.period_start, (t.period_start + interval '1 month')::date,
           sum(t.cost_usd), sum(t.credits), coalesce(sum(t.events) filter (where t.resource_type = 'video'), 0),
           sum(t.events),
           jsonb_object_agg(t.resource_type, jsonb_build_object(
               'cost_usd', t.cost_usd, 'credits', t.credits, 'events', t.events))
    from per_type t
    group by t.organization_id, t.user_id, t.period_start;
    get diagnostics aggregations = row_count;
    return metrics + aggregations;
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
            raise exception 'unknown duty "%"', left(duty_name, 100) using errcode = 'P0002';
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

CREATE OR REPLACE FUNCTION private.send_event_reminders(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sent integer := 0;
    rsvp record;
begin
    for rsvp in
        update public.event_rsvps r set reminder_sent = true
        from public.events e
        where e.id = r.event_id and not r.reminder_sent
          and r.id in (select p.id from public.event_rsvps p
                       join public.events u on u.id = p.event_id
                       where u.status = 'scheduled' and not p.reminder_sent and p.status in ('going', 'interested')
                         and u.event_date > private.now() and u.event_date <= private.now() + interval '24 hours'
                       order by u.event_date limit p_batch for update of p skip locked)
        returning r.user_id, e.id as event_id, e.title, e.event_date, e.event_url, e.location
    loop
        perform private.notify(rsvp.user_id, 'event_reminder',
            jsonb_build_object('event_date', rsvp.event_date, 'event_url', rsvp.event_url, 'location', rsvp.location),
            reference_type => 'event', reference_id => rsvp.event_id,
            title => format('%s starts %s', rsvp.title, to_char(rsvp.event_date at time zone 'UTC',
                                                                 'YYYY-MM-DD HH24:MI "UTC"')));
        sent := sent + 1;
    end loop;
    return sent;
end
$function$
;

CREATE OR REPLACE FUNCTION private.settle_campaigns(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign public.campaigns;
    result text;
    settled integer := 0;
begin
    for campaign in
        select c.* from public.campaigns c where c.status = 'active' and c.end_date <= private.now()
        order by c.end_date limit p_batch for update skip locked
    loop
        if campaign.raised_amount_cents >= campaign.goal_amount_cents
           or (campaign.funding_type = 'flexible' and campaign.raised_amount_cents > 0) then
            result := 'funded';
        else
            result := 'failed';
        end if;
        update public.campaigns c
        set status = result,
            funded_at = case when result = 'funded' then private.now() end,
            failed_at = case when result = 'failed' then private.now() end
        where c.id = campaign.id;
        if result = 'failed' then
            perform private.refund_campaign(campaign.id);
        end if;
        settled := settled + 1;
    end loop;
    return settled;
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_credit_periods(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    due record;
    cycle interval;
    periods integer;
    started integer := 0;
begin
    for due in
        select b.organization_id, b.next_reset_at, s.billing_cycle
        from public.credit_balances b
        join public.subscriptions s on s.organization_id = b.organization_id
        join public.organizations o on o.id = b.organization_id
        where b.next_reset_at <= private.now() and o.deleted_at is null
          and (s.stripe_subscription_id is null or s.status = 'canceled')
        order by b.next_reset_at
        limit p_batch
        for update of b skip locked
    loop
        cycle := case due.billing_cycle when 'yearly' then interval '1 year' else interval '1 month' end;
        periods := 1;  -- boundaries are counted from next_reset_at (month ends stay month ends)
        while due.next_reset_at + cycle * periods <= private.now() loop
            periods := periods + 1;
        end loop;
        perform public.credits_start_period(due.organization_id, due.next_reset_at + cycle * (periods - 1));
        started := started + 1;
    end loop;
    return started;
end
$function$
;

CREATE OR REPLACE FUNCTION private.storage_orphans(p_batch integer, backend text, bucket text)
 RETURNS TABLE(asset_id uuid, organization_id uuid, storage_paths text[])
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select a.id, a.organization_id,
           array[a.storage_path] || array(select v.storage_path from public.asset_versions v
                                          where v.asset_id = a.id and v.storage_path <> a.storage_path)
    from public.assets a
    where a.storage_purged_at is null and (a.deleted_at is not null or a.status = 'failed')
      and coalesce(a.deleted_at, a.updated_at) <= private.now() - interval '7 days'
      and a.storage_provider = backend and a.storage_bucket is not distinct from bucket
    order by coalesce(a.deleted_at, a.updated_at)
    limit p_batch
    for update of a skip locked
$function$
;

CREATE OR REPLACE FUNCTION public.credits_expire_holds(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    expired_id uuid;
    hold public.credit_holds;
    count integer := 0;
begin
    for expired_id in
        select h.id from public.credit_holds h where h.status = 'pending' and h.expires_at <= private.now()
        order by h.expires_at limit p_batch
    loop
        hold := private.lock_hold(expired_id);
        if hold.status = 'pending' then  -- settled meanwhile by its worker
            perform private.settle_hold(hold, 0, 'expired');
            count := count + 1;
        end if;
    end loop;
    return count;
end
$function$
;

drop function if exists "analytics"."refresh_daily_usage"();

drop function if exists "private"."expire_invitations"();

drop function if exists "private"."refresh_usage_rollups"(since date);

drop function if exists "public"."award_tenure_badges"();

drop function if exists "public"."credits_expire_holds"();

drop function if exists "public"."expire_investment_holds"();

drop function if exists "public"."expire_license_agreements"();

drop function if exists "public"."scheduler_maintenance"();

drop function if exists "public"."send_event_reminders"(within interval);

drop function if exists "public"."settle_campaigns"(as_of timestamp with time zone);

create or replace view "analytics"."duty_status" as  SELECT name,
    kind,
    COALESCE(function_name, 'creatorverse.workers.duties'::text) AS runs,
    COALESCE('every '::text || every::text, (cron || ' '::text) || timezone) AS cadence,
    batch_size,
    enabled,
    next_due_at,
    last_started_at,
    last_finished_at,
    last_duration_ms,
    last_rows,
    last_error,
    consecutive_failures,
    last_succeeded_at,
    runs AS run_count,
    description
   FROM private.duties d;


CREATE TRIGGER protect_columns BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'last_used_at', 'uploaded_by', 'storage_purged_at');

grant execute on function private.award_tenure_badges(integer) to service_role;
grant execute on function private.claim_duty(text,boolean) to service_role;
grant execute on function private.cleanup_worker_heartbeats(integer) to service_role;
grant execute on function private.due_duties() to service_role;
grant execute on function private.expire_investment_holds(integer) to service_role;
grant execute on function private.expire_invitations(integer) to service_role;
grant execute on function private.expire_license_agreements(integer) to service_role;
grant execute on function private.finish_duty(text,timestamp with time zone,integer,text) to service_role;
grant execute on function private.mark_storage_purged(uuid[]) to service_role;
grant execute on function private.now() to service_role;
grant execute on function private.refresh_daily_usage(integer) to service_role;
grant execute on function private.refresh_usage_rollups(integer) to service_role;
grant execute on function private.run_duty(text,boolean) to service_role;
grant execute on function private.send_event_reminders(integer) to service_role;
grant execute on function private.settle_campaigns(integer) to service_role;
grant execute on function private.start_credit_periods(integer) to service_role;
grant execute on function private.storage_orphans(integer,text,text) to service_role;
grant select on table analytics.duty_status to analyst;
grant select on table analytics.duty_status to service_role;
