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
    select
        case when t.required is null or base.has_phrase then base.ts else base.ts && t.required::tsquery end,
        case when t.loose is null or base.has_phrase then null else base.ts && t.loose::tsquery end
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
$function$
;
