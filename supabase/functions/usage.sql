-- Usage metering rollups and the analyst materialized view's refresh.

-- Recompute model_metrics for days since `since` and cost_aggregations for the months
-- that contain them. Idempotent; the scheduler runs it after ingestion.
create or replace function private.refresh_usage_rollups(since date default current_date - 1)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    month_start date := date_trunc('month', since)::date;
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
    where e.occurred_at >= since and e.model is not null
    group by 1, 2, 3;

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
        where e.occurred_at >= month_start
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
end
$$;

grant execute on function private.refresh_usage_rollups(date) to service_role;

create or replace function analytics.refresh_daily_usage()
returns void
language sql
security definer
set search_path = ''
as $$
    refresh materialized view concurrently analytics.daily_usage
$$;

revoke execute on function analytics.refresh_daily_usage() from public;

grant execute on function analytics.refresh_daily_usage() to service_role;
