-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

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
    ),
    -- the statistics are read once for all the words, not once a word
    common as materialized (select private.common_lexemes(array(select w.lexeme from words w)) as lexemes)
    select w.lexeme, w.lexeme = any(c.lexemes)
    from words w cross join common c
$function$
;
