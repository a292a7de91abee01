-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.nearest_organization_passages(org uuid, query extensions.halfvec, wanted integer, filter_book_id uuid)
 RETURNS TABLE(chapter_id uuid, book_id uuid, passage_no integer, passage_start integer, passage_end integer, distance double precision)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
 SET enable_sort TO 'off'
 SET "hnsw.iterative_scan" TO 'relaxed_order'
 SET "hnsw.ef_search" TO '100'
AS $function$
begin
    if not private.has_org_role(org) then
        return;
    end if;
    return query execute format($q$
        select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
               e.embedding operator(extensions.<=>) $1 as distance
        from public.chapter_embeddings e
        where e.organization_id = %L and e.project_id is null %s
        order by 6
        limit $2
    $q$, org, case when filter_book_id is not null then 'and e.book_id = $3' else '' end)
    using query, wanted, filter_book_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.visible_generation(generation_id uuid, min_role public.member_role)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.generations;
begin
    select g.* into found from public.generations g where g.id = generation_id and g.deleted_at is null;
    -- a signed-in caller must belong to the organization and reach the project; without a
    -- user (service role, maintenance) the row is visible. Not found and not yours: one error.
    if found.id is null
       or (private.caller_id() is not null
           and not (private.has_org_role(found.organization_id, min_role)
                    and (found.project_id is null
                         or (min_role = 'viewer' and found.project_id = any(array(
                                 select private.readable_project_ids())))
                         or found.project_id = any(array(select private.editable_project_ids()))))) then
        raise exception 'generation not found' using errcode = 'P0002';
    end if;
    return found;
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
        if jsonb_typeof(node) <> 'object' then
            return format('graph.nodes[%s]: must be an object', i);
        end if;
        if jsonb_typeof(node -> 'id') is distinct from 'string' or node ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$' then
            return format('graph.nodes[%s].id: must be 1-64 letters, digits, _ or -', i);
        end if;
        if node ->> 'id' = any(node_ids) then
            return format('node %s: id: duplicate node id', node ->> 'id');
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
        if jsonb_typeof(edge) <> 'object' then
            return format('graph.edges[%s]: must be an object', i);
        end if;
        if jsonb_typeof(edge -> 'id') is distinct from 'string' or edge ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$' then
            return format('graph.edges[%s].id: must be 1-64 letters, digits, _ or -', i);
        end if;
        label := 'edge ' || (edge ->> 'id');
        if edge ->> 'id' = any(edge_ids) then
            return label || ': id: duplicate edge id';
        end if;
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

CREATE OR REPLACE FUNCTION public.set_campaign_status(campaign_id uuid, new_status text)
 RETURNS public.campaigns
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    campaign public.campaigns;
    is_service boolean := not private.is_client_request(directly => false);
    is_reviewer boolean := private.has_platform_role('admin') or private.has_platform_role('moderator');
begin
    if length(new_status) > 20 then
        raise exception 'unknown campaign status' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = set_campaign_status.campaign_id for update;
    if campaign.id is null or (campaign.project_deleted_at is not null and not is_service)
       or not (is_service or is_reviewer or private.has_org_role(campaign.organization_id, 'editor'))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or private.has_org_role(campaign.organization_id, 'editor'))) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    if not private.campaign_status_allowed(campaign.status, new_status) then
        raise exception 'campaign cannot move from % to %', campaign.status, new_status using errcode = '55000';
    end if;
    if new_status in ('funded', 'failed') then
        raise exception 'a campaign is funded or failed by settle_campaigns at its end date' using errcode = '55000';
    end if;
    if (campaign.status, new_status) = ('pending_review', 'active') and not (is_service or is_reviewer) then
        raise exception 'only platform reviewers approve campaigns' using errcode = '42501';
    end if;
    if new_status in ('cancelled', 'completed') and not (is_service or private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'only organization admins cancel or complete a campaign' using errcode = '42501';
    end if;
    if new_status in ('pending_review', 'draft') and not (is_service or is_reviewer
                                                        or private.has_org_role(campaign.organization_id, 'editor')) then
        raise exception 'only the organization''s editors submit or withdraw a campaign' using errcode = '42501';
    end if;
    if new_status = 'pending_review' then
        if campaign.end_date is null then
            raise exception 'a campaign needs an end date before review' using errcode = '55000';
        end if;
        if campaign.end_date <= now() then
            raise exception 'the campaign''s end date has passed' using errcode = '55000';
        end if;
    end if;
    if new_status = 'active' and campaign.end_date <= now() then
        raise exception 'the campaign''s end date has passed' using errcode = '55000';
    end if;
    if new_status = 'completed' and exists (select 1 from public.investments i
                                            where i.campaign_id = campaign.id and i.status = 'pending') then
        raise exception 'the campaign still has pending investments' using errcode = '55000';
    end if;
    update public.campaigns c
    set status = new_status,
        submitted_at = case when new_status = 'pending_review' then now() else c.submitted_at end,
        launched_at = case when new_status = 'active' then now() else c.launched_at end,
        start_date = case when new_status = 'active' then greatest(coalesce(c.start_date, now()), now())
                          else c.start_date end,
        is_verified = c.is_verified or new_status = 'active',
        verified_at = case when new_status = 'active' then now() else c.verified_at end,
        completed_at = case when new_status = 'completed' then now() else c.completed_at end,
        cancelled_at = case when new_status = 'cancelled' then now() else c.cancelled_at end
    where c.id = campaign.id
    returning * into campaign;
    if new_status = 'cancelled' then
        perform private.refund_campaign(campaign.id);
        select c.* into campaign from public.campaigns c where c.id = campaign.id;
    end if;
    return campaign;
end
$function$
;
