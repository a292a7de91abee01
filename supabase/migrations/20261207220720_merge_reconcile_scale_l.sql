-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.sync_marketplace_deletion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    marked regclass;
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live), on
    -- every table that carries it (contents, campaigns), read from the catalog so none is missed
    for marked in
        select c.oid::regclass from pg_catalog.pg_attribute a
        join pg_catalog.pg_class c on c.oid = a.attrelid
        where a.attname = 'project_deleted_at' and not a.attisdropped
          and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        order by c.relname
    loop
        execute format(
            'update %s t set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
             from public.projects p
             join public.organizations o on o.id = p.organization_id
             where t.project_id = p.id
               and ($1 = ''projects'' and p.id = $2 or $1 = ''organizations'' and o.id = $2)
               and t.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at)', marked)
        using tg_table_name, new.id;
    end loop;
    return null;
end
$function$
;
