-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

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
        from public.match_chapters(query_embedding, greatest(least(match_count, 50) * 2, 20), filter_organization_id,
                                   filter_book_id) m
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
