-- Chapter search. Every function a client calls is SECURITY INVOKER: row-level security
-- decides what a caller finds. Vectors are per passage (chapter_embeddings is keyed by
-- (chapter_id, passage_no)); a chapter is found through its best passage, and results carry
-- that passage's offsets in chapters.content.
--
-- The filtered-search problem: HNSW applies a WHERE clause or an RLS policy after its scan,
-- so a small organization gets fewer than k rows. match_chapters therefore first counts
-- the rows the caller could match (index-only, stopping at `exact_below`):
--   - fewer: an exact scan of just those rows (through the organization or book index),
--     keeping the nearest few (exact and fast for small sets);
--   - more: HNSW with iterative scanning (relaxed order, re-sorted), which keeps
--     scanning until enough rows pass the filters; if they still cover fewer than k chapters,
--     the exact scan runs instead. So whenever k rows are visible, k rows come back.

-- Does the role the caller runs as (SET ROLE, as PostgREST does, or the session's own) bypass
-- row-level security? Asked by the security definer searches, which apply the policies' terms
-- themselves: inside them current_user is the owner, so the caller is read from the settings.
create or replace function private.caller_bypasses_rls()
returns boolean
language sql
stable
set search_path = ''
as $$
    select coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                     where r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user)), false)
$$;
revoke execute on function private.caller_bypasses_rls() from public;

-- How many chapter vectors the caller could match, counted up to `cap` through index-only
-- scans. It only chooses the search strategy. Security definer, like
-- readable_chapters_matching: it applies the chapter_embeddings_select policy's own terms as
-- values (a count under the policy evaluates it on every entry and cost twice as much), so
-- neither a book or project id nor an organization reveals another organization's numbers;
-- supabase/tests/database/test_search.sql checks the count against RLS for each kind of caller. Roles that
-- bypass RLS count everything.
create or replace function private.chapter_candidates(
    filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer
)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.chapter_candidates(uuid, uuid, uuid, integer) from public;
grant execute on function private.chapter_candidates(uuid, uuid, uuid, integer) to anon, authenticated, service_role;


-- Per-organization passage indexes. HNSW applies the caller's filters after its walk, so for
-- an organization holding a few percent of the passages the walk passes over many times more
-- passages than it keeps, each checked against the heap and the policy (docs/studio.md). An
-- organization with at least `min_passages` passages of its own gets a partial HNSW index of
-- exactly those (`where organization_id = '<id>' and project_id is null`), which match_chapters
-- walks unfiltered. The name is derived from the organization, so the catalog is the registry.
create or replace function private.passage_index_name(organization_id uuid)
returns text
language sql
immutable
set search_path = ''
as $$
    select 'chapter_embeddings_hnsw_' || replace(organization_id::text, '-', '')
$$;
revoke execute on function private.passage_index_name(uuid) from public;
grant execute on function private.passage_index_name(uuid) to anon, authenticated, service_role;

-- The statements that bring the per-organization indexes in line with the passages: create one
-- for each live organization that reached `min_passages`, drop those of organizations below half
-- of it (hysteresis: an organization near the line does not flap), deleted or gone, and those a
-- failed concurrent build left invalid (created again next time). CREATE and DROP INDEX
-- CONCURRENTLY cannot run inside a transaction or function, so the caller (the scheduler's
-- maintenance, creatorverse.search.indexes) runs them one by one, as the table's owner.
create or replace function public.passage_index_changes(min_passages integer default 2000)
returns table (organization_id uuid, action text, statement text)
language sql
stable
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function public.passage_index_changes(integer) from public, anon, authenticated;
grant execute on function public.passage_index_changes(integer) to service_role;

-- The `wanted` passages of an organization's own (project_id null) nearest to `query`, walked
-- through the organization's own index. For the caller's current organizations only: that is
-- the chapter_embeddings_select policy's first branch, checked here because this runs as
-- definer. Under the policy the planner misjudged the organization's size (the policy's
-- `= any(...)` gets a default selectivity) and sorted all its passages instead; with sorting
-- disabled here, the only plans left walk an index in distance order, the organization's own
-- being the cheapest. tests/py/test_passage_indexes.py checks that members get the exact nearest
-- passages through it and outsiders nothing.
create or replace function private.nearest_organization_passages(
    org uuid, query extensions.halfvec(384), wanted integer, filter_book_id uuid
)
returns table (
    chapter_id uuid, book_id uuid, passage_no integer, passage_start integer, passage_end integer,
    distance double precision
)
language plpgsql
stable
security definer
set search_path = ''
set enable_sort to off
set hnsw.iterative_scan to 'relaxed_order'  -- noqa: PRS
set hnsw.ef_search to 100
as $$
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
$$;
revoke execute on function private.nearest_organization_passages(uuid, extensions.halfvec, integer, uuid) from public;
grant execute on function private.nearest_organization_passages(uuid, extensions.halfvec, integer, uuid)
to authenticated;

-- The k chapters nearest to a query embedding, each through its nearest passage. Both
-- strategies read passages nearest first, `wanted` at a time (4k, then 16k, 64k ... while they
-- cover fewer than k chapters): the first k distinct chapters among them are the answer.
--   - exact: every candidate's distance, keeping the nearest `wanted` (a top-N sort);
--   - approximate: an HNSW walk per part of what the caller can see, merged by distance: each
--     of the caller's organizations (its id written into the query, so the planner walks that
--     organization's own index when passage_index_changes has built one, and otherwise
--     chooses between the shared index and an exact scan), and the readable projects. It hands
--     over to the exact strategy if a walk stops short or 8,000 passages still cover fewer
--     than k chapters. Roles that bypass RLS walk the shared index.
-- With one_walk (hybrid search's candidates) the approximate strategy walks once and returns
-- the chapters its passages cover, fewer than k when the query's nearest passages crowd into
-- few chapters: a second walk, four times longer, would only add chapters far from the query
-- (at L, 5,132 buffers for 20 chapters against 826 for 10), and a fusion needs no exact count.
create or replace function private.nearest_chapters(
    query_embedding extensions.vector(384),
    match_count integer,
    filter_organization_id uuid default null,
    filter_book_id uuid default null,
    filter_project_id uuid default null,
    exact_below integer default 2000,
    one_walk boolean default false
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
$$;
revoke execute on function private.nearest_chapters(extensions.vector, integer, uuid, uuid, uuid, integer, boolean)
from public;
grant execute on function private.nearest_chapters(extensions.vector, integer, uuid, uuid, uuid, integer, boolean)
to anon, authenticated, service_role;

create or replace function public.match_chapters(
    query_embedding extensions.vector(384),
    match_count integer default 10,
    filter_organization_id uuid default null,
    filter_book_id uuid default null,
    filter_project_id uuid default null,
    exact_below integer default 2000
)
returns table (
    chapter_id uuid, book_id uuid, similarity double precision,
    passage_no integer, passage_start integer, passage_end integer
)
language sql
stable
security invoker
set search_path = ''
as $$
    select n.* from private.nearest_chapters(query_embedding, match_count, filter_organization_id, filter_book_id,
                                             filter_project_id, exact_below) n
$$;
revoke execute on function public.match_chapters(extensions.vector, integer, uuid, uuid, uuid, integer) from public;
grant execute on function public.match_chapters(extensions.vector, integer, uuid, uuid, uuid, integer)
to anon, authenticated, service_role;

-- A keyword query's parts in websearch syntax ('english': stop words drop out, words are
-- stemmed): its "quoted phrases", its -exclusions (-word, -"phrase"), and its plain words
-- OR-ed ("or" itself is an operator, not a word), also as text.
create or replace function private.keyword_query_parts(query_text text)
returns table (phrases tsquery, negative tsquery, plain tsquery, plain_words text)
language sql
stable
set search_path = ''
set client_min_messages = 'warning'  -- noqa: PRS
as $$
    select websearch_to_tsquery('english'::regconfig,
                                coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^"'), '')),
           websearch_to_tsquery('english'::regconfig,
                                coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^-'), '')),
           websearch_to_tsquery('english'::regconfig,
                                coalesce(string_agg(replace(t.token, '"', ''), ' or ')
                                         filter (where t.token !~ '^-|^"' and lower(t.token) <> 'or'), '')),
           coalesce(string_agg(t.token, ' ') filter (where t.token !~ '^-|^"' and lower(t.token) <> 'or'), '')
    from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
    cross join lateral (select m.parts[1] as token) t
$$;
revoke execute on function private.keyword_query_parts(text) from public;
grant execute on function private.keyword_query_parts(text) to anon, authenticated, service_role;

-- The keyword query as people type it, for chapters.fts_english: plain words are OR-ed (so
-- "how do I ..." does not require "how", "do" and "i"; ranking rewards chapters that match
-- more of them), while websearch syntax keeps its meaning: a "quoted phrase" is required and
-- a -word (or -"phrase") excluded. A query of exclusions alone matches nothing.
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
          from private.keyword_query_parts(query_text) s) p
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
        from private.keyword_query_parts(query_text) q
        cross join unnest(tsvector_to_array(to_tsvector('english'::regconfig, q.plain_words))) as l (lexeme)
        where l.lexeme !~ '[''\\]'
    ),
    -- the statistics are read once for all the words, not once a word
    common as materialized (select private.common_lexemes(array(select w.lexeme from words w)) as lexemes)
    select w.lexeme, w.lexeme = any(c.lexemes)
    from words w cross join common c
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
    -- the terms alone, not AND-ed with the OR of every word (which they imply): the GIN scan
    -- then reads no posting list of a common word, and the planner sees a selective query
    select
        case when t.required is null or numnode(q.phrases) > 0 then private.keyword_tsquery(query_text)
             else t.required::tsquery && q.negative end,
        case when t.loose is null or numnode(q.phrases) > 0 then null else t.loose::tsquery && q.negative end
    from terms t, private.keyword_query_parts(query_text) q
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

-- The chapters the caller may read that match one keyword condition (an 'english' tsquery,
-- a 'simple' tsquery or a fragment of the content), found through that condition's GIN index. Under
-- row-level security PostgreSQL cannot use those indexes: `@@` and LIKE are not leakproof, so
-- it evaluates them only after the policy, on every chapter the caller can see (60 ms a
-- condition in a library of 10,000 chapters). So this function applies the chapters_select
-- policy's own terms itself — supabase/tests/database/test_search.sql checks that it returns exactly what
-- RLS returns, to members, project collaborators, outsiders and anon — and callers join its
-- ids back to public.chapters, where RLS applies once more. Roles that bypass RLS
-- (service_role) see every chapter, as they would through the table. At most `max_rows` ids
-- (null: all).
create or replace function private.readable_chapters_matching(
    english tsquery, simple tsquery, fragment text,
    filter_organization_id uuid, filter_book_id uuid, max_rows integer default null
)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.readable_chapters_matching(tsquery, tsquery, text, uuid, uuid, integer) from public;
grant execute on function private.readable_chapters_matching(tsquery, tsquery, text, uuid, uuid, integer)
to anon, authenticated, service_role;

-- Keyword search alone, ranked. Each way of matching is its own index scan, so the cost
-- follows the number of matching chapters, not the number the caller can see:
--   - chapters.fts_english @@ what keyword_match_tsqueries requires (rare words decide, common
--     words only rank), its looser form only when that finds fewer than k chapters, and any
--     word (at most 20 k chapters of them) only when neither found anything (GIN);
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
        select m.id from private.readable_chapters_matching(required, null, null, filter_organization_id, filter_book_id) m (id)
        where numnode(required) > 0
    ),
    loose_hits as materialized (
        select m.id from private.readable_chapters_matching(loose, null, null, filter_organization_id, filter_book_id) m (id)
        where loose is not null and numnode(loose) > 0 and (select count(*) from required_hits) < k
    ),
    -- tier: how a chapter matched; a chapter matching the required words ranks above one
    -- matching only the looser query, which ranks above one matching any word
    hits as (
        select r.id, 2 as tier from required_hits r
        union all
        select l.id, 1 from loose_hits l
        union all
        -- any word, when neither found anything: at most 20 k chapters, so a query of words
        -- common in a large library costs a bounded amount
        select m.id, 0
        from private.readable_chapters_matching(ts, null, null, filter_organization_id, filter_book_id, 20 * k) m (id)
        where numnode(ts) > 0
          and not exists (select from required_hits) and not exists (select from loose_hits)
        union all
        select m.id, 2
        from private.readable_chapters_matching(null, prefixes, null, filter_organization_id, filter_book_id) m (id)
        where prefixes is not null
        union all
        select m.id, 2
        from unnest(unspaced) w
        cross join lateral private.readable_chapters_matching(null, null, w, filter_organization_id, filter_book_id) m (id)
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
-- reciprocal rank fusion of 20 candidates (or twice match_count) from each, the semantic ones
-- from a single walk (private.nearest_chapters' one_walk: fewer when the nearest passages crowd
-- into fewer chapters). Each row names the passage that
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
$$;
revoke execute on function public.hybrid_search_chapters(
    text, extensions.vector, integer, double precision, double precision, integer, uuid, uuid
) from public;
grant execute on function public.hybrid_search_chapters(
    text, extensions.vector, integer, double precision, double precision, integer, uuid, uuid
) to anon, authenticated, service_role;


-- ---------------------------------------------------------------------------
-- Keyword search across the studio: projects, stories, scenes, prompts and assets through one
-- RPC, public.search_studio (docs/studio.md, "Searching the studio"). Korean-capable like the
-- chapters' search, with no dictionary: every word must occur, one of three or more characters
-- anywhere ('우주선' in '작은우주선에서'), a shorter one as the start of a word ('우주' finds
-- '우주선 이야기', as Korean attaches endings and particles to a word), both served by pg_trgm
-- GIN indexes.
-- ---------------------------------------------------------------------------

-- The searchable kinds: each one's table, title, search document, and the terms of its select
-- policy ($1 the caller's organizations, $2 the projects they may read, as values; a public
-- project judged by its own row, private.project_is_public, as the policies do, so that a search
-- does not list every public project of the platform first). Stories, scenes and assets share
-- the project content's terms (scope null below).
-- `document` is exactly the expression of the kind's trigram index (migration
-- 20261207184250_studio_search_indexes.sql), so the index serves it.
create or replace function private.studio_search_kinds()
returns table (kind text, table_name text, title text, document text, project text, scope text)
language sql
immutable
set search_path = ''
as $$
    select k.kind, k.table_name, k.title, k.document, k.project, coalesce(k.scope, content.scope)
    from (values
        ('project', 'projects', 't.title',
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '')$d$,
         't.id', 't.id = any($2) or private.project_is_public(t)'),
        ('story', 'stories', $d$coalesce(t.title, t.logline, '')$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.logline, '') || ' ' || coalesce(t.synopsis, '')$d$,
         't.project_id', null),
        ('scene', 'scenes', $d$coalesce(t.title, 'Scene ' || t.scene_number)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.location, '')$d$,
         't.project_id', null),
        ('prompt', 'prompts', 't.title', $d$' ' || t.title || ' ' || t.content$d$,
         'null::uuid', 't.is_public or t.organization_id = any($1)'),
        ('asset', 'assets', $d$coalesce(t.title, t.original_name, t.filename)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.original_name, '')$d$,
         't.project_id', null)
    ) k (kind, table_name, title, document, project, scope)
    cross join (values ($s$(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)
                          or exists (select from public.projects p where p.id = t.project_id and private.project_is_public(p))$s$)) content (scope)
$$;
revoke execute on function private.studio_search_kinds() from public;
grant execute on function private.studio_search_kinds() to anon, authenticated, service_role;

-- The ILIKE patterns of a query's words: every word must match; one of three or more characters
-- anywhere, a shorter one as a word's start (a pattern of fewer than three characters has no
-- trigram of its own: ' ' || word has the padded ones), one pattern per distinct word.
create or replace function private.studio_search_patterns(query text)
returns text []
language sql
immutable
set search_path = ''
as $$
    select coalesce(array_agg(case when char_length(w.word) >= 3 then '%' else '% ' end || w.escaped || '%'
                              order by w.first), '{}')
    from (
        select lower(s.word) as word, min(s.n) as first,
               replace(replace(replace(lower(s.word), '\', '\\'), '%', '\%'), '_', '\_') as escaped
        from regexp_split_to_table(btrim(coalesce(query, '')), '\s+') with ordinality as s (word, n)
        where s.word <> ''
        group by lower(s.word)
    ) w
$$;
revoke execute on function private.studio_search_patterns(text) from public;
grant execute on function private.studio_search_patterns(text) to anon, authenticated, service_role;

-- The live rows of one kind the caller may read whose document matches every pattern, at most
-- `max_rows`, found through the kind's trigram index. Under row-level security PostgreSQL cannot
-- use that index (ILIKE is not leakproof, so it runs only after the policy, on every row the
-- caller can see), so, like readable_chapters_matching, this applies the kind's select policy
-- terms itself as values, and search_studio joins the ids back to the table, where RLS decides
-- once more. Roles that bypass RLS see every live row.
create or replace function private.studio_rows_matching(search_kind text, patterns text [], max_rows integer)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    sees_everything boolean := private.caller_bypasses_rls();
    k record;
begin
    select * into k from private.studio_search_kinds() s where s.kind = search_kind;
    if k.kind is null or coalesce(cardinality(patterns), 0) = 0 then
        return;
    end if;
    if cardinality(patterns) > 8 then
        raise exception 'a search query has at most 8 words' using errcode = '22023';
    end if;
    -- one ILIKE per word, each a literal: the GIN index intersects them
    return query execute format(
        'select t.id from public.%I t where t.deleted_at is null and %s and ($3 or %s) limit $4',
        k.table_name,
        (select string_agg(format('(%s) ilike %L', k.document, p), ' and ') from unnest(patterns) p),
        k.scope)
    using case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.readable_project_ids()) end,
          sees_everything, max_rows;
end
$$;
revoke execute on function private.studio_rows_matching(text, text [], integer) from public;
grant execute on function private.studio_rows_matching(text, text [], integer) to anon, authenticated, service_role;

-- Search the studio: the caller's readable, live projects, stories, scenes, prompts and assets
-- (`kinds`: some of 'project', 'story', 'scene', 'prompt', 'asset'; null: all) whose text holds
-- every word of `query`, best first. Security invoker: each hit is read back from its table
-- under the caller's row-level security. `score` (0..1) weighs how well the query matches the
-- title twice as much as the whole document; `snippet` is the document around the first word.
create or replace function public.search_studio(query text, kinds text [] default null, max_results integer default 20)
returns table (kind text, id uuid, project_id uuid, title text, snippet text, score real)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    patterns text [];
    first_word text;
    k integer := least(greatest(coalesce(max_results, 20), 1), 100);
    unknown text;
    branches text;
begin
    if char_length(query) > 200 then
        raise exception 'a search query is at most 200 characters' using errcode = '22023';
    end if;
    if cardinality(kinds) > 5 then
        raise exception 'at most 5 search kinds' using errcode = '22023';
    end if;
    select string_agg(format('"%s"', u), ', ') into unknown
    from unnest(kinds) u where u is null or u not in (select s.kind from private.studio_search_kinds() s);
    if unknown is not null then
        raise exception 'unknown search kind %: project, story, scene, prompt or asset', unknown
            using errcode = '22023';
    end if;
    patterns := private.studio_search_patterns(query);
    if cardinality(patterns) > 8 then
        raise exception 'a search query has at most 8 words' using errcode = '22023';
    end if;
    if cardinality(patterns) = 0 then
        return;
    end if;
    first_word := lower((regexp_split_to_array(btrim(query), '\s+'))[1]);
    select string_agg(format($q$
        select %L::text as kind, t.id, %s as project_id, %s as title, d.document
        from public.%I t
        cross join lateral (select %s as document) d
        where t.id = any(array(select private.studio_rows_matching(%L, $1, $2)))$q$,
        s.kind, s.project, s.title, s.table_name, s.document, s.kind), ' union all ')
    into branches
    from private.studio_search_kinds() s
    where kinds is null or s.kind = any(kinds);
    return query execute format($q$
        select h.kind, h.id, h.project_id, h.title,
               btrim(case when h.at > 40 then '…' else '' end || substr(h.document, greatest(h.at - 40, 1), 160)
                     || case when char_length(h.document) > greatest(h.at - 40, 1) + 159 then '…' else '' end),
               ((2 * extensions.word_similarity($3, coalesce(h.title, '')) + extensions.word_similarity($3, h.document))
                / 3)::real as score
        from (select b.*, strpos(lower(b.document), $4) as at from (%s) b) h
        order by 6 desc, h.title, h.id
        limit $5
    $q$, branches)
    using patterns, 50 * k, query, first_word, k;
end
$$;
revoke execute on function public.search_studio(text, text [], integer) from public;
grant execute on function public.search_studio(text, text [], integer) to anon, authenticated, service_role;
