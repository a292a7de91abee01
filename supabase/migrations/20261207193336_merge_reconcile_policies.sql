-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.set_deleted(target regclass, row_id uuid, deleting boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    permissive text;
    restrictive text;
    changed uuid;
begin
    if private.caller_id() is null then
        return false;
    end if;
    select string_agg(format('(%s)', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'true')), ' or ')
               filter (where p.polpermissive),
           string_agg(format('(%s)', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'true')), ' and ')
               filter (where not p.polpermissive)
    into permissive, restrictive
    from pg_catalog.pg_policy p
    where p.polrelid = target and p.polcmd in ('d', '*')
      and (0::oid = any(p.polroles) or 'authenticated'::regrole = any(p.polroles));
    if permissive is null then
        return false;
    end if;
    execute format(
        'update %s set deleted_at = %s where id = $1 and %s and (%s) and (%s) returning id',
        target,
        case when deleting then 'private.now()' else 'null' end,
        case when deleting then 'deleted_at is null'
             else 'deleted_at > private.now() - private.soft_delete_retention()'
                  -- a row whose file is gone (assets) stays deleted
                  || case when exists (select from pg_catalog.pg_attribute a where a.attrelid = target
                                         and a.attname = 'storage_purged_at' and not a.attisdropped)
                          then ' and storage_purged_at is null' else '' end end,
        permissive, coalesce(restrictive, 'true'))
    into changed using row_id;
    return changed is not null;
end
$function$
;
