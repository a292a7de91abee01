-- Usage metering rollups and the analyst materialized view's refresh.

-- Duty refresh_usage_rollups: recompute model_metrics for the last p_batch UTC days (today
-- included) and cost_aggregations for the months that contain them. Events arrive late: one
-- that occurred before the window but was recorded in it (recorded_at, the ingesting
-- transaction's time) has its day recomputed too, and its organization's month in
-- cost_aggregations, by every run while its recording time is in the window. So a rollup is
-- at most one cadence behind the events (15 minutes), also for late events, as long as the
-- scheduler does not miss p_batch days. Replaces what it recomputes, so a second run writes
-- the same rows. Returns the rows written.
create or replace function private.refresh_usage_rollups(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    since date := (private.now() at time zone 'UTC')::date - (greatest(p_batch, 1) - 1);
    since_at timestamptz := since::timestamp at time zone 'UTC';
    month_start date := date_trunc('month', since)::date;
    month_start_at timestamptz := month_start::timestamp at time zone 'UTC';
    late_days date[];
    late_organizations uuid[];
    late_months date[];
    metrics integer;
    aggregations integer;
begin
    select coalesce(array_agg(distinct (e.occurred_at at time zone 'UTC')::date), '{}')
    into late_days
    from public.usage_events e
    where e.recorded_at >= since_at and e.occurred_at < since_at;

    delete from public.model_metrics m where m.date >= since or m.date = any(late_days);
    with spans (from_at, to_at) as (
        select since_at, 'infinity'::timestamptz
        union all
        select d::timestamp at time zone 'UTC', (d + 1)::timestamp at time zone 'UTC' from unnest(late_days) d
    )
    insert into public.model_metrics (
        model_name, provider, date, request_count, success_count, failure_count, avg_latency_ms, avg_cost_usd,
        total_cost_usd, total_tokens, input_tokens, output_tokens, credits, duration_ms_sum, duration_count
    )
    select coalesce(e.model, ''), coalesce(e.provider, ''), (e.occurred_at at time zone 'UTC')::date, count(*),
           count(*) filter (where e.status = 'success'), count(*) filter (where e.status <> 'success'),
           avg(e.duration_ms), avg(e.cost_usd), sum(e.cost_usd), sum(e.input_tokens + e.output_tokens),
           sum(e.input_tokens), sum(e.output_tokens), sum(e.credits), coalesce(sum(e.duration_ms), 0),
           count(e.duration_ms)
    from spans s
    join public.usage_events e on e.occurred_at >= s.from_at and e.occurred_at < s.to_at
    group by 1, 2, 3;
    get diagnostics metrics = row_count;

    select coalesce(array_agg(l.organization_id), '{}'), coalesce(array_agg(l.month), '{}')
    into late_organizations, late_months
    from (
        select distinct e.organization_id, date_trunc('month', e.occurred_at, 'UTC')::date as month
        from public.usage_events e
        where e.recorded_at >= since_at and e.occurred_at < month_start_at
    ) l;

    delete from public.cost_aggregations c
    where c.period_start >= month_start
       or (c.organization_id, c.period_start) in (select * from unnest(late_organizations, late_months));
    with recomputed as (
        -- the window's months, and each late event's organization in its month (its index)
        select e.organization_id, e.user_id, e.occurred_at, e.resource_type, e.cost_usd, e.credits
        from public.usage_events e
        where e.occurred_at >= month_start_at
        union all
        select e.organization_id, e.user_id, e.occurred_at, e.resource_type, e.cost_usd, e.credits
        from unnest(late_organizations, late_months) l (organization_id, month)
        join public.usage_events e
            on e.organization_id = l.organization_id
           and e.occurred_at >= l.month::timestamp at time zone 'UTC'
           and e.occurred_at < (l.month + interval '1 month')::timestamp at time zone 'UTC'
    ),
    per_type as (
        -- each event counts once for its organization (user_id null) and once for its user
        select e.organization_id, subject.user_id, date_trunc('month', e.occurred_at, 'UTC')::date as period_start,
               e.resource_type, sum(e.cost_usd) as cost_usd, sum(e.credits) as credits, count(*) as events
        from recomputed e
        cross join lateral (
            select e.user_id where e.user_id is not null
            union all
            select null::uuid
        ) subject (user_id)
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
$$;
revoke execute on function private.refresh_usage_rollups(integer) from public;
grant execute on function private.refresh_usage_rollups(integer) to service_role;

-- Duty refresh_daily_usage: analytics.daily_usage refreshed concurrently (readers are not
-- blocked). A refresh has no batch (the registry passes 1). Returns the view's rows.
create or replace function private.refresh_daily_usage(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
begin
    refresh materialized view concurrently analytics.daily_usage;
    return (select count(*) from analytics.daily_usage);
end
$$;
revoke execute on function private.refresh_daily_usage(integer) from public;
grant execute on function private.refresh_daily_usage(integer) to service_role;
