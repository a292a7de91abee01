-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "inherit_scope" on "public"."discussion_comments";

drop trigger if exists "inherit_scope" on "public"."discussion_poll_votes";

drop trigger if exists "inherit_scope" on "public"."discussion_votes";

drop trigger if exists "inherit_scope" on "public"."event_rsvps";

drop trigger if exists "inherit_scope" on "public"."fan_content_comments";

drop trigger if exists "inherit_scope" on "public"."fan_content_likes";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.nearest_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 2000, one_walk boolean DEFAULT false)
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
        exit when chapters >= k or (exact and fetched < wanted) or (one_walk and not exact);
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

CREATE OR REPLACE FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer DEFAULT 10, full_text_weight double precision DEFAULT 1, semantic_weight double precision DEFAULT 1, rrf_k integer DEFAULT 50, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid)
 RETURNS TABLE(chapter_id uuid, book_id uuid, chapter_number integer, title text, score double precision, keyword_rank bigint, semantic_rank bigint, similarity double precision, passage_no integer, passage_start integer, passage_end integer, passage text)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    with keyword as (
        select k.chapter_id as id, k.keyword_rank as rank_ix
        from public.keyword_search_chapters(query_text, greatest(least(match_count, 50) * 2, 20),
                                            filter_organization_id,
                                            filter_book_id) k
    ),
    semantic as (
        select m.chapter_id as id, m.similarity, m.passage_no, m.passage_start, m.passage_end,
               row_number() over (order by m.similarity desc) as rank_ix
        from private.nearest_chapters(query_embedding, greatest(least(match_count, 50) * 2, 20), filter_organization_id,
                                      filter_book_id, one_walk => true) m
    ),
    fused as (
        select coalesce(keyword.id, semantic.id) as id,
               coalesce(1.0 / (rrf_k + keyword.rank_ix), 0.0) * full_text_weight as keyword_score,
               coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight as semantic_score,
               keyword.rank_ix as keyword_rank, semantic.rank_ix as semantic_rank, semantic.similarity,
               semantic.passage_no, semantic.passage_start, semantic.passage_end
        from keyword
        full outer join semantic on semantic.id = keyword.id
        order by coalesce(1.0 / (rrf_k + keyword.rank_ix), 0.0) * full_text_weight
                 + coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight desc
        limit match_count
    ),
    -- once, not once for each passage the lateral below ranks
    query as materialized (
        select private.keyword_tsquery(query_text) as ts, private.partial_words(query_text) as partial
    )
    select c.id, c.book_id, c.chapter_number, c.title, f.keyword_score + f.semantic_score, f.keyword_rank,
           f.semantic_rank, f.similarity, p.passage_no, p.passage_start, p.passage_end,
           substr(c.content, p.passage_start + 1, p.passage_end - p.passage_start)
    from fused f
    cross join query
    join public.chapters c on c.id = f.id
    left join lateral (
        -- the nearest passage where meaning weighs more, else the passage the keywords rank highest in
        select f.passage_no, f.passage_start, f.passage_end
        where f.semantic_rank is not null and f.semantic_score >= f.keyword_score
        union all
        (select e.passage_no, e.passage_start, e.passage_end
         from public.chapter_embeddings e
         where e.chapter_id = f.id and (f.semantic_rank is null or f.semantic_score < f.keyword_score)
         order by ts_rank(to_tsvector('english', substr(c.content, e.passage_start + 1, e.passage_end - e.passage_start)),
                          query.ts)
                  + (select count(*) from unnest(query.partial) w
                     where strpos(substr(c.content, e.passage_start + 1, e.passage_end - e.passage_start), w) > 0)
                  desc,
                  e.passage_no
         limit 1)
    ) p on true
    order by f.keyword_score + f.semantic_score desc
$function$
;

CREATE OR REPLACE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 2000)
 RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision, passage_no integer, passage_start integer, passage_end integer)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select n.* from private.nearest_chapters(query_embedding, match_count, filter_organization_id, filter_book_id,
                                             filter_project_id, exact_below) n
$function$
;

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('discussions:discussion_id:discussion');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('discussions:discussion_id:poll');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('discussions:discussion_id:discussion', 'discussion_comments:comment_id:comment');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('events:event_id:event');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('fan_contents:content_id:fan content');

CREATE TRIGGER inherit_scope BEFORE INSERT ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('fan_contents:content_id:fan content');
