-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "wait_for_input" on "public"."generation_inputs";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.wait_or_wake(job_generation uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    job private.job_queue;
    pending boolean;
begin
    select q.* into job from private.job_queue q
    where q.generation_id = job_generation and q.state in ('ready', 'waiting')
    for update;
    if job.id is null then
        return;
    end if;
    pending := exists (select from public.generation_inputs gi
                       join public.generations i on i.id = gi.input_generation_id
                       where gi.generation_id = job_generation and i.status <> 'succeeded');
    if pending and job.state = 'ready' then
        update private.job_queue q set state = 'waiting' where q.id = job.id;
    elsif not pending and job.state = 'waiting' then
        update private.job_queue q set state = 'ready', run_after = now() where q.id = job.id;
        perform pg_notify('creatorverse_jobs', job.kind);
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.wake_dependants()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    dependant uuid;
begin
    for dependant in
        select distinct gi.generation_id from public.generation_inputs gi where gi.input_generation_id = new.id
        order by gi.generation_id
    loop
        perform private.wait_or_wake(dependant);
    end loop;
    return null;
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
    waiting private.job_queue;
    still_waiting boolean;
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
    for waiting in
        select q.* from private.job_queue q
        where q.state in ('ready', 'waiting')
          and q.generation_id = any(private.run_generation_ids(run.nodes))
        order by q.id
        for update skip locked
    loop
        delete from private.job_queue q where q.id = waiting.id returning true into still_waiting;
        if still_waiting then
            perform private.finish_generation(waiting.generation_id, 'cancelled', null,
                                              'cancelled: workflow run ' || run.id || ' cannot finish', 'run_stopped');
        end if;
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.pipeline_step()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if current_setting('creatorverse.settling_pipeline', true) is distinct from new.parent_id::text then
        perform private.refresh_pipeline(new.parent_id, format('%s%s %s', coalesce('scene ' || new.scene_number || ': ', ''),
                                                               new.kind, new.status));
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_workflow_run(published public.workflow_versions, inputs jsonb, caller uuid, run_dedup_key text, schedule uuid)
 RETURNS public.workflow_runs
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    run public.workflow_runs;
    run_values jsonb;
    nodes jsonb := published.graph -> 'nodes';
    edges jsonb := coalesce(published.graph -> 'edges', '[]');
    node jsonb;
    node_type public.workflow_node_types;
    template public.templates;
    params jsonb;
    created_ids jsonb := '{}';
    pending text [];
    ready boolean;
    spec public.generations;
    created public.generations;
    edge jsonb;
    port text;
    role text;
    i integer;
    problem text := private.workflow_graph_problem(published.graph, published.variables, published.organization_id);
    placeholder_type text;
    field text;
begin
    if problem is not null then
        raise exception 'workflow version %: %', published.version, problem using errcode = '22023';
    end if;
    if run_dedup_key is not null then
        select r.* into run from public.workflow_runs r
        where r.organization_id = published.organization_id and r.dedup_key = run_dedup_key;
        if run.id is not null then
            return run;
        end if;
    end if;
    run_values := private.workflow_run_values(published.variables, coalesce(inputs, '{}'));
    insert into public.workflow_runs (workflow_id, workflow_version_id, organization_id, project_id, version,
                                      total_nodes, inputs, dedup_key, started_by, schedule_id)
    values (published.workflow_id, published.id, published.organization_id, published.project_id, published.version,
            jsonb_array_length(nodes), run_values, run_dedup_key, caller, schedule)
    returning * into run;
    -- dependency order: a node after every node feeding it (the graph is a DAG)
    pending := array(select x ->> 'id' from jsonb_array_elements(nodes) x);
    while cardinality(pending) > 0 loop
        for i in 1..cardinality(pending) loop
            continue when pending[i] is null;
            ready := not exists (select from jsonb_array_elements(edges) e
                                 where e ->> 'to' = pending[i] and not created_ids ? (e ->> 'from'));
            continue when not ready;
            select x into node from jsonb_array_elements(nodes) x where x ->> 'id' = pending[i];
            select t.* into node_type from public.workflow_node_types t where t.type = node ->> 'type';
            params := node_type.defaults || private.fill_placeholders(node, run_values);
            if node_type.type = 'Edit.Timeline' and params ? 'template_id' then
                select t.* into template from public.templates t where t.id = (params ->> 'template_id')::uuid;
                -- placeholders filled with assets of the organization of the right type
                for field in select k from jsonb_object_keys(coalesce(params -> 'placeholders', '{}')) k
                             order by k collate "C" loop
                    placeholder_type := split_part(template.spec -> 'placeholders' ->> field, '_', 1);
                    if not exists (select from public.assets a
                                   where (params -> 'placeholders' ->> field) ~ '^[0-9a-fA-F-]{36}$'
                                     and a.id = (params -> 'placeholders' ->> field)::uuid
                                     and a.organization_id = published.organization_id and a.deleted_at is null
                                     and a.type = case placeholder_type when 'text' then 'document'
                                                                        else placeholder_type end) then
                        raise exception '%: params.placeholders.%: no % asset %', private.node_label(node), field,
                            placeholder_type, params -> 'placeholders' -> field using errcode = '22023';
                    end if;
                end loop;
                params := params || jsonb_build_object(
                    'template_version', template.version, 'aspect', template.aspect,
                    'width', split_part(template.resolution, 'x', 1)::integer,
                    'height', split_part(template.resolution, 'x', 2)::integer,
                    'burn_subtitles', exists (select from jsonb_array_elements(template.spec -> 'tracks') t
                                              where t ->> 'type' = 'subtitle'));
                update public.templates t set usage_count = t.usage_count + 1 where t.id = template.id;
            end if;
            params := params || jsonb_build_object('workflow_run_id', run.id, 'node_id', node ->> 'id',
                                                   'node_type', node_type.type);
            spec := jsonb_populate_record(null::public.generations, jsonb_build_object(
                'organization_id', published.organization_id, 'project_id', published.project_id,
                'kind', node_type.kind, 'params', params,
                'prompt', coalesce(params ->> 'prompt', params ->> 'query'),
                'variant', case when node_type.type = 'Subtitle.Auto' then 'subtitles' end,
                -- the platform's key space: no client key starts with 'workflow_run:'
                'dedup_key', 'workflow_run:' || run.id || ':' || (node ->> 'id'),
                'metadata', jsonb_build_object('workflow_run_id', run.id, 'workflow_id', published.workflow_id,
                                               'workflow_version', published.version, 'node_id', node ->> 'id',
                                               'node_type', node_type.type)));
            created := private.start_generation(spec, caller);
            created_ids := created_ids || jsonb_build_object(node ->> 'id', created.id);
            run.estimated_credits := run.estimated_credits + created.estimated_credits;
            if node_type.type = 'Output.Render' then
                run.render_generation_id := created.id;
            end if;
            pending[i] := null;
        end loop;
        pending := array_remove(pending, null);
    end loop;
    -- the edges become inputs (a subtitles input carries the speech it is timed to)
    for i in 0..jsonb_array_length(edges) - 1 loop
        edge := edges -> i;
        select t.* into node_type from public.workflow_node_types t
        where t.type = (select x ->> 'type' from jsonb_array_elements(nodes) x where x ->> 'id' = edge ->> 'to');
        port := edge ->> 'toPort';
        if port is null or port = 'input' then
            select p.key into port from jsonb_each(node_type.inputs) p
            where p.value -> 'types' ? (
                select o.value #>> '{}' from public.workflow_node_types f, jsonb_each(f.outputs) o
                where f.type = (select x ->> 'type' from jsonb_array_elements(nodes) x where x ->> 'id' = edge ->> 'from')
                order by o.key collate "C" limit 1)
            order by p.key collate "C" limit 1;
        end if;
        role := node_type.inputs -> port ->> 'role';
        insert into public.generation_inputs (generation_id, organization_id, project_id, role, sequence_order,
                                              input_generation_id, transform_params)
        values ((created_ids ->> (edge ->> 'to'))::uuid, published.organization_id, published.project_id, role, i,
                (created_ids ->> (edge ->> 'from'))::uuid,
                jsonb_build_object('edge', edge ->> 'id', 'port', port));
    end loop;
    insert into public.generation_inputs (generation_id, organization_id, project_id, role, sequence_order,
                                          input_generation_id, transform_params)
    select gi.generation_id, gi.organization_id, gi.project_id, 'audio', gi.sequence_order, speech.input_generation_id,
           jsonb_build_object('edge', gi.transform_params ->> 'edge', 'port', 'audio', 'carried_by', 'subtitles')
    from public.generation_inputs gi
    join public.generation_inputs speech on speech.generation_id = gi.input_generation_id and speech.role = 'audio'
    where gi.generation_id in (select unnest(private.run_generation_ids(created_ids)))
      and gi.role = 'subtitles'
      and not exists (select from public.generation_inputs a where a.generation_id = gi.generation_id
                                                             and a.role = 'audio');
    update public.workflow_runs r
    set nodes = created_ids, estimated_credits = run.estimated_credits, render_generation_id = run.render_generation_id
    where r.id = run.id
    returning * into run;
    update public.workflows w set run_count = w.run_count + 1, last_run_at = now() where w.id = published.workflow_id;
    return run;
end
$function$
;

CREATE OR REPLACE FUNCTION private.wait_for_input()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if exists (select from public.generations i where i.id = new.input_generation_id and i.status <> 'succeeded') then
        perform from public.generations i where i.id = new.input_generation_id for share;
    end if;
    perform private.wait_or_wake(new.generation_id);
    return null;
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
    waiting boolean;
begin
    if target.status in ('succeeded', 'failed', 'cancelled') then
        raise exception 'generation is already %', target.status using errcode = '55000';
    end if;
    -- a pipeline's parent or child: its own locking order (supabase/functions/pipeline.sql)
    if target.parent_id is not null or target.metadata ? 'pipeline' then
        return private.cancel_pipeline(target);
    end if;
    -- queue row first (the one locking order)
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

drop function if exists "private"."wake_dependants"(done uuid);

CREATE TRIGGER wake_dependants AFTER UPDATE OF status ON public.generations FOR EACH ROW WHEN (((new.status = 'succeeded'::text) AND (old.status IS DISTINCT FROM new.status))) EXECUTE FUNCTION private.wake_dependants();

CREATE TRIGGER wait_for_input AFTER INSERT OR UPDATE OF input_generation_id ON public.generation_inputs FOR EACH ROW WHEN ((new.input_generation_id IS NOT NULL)) EXECUTE FUNCTION private.wait_for_input();
