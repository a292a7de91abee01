-- Chapter search. Every function a client calls is SECURITY INVOKER: row-level security
-- decides what a caller finds. Vectors are per passage (chapter_embeddings is keyed by
-- (chapter_id, passage_no)); a chapter is found through its best passage, and results carry
-- that passage's offsets in chapters.content.
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
-- scans. It only chooses the search strategy. Security invoker: row-level security bounds the
-- count too, so neither `sees_everything` nor a book or project id reveals another
-- organization's numbers (the branches still name the index each shape should use).
create or replace function private.chapter_candidates(
    filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer
)
returns integer
language sql
stable
security invoker
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
revoke execute on function private.chapter_candidates(uuid, uuid, uuid, boolean, integer) from public;
grant execute on function private.chapter_candidates(uuid, uuid, uuid, boolean, integer)
to anon, authenticated, service_role;


-- The k chapters nearest to a query embedding, each through its nearest passage.
create or replace function public.match_chapters(
    query_embedding extensions.vector(384),
    match_count integer default 10,
    filter_organization_id uuid default null,
    filter_book_id uuid default null,
    filter_project_id uuid default null,
    exact_below integer default 1500
)
returns table (
    chapter_id uuid, book_id uuid, similarity double precision,
    passage_no integer, passage_start integer, passage_end integer
)
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
        -- 4k passages: within ef_search for k <= 25, so nearly free, and enough to cover k
        -- chapters almost always
        wanted := k * 4;
        loop
            execute format($q$
                select count(*)::integer, count(distinct n.chapter_id)::integer,
                       array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                       array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                       array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
                from (select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
                             e.embedding operator(extensions.<=>) $1 as distance
                      from public.chapter_embeddings e
                      where %s
                      order by e.embedding operator(extensions.<=>) $1
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
                     e.passage_end, extensions.cosine_distance(e.embedding, $1) as distance
              from public.chapter_embeddings e
              where %s
              order by e.chapter_id, extensions.cosine_distance(e.embedding, $1)) b
        order by b.distance
        limit $5
    $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
end
$$;
revoke execute on function public.match_chapters(extensions.vector, integer, uuid, uuid, uuid, integer) from public;
grant execute on function public.match_chapters(extensions.vector, integer, uuid, uuid, uuid, integer)
to anon, authenticated, service_role;

-- The keyword query as people type it, for chapters.fts_english: plain words are OR-ed (so
-- "how do I ..." does not require "how", "do" and "i"; ranking rewards chapters that match
-- more of them), while websearch syntax keeps its meaning: a "quoted phrase" is required and
-- a -word (or -"phrase") excluded. English stop words drop out and words are stemmed. A query
-- of exclusions alone matches nothing.
create or replace function private.keyword_tsquery(query_text text)
returns tsquery
language sql
stable
set search_path = ''
set client_min_messages = 'warning'  -- noqa: PRS
as $$
    select case when numnode(p.positive) = 0 then ''::tsquery else p.positive && p.negative end
    from (select case when numnode(s.phrases) = 0 then s.plain else s.phrases && (s.plain || s.phrases) end
                     as positive,
                 s.negative
          from (select websearch_to_tsquery('english'::regconfig,
                                            coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^"'), ''))
                           as phrases,
                       websearch_to_tsquery('english'::regconfig,
                                            coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^-'), ''))
                           as negative,
                       websearch_to_tsquery('english'::regconfig,
                                            coalesce(string_agg(replace(t.token, '"', ''), ' or ')
                                                     filter (where t.token !~ '^-|^"' and lower(t.token) <> 'or'),
                                                     '')) as plain
                from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
                cross join lateral (select m.parts[1] as token) t) s) p
$$;
revoke execute on function private.keyword_tsquery(text) from public;
grant execute on function private.keyword_tsquery(text) to anon, authenticated, service_role;

-- Which of `lexemes` are common: at least 2% of all chapters contain them (ANALYZE's most
-- common elements of chapters.fts_english, read from pg_statistic; a lexeme missing from them
-- is rarer than every one listed; no statistics yet: none is common). Security definer because
-- PostgreSQL shows a table's statistics under RLS to its owner only. What it reveals is deliberately this coarse:
-- whether a word the caller typed is in 2% of the platform's chapters (vocabulary, never which
-- organization or chapter holds it).
create or replace function private.common_lexemes(lexemes text [])
returns text []
language sql
stable
security definer
set search_path = ''
as $$
    with elements as materialized (
        select (case 4 when s.stakind1 then s.stavalues1 when s.stakind2 then s.stavalues2
                       when s.stakind3 then s.stavalues3 when s.stakind4 then s.stavalues4
                       when s.stakind5 then s.stavalues5 end)::text::text [] as elems,
               case 4 when s.stakind1 then s.stanumbers1 when s.stakind2 then s.stanumbers2
                      when s.stakind3 then s.stanumbers3 when s.stakind4 then s.stanumbers4
                      when s.stakind5 then s.stanumbers5 end as frequencies
        from pg_catalog.pg_statistic s
        join pg_catalog.pg_attribute a on a.attrelid = s.starelid and a.attnum = s.staattnum
        where s.starelid = 'public.chapters'::regclass and a.attname = 'fts_english' and not s.stainherit
    )
    select coalesce(array_agg(l.lexeme), '{}')
    from elements e cross join unnest(common_lexemes.lexemes) as l (lexeme)
    where e.frequencies[array_position(e.elems, l.lexeme)] >= 0.02
$$;
revoke execute on function private.common_lexemes(text []) from public;
grant execute on function private.common_lexemes(text []) to anon, authenticated, service_role;

-- The query's plain words as lexemes of chapters.fts_english, each marked common or rare.
-- Elasticsearch's "common terms": rare words decide which chapters match, common ones only add
-- to the rank. Natural questions carry words ("command", "file", "use") that alone match a
-- large share of a library, and ranking all of those would cost in proportion to the caller's
-- chapters.
create or replace function private.keyword_lexemes(query_text text)
returns table (lexeme text, common boolean)
language sql
stable
set search_path = ''
as $$
    with words as (
        select l.lexeme
        from unnest(tsvector_to_array(to_tsvector('english'::regconfig, coalesce(
            (select string_agg(replace(m.parts[1], '"', ''), ' ')
             from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
             where m.parts[1] !~ '^-|^"' and lower(m.parts[1]) <> 'or'), ''))))
             as l (lexeme)
        where l.lexeme !~ '[''\\]'
    )
    select w.lexeme, w.lexeme = any(private.common_lexemes(array(select w2.lexeme from words w2)))
    from words w
$$;
revoke execute on function private.keyword_lexemes(text) from public;
grant execute on function private.keyword_lexemes(text) to anon, authenticated, service_role;

-- What a chapter must match, on top of the query's phrases and exclusions (keyword_tsquery):
--   required: a quoted phrase is requirement enough (plain words then only rank); else, with
--             three or more rare words, two of them (a quorum, Elasticsearch's
--             minimum_should_match); with one or two, either; with common words only, all;
--   loose:    tried when `required` finds fewer than k chapters: any rare word when there are
--             three or more, all common words but one when there are three or more, else null.
create or replace function private.keyword_match_tsqueries(query_text text)
returns table (required tsquery, loose tsquery)
language sql
stable
set search_path = ''
set client_min_messages = 'warning'  -- noqa: PRS
as $$
    with words as (select l.lexeme, l.common from private.keyword_lexemes(query_text) l),
    rare as (select w.lexeme from words w where not w.common),
    counts as (select (select count(*) from rare) as rare, (select count(*) from words) as words),
    terms as (
        select
            case
                when c.rare >= 3 then
                    (select string_agg(format('(%L & %L)', a.lexeme, b.lexeme), ' | ')
                     from rare a join rare b on a.lexeme < b.lexeme)
                when c.rare >= 1 then (select string_agg(format('%L', r.lexeme), ' | ') from rare r)
                else (select string_agg(format('%L', w.lexeme), ' & ') from words w)
            end as required,
            case
                when c.rare >= 3 then (select string_agg(format('%L', r.lexeme), ' | ') from rare r)
                when c.rare = 0 and c.words >= 3 then
                    (select string_agg(format('(%s)', (select string_agg(format('%L', w.lexeme), ' & ')
                                                       from words w where w.lexeme <> left_out.lexeme)), ' | ')
                     from words left_out)
            end as loose
        from counts c
    )
    select
        case when t.required is null or base.has_phrase then base.ts else base.ts && t.required::tsquery end,
        case when t.loose is null or base.has_phrase then null else base.ts && t.loose::tsquery end
    from terms t,
        (select private.keyword_tsquery(query_text) as ts,
                coalesce(query_text, '') ~ '(^|\s)"[^"]' as has_phrase) base
$$;
revoke execute on function private.keyword_match_tsqueries(text) from public;
grant execute on function private.keyword_match_tsqueries(text) to anon, authenticated, service_role;

-- The words of other scripts (Hangul, Han, kana) in a query. Korean attaches particles to
-- words ('서울에서') and Chinese and Japanese do not separate words at all, so these are
-- matched as prefixes of indexed words ('simple' configuration), and words with Han or kana
-- also as substrings of the content (LIKE, through the pg_trgm GIN index).
create or replace function private.partial_words(query_text text)
returns text []
language sql
immutable
set search_path = ''
as $$
    select coalesce(array_agg(m.parts[1]), '{}')
    from regexp_matches(coalesce(query_text, ''), '[^\s"]*[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^\s"]*', 'g')
         as m (parts)
$$;
revoke execute on function private.partial_words(text) from public;
grant execute on function private.partial_words(text) to anon, authenticated, service_role;

-- Keyword search alone, ranked. Each way of matching is its own index scan, so the cost
-- follows the number of matching chapters, not the number the caller can see:
--   - chapters.fts_english @@ what keyword_match_tsqueries requires (rare words decide, common
--     words only rank), its looser form only when that finds fewer than k chapters, and any
--     word (at most 20 k chapters of them) only when both did (GIN);
--   - words of other scripts: chapters.fts @@ word:* (GIN, prefix) and content LIKE '%word%'
--     (pg_trgm GIN), so '서울' finds '서울에서' and '北京' finds '我在北京工作'. (A pattern
--     of fewer than three characters has no trigram to look up: for a two-character Chinese
--     word the LIKE branch reads the caller's chapters.)
create or replace function public.keyword_search_chapters(
    query_text text,
    match_count integer default 10,
    filter_organization_id uuid default null,
    filter_book_id uuid default null
)
returns table (chapter_id uuid, book_id uuid, rank real, keyword_rank bigint)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    ts tsquery;
    required tsquery;
    loose tsquery;
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    partial text[];
    prefixes tsquery;
    partial_text text;
    unspaced text[];
begin
    if length(query_text) > 1000 then
        raise exception 'query_text is longer than 1000 characters' using errcode = '22023';
    end if;
    ts := private.keyword_tsquery(query_text);
    select q.required, q.loose into required, loose from private.keyword_match_tsqueries(query_text) q;
    partial := private.partial_words(query_text);
    partial_text := array_to_string(partial, ' ');
    -- Chinese and Japanese words (Han, kana): Korean separates words, so prefixes serve it
    unspaced := array(select w from unnest(partial) w where w ~ '[\u3040-\u30ff\u3400-\u9fff]');
    -- the 'simple' configuration's own lexemes of those words, each as a prefix
    select string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || ''':*', ' | ')::tsquery
    into prefixes
    from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, partial_text))) l;
    return query
    with required_hits as materialized (
        select c.id from public.chapters c
        where c.fts_english @@ required and numnode(required) > 0
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    loose_hits as materialized (
        select c.id from public.chapters c
        where c.fts_english @@ loose and loose is not null and numnode(loose) > 0
          and (select count(*) from required_hits) < k
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    -- tier: how a chapter matched; a chapter matching the required words ranks above one
    -- matching only the looser query, which ranks above one matching any word
    hits as (
        select r.id, 2 as tier from required_hits r
        union all
        -- the looser match, only when the required one found fewer than k chapters
        select l.id, 1 from loose_hits l
        union all
        -- any word, when both found fewer than k: the first 20 k chapters that match, so a
        -- query of words common in a large library costs a bounded amount
        (select c.id, 0 from public.chapters c
         where c.fts_english @@ ts and numnode(ts) > 0
           and (select count(*) from (select r.id from required_hits r union select l.id from loose_hits l) s) < k
           and c.deleted_at is null
           and (filter_organization_id is null or c.organization_id = filter_organization_id)
           and (filter_book_id is null or c.book_id = filter_book_id)
         limit 20 * k)
        union all
        select c.id, 2 from public.chapters c
        where c.fts @@ prefixes and prefixes is not null
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
        union all
        select c.id, 2 from unnest(unspaced) w
        join public.chapters c
          on c.content like '%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%'
        where c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    ranked as (
        select c.id, c.book_id, h.tier,
               greatest(
                   case when numnode(ts) > 0 then ts_rank(c.fts_english, ts, 1) else 0 end,
                   case when prefixes is not null then ts_rank(c.fts, prefixes, 1) else 0 end,
                   -- the share of the query's other-script words the content contains
                   (select count(*) filter (where strpos(c.content, w) > 0)::real / greatest(cardinality(partial), 1)
                    from unnest(partial) w)
               )::real as rank
        from (select hits.id, max(hits.tier) as tier from hits group by hits.id) h
        join public.chapters c on c.id = h.id
    )
    select r.id, r.book_id, r.rank, row_number() over (order by r.tier desc, r.rank desc, r.id)
    from ranked r
    order by r.tier desc, r.rank desc, r.id
    limit k;
end
$$;
revoke execute on function public.keyword_search_chapters(text, integer, uuid, uuid) from public;
grant execute on function public.keyword_search_chapters(text, integer, uuid, uuid) to anon, authenticated, service_role;

-- Hybrid search (Supabase's pattern): keyword_search_chapters and match_chapters fused by
-- reciprocal rank fusion of at least 20 candidates from each. Each row names the passage that
-- matched: the nearest passage when meaning weighed more in the chapter's score, else the
-- passage the keywords rank highest in.
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
    keyword_rank bigint, semantic_rank bigint, similarity double precision,
    passage_no integer, passage_start integer, passage_end integer, passage text
)
language sql
stable
security invoker
set search_path = ''
as $$
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
    query as (
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
$$;
revoke execute on function public.hybrid_search_chapters(
    text, extensions.vector, integer, double precision, double precision, integer, uuid, uuid
) from public;
grant execute on function public.hybrid_search_chapters(
    text, extensions.vector, integer, double precision, double precision, integer, uuid, uuid
) to anon, authenticated, service_role;
