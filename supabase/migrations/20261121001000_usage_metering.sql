-- Usage metering: one fact table for every billable or measured event (the seeds'
-- ai_usage_logs, usage_logs and usage_records are one concept), partitioned by month.
--
-- An event is identified by (event_id, occurred_at): producers send both, and a retried
-- event carries the same pair, so `on conflict do nothing` drops duplicates. (A unique key
-- of a partitioned table must include the partition key.)

create table public.usage_events (
    event_id uuid not null,
    occurred_at timestamptz not null,
    organization_id uuid not null,
    user_id uuid,
    project_id uuid,
    job_id uuid,
    subscription_id uuid,
    resource_type text not null check (resource_type in (
        'llm_tokens', 'image', 'audio', 'video', 'lipsync', 'merge', 'render_seconds', 'kai_credits', 'storage',
        'embedding', 'api_call'
    )),
    provider text,
    model text,
    endpoint text,
    input_tokens bigint not null default 0 check (input_tokens >= 0),
    output_tokens bigint not null default 0 check (output_tokens >= 0),
    units numeric not null default 0 check (units >= 0),
    credits bigint not null default 0 check (credits >= 0),
    cost_usd numeric(14, 6) not null default 0 check (cost_usd >= 0),
    duration_ms integer check (duration_ms >= 0),
    status text not null default 'success' check (status in ('success', 'error', 'timeout', 'cancelled')),
    error_message text,
    plan_at_time text,
    render_profile text,
    metadata jsonb not null default '{}',
    recorded_at timestamptz not null default now(),
    primary key (event_id, occurred_at)
) partition by range (occurred_at);
comment on table public.usage_events is
'Every metered event. Written by workers (service_role) in batches; members read their organization''s.';
comment on column public.usage_events.units is
'The measured quantity in the unit of resource_type: KAI credits, render seconds, storage bytes, images, media seconds.';
create index usage_events_organization_idx on public.usage_events (organization_id, occurred_at desc);

create table private.usage_events_default partition of public.usage_events default;
select private.ensure_monthly_partitions('public.usage_events', 3);

-- Per model and day.
create table public.model_metrics (
    model_name text not null,
    provider text not null default '',
    date date not null,
    request_count bigint not null default 0,
    success_count bigint not null default 0,
    failure_count bigint not null default 0,
    avg_latency_ms numeric(12, 2),
    avg_cost_usd numeric(14, 6),
    total_cost_usd numeric(16, 6) not null default 0,
    total_tokens bigint not null default 0,
    primary key (model_name, provider, date)
);

-- Per organization (user_id null) or per user in it, and month.
create table public.cost_aggregations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    user_id uuid,
    period_start date not null,
    period_end date not null,
    total_cost numeric(16, 6) not null default 0,
    total_credits bigint not null default 0,
    total_videos bigint not null default 0,
    total_events bigint not null default 0,
    breakdown jsonb not null default '{}',
    created_at timestamptz not null default now(),
    unique nulls not distinct (organization_id, user_id, period_start)
);

-- Recompute model_metrics for days since `since` and cost_aggregations for the months
-- that contain them. Idempotent; the scheduler runs it after ingestion.
create function private.refresh_usage_rollups(since date default current_date - 1)
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

alter table public.usage_events enable row level security;
alter table public.model_metrics enable row level security;
alter table public.cost_aggregations enable row level security;
revoke all on public.usage_events, public.model_metrics, public.cost_aggregations from anon, authenticated;
grant select on public.usage_events, public.cost_aggregations to authenticated;
grant select, insert on public.usage_events to service_role;
grant select on public.model_metrics, public.cost_aggregations to service_role;
