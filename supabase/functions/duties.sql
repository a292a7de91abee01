-- Timed duties (private.duties, docs/duties.md): the clock they read, the lock and state of a
-- run, and the one SQL runner. Every duty function has one shape:
--   <schema>.<name>(p_batch integer) returns integer
-- it handles at most p_batch items (rows of its subject; for a window duty the window's
-- size) and returns how many it handled.

-- When a duty is next due after `after`: its interval later, or its cron expression's next
-- time in its time zone (public.cron_next).
create or replace function private.duty_next_due(duty private.duties, after timestamptz)
returns timestamptz
language sql
stable
set search_path = ''
as $$
    select case when duty.every is not null then after + duty.every
                else public.cron_next(duty.cron, duty.timezone, after) end
$$;
revoke execute on function private.duty_next_due(private.duties, timestamptz) from public;

-- Lock a duty for a run in the caller's transaction: due (or forced) and not being run by
-- another scheduler right now (skip locked). No row: nothing to do.
create or replace function private.claim_duty(duty_name text, force boolean default false)
returns setof private.duties
language sql
security definer
set search_path = ''
as $$
    select d.* from private.duties d
    where d.name = duty_name and (force or (d.enabled and d.next_due_at <= private.now()))
    for update skip locked
$$;
revoke execute on function private.claim_duty(text, boolean) from public;
grant execute on function private.claim_duty(text, boolean) to service_role;

-- Record a run in the claiming transaction. A failure keeps the due time (retried at the
-- next tick); a full batch of a draining duty too (its backlog goes on at the next tick);
-- otherwise the duty is next due by its cadence.
create or replace function private.finish_duty(duty_name text, started timestamptz, affected integer, failure text)
returns private.duties
language sql
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.finish_duty(text, timestamptz, integer, text) from public;
grant execute on function private.finish_duty(text, timestamptz, integer, text) to service_role;

-- Run one SQL duty in the caller's transaction (the scheduler sends one statement: one
-- transaction per duty). A failing duty's changes are rolled back to the savepoint of the
-- exception block and its error recorded. Null when the duty is not due or already running.
create or replace function private.run_duty(duty_name text, force boolean default false)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
    duty private.duties;
    started timestamptz := clock_timestamp();
    affected integer;
    failure text;
begin
    select d.* into duty from private.claim_duty(duty_name, force) d;
    if duty.name is null then
        if not exists (select from private.duties d where d.name = duty_name) then
            raise exception 'unknown duty "%"', left(duty_name, 100) using errcode = 'PT404';
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
$$;
revoke execute on function private.run_duty(text, boolean) from public;
grant execute on function private.run_duty(text, boolean) to service_role;

-- The duties due now, soonest first.
create or replace function private.due_duties()
returns setof private.duties
language sql
stable
security definer
set search_path = ''
as $$
    select d.* from private.duties d where d.enabled and d.next_due_at <= private.now() order by d.next_due_at, d.name
$$;
revoke execute on function private.due_duties() from public;
grant execute on function private.due_duties() to service_role;

-- Heartbeat rows of workers not seen for a day.
create or replace function private.cleanup_worker_heartbeats(p_batch integer)
returns integer
language sql
security definer
set search_path = ''
as $$
    with gone as (
        delete from private.worker_heartbeats w
        where w.worker_id in (select h.worker_id from private.worker_heartbeats h
                              where h.last_seen_at < private.now() - interval '1 day'
                              limit p_batch for update skip locked)
        returning 1
    )
    select count(*)::integer from gone
$$;
revoke execute on function private.cleanup_worker_heartbeats(integer) from public;
grant execute on function private.cleanup_worker_heartbeats(integer) to service_role;
