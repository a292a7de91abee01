-- Analyst and operator views of the generation engine (schema analytics: analyst and
-- service_role only).

-- Queue health per kind: waiting, scheduled for later (backoff), running, the oldest
-- waiting job, and what finished in the last minute and hour.
create or replace view analytics.queue_health as
with queue as (
    select
        q.kind,
        count(*) filter (where q.state = 'ready' and q.run_after <= now()) as waiting,
        count(*) filter (where q.state = 'ready' and q.run_after > now()) as backing_off,
        count(*) filter (where q.state = 'running') as running,
        count(*) filter (where q.state = 'running' and q.lease_expires_at <= now()) as expired_leases,
        max(extract(epoch from now() - q.enqueued_at)) filter (
            where q.state = 'ready' and q.run_after <= now()
        ) as oldest_waiting_seconds,
        count(*) filter (where q.state = 'waiting') as waiting_for_inputs
    from private.job_queue q
    group by q.kind
),

finished as (
    -- throughput from the live workers' reports; failures from the job logs
    select
        k.kind,
        (select coalesce(sum(w.jobs_per_second), 0) from private.worker_heartbeats w
         where k.kind = any(w.kinds) and w.stopped_at is null and w.last_seen_at > now() - interval '30 seconds')
        as jobs_per_second,
        (select count(*) from public.job_logs l join public.generations g on g.id = l.generation_id
         where l.created_at > now() - interval '1 hour' and l.level = 'error' and g.kind = k.kind)
        as failed_attempts_last_hour
    from public.generation_kinds k
)

select
    k.kind,
    coalesce(q.waiting, 0) as waiting,
    coalesce(q.backing_off, 0) as backing_off,
    coalesce(q.running, 0) as running,
    coalesce(q.expired_leases, 0) as expired_leases,
    round(coalesce(q.oldest_waiting_seconds, 0), 1) as oldest_waiting_seconds,
    f.jobs_per_second,
    f.failed_attempts_last_hour,
    coalesce(q.waiting_for_inputs, 0) as waiting_for_inputs
from public.generation_kinds k
left join queue q on q.kind = k.kind
left join finished f on f.kind = k.kind;

-- Workers: alive when seen in the last 30 seconds; in flight, totals and rate.
create or replace view analytics.worker_status as
select
    w.worker_id,
    w.hostname,
    w.pid,
    w.kinds,
    w.concurrency,
    w.in_flight,
    w.claimed,
    w.completed,
    w.failed,
    w.lost_leases,
    w.jobs_per_second,
    w.started_at,
    w.last_seen_at,
    w.stopped_at,
    w.stopped_at is null and w.last_seen_at > now() - interval '30 seconds' as alive
from private.worker_heartbeats w;

-- Generation cost by kind, provider, model and day: estimated against actual.
create or replace view analytics.generation_cost as
select
    g.kind,
    coalesce(g.provider, 'unknown') as provider,
    coalesce(g.model, 'unknown') as model,
    (g.created_at at time zone 'UTC')::date as day,
    count(*) as generations,
    count(*) filter (where g.status = 'succeeded') as succeeded,
    count(*) filter (where g.status = 'failed') as failed,
    count(*) filter (where g.status = 'cancelled') as cancelled,
    sum(g.estimated_credits) as estimated_credits,
    coalesce(sum(g.actual_credits), 0) as actual_credits,
    sum(g.estimated_cost_usd) as estimated_cost_usd,
    coalesce(sum(g.actual_cost_usd), 0) as actual_cost_usd,
    round(avg(g.attempts), 2) as avg_attempts,
    round(avg(extract(epoch from g.completed_at - g.started_at)) filter (where g.status = 'succeeded'), 3)
    as avg_run_seconds,
    round(avg(extract(epoch from g.started_at - g.queued_at)), 3) as avg_wait_seconds
from public.generations g
group by g.kind, coalesce(g.provider, 'unknown'), coalesce(g.model, 'unknown'), (g.created_at at time zone 'UTC')::date;

-- A pipeline's jobs (docs/media.md) by stage, provider and model: how many, their attempts,
-- credits estimated and captured, USD, and the stage's span (first start to last finish)
-- and summed run time. Retried jobs count with their successors (attempts, money).
create or replace view analytics.pipeline_usage as
select
    c.parent_id as pipeline_id,
    c.organization_id,
    c.kind as stage,
    coalesce(c.provider, 'unknown') as provider,
    coalesce(c.model, 'unknown') as model,
    count(*) as jobs,
    count(*) filter (where c.status = 'succeeded') as succeeded,
    count(*) filter (where c.status = 'failed') as failed,
    count(*) filter (where c.status = 'cancelled') as cancelled,
    sum(c.attempts) as attempts,
    sum(c.estimated_credits) as estimated_credits,
    coalesce(sum(c.actual_credits), 0) as actual_credits,
    coalesce(sum(c.actual_cost_usd), 0) as actual_cost_usd,
    min(c.started_at) as first_started_at,
    max(coalesce(c.completed_at, c.failed_at, c.cancelled_at)) as last_finished_at,
    round(extract(epoch from max(c.completed_at) - min(c.started_at))::numeric, 3) as span_seconds,
    round(sum(extract(epoch from c.completed_at - c.started_at))::numeric, 3) as run_seconds
from public.generations c
where c.parent_id is not null
group by c.parent_id, c.organization_id, c.kind, coalesce(c.provider, 'unknown'), coalesce(c.model, 'unknown');

grant select on analytics.queue_health, analytics.worker_status, analytics.generation_cost, analytics.pipeline_usage
to analyst, service_role;
