-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "check_schedule_workflow" on "public"."schedules";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.require_unarchived_workflow(workflow uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    archived_name text;
begin
    select w.name into archived_name from public.workflows w where w.id = workflow and w.status = 'archived';
    if archived_name is not null then
        raise exception 'workflow "%" is archived', archived_name using errcode = '55000';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.unschedule_archived_workflow()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.schedules s set enabled = false, last_error = 'the workflow is archived'
    where s.workflow_id = new.id and s.enabled;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.check_schedule_workflow()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if not exists (select from public.workflows w
                   where w.id = new.workflow_id and w.project_id = new.project_id and w.deleted_at is null) then
        raise exception 'workflow not found in this project' using errcode = 'P0002';
    end if;
    if new.enabled then
        perform private.require_unarchived_workflow(new.workflow_id);
    end if;
    return new;
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
    perform private.require_unarchived_workflow(published.workflow_id);
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
                -- placeholders filled with live assets of the right type, of this project or the
                -- organization's library (none of another project: a run's scope is its project)
                for field in select k from jsonb_object_keys(coalesce(params -> 'placeholders', '{}')) k
                             order by k collate "C" loop
                    placeholder_type := split_part(template.spec -> 'placeholders' ->> field, '_', 1);
                    if not exists (select from public.assets a
                                   where (params -> 'placeholders' ->> field) ~ '^[0-9a-fA-F-]{36}$'
                                     and a.id = (params -> 'placeholders' ->> field)::uuid
                                     and a.organization_id = published.organization_id and a.deleted_at is null
                                     and (a.project_id is null or a.project_id = published.project_id)
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

CREATE TRIGGER unschedule_archived_workflow AFTER UPDATE OF status ON public.workflows FOR EACH ROW WHEN (((new.status = 'archived'::text) AND (old.status IS DISTINCT FROM 'archived'::text))) EXECUTE FUNCTION private.unschedule_archived_workflow();

CREATE TRIGGER check_schedule_workflow BEFORE INSERT OR UPDATE OF workflow_id, enabled ON public.schedules FOR EACH ROW WHEN ((new.workflow_id IS NOT NULL)) EXECUTE FUNCTION private.check_schedule_workflow();
