-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.graph_item_id_problem(list text, i integer, item jsonb, taken text[])
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select case
        when jsonb_typeof(item) <> 'object' then format('graph.%s[%s]: must be an object', list, i)
        when jsonb_typeof(item -> 'id') is distinct from 'string' or item ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$'
            then format('graph.%s[%s].id: must be 1-64 letters, digits, _ or -', list, i)
        when item ->> 'id' = any(taken) then format('%1$s %2$s: id: duplicate %1$s id', rtrim(list, 's'), item ->> 'id')
    end
$function$
;

CREATE OR REPLACE FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
        raise exception 'organization not found' using errcode = 'P0002';
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
$function$
;
