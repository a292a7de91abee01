-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.studio_rows_matching(search_kind text, patterns text[], max_rows integer)
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller_role text := coalesce(nullif(current_setting('role'), 'none'), session_user);
    sees_everything boolean := coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                         where r.rolname = caller_role), false);
    k record;
begin
    select * into k from private.studio_search_kinds() s where s.kind = search_kind;
    if k.kind is null or cardinality(patterns) = 0 then
        return;
    end if;
    -- one ILIKE per word, each a literal: the GIN index intersects them
    return query execute format(
        'select t.id from public.%I t where t.deleted_at is null and %s and ($4 or %s) limit $5',
        k.table_name,
        (select string_agg(format('(%s) ilike %L', k.document, p), ' and ') from unnest(patterns) p),
        k.scope)
    using case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.readable_project_ids()) end,
          case when not sees_everything then array(select private.public_project_ids()) end,
          sees_everything, max_rows;
end
$function$
;

CREATE OR REPLACE FUNCTION private.studio_search_kinds()
 RETURNS TABLE(kind text, table_name text, title text, document text, project text, scope text)
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    values
        ('project', 'projects', 't.title',
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '')$d$,
         't.id', 't.id = any($2) or t.id = any($3)'),
        ('story', 'stories', $d$coalesce(t.title, t.logline, '')$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.logline, '') || ' ' || coalesce(t.synopsis, '')$d$,
         't.project_id', 't.project_id = any($2) or t.project_id = any($3)'),
        ('scene', 'scenes', $d$coalesce(t.title, 'Scene ' || t.scene_number)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.location, '')$d$,
         't.project_id',
         '(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2) or t.project_id = any($3)'),
        ('prompt', 'prompts', 't.title', $d$' ' || t.title || ' ' || t.content$d$,
         'null::uuid', 't.is_public or t.organization_id = any($1)'),
        ('asset', 'assets', $d$coalesce(t.title, t.original_name, t.filename)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.original_name, '')$d$,
         't.project_id',
         '(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2) or t.project_id = any($3)')
$function$
;

CREATE OR REPLACE FUNCTION private.studio_search_patterns(query text)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select coalesce(array_agg(case when char_length(w.word) >= 3 then '%' else '% ' end || w.escaped || '%'
                              order by w.first), '{}')
    from (
        select lower(s.word) as word, min(s.n) as first,
               replace(replace(replace(lower(s.word), '\', '\\'), '%', '\%'), '_', '\_') as escaped
        from regexp_split_to_table(btrim(coalesce(query, '')), '\s+') with ordinality as s (word, n)
        where s.word <> ''
        group by lower(s.word)
    ) w
$function$
;

CREATE OR REPLACE FUNCTION public.search_studio(query text, kinds text[] DEFAULT NULL::text[], max_results integer DEFAULT 20)
 RETURNS TABLE(kind text, id uuid, project_id uuid, title text, snippet text, score real)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;

grant execute on function private.studio_rows_matching(text,text[],integer) to anon;
grant execute on function private.studio_rows_matching(text,text[],integer) to authenticated;
grant execute on function private.studio_rows_matching(text,text[],integer) to service_role;
grant execute on function private.studio_search_kinds() to anon;
grant execute on function private.studio_search_kinds() to authenticated;
grant execute on function private.studio_search_kinds() to service_role;
grant execute on function private.studio_search_patterns(text) to anon;
grant execute on function private.studio_search_patterns(text) to authenticated;
grant execute on function private.studio_search_patterns(text) to service_role;
grant execute on function public.search_studio(text,text[],integer) to anon;
grant execute on function public.search_studio(text,text[],integer) to authenticated;
