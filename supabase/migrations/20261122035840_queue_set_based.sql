-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "generation_outbox" on "public"."generations";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.complete_jobs(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[])
 RETURNS bigint[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    done_ids bigint [];
    done_generations uuid [];
    done_outcomes jsonb [];
    finished integer;
    metered text [];
    done record;
begin
    with removed as (
        delete from private.job_queue q
        using unnest(queue_ids, lease_tokens, outcomes) as h (id, token, outcome)
        where q.id = any(queue_ids) and q.id = h.id and q.lease_token = h.token and q.state = 'running'
          and q.lease_expires_at > now()
        returning q.id, q.generation_id, h.outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(coalesce(r.outcome, '{}'))
    into done_ids, done_generations, done_outcomes
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    metered := array(select k.kind from public.generation_kinds k where k.resource_type is not null);
    -- free, unmetered jobs (no hold, no usage record): one statement, the ledger untouched
    update public.generations g
    set status = 'succeeded', actual_credits = 0, actual_cost_usd = 0, error_message = null, error_code = null,
        progress = 100, completed_at = now(), updated_at = now(),
        result = case when d.outcome ? 'result' then d.outcome -> 'result' else g.result end,
        output_url = coalesce(d.outcome ->> 'output_url', g.output_url)
    from unnest(done_generations, done_outcomes) as d (generation_id, outcome)
    where g.id = any(done_generations) and g.id = d.generation_id and g.status = 'running'
      and g.hold_id is null and g.kind <> all(metered);
    get diagnostics finished = row_count;
    if finished < cardinality(done_ids) then
        -- jobs that hold credits or are metered settle one by one, organizations in id order
        -- (the one locking order: no deadlocks between workers)
        for done in
            select d.generation_id, d.outcome
            from unnest(done_generations, done_outcomes) as d (generation_id, outcome)
            join public.generations g on g.id = d.generation_id
            where g.id = any(done_generations) and (g.hold_id is not null or g.kind = any(metered))
            order by g.organization_id, g.id
        loop
            perform private.finish_generation(done.generation_id, 'succeeded', done.outcome, null, null);
        end loop;
    end if;
    return done_ids;
end
$function$
;

CREATE OR REPLACE FUNCTION private.generation_outbox()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, n.organization_id, n.event_name,
           jsonb_build_object(
               'type', n.event_name, 'created_at', now(),
               'data', jsonb_build_object(
                   'id', n.id, 'kind', n.kind, 'status', n.status, 'organization_id', n.organization_id,
                   'project_id', n.project_id, 'output_url', n.output_url, 'thumbnail_url', n.thumbnail_url,
                   'subtitles_url', n.subtitles_url, 'error_message', n.error_message,
                   'actual_credits', n.actual_credits, 'attempts', n.attempts))
    from (
        -- only organizations with an active endpoint get this far
        select n.*, private.generation_event(n.kind, n.status) as event_name
        from new_rows n
        join old_rows o on o.id = n.id
        where n.status in ('succeeded', 'failed', 'cancelled') and o.status is distinct from n.status
          and n.organization_id in (select a.organization_id from public.webhooks a where a.is_active)
    ) n
    join public.webhooks w on w.organization_id = n.organization_id
    where w.is_active and (w.events = '{}' or n.event_name = any(w.events));
    return null;
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

CREATE OR REPLACE FUNCTION public.job_complete(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[])
 RETURNS SETOF bigint
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes))
$function$
;

CREATE OR REPLACE FUNCTION public.job_complete_and_claim(worker text, job_kind text, batch_size integer, queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[], lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(entry text, queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if coalesce(cardinality(queue_ids), 0) > 0 then
        return query
        select 'completed', c.c, null::bigint, null::integer, null::integer, null::timestamptz, null::uuid, null::text,
               null::uuid, null::uuid, null::uuid, null::text, null::text, null::text, null::jsonb, null::numeric,
               null::bigint, null::uuid, null::uuid
        from unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes)) as c (c);
    end if;
    if batch_size > 0 then
        return query select 'claimed', j.* from public.job_claim(worker, job_kind, batch_size, lease_seconds) j;
    end if;
end
$function$
;

CREATE TRIGGER generation_outbox AFTER UPDATE ON public.generations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.generation_outbox();
