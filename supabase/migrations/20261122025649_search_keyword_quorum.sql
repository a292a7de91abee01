-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.keyword_quorum_tsquery(query_text text)
 RETURNS tsquery
 LANGUAGE sql
 STABLE
 SET search_path TO ''
 SET client_min_messages TO 'warning'
AS $function$
    with words as (
        select l.lexeme
        from unnest(tsvector_to_array(to_tsvector('english'::regconfig, coalesce(
            (select string_agg(replace(m.parts[1], '"', ''), ' ')
             from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
             where m.parts[1] !~ '^-|^"' and lower(m.parts[1]) <> 'or'), ''))))
             as l (lexeme)
        where l.lexeme !~ '[''\\]'
    ),
    pairs as (
        select string_agg(format('(%L & %L)', a.lexeme, b.lexeme), ' | ') as q
        from words a join words b on a.lexeme < b.lexeme
    )
    select case when (select count(*) from words) < 3 then private.keyword_tsquery(query_text)
                else private.keyword_tsquery(query_text) && pairs.q::tsquery end
    from pairs
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
    quorum tsquery;
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
    quorum := private.keyword_quorum_tsquery(query_text);
    partial := private.partial_words(query_text);
    partial_text := array_to_string(partial, ' ');
    -- Chinese and Japanese words (Han, kana): Korean separates words, so prefixes serve it
    unspaced := array(select w from unnest(partial) w where w ~ '[\u3040-\u30ff\u3400-\u9fff]');
    -- the 'simple' configuration's own lexemes of those words, each as a prefix
    select string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || ''':*', ' | ')::tsquery
    into prefixes
    from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, partial_text))) l;
    return query
    with quorum_hits as materialized (
        select c.id from public.chapters c
        where c.fts_english @@ quorum and numnode(quorum) > 0
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    hits as (
        select q.id from quorum_hits q
        union
        -- any one word, only when the quorum found fewer than k chapters
        select c.id from public.chapters c
        where c.fts_english @@ ts and numnode(ts) > 0 and (select count(*) from quorum_hits) < k
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

grant execute on function private.keyword_quorum_tsquery(text) to anon;
grant execute on function private.keyword_quorum_tsquery(text) to authenticated;
grant execute on function private.keyword_quorum_tsquery(text) to service_role;
