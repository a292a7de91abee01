-- The timed duties for operators (schema analytics: analyst and service_role only;
-- `creatorverse duties` prints it). docs/duties.md.
create or replace view analytics.duty_status as
select
    d.name,
    d.kind,
    coalesce(d.function_name, 'creatorverse.workers.duties') as runs,
    coalesce('every ' || d.every::text, d.cron || ' ' || d.timezone) as cadence,
    d.batch_size,
    d.enabled,
    d.next_due_at,
    d.last_started_at,
    d.last_finished_at,
    d.last_duration_ms,
    d.last_rows,
    d.last_error,
    d.consecutive_failures,
    d.last_succeeded_at,
    d.runs as run_count,
    d.description
from private.duties as d;

grant select on analytics.duty_status to analyst, service_role;
