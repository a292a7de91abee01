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
    if not exists (select from private.my_org_ids() o where o = org) then
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

CREATE OR REPLACE FUNCTION private.passage_index_name(organization_id uuid)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select 'chapter_embeddings_hnsw_' || replace(organization_id::text, '-', '')
$function$
;

CREATE OR REPLACE FUNCTION public.passage_index_changes(min_passages integer DEFAULT 2000)
 RETURNS TABLE(organization_id uuid, action text, statement text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with sizes as (
        select e.organization_id, count(*) as passages
        from public.chapter_embeddings e
        where e.project_id is null
        group by e.organization_id
    ),
    wanted as (
        select s.organization_id, private.passage_index_name(s.organization_id) as index_name, s.passages
        from sizes s
        join public.organizations o on o.id = s.organization_id and o.deleted_at is null
    ),
    existing as (
        select c.relname::text as index_name, i.indisvalid as valid
        from pg_catalog.pg_index i
        join pg_catalog.pg_class c on c.oid = i.indexrelid
        where i.indrelid = 'public.chapter_embeddings'::regclass
          and c.relname::text like 'chapter\_embeddings\_hnsw\_%' and c.relname <> 'chapter_embeddings_hnsw_idx'
    )
    select w.organization_id, 'create',
           format('create index concurrently if not exists %I on public.chapter_embeddings '
                  'using hnsw (embedding extensions.halfvec_cosine_ops) with (m = 16, ef_construction = 128) '
                  'where organization_id = %L and project_id is null', w.index_name, w.organization_id)
    from wanted w
    where w.passages >= min_passages
      and not exists (select from existing x where x.index_name = w.index_name and x.valid)
    union all
    select w.organization_id, 'drop', format('drop index concurrently if exists public.%I', x.index_name)
    from existing x
    left join wanted w on w.index_name = x.index_name
    where not x.valid or w.organization_id is null or w.passages < min_passages / 2
    order by 2 desc, 1
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
        projects := array(select private.readable_project_ids() union select private.public_project_ids());
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

grant execute on function private.nearest_organization_passages(uuid,extensions.halfvec,integer,uuid) to authenticated;
grant execute on function private.passage_index_name(uuid) to anon;
grant execute on function private.passage_index_name(uuid) to authenticated;
grant execute on function private.passage_index_name(uuid) to service_role;
