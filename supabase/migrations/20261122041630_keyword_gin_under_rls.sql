-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.keyword_query_parts(query_text text)
 RETURNS TABLE(phrases tsquery, negative tsquery, plain tsquery, plain_words text)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
 SET client_min_messages TO 'warning'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer DEFAULT NULL::integer)
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    -- the role the caller runs as: SET ROLE (as PostgREST does) or the session's own
    caller_role text := coalesce(nullif(current_setting('role'), 'none'), session_user);
    sees_everything boolean := coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                         where r.rolname = caller_role), false);
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
               or c.project_id = any($9) or c.project_id = any($10))
        limit $6
    $q$,
        case when english is not null then 'c.fts_english @@ $3'
             when simple is not null then 'c.fts @@ $4'
             else 'c.content like $5' end)
    using filter_organization_id, filter_book_id, english, simple,
          '%' || replace(replace(replace(coalesce(fragment, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%',
          max_rows, sees_everything,
          case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.readable_project_ids()) end,
          case when not sees_everything then array(select private.public_project_ids()) end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.keyword_lexemes(query_text text)
 RETURNS TABLE(lexeme text, common boolean)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    with words as (
        select l.lexeme
        from private.keyword_query_parts(query_text) q
        cross join unnest(tsvector_to_array(to_tsvector('english'::regconfig, q.plain_words))) as l (lexeme)
        where l.lexeme !~ '[''\\]'
    )
    select w.lexeme, w.lexeme = any(private.common_lexemes(array(select w2.lexeme from words w2)))
    from words w
$function$
;

CREATE OR REPLACE FUNCTION private.keyword_match_tsqueries(query_text text)
 RETURNS TABLE(required tsquery, loose tsquery)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
 SET client_min_messages TO 'warning'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.keyword_tsquery(query_text text)
 RETURNS tsquery
 LANGUAGE sql
 STABLE
 SET search_path TO ''
 SET client_min_messages TO 'warning'
AS $function$
    select case when numnode(p.positive) = 0 then ''::tsquery else p.positive && p.negative end
    from (select case when numnode(s.phrases) = 0 then s.plain else s.phrases && (s.plain || s.phrases) end
                     as positive,
                 s.negative
          from private.keyword_query_parts(query_text) s) p
$function$
;

CREATE OR REPLACE FUNCTION public.keyword_search_chapters(query_text text, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid)
 RETURNS TABLE(chapter_id uuid, book_id uuid, rank real, keyword_rank bigint)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
        -- any word, when both found fewer than k: at most 20 k chapters, so a query of words
        -- common in a large library costs a bounded amount
        select m.id, 0
        from private.readable_chapters_matching(ts, null, null, filter_organization_id, filter_book_id, 20 * k) m (id)
        where numnode(ts) > 0
          and (select count(*) from (select r.id from required_hits r union select l.id from loose_hits l) s) < k
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
$function$
;

grant execute on function private.keyword_query_parts(text) to anon;
grant execute on function private.keyword_query_parts(text) to authenticated;
grant execute on function private.keyword_query_parts(text) to service_role;
grant execute on function private.readable_chapters_matching(tsquery,tsquery,text,uuid,uuid,integer) to anon;
grant execute on function private.readable_chapters_matching(tsquery,tsquery,text,uuid,uuid,integer) to authenticated;
grant execute on function private.readable_chapters_matching(tsquery,tsquery,text,uuid,uuid,integer) to service_role;
