-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.visible_project_ids(organization uuid DEFAULT NULL::uuid)
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if organization is null then
        return query select private.readable_project_ids() union select private.public_project_ids();
    else
        return query
        select p.id from public.projects p
        where p.organization_id = organization
          and (private.project_is_public(p) or p.id = any(array(select private.readable_project_ids())));
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sees_everything boolean := private.caller_bypasses_rls();
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $1' end,
        case when filter_book_id is not null then 'e.book_id = $2' end,
        case when filter_project_id is not null then 'e.project_id = $3' end);
    counted integer;
begin
    if sees_everything then
        execute format('select count(*)::integer from (select 1 from public.chapter_embeddings e where %s limit $4) s',
                       filters)
        into counted using filter_organization_id, filter_book_id, filter_project_id, cap;
        return counted;
    end if;
    -- the policy's two branches, each its own index-only scan: the organizations' own passages,
    -- and those of projects readable to the caller (collaborations, public projects)
    execute format($q$
        select least($4,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where %1$s and e.project_id is null and e.organization_id = any($5) limit $4) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where %1$s and e.project_id = any($6) limit $4) s))::integer
    $q$, filters)
    into counted
    using filter_organization_id, filter_book_id, filter_project_id, cap, array(select private.my_org_ids()),
          array(select private.visible_project_ids(filter_organization_id));
    return counted;
end
$function$
;

CREATE OR REPLACE FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer DEFAULT NULL::integer)
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sees_everything boolean := private.caller_bypasses_rls();
begin
    -- the policy's sets are passed as values, so the planner weighs the caller's share of
    -- chapters: the organization index for a small library, the GIN index for a large one
    return query execute format($q$
        select c.id from public.chapters c
        where %s
          and c.deleted_at is null
          and ($1 is null or c.organization_id = $1)
          and ($2 is null or c.book_id = $2)
          and ($7 or (c.project_id is null and c.organization_id = any($8))
               or c.project_id = any($9))
        limit $6
    $q$,
        case when english is not null then 'c.fts_english @@ $3'
             when simple is not null then 'c.fts @@ $4'
             else 'c.content like $5' end)
    using filter_organization_id, filter_book_id, english, simple,
          '%' || replace(replace(replace(coalesce(fragment, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%',
          max_rows, sees_everything,
          case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.visible_project_ids(filter_organization_id)) end;
end
$function$
;

CREATE OR REPLACE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 2000)
 RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision, passage_no integer, passage_start integer, passage_end integer)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET "hnsw.iterative_scan" TO 'relaxed_order'
 SET "hnsw.ef_search" TO '100'
AS $function$
declare
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $2' end,
        case when filter_book_id is not null then 'e.book_id = $3' end,
        case when filter_project_id is not null then 'e.project_id = $4' end);
    sees_everything boolean := (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                where r.rolname = current_user);
    exact boolean;
    parts text [];
    own_indexes uuid [];
    projects uuid [];
    distance text;
    wanted integer := k * 4;
    fetched integer;
    chapters integer;
    ids uuid [];
    books uuid [];
    distances double precision [];
    numbers integer [];
    starts integer [];
    ends integer [];
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if not sees_everything then
        -- the parts of what the caller sees: each organization (walked through its own index
        -- when it has one), then the readable projects
        select array_agg(o) filter (where to_regclass('public.' || private.passage_index_name(o)) is not null),
               array_agg(format('e.organization_id = %L and e.project_id is null', o))
                   filter (where to_regclass('public.' || private.passage_index_name(o)) is null)
        into own_indexes, parts
        from private.my_org_ids() o
        where filter_project_id is null and (filter_organization_id is null or o = filter_organization_id);
        projects := array(select private.visible_project_ids(filter_organization_id));
        if cardinality(projects) > 0 then
            parts := parts || 'e.project_id = any($6)'::text;
        end if;
    end if;
    -- no need to count when an organization of the caller's has its own index (it holds at least
    -- half of passage_index_changes' line) and no book narrows the search, nor when the caller
    -- sees every passage, unfiltered, of a table ANALYZE found large
    exact := case
        when own_indexes is not null and filter_book_id is null then false
        when sees_everything and num_nonnulls(filter_organization_id, filter_book_id, filter_project_id) = 0
             and (select c.reltuples from pg_catalog.pg_class c
                  where c.oid = 'public.chapter_embeddings'::regclass) >= exact_below then false
        else private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, exact_below)
             < exact_below
    end;
    loop
        -- the operator form lets the planner walk an HNSW index (scanning on until enough
        -- passages pass the filters and RLS); the function form keeps the indexes out
        distance := case when exact then 'extensions.cosine_distance(e.embedding, $1::extensions.halfvec(384))'
                         else 'e.embedding operator(extensions.<=>) $1::extensions.halfvec(384)' end;
        execute format($q$
            select count(*)::integer, count(distinct n.chapter_id)::integer,
                   array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                   array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                   array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
            from (select * from (%s) u order by u.distance limit $5) n
        $q$, array_to_string(
            array(select format($p$(select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
                                           %s as distance
                                    from public.chapter_embeddings e
                                    where %s and %s
                                    order by 6
                                    limit $5)$p$, distance, part, filters)
                  from unnest(case when exact or (parts is null and own_indexes is null) then array['true']
                                   else parts end) part)
            || array(select format('(select * from private.nearest_organization_passages(%L, '
                                   '$1::extensions.halfvec(384), $5, $3))', o)
                     from unnest(case when exact then null else own_indexes end) o),
            ' union all '))
        into fetched, chapters, ids, books, distances, numbers, starts, ends
        using query_embedding, filter_organization_id, filter_book_id, filter_project_id, wanted, projects;
        exit when chapters >= k or (exact and fetched < wanted);
        -- a walk stopped short (hnsw.max_scan_tuples) or went far enough: the exact scan
        if not exact and (fetched < wanted or wanted >= 8000) then
            exact := true;
            wanted := k * 4;
        else
            wanted := wanted * 4;
        end if;
    end loop;
    return query
    select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
    from (select distinct on (u.chapter_id) u.*
          from unnest(ids, books, distances, numbers, starts, ends)
               as u (chapter_id, book_id, distance, passage_no, passage_start, passage_end)
          order by u.chapter_id, u.distance) b
    order by b.distance
    limit k;
end
$function$
;

drop function if exists "private"."visible_project_ids"();

grant execute on function private.visible_project_ids(uuid) to anon;
grant execute on function private.visible_project_ids(uuid) to authenticated;
grant execute on function private.visible_project_ids(uuid) to service_role;
