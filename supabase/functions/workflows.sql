-- Templates, workflows, workflow versions and runs (docs/workflows.md).
--
-- The rules of a template spec and of a workflow graph are SQL functions that return the
-- first problem as text naming the track, overlay, placeholder, node or edge and the field
-- (null: valid); triggers raise it with SQLSTATE 22023. creatorverse.workflows.models holds
-- the pydantic mirror, which returns the very same messages (tests/py/test_workflows.py
-- runs both on the same bad documents).
--
-- A run creates one generation per node through private.start_generation (checks, quotas,
-- credit holds) and generation_inputs for its edges: the jobs whose inputs are not done yet
-- wait in the queue (state 'waiting', the engine's mechanism in generation.sql) and become
-- ready when their last input succeeds. private.advance_workflow_run (a step of the
-- engine's generation_status_moved) keeps the run's progress and finishes (or fails) it.

-- ---------------------------------------------------------------------------
-- Shared helpers
-- ---------------------------------------------------------------------------

-- Every {{name}} placeholder in the strings of a node's params, with the path of its string
-- (`params.a.b[0]`), in path order (C collation: the pydantic mirror sorts the same way),
-- then in order of appearance.
create or replace function private.json_placeholders(params jsonb)
returns table (path text, name text)
language sql
immutable
set search_path = ''
as $$
    with recursive walk (path, value) as (
        select 'params', params
        union all
        select w.path || e.step, e.child
        from walk w
        cross join lateral (
            select '.' || o.key as step, o.value as child
            from jsonb_each(case when jsonb_typeof(w.value) = 'object' then w.value else '{}' end) o
            union all
            select '[' || (a.n - 1) || ']', a.value
            from jsonb_array_elements(case when jsonb_typeof(w.value) = 'array' then w.value else '[]' end)
                with ordinality a (value, n)
        ) e
    )
    select w.path, m.found[1]
    from walk w
    cross join lateral regexp_matches(w.value #>> '{}', '\{\{([A-Za-z_][A-Za-z0-9_]{0,63})\}\}', 'g')
        with ordinality m (found, n)
    where jsonb_typeof(w.value) = 'string'
    order by w.path collate "C", m.n
$$;
revoke execute on function private.json_placeholders(jsonb) from public;

-- The generations of a run's nodes (`workflow_runs.nodes`: node id -> generation id).
create or replace function private.run_generation_ids(nodes jsonb)
returns uuid []
language sql
immutable
set search_path = ''
as $$
    select array(select (v #>> '{}')::uuid from jsonb_each(nodes) as c (k, v))
$$;
revoke execute on function private.run_generation_ids(jsonb) from public;

-- A JSON number that is a whole number within [lo, hi].
create or replace function private.json_integer_between(value jsonb, lo numeric, hi numeric)
returns boolean
language sql
immutable
set search_path = ''
as $$
    select jsonb_typeof(value) = 'number' and (value #>> '{}')::numeric % 1 = 0
           and (value #>> '{}')::numeric between lo and hi
$$;
revoke execute on function private.json_integer_between(jsonb, numeric, numeric) from public;

-- ---------------------------------------------------------------------------
-- Templates
-- ---------------------------------------------------------------------------

-- The first problem of a template (spec, aspect, resolution), or null when it is valid.
create or replace function private.template_spec_problem(spec jsonb, aspect text, resolution text)
returns text
language plpgsql
immutable
security definer
set search_path = ''
as $$
declare
    item jsonb;
    i integer;
    label text;
    track_id text;
    track_ids text [] := '{}';
    overlay_tracks text [] := '{}';
    has_video boolean := false;
    field text;
    min_scene numeric;
    width integer;
    height integer;
    aspect_w integer;
    aspect_h integer;
begin
    if aspect is null or aspect not in ('9:16', '16:9', '1:1', '4:5') then
        return 'aspect: must be one of 9:16, 16:9, 1:1, 4:5';
    end if;
    if resolution is null or resolution !~ '^[1-9][0-9]{1,3}x[1-9][0-9]{1,3}$' then
        return 'resolution: must be WIDTHxHEIGHT in pixels, e.g. 1080x1920';
    end if;
    width := split_part(resolution, 'x', 1)::integer;
    height := split_part(resolution, 'x', 2)::integer;
    aspect_w := split_part(aspect, ':', 1)::integer;
    aspect_h := split_part(aspect, ':', 2)::integer;
    if abs(width * aspect_h - height * aspect_w) > 0.01 * width * aspect_h then
        return format('resolution: %s does not match aspect %s', resolution, aspect);
    end if;
    if jsonb_typeof(spec) is distinct from 'object' then
        return 'spec: must be an object';
    end if;
    for field in select k from jsonb_object_keys(spec) k order by k collate "C" loop
        if field not in ('tracks', 'overlays', 'placeholders', 'rules', 'subtitle_style_presets') then
            return format('spec.%s: unknown field (tracks, overlays, placeholders, rules, subtitle_style_presets)',
                          field);
        end if;
    end loop;
    if jsonb_typeof(spec -> 'tracks') is distinct from 'array' or jsonb_array_length(spec -> 'tracks') = 0 then
        return 'tracks: a non-empty array of tracks is required';
    end if;
    if jsonb_array_length(spec -> 'tracks') > 50 then
        return 'tracks: at most 50 tracks';
    end if;
    for i in 0..jsonb_array_length(spec -> 'tracks') - 1 loop
        item := spec -> 'tracks' -> i;
        label := format('tracks[%s]', i);
        if jsonb_typeof(item) <> 'object' then
            return label || ': must be an object';
        end if;
        track_id := item ->> 'id';
        if jsonb_typeof(item -> 'id') is distinct from 'string' or track_id !~ '^[A-Za-z0-9_-]{1,64}$' then
            return label || '.id: must be 1-64 letters, digits, _ or -';
        end if;
        label := format('tracks[%s] "%s"', i, track_id);
        if track_id = any(track_ids) then
            return label || '.id: duplicate track id';
        end if;
        track_ids := track_ids || track_id;
        if jsonb_typeof(item -> 'type') is distinct from 'string'
           or item ->> 'type' not in ('video', 'audio', 'subtitle', 'overlay', 'image') then
            return label || '.type: must be one of video, audio, subtitle, overlay, image';
        end if;
        if item ? 'z' and not private.json_integer_between(item -> 'z', 0, 1000) then
            return label || '.z: must be an integer from 0 to 1000';
        end if;
        if item ? 'style' and jsonb_typeof(item -> 'style') <> 'object' then
            return label || '.style: must be an object';
        end if;
        has_video := has_video or item ->> 'type' = 'video';
        if item ->> 'type' = 'overlay' then
            overlay_tracks := overlay_tracks || track_id;
        end if;
    end loop;
    if not has_video then
        return 'tracks: a video track is required';
    end if;
    if spec ? 'overlays' then
        if jsonb_typeof(spec -> 'overlays') <> 'array' then
            return 'overlays: must be an array';
        end if;
        for i in 0..jsonb_array_length(spec -> 'overlays') - 1 loop
            item := spec -> 'overlays' -> i;
            label := format('overlays[%s]', i);
            if jsonb_typeof(item) <> 'object' then
                return label || ': must be an object';
            end if;
            if jsonb_typeof(item -> 'track') is distinct from 'string' or not (item ->> 'track' = any(overlay_tracks)) then
                return format('%s.track: %s is not an overlay track', label, coalesce(item -> 'track', 'null'));
            end if;
            if jsonb_typeof(item -> 'from') is distinct from 'number' or (item ->> 'from')::numeric < 0 then
                return label || '.from: must be a number of seconds >= 0';
            end if;
            if jsonb_typeof(item -> 'to') is distinct from 'number'
               or (item ->> 'to')::numeric <= (item ->> 'from')::numeric then
                return label || '.to: must be a number of seconds after from';
            end if;
            if jsonb_typeof(item -> 'content') is distinct from 'object' then
                return label || '.content: must be an object';
            end if;
            if jsonb_typeof(item -> 'content' -> 'type') is distinct from 'string'
               or item -> 'content' ->> 'type' not in ('text', 'image') then
                return label || '.content.type: must be text or image';
            end if;
            if item -> 'content' ->> 'type' = 'text'
               and (jsonb_typeof(item -> 'content' -> 'text') is distinct from 'string'
                    or btrim(item -> 'content' ->> 'text') = '') then
                return label || '.content.text: required for a text overlay';
            end if;
        end loop;
    end if;
    if spec ? 'placeholders' then
        if jsonb_typeof(spec -> 'placeholders') <> 'object' then
            return 'placeholders: must be an object';
        end if;
        for field in select k from jsonb_object_keys(spec -> 'placeholders') k order by k collate "C" loop
            if field !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' then
                return format('placeholders.%s: name must be a letter or _ then up to 63 letters, digits or _', field);
            end if;
            if jsonb_typeof(spec -> 'placeholders' -> field) is distinct from 'string'
               or spec -> 'placeholders' ->> field !~ '^(image|audio|video|text)(_optional)?$' then
                return format('placeholders.%s: type must be image, audio, video or text, optionally with _optional',
                              field);
            end if;
        end loop;
    end if;
    if spec ? 'rules' then
        if jsonb_typeof(spec -> 'rules') <> 'object' then
            return 'rules: must be an object';
        end if;
        if spec -> 'rules' ? 'cuts' and (jsonb_typeof(spec -> 'rules' -> 'cuts') <> 'string'
            or spec -> 'rules' ->> 'cuts' not in ('auto_by_beats_or_speech', 'auto_by_beats', 'auto_by_speech',
                                                  'fixed', 'manual')) then
            return 'rules.cuts: must be one of auto_by_beats_or_speech, auto_by_beats, auto_by_speech, fixed, manual';
        end if;
        if spec -> 'rules' ? 'min_scene' then
            if jsonb_typeof(spec -> 'rules' -> 'min_scene') <> 'number'
               or (spec -> 'rules' ->> 'min_scene')::numeric <= 0 then
                return 'rules.min_scene: must be a number of seconds > 0';
            end if;
            min_scene := (spec -> 'rules' ->> 'min_scene')::numeric;
        end if;
        if spec -> 'rules' ? 'max_scene' and (jsonb_typeof(spec -> 'rules' -> 'max_scene') <> 'number'
            or (spec -> 'rules' ->> 'max_scene')::numeric <= 0
            or (spec -> 'rules' ->> 'max_scene')::numeric < coalesce(min_scene, 0)) then
            return 'rules.max_scene: must be a number of seconds > 0 and >= rules.min_scene';
        end if;
    end if;
    if spec ? 'subtitle_style_presets'
       and (jsonb_typeof(spec -> 'subtitle_style_presets') <> 'array'
            or exists (select from jsonb_array_elements(spec -> 'subtitle_style_presets') p
                       where jsonb_typeof(p) <> 'string')) then
        return 'subtitle_style_presets: must be an array of names';
    end if;
    return null;
end
$$;
revoke execute on function private.template_spec_problem(jsonb, text, text) from public;
-- the template_rules trigger runs with the client's rights
grant execute on function private.template_spec_problem(jsonb, text, text) to authenticated, service_role;

-- Templates: scope from the project if any (private.inherit_scope), creator stamped
-- and counters at 0 (private.client_defaults), the spec validated (private.reject_problem: 22023
-- naming the track, overlay, placeholder or rule), version bumped when what renders changes.
create or replace function private.bump_template_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if tg_op = 'INSERT' then
        new.version := 1;
    elsif (new.spec, new.aspect, new.resolution, new.name) is distinct from (old.spec, old.aspect, old.resolution, old.name)
    then
        new.version := old.version + 1;
    end if;
    return new;
end
$$;
revoke execute on function private.bump_template_version() from public;

create or replace trigger inherit_scope before insert on public.templates
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.templates
for each row execute function private.client_defaults('created_by', 'usage_count=0');
create or replace trigger template_rules before insert or update on public.templates
for each row execute function private.reject_problem('template', 'private.template_spec_problem',
                                                     'spec', 'aspect', 'resolution');
-- after protect_columns (triggers fire in name order), which freezes version for clients
create or replace trigger template_version before insert or update on public.templates
for each row execute function private.bump_template_version();

create or replace trigger protect_columns before update on public.templates
for each row execute function private.protect_columns(
    'id', 'organization_id', 'project_id', 'created_by', 'version', 'usage_count', 'deleted_at'
);

create or replace trigger set_updated_at before update on public.templates
for each row execute function private.set_updated_at();

-- Every version of a template is kept (an update that changed nothing that renders adds none).
create or replace function private.record_template_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    insert into public.template_versions (template_id, organization_id, project_id, version, name, aspect, resolution,
                                          spec, created_by)
    values (new.id, new.organization_id, new.project_id, new.version, new.name, new.aspect, new.resolution, new.spec,
            coalesce(private.caller_id(), new.created_by))
    on conflict (template_id, version) do nothing;
    return null;
end
$$;
revoke execute on function private.record_template_version() from public;

create or replace trigger record_template_version after insert or update on public.templates
for each row execute function private.record_template_version();

-- Templates the caller may read: live ones of their organizations (by project access) and
-- public ones of live organizations. Policies of template_versions use it.
create or replace function private.readable_template_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select t.id from public.templates t
    where t.deleted_at is null
      and ((t.project_id is null and t.organization_id = any(array(select private.my_org_ids())))
           or t.project_id = any(array(select private.readable_project_ids())))
    union
    select t.id from public.templates t
    join public.organizations o on o.id = t.organization_id and o.deleted_at is null
    where t.is_public and t.deleted_at is null
$$;
revoke execute on function private.readable_template_ids() from public;
grant execute on function private.readable_template_ids() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Workflow graphs
-- ---------------------------------------------------------------------------

-- `node n3 (Voice.TTS)`: how errors name a node.
create or replace function private.node_label(node jsonb)
returns text
language sql
immutable
set search_path = ''
as $$
    select format('node %s (%s)', node ->> 'id', node ->> 'type')
$$;
revoke execute on function private.node_label(jsonb) from public;

-- What is wrong with item `i` of graph.<list> ('nodes' or 'edges'), or null: each is an object
-- whose id, 1-64 letters, digits, _ or -, is not among the ids `taken` before it.
create or replace function private.graph_item_id_problem(list text, i integer, item jsonb, taken text [])
returns text
language sql
immutable
set search_path = ''
as $$
    select case
        when jsonb_typeof(item) <> 'object' then format('graph.%s[%s]: must be an object', list, i)
        when jsonb_typeof(item -> 'id') is distinct from 'string' or item ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$'
            then format('graph.%s[%s].id: must be 1-64 letters, digits, _ or -', list, i)
        when item ->> 'id' = any(taken) then format('%1$s %2$s: id: duplicate %1$s id', rtrim(list, 's'), item ->> 'id')
    end
$$;
revoke execute on function private.graph_item_id_problem(text, integer, jsonb, text []) from public;

-- The first problem of a workflow graph with its variables, for organization `org`
-- (templates are looked up there and among public ones), or null when it is valid: shape,
-- known node types, edges between existing nodes on compatible typed ports, required
-- inputs connected, no cycle, required params, placeholders declared, template
-- placeholders filled, exactly one Output.Render.
create or replace function private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    nodes jsonb := graph -> 'nodes';
    edges jsonb := coalesce(graph -> 'edges', '[]');
    node jsonb;
    edge jsonb;
    node_type public.workflow_node_types;
    types jsonb := '{}';   -- node id -> its type row
    node_ids text [] := '{}';
    edge_ids text [] := '{}';
    connected jsonb := '{}';  -- "node/port" -> edge id
    adjacency jsonb := '{}';
    i integer;
    n integer;
    label text;
    problem text;
    field text;
    from_node jsonb;
    to_node jsonb;
    from_port text;
    out_type text;
    to_port text;
    port jsonb;
    required text;
    alternative text [];
    found_param boolean;
    placeholder record;
    template public.templates;
    remaining text [];
    changed boolean;
    renders integer := 0;
begin
    -- a signed-in caller checks graphs of their own organizations only (templates are looked up there)
    if private.caller_id() is not null and not private.has_org_role(org) then
        raise exception 'organization not found' using errcode = 'PT404';
    end if;
    if jsonb_typeof(graph) is distinct from 'object' then
        return 'graph: must be an object';
    end if;
    if jsonb_typeof(nodes) is distinct from 'array' or jsonb_array_length(nodes) = 0 then
        return 'graph.nodes: a non-empty array of nodes is required';
    end if;
    if jsonb_array_length(nodes) > 100 then
        return 'graph.nodes: at most 100 nodes';
    end if;
    if jsonb_typeof(edges) <> 'array' then
        return 'graph.edges: must be an array';
    end if;
    if jsonb_array_length(edges) > 400 then
        return 'graph.edges: at most 400 edges';
    end if;
    if jsonb_typeof(variables) is distinct from 'object' then
        return 'variables: must be an object';
    end if;
    for field in select k from jsonb_object_keys(variables) k order by k collate "C" loop
        if field !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' then
            return format('variables.%s: name must be a letter or _ then up to 63 letters, digits or _', field);
        end if;
        if jsonb_typeof(variables -> field) not in ('string', 'null') then
            return format('variables.%s: must be a string, or null to be given when the workflow runs', field);
        end if;
    end loop;
    -- nodes
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        problem := private.graph_item_id_problem('nodes', i, node, node_ids);
        if problem is not null then
            return problem;
        end if;
        node_ids := node_ids || (node ->> 'id');
        select t.* into node_type from public.workflow_node_types t where t.type = node ->> 'type';
        if node_type.type is null then
            return format('node %s: type: unknown node type %s', node ->> 'id', coalesce(node -> 'type', 'null'));
        end if;
        types := types || jsonb_build_object(node ->> 'id', to_jsonb(node_type));
        if node ? 'params' and jsonb_typeof(node -> 'params') <> 'object' then
            return private.node_label(node) || ': params: must be an object';
        end if;
    end loop;
    -- edges
    for i in 0..jsonb_array_length(edges) - 1 loop
        edge := edges -> i;
        problem := private.graph_item_id_problem('edges', i, edge, edge_ids);
        if problem is not null then
            return problem;
        end if;
        label := 'edge ' || (edge ->> 'id');
        edge_ids := edge_ids || (edge ->> 'id');
        if jsonb_typeof(edge -> 'from') is distinct from 'string' or not (edge ->> 'from' = any(node_ids)) then
            return format('%s: from: no node %s', label, coalesce(edge -> 'from', 'null'));
        end if;
        if jsonb_typeof(edge -> 'to') is distinct from 'string' or not (edge ->> 'to' = any(node_ids)) then
            return format('%s: to: no node %s', label, coalesce(edge -> 'to', 'null'));
        end if;
        from_node := types -> (edge ->> 'from');
        to_node := types -> (edge ->> 'to');
        from_port := edge ->> 'fromPort';
        if from_port is null or from_port = 'output' then
            select k into from_port from jsonb_object_keys(from_node -> 'outputs') k order by k collate "C" limit 1;
        end if;
        if not (from_node -> 'outputs' ? from_port) then
            return format('%s: fromPort: node %s (%s) has no output port "%s"', label, edge ->> 'from',
                          from_node ->> 'type', from_port);
        end if;
        out_type := from_node -> 'outputs' ->> from_port;
        to_port := edge ->> 'toPort';
        if to_port is null or to_port = 'input' then
            select p.key into to_port from jsonb_each(to_node -> 'inputs') p
            where p.value -> 'types' ? out_type order by p.key collate "C" limit 1;
            if to_port is null then
                return format('%s: to: node %s (%s) has no input port for %s (from %s)', label, edge ->> 'to',
                              to_node ->> 'type', out_type, edge ->> 'from');
            end if;
        end if;
        port := to_node -> 'inputs' -> to_port;
        if port is null then
            return format('%s: toPort: node %s (%s) has no input port "%s"', label, edge ->> 'to', to_node ->> 'type',
                          to_port);
        end if;
        if not (port -> 'types' ? out_type) then
            return format('%s: toPort: node %s (%s) input "%s" takes %s, not %s (from %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port,
                          array_to_string(array(select jsonb_array_elements_text(port -> 'types')), ' or '), out_type,
                          edge ->> 'from');
        end if;
        if connected ? (edge ->> 'to' || '/' || to_port) and not (port ->> 'many')::boolean then
            return format('%s: toPort: node %s (%s) input "%s" is already connected (edge %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port, connected ->> (edge ->> 'to' || '/' || to_port));
        end if;
        connected := connected || jsonb_build_object(edge ->> 'to' || '/' || to_port, edge ->> 'id');
    end loop;
    -- required inputs
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        for to_port in
            select p.key from jsonb_each(types -> (node ->> 'id') -> 'inputs') p
            where (p.value ->> 'required')::boolean order by p.key collate "C"
        loop
            if not connected ? (node ->> 'id' || '/' || to_port) then
                return format('%s: inputs.%s: required input is not connected', private.node_label(node), to_port);
            end if;
        end loop;
    end loop;
    -- cycles: peel sources, then sinks; what remains lies on a cycle
    remaining := node_ids;
    loop
        changed := false;
        for n in 1..coalesce(array_length(remaining, 1), 0) loop
            continue when remaining[n] is null;
            if not exists (select from jsonb_array_elements(edges) e
                           where e ->> 'to' = remaining[n] and e ->> 'from' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            elsif not exists (select from jsonb_array_elements(edges) e
                              where e ->> 'from' = remaining[n] and e ->> 'to' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            end if;
        end loop;
        remaining := array_remove(remaining, null);
        exit when not changed;
    end loop;
    if coalesce(array_length(remaining, 1), 0) > 0 then
        select x into node from jsonb_array_elements(nodes) x where x ->> 'id' = remaining[1];
        return format('%s: edges: part of a cycle (%s)', private.node_label(node), array_to_string(remaining, ', '));
    end if;
    -- params: required ones, placeholders, templates
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        node_type := jsonb_populate_record(null::public.workflow_node_types, types -> (node ->> 'id'));
        foreach required in array node_type.required_params loop
            alternative := string_to_array(required, '|');
            found_param := exists (select from unnest(alternative) a
                                   where jsonb_typeof(node -> 'params' -> a) = 'string'
                                     and btrim(node -> 'params' ->> a) <> '');
            if not found_param then
                return format('%s: params.%s: %s required', private.node_label(node), alternative[1],
                              case when cardinality(alternative) > 1
                                   then 'params.' || array_to_string(alternative, ' or params.') || ' is'
                                   else 'a non-empty string is' end);
            end if;
        end loop;
        for placeholder in select * from private.json_placeholders(coalesce(node -> 'params', '{}')) loop
            if not variables ? placeholder.name then
                return format('%s: %s: placeholder {{%s}} is not a workflow variable', private.node_label(node),
                              placeholder.path, placeholder.name);
            end if;
        end loop;
        if node_type.type = 'Output.Render' then
            renders := renders + 1;
        end if;
        if node -> 'params' ? 'template_id' then
            if node_type.type <> 'Edit.Timeline' then
                return private.node_label(node) || ': params.template_id: only Edit.Timeline nodes use templates';
            end if;
            select t.* into template from public.templates t
            where (node -> 'params' ->> 'template_id') ~ '^[0-9a-fA-F-]{36}$'
              and t.id = (node -> 'params' ->> 'template_id')::uuid and t.deleted_at is null
              and (t.organization_id = org or t.is_public);
            if template.id is null then
                return format('%s: params.template_id: no template %s', private.node_label(node),
                              node -> 'params' -> 'template_id');
            end if;
            if node -> 'params' ? 'placeholders' and jsonb_typeof(node -> 'params' -> 'placeholders') <> 'object' then
                return private.node_label(node) || ': params.placeholders: must be an object';
            end if;
            for field in
                select k from jsonb_object_keys(coalesce(template.spec -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if template.spec -> 'placeholders' ->> field not like '%\_optional'
                   and (jsonb_typeof(node -> 'params' -> 'placeholders' -> field) is distinct from 'string'
                        or btrim(node -> 'params' -> 'placeholders' ->> field) = '') then
                    return format('%s: params.placeholders.%s: required by template "%s" (%s)', private.node_label(node),
                                  field, template.name, template.spec -> 'placeholders' ->> field);
                end if;
            end loop;
            for field in
                select k from jsonb_object_keys(coalesce(node -> 'params' -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if not coalesce(template.spec -> 'placeholders', '{}') ? field then
                    return format('%s: params.placeholders.%s: template "%s" has no placeholder %s',
                                  private.node_label(node), field, template.name, field);
                end if;
            end loop;
        end if;
    end loop;
    if renders <> 1 then
        return format('graph: exactly one Output.Render node is required (found %s)', renders);
    end if;
    return null;
end
$$;
revoke execute on function private.workflow_graph_problem(jsonb, jsonb, uuid) from public;
-- the workflow_rules trigger runs with the client's rights
grant execute on function private.workflow_graph_problem(jsonb, jsonb, uuid) to authenticated, service_role;

-- Workflows: scope from the project (private.inherit_scope), creator stamped
-- and counters at 0 (private.client_defaults), the graph validated on every save
-- (private.reject_problem: 22023 naming the node or edge and the field).
-- Triggers fire in name order: the scope first (the graph is checked in its organization).
create or replace trigger inherit_scope before insert on public.workflows
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.workflows
for each row execute function private.client_defaults('created_by', 'run_count=0', 'last_run_at=null',
                                                      'current_version=null');
create or replace trigger workflow_rules before insert or update of graph, variables on public.workflows
for each row execute function private.reject_problem('workflow', 'private.workflow_graph_problem',
                                                     'graph', 'variables', 'organization_id');

create or replace trigger protect_columns before update on public.workflows
for each row execute function private.protect_columns(
    'id', 'organization_id', 'project_id', 'created_by', 'current_version', 'run_count', 'last_run_at',
    'deleted_at'
);

create or replace trigger set_updated_at before update on public.workflows
for each row execute function private.set_updated_at();

create or replace trigger set_updated_at before update on public.workflow_runs
for each row execute function private.set_updated_at();
-- a run ends once: private.transitions, machine 'workflow_runs' (core.sql, "Status machines")
create or replace trigger status_machine before update on public.workflow_runs
for each row when (old.status is distinct from new.status and case old.status
    when 'running' then new.status not in ('cancelled', 'failed', 'succeeded')
    else true end)
execute function private.enforce_transition('workflow_runs');

-- Live workflows of projects the caller may read (versions and runs follow them).
create or replace function private.readable_workflow_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select w.id from public.workflows w
    where w.deleted_at is null and w.project_id = any(array(select private.readable_project_ids()))
$$;
revoke execute on function private.readable_workflow_ids() from public;
grant execute on function private.readable_workflow_ids() to authenticated, service_role;

-- A live workflow the caller may edit, locked; PT404 for anything else (not found and not
-- yours answer alike).
create or replace function private.editable_workflow(target uuid)
returns public.workflows
language plpgsql
security definer
set search_path = ''
as $$
declare
    found public.workflows;
begin
    select w.* into found from public.workflows w
    where w.id = target and w.deleted_at is null
      and (private.caller_id() is null or w.project_id = any(array(select private.editable_project_ids())))
    for update;
    if found.id is null then
        raise exception 'workflow not found' using errcode = 'PT404';
    end if;
    return found;
end
$$;
revoke execute on function private.editable_workflow(uuid) from public;

-- Publish the workflow's current graph and variables as its next immutable version.
create or replace function public.publish_workflow(workflow_id uuid)
returns public.workflow_versions
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller uuid := private.require_user();
    flow public.workflows := private.editable_workflow(workflow_id);
    problem text := private.workflow_graph_problem(flow.graph, flow.variables, flow.organization_id);
    published public.workflow_versions;
begin
    if problem is not null then  -- a template it uses may have changed since the last save
        raise exception 'workflow "%": %', flow.name, problem using errcode = '22023';
    end if;
    insert into public.workflow_versions (workflow_id, organization_id, project_id, version, graph, variables,
                                          created_by)
    values (flow.id, flow.organization_id, flow.project_id, coalesce(flow.current_version, 0) + 1, flow.graph,
            flow.variables, caller)
    returning * into published;
    update public.workflows w set current_version = published.version where w.id = flow.id;
    return published;
end
$$;
revoke execute on function public.publish_workflow(uuid) from public, anon;
grant execute on function public.publish_workflow(uuid) to authenticated;

-- Published versions never change (deleting the workflow removes them).
create or replace function private.refuse_version_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception 'workflow version % of % is published and cannot change', old.version, old.workflow_id
        using errcode = 'PT409', hint = 'publish a new version';
end
$$;
revoke execute on function private.refuse_version_change() from public;

create or replace trigger immutable before update on public.workflow_versions
for each row execute function private.refuse_version_change();

-- ---------------------------------------------------------------------------
-- Runs
-- ---------------------------------------------------------------------------

-- The run's variable values: the version's defaults overridden by `inputs` (keys must be
-- variables; values strings of at most 20000 characters). 22023 otherwise.
create or replace function private.workflow_run_values(variables jsonb, inputs jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
    field text;
begin
    if inputs is null or jsonb_typeof(inputs) <> 'object' then
        raise exception 'inputs must be a JSON object' using errcode = '22023';
    end if;
    for field in select k from jsonb_object_keys(inputs) k order by k collate "C" loop
        if not variables ? field then
            raise exception 'inputs.%: not a variable of this workflow', left(field, 64) using errcode = '22023';
        end if;
        if jsonb_typeof(inputs -> field) <> 'string' or length(inputs ->> field) > 20000 then
            raise exception 'inputs.%: must be a string of at most 20000 characters', field using errcode = '22023';
        end if;
    end loop;
    return variables || inputs;
end
$$;
revoke execute on function private.workflow_run_values(jsonb, jsonb) from public;

-- A node's params with every {{name}} replaced by its value; 22023 naming the node and the
-- field when a placeholder has no value.
create or replace function private.fill_placeholders(node jsonb, run_values jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
    params jsonb := coalesce(node -> 'params', '{}');
    filled text := params::text;
    placeholder record;
begin
    for placeholder in select * from private.json_placeholders(params) loop
        if jsonb_typeof(run_values -> placeholder.name) is distinct from 'string' then
            raise exception '%: %: placeholder {{%}} is not filled', private.node_label(node), placeholder.path,
                placeholder.name using errcode = '22023';
        end if;
        -- the value as JSON string content (quotes and backslashes escaped)
        filled := replace(filled, '{{' || placeholder.name || '}}',
                          substr((run_values -> placeholder.name)::text, 2,
                                 length((run_values -> placeholder.name)::text) - 2));
    end loop;
    return filled::jsonb;
end
$$;
revoke execute on function private.fill_placeholders(jsonb, jsonb) from public;

-- Start a run of a published version for `caller` (who must be able to edit the project;
-- checked by the callers). One generation per node in dependency order, each through
-- private.start_generation (kind checks, emergency stop, quotas, credit hold: any refusal
-- rolls the whole run back); generation_inputs for the edges (the jobs with inputs wait
-- for them: state 'waiting'). A repeated dedup key returns the earlier run.
create or replace function private.start_workflow_run(
    published public.workflow_versions, inputs jsonb, caller uuid, run_dedup_key text, schedule uuid
)
returns public.workflow_runs
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.start_workflow_run(public.workflow_versions, jsonb, uuid, text, uuid) from public;

-- The client's entry point: run a published version of a workflow of a project the
-- caller may edit (PT404 otherwise). `inputs` fill the workflow's variables.
create or replace function public.start_workflow_run(
    workflow_version_id uuid, inputs jsonb default '{}', dedup_key text default null
)
returns public.workflow_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller uuid := private.require_user();
    published public.workflow_versions;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    if inputs is not null and length(inputs::text) > 100000 then
        raise exception 'inputs must be at most 100000 characters' using errcode = '22023';
    end if;
    select v.* into published from public.workflow_versions v
    join public.workflows w on w.id = v.workflow_id and w.deleted_at is null
    where v.id = workflow_version_id and v.project_id = any(array(select private.editable_project_ids()));
    if published.id is null then
        raise exception 'workflow version not found' using errcode = 'PT404';
    end if;
    return private.start_workflow_run(published, inputs, caller, 'client:' || dedup_key, null);
end
$$;
revoke execute on function public.start_workflow_run(uuid, jsonb, text) from public, anon;
grant execute on function public.start_workflow_run(uuid, jsonb, text) to authenticated;

-- Cancel a run: what has not started is cancelled and its hold released; running jobs stop
-- at their next heartbeat.
create or replace function public.cancel_workflow_run(run_id uuid)
returns public.workflow_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
    run public.workflow_runs;
    node_generation uuid;
begin
    perform private.require_user();
    select r.* into run from public.workflow_runs r
    where r.id = run_id and r.project_id = any(array(select private.editable_project_ids()))
    for update;
    if run.id is null then
        raise exception 'workflow run not found' using errcode = 'PT404';
    end if;
    if run.status <> 'running' then
        raise exception 'workflow run is already %', run.status using errcode = 'PT409';
    end if;
    update public.workflow_runs r
    set status = 'cancelled', finished_at = now(), error_message = 'cancelled by the client'
    where r.id = run.id;
    for node_generation in
        select g.id from public.generations g
        where g.id = any(private.run_generation_ids(run.nodes))
          and g.status not in ('succeeded', 'failed', 'cancelled')
        order by g.id
    loop
        -- cancelling one node may already have cancelled the nodes waiting for it
        if exists (select from public.generations g
                   where g.id = node_generation and g.status not in ('succeeded', 'failed', 'cancelled')) then
            perform public.cancel_generation(node_generation);
        end if;
    end loop;
    select r.* into run from public.workflow_runs r where r.id = run.id;
    return run;
end
$$;
revoke execute on function public.cancel_workflow_run(uuid) from public, anon;
grant execute on function public.cancel_workflow_run(uuid) to authenticated;

-- A node's generation reached a final state (private.generation_status_moved, step 2b).
-- Succeeded, run alive: count the node, finish the run at its render (its dependants are
-- woken by the same function's step 3).
-- Otherwise (a failure or cancellation, or the run already over): the run is failed (if
-- it was running) and its waiting jobs are cancelled, their holds released. Locks: on
-- success the run row comes last; on failure the node's hold (balance) is settled before
-- the run row, and waiting queue rows are taken with SKIP LOCKED (never waited for).
create or replace function private.advance_workflow_run(node public.generations)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.advance_workflow_run(public.generations) from public;

-- A finished run queues `workflow.run.finished` for each active endpoint that wants it.
create or replace function private.workflow_run_outbox()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, new.organization_id, 'workflow.run.finished',
           jsonb_build_object(
               'type', 'workflow.run.finished', 'created_at', now(),
               'data', jsonb_build_object(
                   'id', new.id, 'workflow_id', new.workflow_id, 'version', new.version, 'status', new.status,
                   'organization_id', new.organization_id, 'project_id', new.project_id,
                   'render_generation_id', new.render_generation_id, 'output_url', new.output_url,
                   'thumbnail_url', new.thumbnail_url, 'subtitles_url', new.subtitles_url,
                   'error_node', new.error_node, 'error_message', new.error_message,
                   'completed_nodes', new.completed_nodes, 'total_nodes', new.total_nodes))
    from public.webhooks w
    where w.organization_id = new.organization_id and w.is_active
      and (w.events = '{}' or 'workflow.run.finished' = any(w.events));
    return null;
end
$$;
revoke execute on function private.workflow_run_outbox() from public;

create or replace trigger workflow_run_outbox after update of status on public.workflow_runs
for each row when (old.status = 'running' and new.status <> 'running')
execute function private.workflow_run_outbox();

-- ---------------------------------------------------------------------------
-- Schedules that start workflows
-- ---------------------------------------------------------------------------

-- An archived workflow does not run and is not scheduled: PT409 naming it. Every run
-- (start_workflow_run) and every enabled workflow schedule asks this.
create or replace function private.require_unarchived_workflow(workflow uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    archived_name text;
begin
    select w.name into archived_name from public.workflows w where w.id = workflow and w.status = 'archived';
    if archived_name is not null then
        raise exception 'workflow "%" is archived', archived_name using errcode = 'PT409';
    end if;
end
$$;
revoke execute on function private.require_unarchived_workflow(uuid) from public;

-- A schedule's workflow must be a live workflow of the schedule's project, and not archived
-- while the schedule is enabled.
create or replace function private.check_schedule_workflow()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if not exists (select from public.workflows w
                   where w.id = new.workflow_id and w.project_id = new.project_id and w.deleted_at is null) then
        raise exception 'workflow not found in this project' using errcode = 'PT404';
    end if;
    if new.enabled then
        perform private.require_unarchived_workflow(new.workflow_id);
    end if;
    return new;
end
$$;
revoke execute on function private.check_schedule_workflow() from public;

create or replace trigger check_schedule_workflow before insert or update of workflow_id, enabled on public.schedules
for each row when (new.workflow_id is not null) execute function private.check_schedule_workflow();

-- Archiving a workflow switches its schedules off, saying why in last_error; unarchiving
-- leaves them off until someone enables them again.
create or replace function private.unschedule_archived_workflow()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.schedules s set enabled = false, last_error = 'the workflow is archived'
    where s.workflow_id = new.id and s.enabled;
    return null;
end
$$;
revoke execute on function private.unschedule_archived_workflow() from public;

create or replace trigger unschedule_archived_workflow after update of status on public.workflows
for each row when (new.status = 'archived' and old.status is distinct from 'archived')
execute function private.unschedule_archived_workflow();

create or replace trigger protect_workflow_target before update on public.schedules
for each row execute function private.protect_columns('workflow_id');

-- The scheduler's workflow runs: the workflow's current version as the schedule's creator,
-- with the schedule's request as inputs and a per-run key. Returns the run's render
-- generation (the schedule's last_generation_id).
create or replace function private.start_scheduled_workflow(due public.schedules, run_key text)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
declare
    published public.workflow_versions;
    run public.workflow_runs;
    render public.generations;
begin
    select v.* into published from public.workflow_versions v
    join public.workflows w on w.id = v.workflow_id and w.current_version = v.version and w.deleted_at is null
    where w.id = due.workflow_id;
    if published.id is null then
        raise exception 'the workflow has no published version' using errcode = 'PT404';
    end if;
    run := private.start_workflow_run(published, due.request, due.created_by, run_key, due.id);
    select g.* into render from public.generations g where g.id = run.render_generation_id;
    return render;
end
$$;
revoke execute on function private.start_scheduled_workflow(public.schedules, text) from public;
