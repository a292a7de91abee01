-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller_role text := coalesce(nullif(current_setting('role'), 'none'), session_user);
    sees_everything boolean := coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                         where r.rolname = caller_role), false);
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
          array(select private.readable_project_ids() union select private.public_project_ids());
    return counted;
end
$function$
;

CREATE OR REPLACE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 5000)
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
    exact boolean;
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
    exact := private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, exact_below)
             < exact_below;
    loop
        -- the operator form lets the planner walk the HNSW index (scanning on until enough
        -- passages pass the filters and RLS); the function form keeps the index out
        execute format($q$
            select count(*)::integer, count(distinct n.chapter_id)::integer,
                   array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                   array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                   array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
            from (select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end, %s as distance
                  from public.chapter_embeddings e
                  where %s
                  order by 6
                  limit $5) n
        $q$, case when exact then 'extensions.cosine_distance(e.embedding, $1::extensions.halfvec(384))'
                  else 'e.embedding operator(extensions.<=>) $1::extensions.halfvec(384)' end, filters)
        into fetched, chapters, ids, books, distances, numbers, starts, ends
        using query_embedding, filter_organization_id, filter_book_id, filter_project_id, wanted;
        exit when chapters >= k or (exact and fetched < wanted);
        -- the index walk stopped short (hnsw.max_scan_tuples) or went far enough: exact scan
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

drop function if exists "private"."chapter_candidates"(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer);

grant execute on function private.chapter_candidates(uuid,uuid,uuid,integer) to anon;
grant execute on function private.chapter_candidates(uuid,uuid,uuid,integer) to authenticated;
grant execute on function private.chapter_candidates(uuid,uuid,uuid,integer) to service_role;
