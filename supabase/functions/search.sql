-- Chapter search. Both functions are SECURITY INVOKER: row-level security decides what a
-- caller finds.
--
-- The filtered-search problem: HNSW applies a WHERE clause or an RLS policy after its scan,
-- so a small organization gets fewer than k rows. match_chapters therefore first counts
-- the rows the caller could match (index-only, stopping at `exact_below`):
--   - fewer: an exact scan of just those rows (through the organization or book index),
--     which is exact and fast for small sets;
--   - more: HNSW with iterative scanning (relaxed order, re-sorted), which keeps
--     scanning until k rows pass the filters; if it still returns fewer than k, the exact
--     scan runs instead. So whenever k rows are visible, k rows come back.

-- How many chapter vectors the caller could match, counted up to `cap` through index-only
-- scans. It only chooses the search strategy; row-level security still decides the rows.
create or replace function private.chapter_candidates(
    filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer
)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
    select case
        when filter_book_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.book_id = filter_book_id limit cap) s)
        when filter_project_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.project_id = filter_project_id limit cap) s)
        when sees_everything then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where filter_organization_id is null or e.organization_id = filter_organization_id
                                   limit cap) s)
        else least(cap,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.organization_id = any(array(select private.my_org_ids()))
                                     and e.project_id is null
                                     and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                   limit cap) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where (e.project_id = any(array(select private.readable_project_ids()))
                                            or e.project_id = any(array(select private.public_project_ids())))
                                       and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                     limit cap) s))
    end::integer
$$;
grant execute on function private.chapter_candidates(uuid, uuid, uuid, boolean, integer)
to anon, authenticated, service_role;

create or replace function public.match_chapters(
    query_embedding extensions.vector(384),
    match_count integer default 10,
    filter_organization_id uuid default null,
    filter_book_id uuid default null,
    filter_project_id uuid default null,
    exact_below integer default 1500
)
returns table (chapter_id uuid, book_id uuid, similarity double precision)
language plpgsql
stable
security invoker
set search_path = ''
set hnsw.iterative_scan to 'relaxed_order'  -- noqa: PRS
set hnsw.ef_search to 100
as $$
declare
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $2' end,
        case when filter_book_id is not null then 'e.book_id = $3' end,
        case when filter_project_id is not null then 'e.project_id = $4' end);
    sees_everything boolean := (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                where r.rolname = current_user);
    found integer;
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, sees_everything,
                                  exact_below) >= exact_below then
        -- approximate: the HNSW index, scanning on until k rows pass the filters and RLS
        return query execute format($q$
            with nearest as materialized (
                select e.chapter_id, e.book_id, e.embedding operator(extensions.<=>) $1 as distance
                from public.chapter_embeddings e
                where %s
                order by e.embedding operator(extensions.<=>) $1
                limit $5
            )
            select n.chapter_id, n.book_id, 1 - n.distance from nearest n order by n.distance
        $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
        get diagnostics found = row_count;
        if found >= k then
            return;
        end if;
    end if;

    -- exact: distances over the candidate rows only (the function form keeps HNSW out)
    return query execute format($q$
        select e.chapter_id, e.book_id, 1 - extensions.cosine_distance(e.embedding, $1)
        from public.chapter_embeddings e
        where %s
        order by extensions.cosine_distance(e.embedding, $1)
        limit $5
    $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
end
$$;

-- Hybrid search (Supabase's pattern): full-text and semantic rankings fused by reciprocal
-- rank fusion. The keyword side matches whole words through the 'simple' text search
-- configuration and partial words through trigrams, so it works for Korean too (no
-- Korean parser needed: '서울' finds '서울에서').
create or replace function public.hybrid_search_chapters(
    query_text text,
    query_embedding extensions.vector(384),
    match_count integer default 10,
    full_text_weight double precision default 1,
    semantic_weight double precision default 1,
    rrf_k integer default 50,
    filter_organization_id uuid default null,
    filter_book_id uuid default null
)
returns table (
    chapter_id uuid, book_id uuid, chapter_number integer, title text, score double precision,
    keyword_rank bigint, semantic_rank bigint
)
language sql
stable
security invoker
set search_path = ''
as $$
    with query as (
        select websearch_to_tsquery('simple', query_text) as ts
    ),
    keyword as (
        select c.id,
               row_number() over (order by greatest(
                   ts_rank_cd(c.fts, query.ts), extensions.word_similarity(query_text, c.content)) desc) as rank_ix
        from public.chapters c, query
        where c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
          and (c.fts @@ query.ts or query_text operator(extensions.<%) c.content)
        order by rank_ix
        limit least(match_count, 50) * 2
    ),
    semantic as (
        select m.chapter_id as id, row_number() over (order by m.similarity desc) as rank_ix
        from public.match_chapters(query_embedding, least(match_count, 50) * 2, filter_organization_id,
                                   filter_book_id) m
    )
    select c.id, c.book_id, c.chapter_number, c.title,
           coalesce(1.0 / (rrf_k + keyword.rank_ix), 0.0) * full_text_weight
           + coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight as score,
           keyword.rank_ix, semantic.rank_ix
    from keyword
    full outer join semantic on semantic.id = keyword.id
    join public.chapters c on c.id = coalesce(keyword.id, semantic.id)
    order by score desc
    limit match_count
$$;

grant execute on function public.match_chapters(extensions.vector, integer, uuid, uuid, uuid, integer),
public.hybrid_search_chapters(text, extensions.vector, integer, double precision, double precision, integer, uuid, uuid)
to anon, authenticated, service_role;
