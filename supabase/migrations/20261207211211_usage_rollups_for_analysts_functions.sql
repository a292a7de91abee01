-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

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
$function$
;

create or replace view "analytics"."cost_by_provider_model" as  SELECT COALESCE(NULLIF(provider, ''::text), 'unknown'::text) AS provider,
    COALESCE(NULLIF(model_name, ''::text), 'unknown'::text) AS model,
    date_trunc('month'::text, date::timestamp without time zone)::date AS month,
    sum(request_count)::bigint AS events,
    sum(success_count)::bigint AS successes,
    sum(failure_count)::bigint AS failures,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(credits) AS credits,
    sum(total_cost_usd) AS cost_usd,
    round(sum(total_cost_usd) / sum(request_count), 6) AS avg_cost_usd,
    round(sum(duration_ms_sum) / NULLIF(sum(duration_count), 0::numeric)) AS avg_duration_ms
   FROM public.model_metrics m
  GROUP BY (COALESCE(NULLIF(provider, ''::text), 'unknown'::text)), (COALESCE(NULLIF(model_name, ''::text), 'unknown'::text)), (date_trunc('month'::text, date::timestamp without time zone)::date);


COMMENT ON VIEW "analytics"."cost_by_provider_model" IS 'Per provider, model and month: events, outcomes, tokens, credits, USD. Read from the daily rollup public.model_metrics, refreshed every 15 minutes by the duty refresh_usage_rollups: events recorded since its last run (late ones too) count at the next run. docs/scaling.md.';
