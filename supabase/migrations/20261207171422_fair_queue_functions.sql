-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.concurrency_limit(org_id uuid, job_kind text)
 RETURNS integer
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.queue_place(job private.job_queue, OUT queue_position bigint, OUT waits_for bigint)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.queued_organizations(job_kind text)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.generation_queue_estimate(generation_id uuid)
 RETURNS TABLE(queue_position bigint, estimated_start_at timestamp with time zone, estimated_completion_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.enqueue_generations()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    woken text;
begin
    insert into private.job_queue (generation_id, kind, priority, max_attempts, organization_id)
    select n.id, n.kind, n.priority, n.max_attempts, n.organization_id from new_rows n where n.status = 'queued';
    for woken in select distinct n.kind from new_rows n loop
        perform pg_notify('creatorverse_jobs', woken);
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION public.generation_queue_position(generation_id uuid)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_claim(worker text, job_kind text, batch_size integer DEFAULT 10, lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
    lease := make_interval(secs => coalesce(
        job_claim.lease_seconds, (select k.lease_seconds from public.generation_kinds k where k.kind = job_kind)));
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
$function$
;

drop policy if exists "plan_concurrency_limits_select" on "public"."plan_concurrency_limits";

create policy "plan_concurrency_limits_select"
on "public"."plan_concurrency_limits"
as permissive
for select
to anon, authenticated
using (true);

grant execute on function public.generation_queue_estimate(uuid) to authenticated;
