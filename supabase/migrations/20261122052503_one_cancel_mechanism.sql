-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.cancel_job(target public.generations)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    waiting boolean;
begin
    delete from private.job_queue q where q.generation_id = target.id and q.state in ('ready', 'waiting')
    returning true into waiting;
    if coalesce(waiting, false) then
        return private.finish_generation(target.id, 'cancelled', null, 'cancelled before it started', null);
    end if;
    update public.generations g set cancel_requested_at = coalesce(g.cancel_requested_at, now()), updated_at = now()
    where g.id = target.id and g.status not in ('succeeded', 'failed', 'cancelled')
    returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION private.cancel_unstarted_jobs(generation_ids uuid[], message text, error_code text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    job record;
begin
    for job in
        select q.id, q.generation_id from private.job_queue q
        where q.generation_id = any(generation_ids) and q.state in ('ready', 'waiting')
        order by q.id
        for update skip locked
    loop
        delete from private.job_queue q where q.id = job.id;
        perform private.finish_generation(job.generation_id, 'cancelled', null, message, error_code);
    end loop;
end
$function$
;

CREATE OR REPLACE FUNCTION private.advance_workflow_run()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    run_id uuid := (new.metadata ->> 'workflow_run_id')::uuid;
    run public.workflow_runs;
begin
    select r.* into run from public.workflow_runs r where r.id = run_id;
    if run.id is null or new.error_code = 'run_stopped' then  -- cancelled here, by a stopping run
        return null;
    end if;
    if new.status = 'succeeded' and run.status = 'running' then
        update public.workflow_runs r
        set completed_nodes = least(r.completed_nodes + 1, r.total_nodes),
            progress = round(100.0 * least(r.completed_nodes + 1, r.total_nodes) / r.total_nodes, 2),
            status = case when new.id = r.render_generation_id then 'succeeded' else r.status end,
            finished_at = case when new.id = r.render_generation_id then now() end,
            output_url = case when new.id = r.render_generation_id then new.output_url else r.output_url end,
            thumbnail_url = case when new.id = r.render_generation_id then new.thumbnail_url else r.thumbnail_url end,
            subtitles_url = case when new.id = r.render_generation_id then new.subtitles_url else r.subtitles_url end,
            duration_ms = case when new.id = r.render_generation_id then new.duration_ms else r.duration_ms end
        where r.id = run.id;
        return null;
    end if;
    -- the run cannot finish: it is failed first (the cancellations below come back here
    -- and find it over), then what waits is cancelled (jobs being claimed right now are
    -- skipped; they come back here when they finish)
    if run.status = 'running' then
        update public.workflow_runs r
        set status = case when new.status = 'cancelled' then 'cancelled' else 'failed' end,
            finished_at = now(),
            error_node = new.metadata ->> 'node_id',
            error_message = format('node %s (%s) %s: %s', new.metadata ->> 'node_id', new.metadata ->> 'node_type',
                                   new.status, coalesce(new.error_message, new.status))
        where r.id = run.id and r.status = 'running';
    end if;
    perform private.cancel_unstarted_jobs(private.run_generation_ids(run.nodes),
                                          'cancelled: workflow run ' || run.id || ' cannot finish', 'run_stopped');
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.cancel_children(parent public.generations)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform set_config('creatorverse.settling_pipeline', parent.id::text, true);
    perform private.cancel_unstarted_jobs(array(select c.id from public.generations c where c.parent_id = parent.id),
                                          'cancelled with its pipeline', 'cancelled');
    update public.generations g set cancel_requested_at = now(), updated_at = now()
    where g.id in (select c.id from public.generations c
                   where c.parent_id = parent.id and c.status in ('running', 'retrying')
                     and c.cancel_requested_at is null
                   for update skip locked);
    perform set_config('creatorverse.settling_pipeline', '', true);
end
$function$
;

CREATE OR REPLACE FUNCTION private.cancel_pipeline(target public.generations)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.lock_credit_balance(target.organization_id);
    if target.parent_id is null then
        update public.generations g set cancel_requested_at = coalesce(g.cancel_requested_at, now()), updated_at = now()
        where g.id = target.id;
        perform private.refresh_pipeline(target.id, 'cancelling');
    else
        perform private.cancel_job(target);
    end if;
    select g.* into target from public.generations g where g.id = target.id;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.generations := private.visible_generation(generation_id, 'editor');
begin
    if target.status in ('succeeded', 'failed', 'cancelled') then
        raise exception 'generation is already %', target.status using errcode = '55000';
    end if;
    -- a pipeline's parent or child: its own locking order (supabase/functions/pipeline.sql)
    if target.parent_id is not null or target.metadata ? 'pipeline' then
        return private.cancel_pipeline(target);
    end if;
    return private.cancel_job(target);
end
$function$
;
