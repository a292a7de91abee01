-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "advance_workflow_run" on "public"."generations";

drop trigger if exists "enqueue_generations" on "public"."generations";

drop trigger if exists "generation_outbox" on "public"."generations";

drop trigger if exists "mirror_media_status" on "public"."generations";

drop trigger if exists "pipeline_step" on "public"."generations";

drop trigger if exists "wake_dependants" on "public"."generations";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.advance_workflow_run(node public.generations)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    run_id uuid := (node.metadata ->> 'workflow_run_id')::uuid;
    run public.workflow_runs;
begin
    select r.* into run from public.workflow_runs r where r.id = run_id;
    if run.id is null or node.error_code = 'run_stopped' then  -- cancelled here, by a stopping run
        return;
    end if;
    if node.status = 'succeeded' and run.status = 'running' then
        update public.workflow_runs r
        set completed_nodes = least(r.completed_nodes + 1, r.total_nodes),
            progress = round(100.0 * least(r.completed_nodes + 1, r.total_nodes) / r.total_nodes, 2),
            status = case when node.id = r.render_generation_id then 'succeeded' else r.status end,
            finished_at = case when node.id = r.render_generation_id then now() end,
            output_url = case when node.id = r.render_generation_id then node.output_url else r.output_url end,
            thumbnail_url = case when node.id = r.render_generation_id then node.thumbnail_url else r.thumbnail_url end,
            subtitles_url = case when node.id = r.render_generation_id then node.subtitles_url else r.subtitles_url end,
            duration_ms = case when node.id = r.render_generation_id then node.duration_ms else r.duration_ms end
        where r.id = run.id;
        return;
    end if;
    -- the run cannot finish: it is failed first (the cancellations below come back here
    -- and find it over), then what waits is cancelled (jobs being claimed right now are
    -- skipped; they come back here when they finish)
    if run.status = 'running' then
        update public.workflow_runs r
        set status = case when node.status = 'cancelled' then 'cancelled' else 'failed' end,
            finished_at = now(),
            error_node = node.metadata ->> 'node_id',
            error_message = format('node %s (%s) %s: %s', node.metadata ->> 'node_id', node.metadata ->> 'node_type',
                                   node.status, coalesce(node.error_message, node.status))
        where r.id = run.id and r.status = 'running';
    end if;
    perform private.cancel_unstarted_jobs(private.run_generation_ids(run.nodes),
                                          'cancelled: workflow run ' || run.id || ' cannot finish', 'run_stopped');
end
$function$
;

CREATE OR REPLACE FUNCTION private.generation_inserted()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    woken text;
    inserted public.generations;
begin
    insert into private.job_queue (generation_id, kind, priority, max_attempts, organization_id)
    select n.id, n.kind, n.priority, n.max_attempts, n.organization_id from new_rows n where n.status = 'queued';
    for woken in select distinct n.kind from new_rows n loop
        perform pg_notify('creatorverse_jobs', woken);
    end loop;
    for inserted in
        select n.* from new_rows n where n.moodboard_id is not null or n.animation_id is not null order by n.id
    loop
        perform private.mirror_media_status(inserted);
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.generation_outbox(finished public.generations[])
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
        from unnest(finished) n
        where n.organization_id in (select a.organization_id from public.webhooks a where a.is_active)
    ) n
    join public.webhooks w on w.organization_id = n.organization_id
    where w.is_active and (w.events = '{}' or n.event_name = any(w.events))
$function$
;

CREATE OR REPLACE FUNCTION private.generation_status_moved()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    finished public.generations [];
    followed public.generations [];
    succeeded uuid [];
    moved public.generations;
begin
    select array_agg(n order by n.id) filter (where n.status in ('succeeded', 'failed', 'cancelled')),
           array_agg(n order by n.id) filter (where n.moodboard_id is not null or n.animation_id is not null
                                                  or n.metadata ? 'workflow_run_id' or n.parent_id is not null),
           array_agg(n.id order by n.id) filter (where n.status = 'succeeded')
    into finished, followed, succeeded
    from new_rows n
    join old_rows o on o.id = n.id
    where n.status is distinct from o.status;
    -- 1. the outbox
    if finished is not null then
        perform private.generation_outbox(finished);
    end if;
    -- 2. each row moved: media, workflow run, pipeline parent
    foreach moved in array coalesce(followed, '{}') loop
        if moved.moodboard_id is not null or moved.animation_id is not null then
            perform private.mirror_media_status(moved);
        end if;
        if moved.status in ('succeeded', 'failed', 'cancelled') and moved.metadata ? 'workflow_run_id' then
            perform private.advance_workflow_run(moved);
        end if;
        if moved.parent_id is not null then
            perform private.pipeline_step(moved);
        end if;
    end loop;
    -- 3. the jobs waiting for what succeeded
    if succeeded is not null then
        perform private.wake_dependants(succeeded);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.mirror_media_status(generation public.generations)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if generation.moodboard_id is not null then
        update public.moodboards m
        set status = case generation.status when 'succeeded' then 'ready' when 'failed' then 'failed'
                                            when 'cancelled' then 'draft' else 'generating' end,
            image_url = case when generation.status = 'succeeded' then coalesce(generation.output_url, m.image_url)
                             else m.image_url end,
            updated_at = now()
        where m.id = generation.moodboard_id;
    end if;
    if generation.animation_id is not null then
        update public.animations a
        set status = case generation.status when 'succeeded' then 'ready' when 'failed' then 'failed'
                                            when 'cancelled' then 'pending' else 'generating' end,
            video_url = case when generation.status = 'succeeded' then coalesce(generation.output_url, a.video_url)
                             else a.video_url end,
            error_message = case when generation.status = 'failed' then generation.error_message end,
            updated_at = now()
        where a.id = generation.animation_id;
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.pipeline_step(child public.generations)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if child.status = 'running' and not exists (
        select from public.generations p where p.id = child.parent_id and p.cancel_requested_at is not null
    ) then
        return;
    end if;
    if current_setting('creatorverse.settling_pipeline', true) is distinct from child.parent_id::text then
        perform private.refresh_pipeline(child.parent_id,
                                         format('%s%s %s', coalesce('scene ' || child.scene_number || ': ', ''),
                                                child.kind, child.status));
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.wake_dependants(succeeded uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    dependant uuid;
begin
    for dependant in
        select distinct gi.generation_id
        from public.generation_inputs gi
        where gi.input_generation_id = any(succeeded)
        order by gi.generation_id
    loop
        perform private.wait_or_wake(dependant);
    end loop;
end
$function$
;

CREATE OR REPLACE FUNCTION public.job_claim(worker text, job_kind text, batch_size integer DEFAULT 10, lease_seconds integer DEFAULT NULL::integer)
 RETURNS SETOF public.claimed_job
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

CREATE OR REPLACE FUNCTION public.job_complete_and_claim(worker text, job_kind text, batch_size integer, queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[], lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(completed bigint, claimed public.claimed_job)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if coalesce(cardinality(queue_ids), 0) > 0 then
        return query
        select c.c, null::public.claimed_job from unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes)) as c (c);
    end if;
    if batch_size > 0 then
        return query select null::bigint, j from public.job_claim(worker, job_kind, batch_size, lease_seconds) j;
    end if;
end
$function$
;

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
    produced public.job_outcome [];
    finished integer;
    metered text [];
    done record;
begin
    with removed as (
        delete from private.job_queue q
        where q.id = any(queue_ids) and q.state = 'running' and q.lease_expires_at > now()
          and q.lease_token = lease_tokens[array_position(queue_ids, q.id)]
        returning q.id, q.generation_id, outcomes[array_position(queue_ids, q.id)] as outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(r.outcome),
           array_agg(jsonb_populate_record(null::public.job_outcome, r.outcome))
    into done_ids, done_generations, done_outcomes, produced
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    metered := array(select k.kind from public.generation_kinds k where k.resource_type is not null);
    -- free, unmetered jobs (no hold, no usage record): one statement, the ledger untouched
    update public.generations g
    set status = 'succeeded', actual_credits = 0, actual_cost_usd = 0, error_message = null, error_code = null,
        progress = 100, completed_at = now(), updated_at = now(),
        result = coalesce((produced[array_position(done_generations, g.id)]).result, g.result),
        output_url = coalesce((produced[array_position(done_generations, g.id)]).output_url, g.output_url)
    where g.id = any(done_generations) and g.status = 'running' and g.hold_id is null and g.kind <> all(metered);
    get diagnostics finished = row_count;
    if finished < cardinality(done_ids) then
        -- jobs that hold credits or are metered settle one by one, organizations in id order
        -- (the one locking order: no deadlocks between workers)
        for done in
            select g.id as generation_id, done_outcomes[array_position(done_generations, g.id)] as outcome
            from public.generations g
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

CREATE OR REPLACE FUNCTION private.finish_generation(target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    done public.generations;
    produced public.job_outcome := jsonb_populate_record(null::public.job_outcome, outcome);
    hold public.credit_holds;
    charged bigint := 0;
    resource text;
begin
    select g.* into done from public.generations g where g.id = target_id for update;
    if done.hold_id is not null then
        hold := private.lock_hold(done.hold_id);
        if final_status = 'succeeded' and hold.status = 'pending' then
            charged := least(greatest(coalesce(produced.actual_credits, done.estimated_credits), 0), hold.amount);
            perform private.settle_hold(hold, charged, 'captured');
        elsif hold.status = 'pending' then
            perform private.settle_hold(hold, 0, 'released');
        end if;
    end if;
    update public.generations g
    set status = final_status,
        progress = case when final_status = 'succeeded' then 100 else g.progress end,
        completed_at = case when final_status = 'succeeded' then now() end,
        failed_at = case when final_status = 'failed' then now() end,
        cancelled_at = case when final_status = 'cancelled' then now() end,
        updated_at = now(),
        actual_credits = case when final_status = 'succeeded' then charged else 0 end,
        actual_cost_usd = case when final_status = 'succeeded'
                               then coalesce(produced.actual_cost_usd, g.estimated_cost_usd) end,
        output_url = coalesce(produced.output_url, g.output_url),
        thumbnail_url = coalesce(produced.thumbnail_url, g.thumbnail_url),
        subtitles_url = coalesce(produced.subtitles_url, g.subtitles_url),
        output_asset_id = coalesce(produced.output_asset_id, g.output_asset_id),
        external_job_id = coalesce(produced.external_job_id, g.external_job_id),
        provider = coalesce(produced.provider, g.provider),
        model = coalesce(produced.model, g.model),
        duration_ms = coalesce(produced.duration_ms, g.duration_ms),
        size_bytes = coalesce(produced.size_bytes, g.size_bytes),
        cost_tokens = coalesce(produced.cost_tokens, g.cost_tokens),
        cost_render_seconds = coalesce(produced.cost_render_seconds, g.cost_render_seconds),
        cost_kai_credits = coalesce(produced.cost_kai_credits, g.cost_kai_credits),
        result = coalesce(produced.result, g.result),
        error_message = coalesce(error_text, case when final_status = 'succeeded' then null else g.error_message end),
        error_code = coalesce(error_kind, case when final_status = 'succeeded' then null else g.error_code end),
        estimated_completion_at = null
    where g.id = target_id
    returning * into done;
    resource := (select k.resource_type from public.generation_kinds k where k.kind = done.kind);
    if resource is not null and final_status <> 'cancelled' then
        insert into public.usage_events (
            event_id, occurred_at, organization_id, user_id, project_id, job_id, resource_type, provider, model,
            input_tokens, units, credits, cost_usd, duration_ms, status, error_message, metadata
        )
        values (
            done.id, now(), done.organization_id, done.user_id, done.project_id, done.id, resource, done.provider,
            done.model, done.cost_tokens, case resource when 'render_seconds' then done.cost_render_seconds
                                                        when 'kai_credits' then done.cost_kai_credits
                                                        else done.units end,
            done.actual_credits, coalesce(done.actual_cost_usd, 0),
            extract(epoch from (now() - done.started_at)) * 1000,
            case final_status when 'succeeded' then 'success' else 'error' end, done.error_message,
            jsonb_build_object('generation_kind', done.kind, 'attempts', done.attempts, 'paid_by', done.paid_by)
        )
        on conflict do nothing;
    end if;
    return done;
end
$function$
;

drop function if exists "private"."advance_workflow_run"();

drop function if exists "private"."enqueue_generations"();

drop function if exists "private"."generation_outbox"();

drop function if exists "private"."mirror_media_status"();

drop function if exists "private"."pipeline_step"();

drop function if exists "private"."wake_dependants"();

CREATE TRIGGER generation_inserted AFTER INSERT ON public.generations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.generation_inserted();

CREATE TRIGGER generation_status_moved AFTER UPDATE ON public.generations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.generation_status_moved();
