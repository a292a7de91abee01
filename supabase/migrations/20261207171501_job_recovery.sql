-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.job_lease(job_kind text, requested_seconds integer)
 RETURNS interval
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select make_interval(secs => least(greatest(coalesce(requested_seconds, k.lease_seconds), 1), k.lease_seconds))
    from public.generation_kinds k where k.kind = job_kind
$function$
;

CREATE OR REPLACE FUNCTION private.job_tries(job private.job_queue, failed_attempts integer)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select format('%s of %s attempts failed, lease lost %s of %s times', failed_attempts, job.max_attempts,
                  job.lease_losses, k.max_lease_losses)
    from public.generation_kinds k where k.kind = job.kind
$function$
;

CREATE OR REPLACE FUNCTION public.job_claim(worker text, job_kind text, batch_size integer DEFAULT 10, lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    picked bigint [];
    picked_generations uuid [];
    lease interval;
begin
    with next_jobs as (
        select q.id, q.generation_id from private.job_queue q
        where q.kind = job_kind and q.state = 'ready' and q.run_after <= now()
        order by q.priority desc, q.run_after, q.id
        limit least(greatest(batch_size, 1), 1000)
        for update skip locked
    )
    select array_agg(n.id), array_agg(n.generation_id) into picked, picked_generations from next_jobs n;
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_fail(queue_id bigint, lease_token bigint, error_message text, error_code text DEFAULT NULL::text, retryable boolean DEFAULT true, retry_in_seconds numeric DEFAULT NULL::numeric)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_hand_back(queue_ids bigint[], lease_tokens bigint[])
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_heartbeat(worker text, queue_ids bigint[], lease_tokens bigint[], lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(queue_id bigint, state text)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_reap(max_jobs integer DEFAULT 500)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;
