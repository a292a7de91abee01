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
         't.id', 't.id = any($2) or private.project_is_public(t)'),
        ('story', 'stories', $d$coalesce(t.title, t.logline, '')$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.logline, '') || ' ' || coalesce(t.synopsis, '')$d$,
         't.project_id',
         $s$(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)
            or exists (select from public.projects p where p.id = t.project_id and private.project_is_public(p))$s$),
        ('scene', 'scenes', $d$coalesce(t.title, 'Scene ' || t.scene_number)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.location, '')$d$,
         't.project_id',
         $s$(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)
            or exists (select from public.projects p where p.id = t.project_id and private.project_is_public(p))$s$),
        ('prompt', 'prompts', 't.title', $d$' ' || t.title || ' ' || t.content$d$,
         'null::uuid', 't.is_public or t.organization_id = any($1)'),
        ('asset', 'assets', $d$coalesce(t.title, t.original_name, t.filename)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.original_name, '')$d$,
         't.project_id',
         $s$(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)
            or exists (select from public.projects p where p.id = t.project_id and private.project_is_public(p))$s$)
$function$
;
