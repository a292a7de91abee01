-- The job queue: the fair order and concurrency limits, settling a finished generation
-- (state, money, usage), and the worker functions (claim, heartbeat, progress, complete,
-- fail, cancel, hand back, reap). docs/generation.md tells the story.
--
-- Locking order everywhere: queue row, then generation row, then the organization's
-- balance row (then its hold). Batches lock organizations in id order.

-- ---------------------------------------------------------------------------
-- The fair order (docs/generation.md, "Fairness and concurrency limits"). Organizations take
-- turns within a kind: a claim gives the next worker slots to the organizations with the
-- fewest running jobs of the kind (water-filling), each taking its own jobs by priority,
-- then time; an organization at its concurrency limit is passed over.
-- ---------------------------------------------------------------------------

-- The organizations with ready jobs of a kind, in id order: a loose index scan, one probe of
-- job_queue_ready_idx per organization, whatever the size of their backlogs.
create or replace function private.queued_organizations(job_kind text)
returns setof uuid
language sql
stable
set search_path = ''
as $$
    with recursive orgs (organization_id) as (
        (select q.organization_id from private.job_queue q
         where q.kind = job_kind and q.state = 'ready'
         order by q.organization_id limit 1)
        union all
        select (select q.organization_id from private.job_queue q
                where q.kind = job_kind and q.state = 'ready' and q.organization_id > o.organization_id
                order by q.organization_id limit 1)
        from orgs o where o.organization_id is not null
    )
    select o.organization_id from orgs o where o.organization_id is not null
$$;
revoke execute on function private.queued_organizations(text) from public;

-- How many jobs of a kind an organization may run at once: the operator's limit when one is
-- set (null: none), else its plan's (no row: none).
create or replace function private.concurrency_limit(org_id uuid, job_kind text)
returns integer
language sql
stable
set search_path = ''
as $$
    select v.max_running from (
        select l.max_running, 1 as choice from private.organization_concurrency_limits l
        where l.organization_id = org_id and l.kind = job_kind
        union all
        select c.max_running, 2 from public.organizations o
        join public.plan_concurrency_limits c on c.plan_id = o.plan and c.kind = job_kind
        where o.id = org_id
    ) v
    order by v.choice
    limit 1
$$;
revoke execute on function private.concurrency_limit(uuid, text) from public;

-- A ready job's place in the fair order of its kind (1 = next), and how many of its own
-- organization's running jobs must finish before its limit lets it start. Its turn is its
-- organization's running jobs + its rank among the organization's ready jobs; another
-- organization's jobs come first when their turn is earlier (or the same, with an older next
-- job), at most its ready jobs and its free slots. A job its own limit holds back comes after
-- every job the others can start now. Cost: one probe per organization with ready jobs, and
-- index entries up to the job's turn (or, held back, the others' startable jobs).
create or replace function private.queue_place(job private.job_queue, out queue_position bigint, out waits_for bigint)
language plpgsql
stable
set search_path = ''
as $$
declare
    own_limit integer := private.concurrency_limit(job.organization_id, job.kind);
    own_running bigint;
    own_ahead bigint;
    turn bigint;
    head record;
    others bigint;
begin
    own_running := (select count(*) from private.job_queue q
                    where q.kind = job.kind and q.organization_id = job.organization_id and q.state = 'running');
    own_ahead := (select count(*) from private.job_queue q
                  where q.kind = job.kind and q.organization_id = job.organization_id and q.state = 'ready'
                    and (q.priority > job.priority
                         or (q.priority = job.priority and (q.run_after, q.id) < (job.run_after, job.id))));
    waits_for := case when own_limit is null then 0
                      else greatest(own_ahead + 1 - greatest(own_limit - own_running, 0), 0) end;
    -- held back by its own limit: behind whatever the others can start (a turn no one reaches)
    turn := case when waits_for > 0 then 1000000000 else own_running + own_ahead + 1 end;
    select q.run_after, q.id into head from private.job_queue q
    where q.kind = job.kind and q.organization_id = job.organization_id and q.state = 'ready'
    order by q.priority desc, q.run_after, q.id limit 1;
    select coalesce(sum(least(
               greatest(turn - p.running - case when (p.run_after, p.id) < (head.run_after, head.id) then 0 else 1 end,
                        0),
               case when p.max_running is null then turn else greatest(p.max_running - p.running, 0) end,
               (select count(*) from (select from private.job_queue q
                                      where q.kind = job.kind and q.organization_id = p.org and q.state = 'ready'
                                      order by q.priority desc, q.run_after, q.id
                                      limit least(greatest(turn - p.running, 0),
                                                  case when p.max_running is null then turn
                                                       else greatest(p.max_running - p.running, 0) end)) r))), 0)
    into others
    from (select o.org, private.concurrency_limit(o.org, job.kind) as max_running, h.run_after, h.id,
                 (select count(*) from private.job_queue q
                  where q.kind = job.kind and q.organization_id = o.org and q.state = 'running') as running
          from private.queued_organizations(job.kind) o (org)
          cross join lateral (select q.run_after, q.id from private.job_queue q
                              where q.kind = job.kind and q.organization_id = o.org and q.state = 'ready'
                              order by q.priority desc, q.run_after, q.id limit 1) h
          where o.org <> job.organization_id) p;
    queue_position := 1 + own_ahead + others;
end
$$;
revoke execute on function private.queue_place(private.job_queue) from public;

-- A ready job's place in its kind's fair order (1 = next), null when it is not in line
-- (running, finished, or still waiting for its inputs).
create or replace function public.generation_queue_position(generation_id uuid)
returns bigint
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    target public.generations := private.visible_generation(generation_id, 'viewer');
    job private.job_queue;
begin
    select q.* into job from private.job_queue q where q.generation_id = target.id and q.state = 'ready';
    if job.id is null then
        return null;
    end if;
    return (private.queue_place(job)).queue_position;
end
$$;
revoke execute on function public.generation_queue_position(uuid) from public, anon;
grant execute on function public.generation_queue_position(uuid) to authenticated, service_role;

-- A ready job's place, and when it should start and finish: the live workers of its kind
-- take (their reported jobs/s) jobs per second in the fair order, and a job runs on average
-- running / rate seconds (Little's law); a job its organization's limit holds back also
-- waits for that many of its own running jobs to finish. Times are null while no live
-- worker serves the kind; all null when the job is not in line.
create or replace function public.generation_queue_estimate(generation_id uuid)
returns table (queue_position bigint, estimated_start_at timestamptz, estimated_completion_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    target public.generations := private.visible_generation(generation_id, 'viewer');
    job private.job_queue;
    place record;
    rate numeric;
    run_seconds numeric;
    own_limit integer;
    starts timestamptz;
begin
    select q.* into job from private.job_queue q where q.generation_id = target.id and q.state = 'ready';
    if job.id is null then
        return;
    end if;
    place := private.queue_place(job);
    rate := (select sum(w.jobs_per_second) from private.worker_heartbeats w
             where job.kind = any(w.kinds) and w.stopped_at is null and w.last_seen_at > now() - interval '30 seconds');
    if coalesce(rate, 0) <= 0 then
        return query select place.queue_position, null::timestamptz, null::timestamptz;
        return;
    end if;
    run_seconds := greatest((select count(*) from private.job_queue q where q.kind = job.kind and q.state = 'running'),
                            1) / rate;
    own_limit := private.concurrency_limit(job.organization_id, job.kind);
    starts := greatest(now() + make_interval(secs => (place.queue_position - 1) / rate), job.run_after,
                       now() + make_interval(secs => place.waits_for * run_seconds / greatest(own_limit, 1)));
    return query select place.queue_position, starts, starts + make_interval(secs => run_seconds);
end
$$;
revoke execute on function public.generation_queue_estimate(uuid) from public, anon;
grant execute on function public.generation_queue_estimate(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Settling: the generation's final state, its money and its usage record, in the
-- caller's transaction (the one that removes the job from the queue)
-- ---------------------------------------------------------------------------

-- Final state of generations whose queue rows the caller has just removed, a batch in one
-- pass: one update of the generations (the status dispatcher runs once), their holds settled
-- together (private.settle_holds) and one insert of their usage records. Succeeded: capture
-- each one's actual_credits (the estimate when the outcome names none; at most the hold, the
-- rest released) and write its usage record; failed or cancelled: release the holds. A hold
-- no longer pending (a cancel race, its expiry) is not settled again and charges nothing.
-- outcomes[i] is target_ids[i]'s public.job_outcome as JSON (null: nothing produced); a key
-- it does not name is ignored. Locks: the generations in id order, then the ledger's
-- (private.lock_holds: balance rows in organization-id order, then holds). Returns the
-- generations.
create or replace function private.finish_generations(
    target_ids uuid [], final_status text, outcomes jsonb [], error_text text, error_kind text
)
returns setof public.generations
language plpgsql
security definer
set search_path = ''
as $$
declare
    hold_ids uuid [];
    charges bigint [];
    locked public.credit_holds [];
    settled_ids uuid [];
    captured bigint [];
begin
    -- (holds read by a filter, not a condition the planner would push down to scan every
    -- generation that holds credits)
    select array_agg(g.hold_id) filter (where g.hold_id is not null),
           array_agg(case when final_status = 'succeeded'
                          then coalesce((jsonb_populate_record(null::public.job_outcome,
                                                               outcomes[array_position(target_ids, g.id)])).actual_credits,
                                        g.estimated_credits)
                          else 0 end) filter (where g.hold_id is not null)
    into hold_ids, charges
    from (select g.id, g.hold_id, g.estimated_credits from public.generations g
          where g.id = any(target_ids) order by g.id for update) g;
    if hold_ids is not null then
        select array_agg(h), array_agg(charges[array_position(hold_ids, h.id)]) into locked, charges
        from private.lock_holds(hold_ids) h;
        select array_agg(h.id), array_agg(h.captured_amount) into settled_ids, captured
        from private.settle_holds(locked, charges,
                                  case when final_status = 'succeeded' then 'captured' else 'released' end) h;
    end if;
    return query
    with produced as materialized (  -- each outcome read once
        select u.id, jsonb_populate_record(null::public.job_outcome, u.outcome) as outcome
        from unnest(target_ids, outcomes) u (id, outcome)
    ),
    done as (
        update public.generations g
        set status = final_status,
            progress = case when final_status = 'succeeded' then 100 else g.progress end,
            completed_at = case when final_status = 'succeeded' then now() end,
            failed_at = case when final_status = 'failed' then now() end,
            cancelled_at = case when final_status = 'cancelled' then now() end,
            updated_at = now(),
            actual_credits = case when final_status = 'succeeded'
                                  then coalesce(captured[array_position(settled_ids, g.hold_id)], 0) else 0 end,
            actual_cost_usd = case when final_status = 'succeeded'
                                   then coalesce((p.outcome).actual_cost_usd, g.estimated_cost_usd) end,
            output_url = coalesce((p.outcome).output_url, g.output_url),
            thumbnail_url = coalesce((p.outcome).thumbnail_url, g.thumbnail_url),
            subtitles_url = coalesce((p.outcome).subtitles_url, g.subtitles_url),
            output_asset_id = coalesce((p.outcome).output_asset_id, g.output_asset_id),
            external_job_id = coalesce((p.outcome).external_job_id, g.external_job_id),
            provider = coalesce((p.outcome).provider, g.provider),
            model = coalesce((p.outcome).model, g.model),
            duration_ms = coalesce((p.outcome).duration_ms, g.duration_ms),
            size_bytes = coalesce((p.outcome).size_bytes, g.size_bytes),
            cost_tokens = coalesce((p.outcome).cost_tokens, g.cost_tokens),
            cost_render_seconds = coalesce((p.outcome).cost_render_seconds, g.cost_render_seconds),
            cost_kai_credits = coalesce((p.outcome).cost_kai_credits, g.cost_kai_credits),
            result = coalesce((p.outcome).result, g.result),
            error_message = coalesce(error_text, case when final_status = 'succeeded' then null else g.error_message end),
            error_code = coalesce(error_kind, case when final_status = 'succeeded' then null else g.error_code end),
            estimated_completion_at = null
        from produced p
        where g.id = any(target_ids) and g.id = p.id
        returning g.*
    ),
    recorded as (
        insert into public.usage_events (
            event_id, occurred_at, organization_id, user_id, project_id, job_id, resource_type, provider, model,
            input_tokens, units, credits, cost_usd, duration_ms, status, error_message, metadata
        )
        select d.id, now(), d.organization_id, d.user_id, d.project_id, d.id, k.resource_type, d.provider, d.model,
               d.cost_tokens, case k.resource_type when 'render_seconds' then d.cost_render_seconds
                                                   when 'kai_credits' then d.cost_kai_credits
                                                   else d.units end,
               d.actual_credits, coalesce(d.actual_cost_usd, 0), extract(epoch from (now() - d.started_at)) * 1000,
               case final_status when 'succeeded' then 'success' else 'error' end, d.error_message,
               jsonb_build_object('generation_kind', d.kind, 'attempts', d.attempts, 'paid_by', d.paid_by)
        from done d join public.generation_kinds k on k.kind = d.kind
        where k.resource_type is not null and final_status <> 'cancelled'
        on conflict do nothing
    )
    select d.* from done d;
end
$$;
revoke execute on function private.finish_generations(uuid [], text, jsonb [], text, text) from public;

-- One generation: finish_generations with an array of one.
create or replace function private.finish_generation(
    target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text
)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
declare
    done public.generations;
begin
    select f.* into done
    from private.finish_generations(array[target_id], final_status, array[outcome], error_text, error_kind) f;
    return done;
end
$$;
revoke execute on function private.finish_generation(uuid, text, jsonb, text, text) from public;

-- Exponential backoff with jitter: a random time in [½, 1] × min(cap, base × 2^(attempt-1)).
create or replace function private.backoff(attempt integer, base_seconds numeric, cap_seconds numeric)
returns interval
language sql
volatile
set search_path = ''
as $$
    select make_interval(secs => least(cap_seconds, base_seconds * power(2, greatest(attempt, 1) - 1))
                                 * (0.5 + random() / 2))
$$;
revoke execute on function private.backoff(integer, numeric, numeric) from public;

create or replace function private.log_job(
    job_generation uuid, job_attempt integer, log_level text, log_stage text, log_message text, log_data jsonb,
    log_worker text
)
returns void
language sql
security definer
set search_path = ''
as $$
    insert into public.job_logs (generation_id, organization_id, project_id, attempt, level, stage, message, data,
                                 worker_id)
    select g.id, g.organization_id, g.project_id, job_attempt, log_level, log_stage, left(log_message, 4000),
           coalesce(log_data, '{}'), log_worker
    from public.generations g where g.id = job_generation
$$;
revoke execute on function private.log_job(uuid, integer, text, text, text, jsonb, text) from public;

-- ---------------------------------------------------------------------------
-- Worker functions (service_role). A job is addressed by (queue id, lease token): the
-- token changes at every claim, so a worker whose lease expired and was taken over can
-- neither complete, fail nor extend it (fencing). Every function checks the token and
-- that the lease is still running.
-- ---------------------------------------------------------------------------

-- The queue row of a job the caller still holds (its lease token, running, lease not
-- expired), locked; null when the lease was lost. Every worker function starts here.
create or replace function private.held_job(job_id bigint, token bigint)
returns private.job_queue
language sql
set search_path = ''
as $$
    select q.* from private.job_queue q
    where q.id = job_id and q.lease_token = token and q.state = 'running' and q.lease_expires_at > now()
    for update
$$;
revoke execute on function private.held_job(bigint, bigint) from public;

-- The lease a worker gets (claim) and renews (heartbeat): the kind's, or shorter when the
-- worker asks for less; never longer, so that the kinds' bound (20 s) is the recovery time.
create or replace function private.job_lease(job_kind text, requested_seconds integer)
returns interval
language sql
stable
set search_path = ''
as $$
    select make_interval(secs => least(greatest(coalesce(requested_seconds, k.lease_seconds), 1), k.lease_seconds))
    from public.generation_kinds k where k.kind = job_kind
$$;
revoke execute on function private.job_lease(text, integer) from public;

-- Claim up to `batch_size` ready jobs of a kind in the fair order (skip locked): each takes
-- the next lease token, counts the attempt and gets a lease; its generation turns running.
-- The slots go to the organizations with a job due, fewest running jobs first (water-filling:
-- the batch's k-th slot goes to the smallest running + k, ties to the older next job), each
-- organization's jobs by priority, then time. An organization with a concurrency limit gets
-- at most its free slots, counted under its slot lock (a transaction-level advisory lock
-- taken with try: a second claimer passes the organization over instead of waiting), in a
-- statement that starts after the lock is held, so it sees every claim committed before:
-- the limit holds across any number of workers. The picked ids are collected first, so both
-- updates find their rows through the primary keys. Neither update changes an indexed
-- column of generations: with the table's fillfactor the status change is a HOT update.
create or replace function public.job_claim(
    worker text, job_kind text, batch_size integer default 10, lease_seconds integer default null
)
returns setof public.claimed_job
language plpgsql
security definer
set search_path = ''
as $$
declare
    batch integer := least(greatest(batch_size, 1), 1000);
    candidate record;
    eligible uuid [] := '{}';
    eligible_limits integer [] := '{}';
    picked bigint [];
    picked_generations uuid [];
    lease interval;
begin
    for candidate in
        select o.org, private.concurrency_limit(o.org, job_kind) as max_running
        from private.queued_organizations(job_kind) o (org)
    loop
        if candidate.max_running is null
           or (candidate.max_running > 0
               and pg_try_advisory_xact_lock(hashtext('creatorverse.job_slots'),
                                             hashtext(candidate.org::text || '/' || job_kind))) then
            eligible := eligible || candidate.org;
            eligible_limits := eligible_limits || candidate.max_running;
        end if;
    end loop;
    if cardinality(eligible) = 0 then
        return;
    end if;
    if cardinality(eligible) = 1 and eligible_limits[1] is null then
        -- one organization, no limit: its next jobs
        with next_jobs as (
            select q.id, q.generation_id from private.job_queue q
            where q.kind = job_kind and q.organization_id = eligible[1] and q.state = 'ready' and q.run_after <= now()
            order by q.priority desc, q.run_after, q.id
            limit batch
            for update skip locked
        )
        select array_agg(n.id), array_agg(n.generation_id) into picked, picked_generations from next_jobs n;
    else
        -- (materialized: each organization's counts once, not once per turn)
        with org as materialized (
            select e.org, e.max_running,
                   (select count(*) from private.job_queue q
                    where q.kind = job_kind and q.organization_id = e.org and q.state = 'running') as running
            from unnest(eligible, eligible_limits) e (org, max_running)
        ),
        room as materialized (
            select o.org, o.running, h.run_after, h.id,
                   least(coalesce(o.max_running - o.running, batch),
                         (select count(*) from (select from private.job_queue q
                                                where q.kind = job_kind and q.organization_id = o.org
                                                  and q.state = 'ready' and q.run_after <= now()
                                                order by q.priority desc, q.run_after, q.id
                                                limit batch) due)) as room
            from org o
            cross join lateral (select q.run_after, q.id from private.job_queue q
                                where q.kind = job_kind and q.organization_id = o.org and q.state = 'ready'
                                  and q.run_after <= now()
                                order by q.priority desc, q.run_after, q.id limit 1) h
        ),
        turns as (
            select r.org from room r cross join lateral generate_series(1, r.room::integer) t (n)
            order by r.running + t.n, r.run_after, r.id
            limit batch
        ),
        quota as (
            select t.org, count(*) as jobs from turns t group by t.org
        ),
        next_jobs as (
            select j.id, j.generation_id from quota qt
            cross join lateral (select q.id, q.generation_id from private.job_queue q
                                where q.kind = job_kind and q.organization_id = qt.org and q.state = 'ready'
                                  and q.run_after <= now()
                                order by q.priority desc, q.run_after, q.id
                                limit qt.jobs
                                for update skip locked) j
        )
        select array_agg(n.id), array_agg(n.generation_id) into picked, picked_generations from next_jobs n;
    end if;
    if picked is null then
        return;
    end if;
    lease := private.job_lease(job_kind, job_claim.lease_seconds);
    return query
    with claimed as (
        update private.job_queue q
        set state = 'running', attempts = q.attempts + 1, lease_token = q.lease_token + 1, worker_id = worker,
            lease_expires_at = now() + lease
        where q.id = any(picked)
        returning q.id, q.generation_id, q.lease_token, q.attempts, q.max_attempts, q.lease_expires_at, q.priority,
                  q.run_after
    ),
    started as (
        update public.generations g
        set status = 'running', attempts = c.attempts, started_at = coalesce(g.started_at, now()), updated_at = now()
        from claimed c
        where g.id = any(picked_generations) and g.id = c.generation_id
        returning g.id, g.kind, g.organization_id, g.project_id, g.user_id, g.provider, g.model, g.prompt, g.params,
                  g.units, g.estimated_credits, g.parent_id, g.scene_id
    )
    select c.id, c.lease_token, c.attempts, c.max_attempts, c.lease_expires_at, s.id, s.kind, s.organization_id,
           s.project_id, s.user_id, s.provider, s.model, s.prompt, s.params, s.units, s.estimated_credits, s.parent_id,
           s.scene_id
    from claimed c join started s on s.id = c.generation_id
    order by c.priority desc, c.run_after, c.id;
end
$$;
revoke execute on function public.job_claim(text, text, integer, integer) from public, anon, authenticated;
grant execute on function public.job_claim(text, text, integer, integer) to service_role;

-- Extend the leases of running jobs; say which were lost and which the client cancelled.
create or replace function public.job_heartbeat(
    worker text, queue_ids bigint [], lease_tokens bigint [], lease_seconds integer default null
)
returns table (queue_id bigint, state text)
language sql
security definer
set search_path = ''
as $$
    with held as (
        select j.id, j.token from unnest(queue_ids, lease_tokens) as j (id, token)
    ),
    extended as (
        update private.job_queue q
        set lease_expires_at = now() + private.job_lease(q.kind, job_heartbeat.lease_seconds)
        from held h
        where q.id = h.id and q.lease_token = h.token and q.state = 'running' and q.lease_expires_at > now()
        returning q.id, q.generation_id
    )
    select h.id,
           case when e.id is null then 'lost'
                when g.cancel_requested_at is not null then 'cancel'
                else 'ok' end
    from held h
    left join extended e on e.id = h.id
    left join public.generations g on g.id = e.generation_id
$$;
revoke execute on function public.job_heartbeat(text, bigint [], bigint [], integer) from public, anon, authenticated;
grant execute on function public.job_heartbeat(text, bigint [], bigint [], integer) to service_role;

-- Progress and current step on the domain row (clients see it through Realtime). False
-- when the lease is lost.
create or replace function public.job_progress(
    queue_id bigint, lease_token bigint, progress numeric, current_step text default null,
    completed_steps integer default null, total_steps integer default null,
    estimated_completion_at timestamptz default null, external_job_id text default null
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
    job private.job_queue := private.held_job(job_progress.queue_id, job_progress.lease_token);
begin
    if job.id is null then
        return false;
    end if;
    update public.generations g
    set progress = least(greatest(coalesce(job_progress.progress, g.progress), 0), 99.99),
        last_completed_step = case when job_progress.current_step is distinct from g.current_step
                                   then g.current_step else g.last_completed_step end,
        current_step = coalesce(left(job_progress.current_step, 200), g.current_step),
        completed_steps = coalesce(job_progress.completed_steps, g.completed_steps),
        total_steps = coalesce(job_progress.total_steps, g.total_steps),
        estimated_completion_at = coalesce(job_progress.estimated_completion_at, g.estimated_completion_at),
        external_job_id = coalesce(job_progress.external_job_id, g.external_job_id),
        updated_at = now()
    where g.id = job.generation_id;
    return true;
end
$$;
revoke execute on function public.job_progress(bigint, bigint, numeric, text, integer, integer, timestamptz, text)
from public, anon, authenticated;
grant execute on function public.job_progress(bigint, bigint, numeric, text, integer, integer, timestamptz, text)
to service_role;

-- Complete a batch: for each (queue id, lease token, outcome) still held, remove the job and
-- finish its generation as succeeded through finish_generations, the one way a generation
-- finishes (its actual cost captured, its usage recorded, set-based whatever the batch's size;
-- a free, unmetered job touches neither the ledger nor the usage records) — all in this
-- transaction. Returns the queue ids accepted; the others had lost their lease.
-- An outcome is a public.job_outcome as JSON (null: nothing produced).
-- Rows are found by `id = any(batch)` (an index scan of exactly the batch) and their token and
-- outcome read by array_position: a join to unnest(...) let the planner rescan the unnest for
-- every row or scan every running job, costs that grow with more than the batch.
create or replace function private.complete_jobs(queue_ids bigint [], lease_tokens bigint [], outcomes jsonb [])
returns bigint []
language plpgsql
security definer
set search_path = ''
as $$
declare
    done_ids bigint [];
    done_generations uuid [];
    done_outcomes jsonb [];
begin
    with removed as (
        delete from private.job_queue q
        where q.id = any(queue_ids) and q.state = 'running' and q.lease_expires_at > now()
          and q.lease_token = lease_tokens[array_position(queue_ids, q.id)]
        returning q.id, q.generation_id, outcomes[array_position(queue_ids, q.id)] as outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(r.outcome)
    into done_ids, done_generations, done_outcomes
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    perform private.finish_generations(done_generations, 'succeeded', done_outcomes, null, null);
    return done_ids;
end
$$;
revoke execute on function private.complete_jobs(bigint [], bigint [], jsonb []) from public;

-- The same for a worker that completes without claiming (set of accepted queue ids).
create or replace function public.job_complete(queue_ids bigint [], lease_tokens bigint [], outcomes jsonb [])
returns setof bigint
language sql
security definer
set search_path = ''
as $$
    select unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes))
$$;
revoke execute on function public.job_complete(bigint [], bigint [], jsonb []) from public, anon, authenticated;
grant execute on function public.job_complete(bigint [], bigint [], jsonb []) to service_role;

-- One round trip per batch: complete what the worker finished, then claim up to
-- `batch_size` more of `job_kind` (one transaction, one commit). Rows: first one per
-- completion accepted (`completed`: its queue id), then one per job claimed (`claimed`, as
-- job_claim returns it; read `(claimed).*` to get its columns by name).
create or replace function public.job_complete_and_claim(
    worker text, job_kind text, batch_size integer, queue_ids bigint [], lease_tokens bigint [], outcomes jsonb [],
    lease_seconds integer default null
)
returns table (completed bigint, claimed public.claimed_job)
language plpgsql
security definer
set search_path = ''
as $$
begin
    if coalesce(cardinality(queue_ids), 0) > 0 then
        return query
        select c.c, null::public.claimed_job from unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes)) as c (c);
    end if;
    if batch_size > 0 then
        return query select null::bigint, j from public.job_claim(worker, job_kind, batch_size, lease_seconds) j;
    end if;
end
$$;
revoke execute on function public.job_complete_and_claim(text, text, integer, bigint [], bigint [], jsonb [], integer)
from public, anon, authenticated;
grant execute on function public.job_complete_and_claim(text, text, integer, bigint [], bigint [], jsonb [], integer)
to service_role;

-- A failed attempt. Retryable and attempts left: back to the queue after a backoff
-- (status retrying, the error kept). Otherwise dead-lettered: the job leaves the queue,
-- the generation is failed with its error, the hold released. Returns 'retrying',
-- 'failed' or 'lost' (the lease was no longer held: nothing changed).
create or replace function public.job_fail(
    queue_id bigint, lease_token bigint, error_message text, error_code text default null,
    retryable boolean default true, retry_in_seconds numeric default null
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    job private.job_queue := private.held_job(job_fail.queue_id, job_fail.lease_token);
    gen_kind public.generation_kinds;
begin
    if job.id is null then
        return 'lost';
    end if;
    perform private.log_job(job.generation_id, job.attempts, 'error', 'attempt', coalesce(error_message, 'failed'),
                            jsonb_build_object('error_code', error_code, 'retryable', retryable), job.worker_id);
    if retryable and job.attempts < job.max_attempts
       and not exists (select from public.generations g where g.id = job.generation_id
                                                        and g.cancel_requested_at is not null) then
        select k.* into gen_kind from public.generation_kinds k where k.kind = job.kind;
        update private.job_queue q
        set state = 'ready', lease_expires_at = null, worker_id = null,
            run_after = now() + coalesce(make_interval(secs => retry_in_seconds),
                                         private.backoff(job.attempts, gen_kind.backoff_base_seconds,
                                                         gen_kind.backoff_cap_seconds))
        where q.id = job.id;
        update public.generations g
        set status = 'retrying', error_message = left(job_fail.error_message, 4000), error_code = job_fail.error_code,
            updated_at = now()
        where g.id = job.generation_id;
        return 'retrying';
    end if;
    delete from private.job_queue q where q.id = job.id;
    -- lost leases too are said when there were any (the handler's own error comes first)
    perform private.finish_generation(job.generation_id, 'failed', null,
                                      left(coalesce(job_fail.error_message, 'failed')
                                           || case when job.lease_losses > 0
                                                   then ' (' || private.job_tries(job, job.attempts) || ')'
                                                   else '' end,
                                           4000),
                                      coalesce(job_fail.error_code, 'failed'));
    return 'failed';
end
$$;
revoke execute on function public.job_fail(bigint, bigint, text, text, boolean, numeric) from public, anon,
authenticated;
grant execute on function public.job_fail(bigint, bigint, text, text, boolean, numeric) to service_role;

-- The worker saw the client's cancellation at a heartbeat and stopped: cancel, release.
create or replace function public.job_cancelled(queue_id bigint, lease_token bigint)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
    job private.job_queue;
begin
    delete from private.job_queue q
    where q.id = job_cancelled.queue_id and q.lease_token = job_cancelled.lease_token and q.state = 'running'
    returning q.* into job;
    if job.id is null then
        return false;
    end if;
    perform private.finish_generation(job.generation_id, 'cancelled', null, 'cancelled by the client', 'cancelled');
    return true;
end
$$;
revoke execute on function public.job_cancelled(bigint, bigint) from public, anon, authenticated;
grant execute on function public.job_cancelled(bigint, bigint) to service_role;

-- Graceful shutdown: give running jobs back to the queue at once, the attempt not counted,
-- at their place in the order (run_after kept: they were due, they are first again).
create or replace function public.job_hand_back(queue_ids bigint [], lease_tokens bigint [])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    handed integer;
begin
    with back as (
        update private.job_queue q
        set state = 'ready', attempts = q.attempts - 1, lease_expires_at = null, worker_id = null
        from unnest(queue_ids, lease_tokens) as j (id, token)
        where q.id = j.id and q.lease_token = j.token and q.state = 'running'
        returning q.generation_id, q.attempts
    )
    update public.generations g set status = 'queued', attempts = b.attempts, updated_at = now()
    from back b where g.id = b.generation_id;
    get diagnostics handed = row_count;
    perform pg_notify('creatorverse_jobs', 'handback');
    return handed;
end
$$;
revoke execute on function public.job_hand_back(bigint [], bigint []) from public, anon, authenticated;
grant execute on function public.job_hand_back(bigint [], bigint []) to service_role;

-- How a job's tries went, said in a dead-lettered job's error: failed handler attempts and
-- lost leases are counted apart (a lost lease undoes its claim's attempt).
create or replace function private.job_tries(job private.job_queue, failed_attempts integer)
returns text
language sql
stable
set search_path = ''
as $$
    select format('%s of %s attempts failed, lease lost %s of %s times', failed_attempts, job.max_attempts,
                  job.lease_losses, k.max_lease_losses)
    from public.generation_kinds k where k.kind = job.kind
$$;
revoke execute on function private.job_tries(private.job_queue, integer) from public;

-- Jobs whose lease expired (their worker died, froze or lost the database): cancelled if the
-- client asked, dead-lettered after the kind's max_lease_losses, else ready again at once at
-- their place in the order (run_after kept). A lost lease is no failed attempt: its claim's
-- attempt is given back (also when the claim committed just before the worker died) and the
-- loss counted in lease_losses. Returns how many.
create or replace function public.job_reap(max_jobs integer default 500)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    job private.job_queue;
    reaped integer := 0;
begin
    for job in
        select q.* from private.job_queue q
        where q.state = 'running' and q.lease_expires_at <= now()
        order by q.lease_expires_at
        limit max_jobs
        for update skip locked
    loop
        job.attempts := job.attempts - 1;
        job.lease_losses := job.lease_losses + 1;
        perform private.log_job(job.generation_id, job.attempts + 1, 'warning', 'lease',
                                'lease expired: worker ' || coalesce(job.worker_id, '?') || ' lost',
                                jsonb_build_object('lease_losses', job.lease_losses), job.worker_id);
        if exists (select from public.generations g where g.id = job.generation_id
                                                    and g.cancel_requested_at is not null) then
            delete from private.job_queue q where q.id = job.id;
            perform private.finish_generation(job.generation_id, 'cancelled', null, 'cancelled by the client',
                                              'cancelled');
        elsif job.lease_losses >= (select k.max_lease_losses from public.generation_kinds k where k.kind = job.kind) then
            delete from private.job_queue q where q.id = job.id;
            perform private.finish_generation(job.generation_id, 'failed', null,
                                              'workers lost the job (lease expired): '
                                              || private.job_tries(job, job.attempts),
                                              'lease_expired');
        else
            update private.job_queue q
            set state = 'ready', attempts = job.attempts, lease_losses = job.lease_losses, lease_expires_at = null,
                worker_id = null
            where q.id = job.id;
            update public.generations g
            set status = 'retrying', attempts = job.attempts,
                error_message = 'worker lost the job (lease expired); retrying', error_code = 'lease_expired',
                updated_at = now()
            where g.id = job.generation_id;
        end if;
        reaped := reaped + 1;
    end loop;
    if reaped > 0 then
        perform pg_notify('creatorverse_jobs', 'reaped');
    end if;
    return reaped;
end
$$;
revoke execute on function public.job_reap(integer) from public, anon, authenticated;
grant execute on function public.job_reap(integer) to service_role;

-- A worker's log line for a job it holds.
create or replace function public.job_log(
    queue_id bigint, lease_token bigint, level text, stage text, message text, data jsonb default '{}'
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
    job private.job_queue := private.held_job(job_log.queue_id, job_log.lease_token);
begin
    if job.id is null then
        return false;
    end if;
    perform private.log_job(job.generation_id, job.attempts, level, left(stage, 200), message, data, job.worker_id);
    return true;
end
$$;
revoke execute on function public.job_log(bigint, bigint, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.job_log(bigint, bigint, text, text, text, jsonb) to service_role;

-- Workers report their counters (analytics.worker_status shows them).
create or replace function public.worker_report(
    worker text, host text, process_id integer, worker_kinds text [], worker_concurrency jsonb, now_in_flight integer,
    total_claimed bigint, total_completed bigint, total_failed bigint, total_lost bigint, rate numeric,
    stopping boolean default false
)
returns void
language sql
security definer
set search_path = ''
as $$
    insert into private.worker_heartbeats as w (
        worker_id, hostname, pid, kinds, concurrency, in_flight, claimed, completed, failed, lost_leases,
        jobs_per_second, stopped_at
    )
    values (worker, host, process_id, worker_kinds, worker_concurrency, now_in_flight, total_claimed, total_completed,
            total_failed, total_lost, rate, case when stopping then now() end)
    on conflict (worker_id) do update
    set last_seen_at = now(), in_flight = excluded.in_flight, claimed = excluded.claimed,
        completed = excluded.completed, failed = excluded.failed, lost_leases = excluded.lost_leases,
        jobs_per_second = excluded.jobs_per_second, stopped_at = excluded.stopped_at
$$;
revoke execute on function public.worker_report(text, text, integer, text [], jsonb, integer, bigint, bigint, bigint,
bigint, numeric, boolean) from public, anon, authenticated;
grant execute on function public.worker_report(text, text, integer, text [], jsonb, integer, bigint, bigint, bigint,
bigint, numeric, boolean) to service_role;
