-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 5000)
 RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision, passage_no integer, passage_start integer, passage_end integer)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET "hnsw.iterative_scan" TO 'relaxed_order'
 SET "hnsw.ef_search" TO '40'
AS $function$
declare
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $2' end,
        case when filter_book_id is not null then 'e.book_id = $3' end,
        case when filter_project_id is not null then 'e.project_id = $4' end);
    sees_everything boolean := (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                where r.rolname = current_user);
    wanted integer;
    fetched integer;
    chapters integer;
    ids uuid[];
    books uuid[];
    distances double precision[];
    numbers integer[];
    starts integer[];
    ends integer[];
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, sees_everything,
                                  exact_below) >= exact_below then
        -- approximate: the HNSW index over passages, scanning on until enough passages pass the
        -- filters and RLS; more passages are fetched while they cover fewer than k chapters
        -- 4k passages: enough to cover k chapters almost always
        wanted := k * 4;
        loop
            execute format($q$
                select count(*)::integer, count(distinct n.chapter_id)::integer,
                       array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                       array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                       array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
                from (select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
                             e.embedding operator(extensions.<=>) $1::extensions.halfvec(384) as distance
                      from public.chapter_embeddings e
                      where %s
                      order by e.embedding operator(extensions.<=>) $1::extensions.halfvec(384)
                      limit $5) n
            $q$, filters)
            into fetched, chapters, ids, books, distances, numbers, starts, ends
            using query_embedding, filter_organization_id, filter_book_id, filter_project_id, wanted;
            exit when chapters >= k or fetched < wanted or wanted >= 8000;
            wanted := wanted * 4;
        end loop;
        if chapters >= k then
            return query
            select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
            from (select distinct on (u.chapter_id) u.*
                  from unnest(ids, books, distances, numbers, starts, ends)
                       as u (chapter_id, book_id, distance, passage_no, passage_start, passage_end)
                  order by u.chapter_id, u.distance) b
            order by b.distance
            limit k;
            return;
        end if;
    end if;

    -- exact: distances over the candidate passages only (the function form keeps HNSW out)
    return query execute format($q$
        select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
        from (select distinct on (e.chapter_id) e.chapter_id, e.book_id, e.passage_no, e.passage_start,
                     e.passage_end, extensions.cosine_distance(e.embedding, $1::extensions.halfvec(384)) as distance
              from public.chapter_embeddings e
              where %s
              order by e.chapter_id, extensions.cosine_distance(e.embedding, $1::extensions.halfvec(384))) b
        order by b.distance
        limit $5
    $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
end
$function$
;
