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
    if k.kind is null or coalesce(cardinality(patterns), 0) = 0 then
        return;
    end if;
    if cardinality(patterns) > 8 then
        raise exception 'a search query has at most 8 words' using errcode = '22023';
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
