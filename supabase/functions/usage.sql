-- Usage metering rollups and the analyst materialized view's refresh.

-- Duty refresh_usage_rollups: recompute model_metrics for the last p_batch UTC days (today
-- included: events arrive late by up to that window) and cost_aggregations for the months
-- that contain them. Replaces what it recomputes, so a second run writes the same rows.
-- Returns the rows written.
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
