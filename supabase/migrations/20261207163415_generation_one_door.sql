-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "prepare_schedule" on "public"."schedules";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.checked_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    scope public.projects;
    reference record;
    found_reference boolean;
begin
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if gen_kind.kind is null then
        raise exception 'unknown generation kind "%"', spec.kind using errcode = '22023';
    end if;
    perform private.require_text(spec.provider, 'provider', 60);
    perform private.require_text(spec.model, 'model', 120);
    perform private.require_text(spec.prompt, 'prompt', 20000);
    perform private.require_text(spec.variant, 'variant', 60);
    perform private.require_text(spec.dedup_key, 'dedup_key', 200);
    spec.params := coalesce(spec.params, '{}');
    if jsonb_typeof(spec.params) <> 'object' or length(spec.params::text) > 100000 then
        raise exception 'params must be a JSON object of at most 100000 characters' using errcode = '22023';
    end if;
    spec.metadata := coalesce(spec.metadata, '{}');
    if jsonb_typeof(spec.metadata) <> 'object' or length(spec.metadata::text) > 10000 then
        raise exception 'metadata must be a JSON object of at most 10000 characters' using errcode = '22023';
    end if;
    spec.units := coalesce(spec.units, 1);
    if spec.units <= 0 or spec.units > 10000 then
        raise exception 'units must lie between 0 (excluded) and 10000' using errcode = '22023';
    end if;
    spec.priority := coalesce(spec.priority, 0);
    if spec.priority not between -10 and 10 then
        raise exception 'priority must lie between -10 and 10' using errcode = '22023';
    end if;
    spec.max_attempts := coalesce(spec.max_attempts, gen_kind.max_attempts);
    if spec.max_attempts not between 1 and gen_kind.max_attempts then
        raise exception 'max_attempts must lie between 1 and % for kind %', gen_kind.max_attempts, spec.kind
            using errcode = '22023';
    end if;

    -- the project: the one named, else the first referenced object's
    spec.project_id := coalesce(
        spec.project_id,
        (select g.project_id from public.generations g where g.id = spec.parent_id),
        (select r.project_id from public.scenes r where r.id = spec.scene_id),
        (select r.project_id from public.scripts r where r.id = spec.script_id),
        (select r.project_id from public.chapters r where r.id = spec.chapter_id),
        (select r.project_id from public.moodboards r where r.id = spec.moodboard_id),
        (select r.project_id from public.animations r where r.id = spec.animation_id));
    if spec.project_id is not null then
        select p.* into scope from public.projects p
        join public.organizations o on o.id = p.organization_id and o.deleted_at is null
        where p.id = spec.project_id and p.deleted_at is null;
        if scope.id is null then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'P0002';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'P0002';
    end if;
    for reference in
        select * from (values ('parent generation', 'generations', spec.parent_id), ('scene', 'scenes', spec.scene_id),
                              ('script', 'scripts', spec.script_id), ('chapter', 'chapters', spec.chapter_id),
                              ('moodboard', 'moodboards', spec.moodboard_id),
                              ('animation', 'animations', spec.animation_id)) r (name, tab, id)
        where r.id is not null
    loop
        execute format('select exists (select from public.%I r where r.id = $1 and r.organization_id = $2
                                          and r.project_id is not distinct from $3 %s)',
                       reference.tab, case when reference.tab <> 'generations' then 'and r.deleted_at is null' end)
        into found_reference using reference.id, spec.organization_id, spec.project_id;
        if not found_reference then
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'P0002';
        end if;
    end loop;
    if caller is not null and not private.user_may_edit_project(caller, spec.project_id) then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    -- brand safety before any money moves (supabase/functions/pipeline.sql)
    perform private.check_brand_safety(spec.organization_id, spec.project_id, jsonb_build_array(
        jsonb_build_array('the prompt', spec.prompt), jsonb_build_array('params.text', spec.params ->> 'text')));
    return spec;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_generation_usage(org_id uuid, user_id uuid, credits bigint, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    plan public.plans;
begin
    if least(credits, tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    -- a deleted organization starts nothing and holds nothing, whoever asks
    if not exists (select from public.organizations o where o.id = org_id and o.deleted_at is null) then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    perform private.check_emergency_stop();
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    if user_id is not null then
        perform private.count_api_call(user_id, plan);
    end if;
    perform private.count_quota_usage(org_id, plan, tokens, render_seconds, kai_credits, videos);
    if credits > 0 then
        perform private.count_daily_spend(org_id, plan, credits);
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.scheduled_request(due public.schedules)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    unknown text;
begin
    if jsonb_typeof(due.request) is distinct from 'object' or length(due.request::text) > 100000 then
        raise exception 'a schedule''s request must be a JSON object of at most 100000 characters'
            using errcode = '22023';
    end if;
    if due.workflow_id is not null then
        return null;
    end if;
    select k into unknown from jsonb_object_keys(due.request) k
    where k not in ('prompt', 'params', 'provider', 'model', 'units', 'priority', 'variant', 'parent_id', 'scene_id',
                    'script_id', 'chapter_id', 'moodboard_id', 'animation_id', 'scene_number')
    order by k limit 1;
    if unknown is not null then
        raise exception 'unknown key "%" in a schedule''s request', unknown using errcode = '22023';
    end if;
    begin
        return jsonb_populate_record(null::public.generations, due.request || jsonb_build_object(
            'project_id', due.project_id, 'kind', due.kind, 'metadata', jsonb_build_object('schedule_id', due.id)));
    exception when data_exception then
        raise exception 'a schedule''s request holds a value of the wrong type: %', sqlerrm using errcode = '22023';
    end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.user_may_edit_project(user_id uuid, project uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    saved_claims text := current_setting('request.jwt.claims', true);
    saved_sub text := current_setting('request.jwt.claim.sub', true);
    allowed boolean;
begin
    if user_id is null or project is null
       or not exists (select from public.profiles p where p.id = user_id and p.deleted_at is null) then
        return false;
    end if;
    if user_id is distinct from auth.uid() then
        perform set_config('request.jwt.claims', jsonb_build_object('sub', user_id, 'role', 'authenticated')::text, true);
        perform set_config('request.jwt.claim.sub', '', true);
    end if;
    allowed := project = any(array(select private.editable_project_ids()));
    perform set_config('request.jwt.claims', coalesce(saved_claims, ''), true);
    perform set_config('request.jwt.claim.sub', coalesce(saved_sub, ''), true);
    return allowed;
end
$function$
;

CREATE OR REPLACE FUNCTION private.validate_schedule_request()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    spec public.generations;
begin
    if tg_op = 'INSERT' or new.request is distinct from old.request or new.enabled then
        spec := private.scheduled_request(new);
    end if;
    if new.enabled then
        if new.created_by is null then
            raise exception 'a schedule runs as its owner: created_by is required' using errcode = '22023';
        end if;
        if new.workflow_id is null then
            perform private.checked_generation(spec, new.created_by);
        elsif not private.user_may_edit_project(new.created_by, new.project_id) then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    estimate record;
    created public.generations;
    hold public.credit_holds;
    tokens bigint;
    render_seconds bigint;
    kai_credits bigint;
    videos bigint;
begin
    spec := private.checked_generation(spec, caller);
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if spec.dedup_key is not null then
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        if created.id is not null then
            return created;
        end if;
    end if;
    perform private.check_emergency_stop();
    estimate := private.estimate_generation(spec.kind, spec.provider, spec.model, spec.units);
    spec.id := coalesce(spec.id, gen_random_uuid());
    spec.user_id := caller;
    spec.estimated_credits := coalesce(estimate.credits, 0);
    spec.estimated_cost_usd := coalesce(estimate.cost_usd, 0);
    spec.result := '{}';
    spec.progress := 0;
    spec.completed_steps := 0;
    spec.cost_tokens := 0;
    spec.cost_render_seconds := 0;
    spec.cost_kai_credits := 0;
    spec.hold_id := null;
    spec.actual_credits := null;
    insert into public.generations select spec.*
    on conflict (organization_id, dedup_key) where dedup_key is not null do nothing
    returning * into created;
    if created.id is null then  -- a concurrent request with the same key won
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        return created;
    end if;
    tokens := case when created.kind = 'text' then ceil(created.units * 1000)::bigint else 0 end;
    render_seconds := case when created.kind = 'render' then ceil(created.units * 10)::bigint else 0 end;
    kai_credits := case when created.kind = 'kai' then created.estimated_credits else 0 end;
    videos := case when created.kind = 'video' and created.parent_id is null then 1 else 0 end;
    if created.estimated_credits > 0 then
        hold := public.authorize_generation(
            created.organization_id, caller, created.estimated_credits, 'generation:' || created.id,
            tokens => tokens, render_seconds => render_seconds, kai_credits => kai_credits, videos => videos,
            hold_for => gen_kind.hold_for, reference_type => 'generation', reference_id => created.id::text);
        update public.generations g set hold_id = hold.id where g.id = created.id returning * into created;
    elsif caller is not null or greatest(tokens, render_seconds, kai_credits, videos) > 0 then
        perform private.lock_credit_balance(created.organization_id);
        perform private.count_generation_usage(created.organization_id, caller, 0, tokens, render_seconds,
                                               kai_credits, videos);
    end if;
    return created;
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

CREATE OR REPLACE FUNCTION public.authorize_generation(org_id uuid, user_id uuid, estimated_credits bigint, idempotency_key text, tokens bigint DEFAULT 0, render_seconds bigint DEFAULT 0, kai_credits bigint DEFAULT 0, videos bigint DEFAULT 0, hold_for interval DEFAULT '00:30:00'::interval, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    earlier public.credit_holds;
begin
    perform private.require_idempotency_key(idempotency_key);
    perform private.require_positive_amount(estimated_credits);
    if least(tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    perform private.lock_credit_balance(org_id);
    earlier := private.credit_hold_by_key(org_id, idempotency_key);
    if earlier.id is not null then
        return earlier;
    end if;
    perform private.count_generation_usage(org_id, user_id, estimated_credits, tokens, render_seconds, kai_credits,
                                           videos);
    return public.credits_hold(org_id, estimated_credits, idempotency_key, hold_for, user_id, reference_type,
                               reference_id);
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_generation(project_id uuid, kind text, prompt text DEFAULT NULL::text, params jsonb DEFAULT '{}'::jsonb, provider text DEFAULT NULL::text, model text DEFAULT NULL::text, units numeric DEFAULT 1, priority integer DEFAULT 0, dedup_key text DEFAULT NULL::text, parent_id uuid DEFAULT NULL::uuid, scene_id uuid DEFAULT NULL::uuid, script_id uuid DEFAULT NULL::uuid, chapter_id uuid DEFAULT NULL::uuid, moodboard_id uuid DEFAULT NULL::uuid, animation_id uuid DEFAULT NULL::uuid, variant text DEFAULT NULL::text, scene_number integer DEFAULT NULL::integer)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
begin
    if not coalesce((select k.client_requestable from public.generation_kinds k
                     where k.kind = request_generation.kind), false) then
        raise exception 'unknown generation kind "%"', kind using errcode = '22023';
    end if;
    if project_id is null then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    perform private.require_text(dedup_key, 'dedup_key', 190);
    -- every other rule (scope, rights, bounds, brand safety, quotas, hold) is the door's
    return private.start_generation(jsonb_populate_record(null::public.generations, jsonb_build_object(
        'project_id', project_id, 'kind', kind, 'prompt', prompt, 'params', params, 'provider', provider,
        'model', model, 'units', units, 'priority', priority,
        -- the caller's keys live in their own namespace: no caller can take a key the platform
        -- uses (schedule runs, pipelines)
        'dedup_key', 'client:' || dedup_key, 'parent_id', parent_id,
        'scene_id', scene_id, 'script_id', script_id, 'chapter_id', chapter_id, 'moodboard_id', moodboard_id,
        'animation_id', animation_id, 'variant', variant, 'scene_number', scene_number)), caller);
end
$function$
;

CREATE OR REPLACE FUNCTION public.retry_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    old public.generations := private.visible_generation(generation_id, 'editor');
    parent public.generations;
    created public.generations;
begin
    -- the inputs first (they may be finishing right now), then the old row: the locking order
    perform from public.generations i join public.generation_inputs gi on gi.input_generation_id = i.id
    where gi.generation_id = old.id
    order by i.id
    for share of i;
    select g.* into old from public.generations g where g.id = old.id for update;
    if old.metadata ? 'superseded_by' then
        select g.* into created from public.generations g where g.id = (old.metadata ->> 'superseded_by')::uuid;
        return created;
    end if;
    if old.status not in ('failed', 'cancelled') then
        raise exception 'only a failed or cancelled generation can be retried (this one is %)', old.status
            using errcode = '55000';
    end if;
    if old.parent_id is not null then
        select g.* into parent from public.generations g where g.id = old.parent_id;
        if parent.status in ('succeeded', 'failed', 'cancelled') or parent.cancel_requested_at is not null then
            raise exception 'its pipeline is %',
                case when parent.cancel_requested_at is not null and parent.status <> 'cancelled' then 'being cancelled'
                     else parent.status end
                using errcode = '55000';
        end if;
    end if;
    -- the door checks it all again as for a new request: scope, rights, bounds, brand safety
    created := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'organization_id', old.organization_id, 'project_id', old.project_id, 'parent_id', old.parent_id,
            'kind', old.kind, 'variant', old.variant, 'chapter_id', old.chapter_id, 'script_id', old.script_id,
            'scene_id', old.scene_id, 'moodboard_id', old.moodboard_id, 'animation_id', old.animation_id,
            'scene_number', old.scene_number, 'prompt', old.prompt, 'params', old.params, 'units', old.units,
            'priority', old.priority, 'provider', old.provider,
            'metadata', old.metadata || jsonb_build_object('retry_of', old.id))),
        caller);
    insert into public.generation_inputs (generation_id, organization_id, role, sequence_order, input_generation_id,
                                          asset_id, asset_url, transform_params)
    select created.id, gi.organization_id, gi.role, gi.sequence_order, gi.input_generation_id, gi.asset_id,
           gi.asset_url, gi.transform_params
    from public.generation_inputs gi where gi.generation_id = old.id
    order by gi.sequence_order, gi.created_at;
    update public.generation_inputs gi set input_generation_id = created.id
    where gi.input_generation_id = old.id and gi.generation_id <> created.id;
    update public.generations g set metadata = g.metadata || jsonb_build_object('superseded_by', created.id),
                                    updated_at = now()
    where g.id = old.id;
    if old.parent_id is not null then
        perform private.refresh_pipeline(old.parent_id, format('%s%s retried', coalesce('scene ' || old.scene_number
                                                                                       || ': ', ''), old.kind));
    end if;
    return created;
end
$function$
;

CREATE OR REPLACE FUNCTION public.scheduler_tick(max_runs integer DEFAULT 100)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    due public.schedules;
    started public.generations;
    spec public.generations;
    run_key text;
    paused boolean;
    count integer := 0;
begin
    for due in
        select s.* from public.schedules s
        where s.enabled and s.next_run_at <= now()
        order by s.next_run_at
        limit max_runs
        for update skip locked
    loop
        begin
            if due.created_by is null then  -- the owner's account was deleted
                raise exception 'the schedule''s owner no longer exists' using errcode = '42501';
            end if;
            run_key := 'schedule:' || due.id || ':' || extract(epoch from due.next_run_at);
            spec := private.scheduled_request(due);
            if due.workflow_id is not null then  -- a workflow run (workflows.sql); its render is returned
                started := private.start_scheduled_workflow(due, run_key);
            else
                spec.dedup_key := run_key;
                started := private.start_generation(spec, due.created_by);
            end if;
            update public.schedules s
            set last_run_at = now(), last_generation_id = started.id, last_error = null, run_count = s.run_count + 1,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
            count := count + 1;
        exception when others then
            paused := sqlstate not in ('PT402', 'PT429', 'PT503', '40001', '40P01', '55P03');
            update public.schedules s
            set last_run_at = now(), last_error = case when paused then 'paused: ' end || sqlerrm,
                enabled = s.enabled and not paused,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
        end;
    end loop;
    return count;
end
$function$
;

CREATE TRIGGER schedule_scope_and_next_run BEFORE INSERT OR UPDATE OF cron, timezone, enabled ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.prepare_schedule();

CREATE TRIGGER validate_schedule_request BEFORE INSERT OR UPDATE OF request, enabled ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.validate_schedule_request();
