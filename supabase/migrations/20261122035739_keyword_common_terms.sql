-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.common_lexemes(lexemes text[])
 RETURNS text[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select coalesce(array_agg(l.lexeme), '{}')
    from unnest(lexemes) as l (lexeme)
    join pg_catalog.pg_stats s
        on s.schemaname = 'public' and s.tablename = 'chapters' and s.attname = 'fts_english'
    where s.most_common_elem_freqs[array_position(s.most_common_elems::text::text [], l.lexeme)] >= 0.02
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
        from unnest(tsvector_to_array(to_tsvector('english'::regconfig, coalesce(
            (select string_agg(replace(m.parts[1], '"', ''), ' ')
             from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
             where m.parts[1] !~ '^-|^"' and lower(m.parts[1]) <> 'or'), ''))))
             as l (lexeme)
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
    terms as (
        select
            case
                when (select count(*) from rare) >= 3 then
                    (select string_agg(format('(%L & %L)', a.lexeme, b.lexeme), ' | ')
                     from rare a join rare b on a.lexeme < b.lexeme)
                when (select count(*) from rare) >= 1 then (select string_agg(format('%L', r.lexeme), ' | ') from rare r)
                else (select string_agg(format('%L', w.lexeme), ' & ') from words w)
            end as required,
            (select string_agg(format('%L', r.lexeme), ' | ') from rare r) as any_rare
    )
    select
        case when t.required is null or base.has_phrase then base.ts else base.ts && t.required::tsquery end,
        case when t.any_rare is null then base.ts else base.ts && t.any_rare::tsquery end
    from terms t,
        (select private.keyword_tsquery(query_text) as ts,
                coalesce(query_text, '') ~ '(^|\s)"[^"]' as has_phrase) base
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
        select c.id from public.chapters c
        where c.fts_english @@ required and numnode(required) > 0
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    hits as (
        select r.id from required_hits r
        union
        -- the looser match, only when the required one found fewer than k chapters
        select c.id from public.chapters c
        where c.fts_english @@ loose and numnode(loose) > 0 and loose is distinct from required
          and (select count(*) from required_hits) < k
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
        union
        select c.id from public.chapters c
        where c.fts @@ prefixes and prefixes is not null
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
        union
        select c.id from unnest(unspaced) w
        join public.chapters c
          on c.content like '%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%'
        where c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    ranked as (
        select c.id, c.book_id,
               greatest(
                   case when numnode(ts) > 0 then ts_rank(c.fts_english, ts, 1) else 0 end,
                   case when prefixes is not null then ts_rank(c.fts, prefixes, 1) else 0 end,
                   -- the share of the query's other-script words the content contains
                   (select count(*) filter (where strpos(c.content, w) > 0)::real / greatest(cardinality(partial), 1)
                    from unnest(partial) w)
               )::real as rank
        from hits join public.chapters c on c.id = hits.id
    )
    select r.id, r.book_id, r.rank, row_number() over (order by r.rank desc, r.id)
    from ranked r
    order by r.rank desc, r.id
    limit k;
end
$function$
;

drop function if exists "private"."keyword_quorum_tsquery"(query_text text);

grant execute on function private.common_lexemes(text[]) to anon;
grant execute on function private.common_lexemes(text[]) to authenticated;
grant execute on function private.common_lexemes(text[]) to service_role;
grant execute on function private.keyword_lexemes(text) to anon;
grant execute on function private.keyword_lexemes(text) to authenticated;
grant execute on function private.keyword_lexemes(text) to service_role;
grant execute on function private.keyword_match_tsqueries(text) to anon;
grant execute on function private.keyword_match_tsqueries(text) to authenticated;
grant execute on function private.keyword_match_tsqueries(text) to service_role;
