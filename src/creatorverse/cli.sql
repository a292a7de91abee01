-- name: server_version
show server_version;

-- name: has_migrations_ledger
select to_regclass('supabase_migrations.schema_migrations') is not null;

-- name: migrations_applied
select count(*) from supabase_migrations.schema_migrations;

-- name: duties
select
    d.name,
    d.cadence,
    d.batch_size,
    d.enabled,
    d.next_due_at,
    d.last_finished_at,
    d.last_duration_ms,
    d.last_rows,
    d.consecutive_failures,
    d.last_error
from analytics.duty_status as d
order by d.name;

-- name: jobs_by_kind
-- per kind with work, live workers or a recent failure: waiting (ready or for inputs), backing
-- off, running, expired leases, the oldest wait, the live workers' rate, failed attempts in the
-- last hour, failed jobs in the last day
select
    h.kind,
    h.waiting,
    h.waiting_for_inputs,
    h.backing_off,
    h.running,
    h.expired_leases,
    h.oldest_waiting_seconds,
    h.jobs_per_second,
    h.failed_attempts_last_hour,
    (
        select count(*) from public.generations as g
        where
            g.kind = h.kind and g.status = 'failed' and g.failed_at > now() - interval '1 day'
            and (%(org)s::uuid is null or g.organization_id = %(org)s)
    ) as failed_last_day
from analytics.queue_health as h
where
    h.waiting + h.waiting_for_inputs + h.backing_off + h.running + h.expired_leases > 0
    or h.jobs_per_second > 0
    or h.failed_attempts_last_hour > 0
    or exists (
        select from public.generations as g
        where g.kind = h.kind and g.failed_at > now() - interval '1 day'
    )
order by h.kind;

-- name: latest_jobs
select
    left(g.id::text, 8) as id,
    g.kind,
    g.status,
    g.progress,
    coalesce(g.current_step, '') as step,
    coalesce(g.scene_number::text, '') as scene,
    coalesce(left(g.parent_id::text, 8), '') as parent,
    g.attempts,
    coalesce(g.error_code, '') as error
from public.generations as g
where %(org)s::uuid is null or g.organization_id = %(org)s
order by g.updated_at desc limit %(rows)s;

-- name: workers
-- the workers' live metrics, latest first
select
    w.worker_id,
    w.alive,
    w.in_flight,
    w.completed,
    w.failed,
    w.lost_leases,
    w.jobs_per_second,
    w.last_seen_at
from analytics.worker_status as w
order by w.last_seen_at desc limit 20;

-- name: book_by_id
select b.id, b.organization_id from public.books as b
where b.id::text = %(book)s and b.deleted_at is null;
