-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "generations_select" on "public"."generations";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.unreadable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id from public.projects p where p.organization_id = any(array(select private.my_org_ids()))
    except
    select private.readable_project_ids()
$function$
;

drop policy if exists "generations_select" on "public"."generations";

create policy "generations_select"
on "public"."generations"
as permissive
for select
to authenticated
using (((deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id <> ALL (ARRAY( SELECT private.unreadable_project_ids() AS unreadable_project_ids))))));

grant execute on function private.unreadable_project_ids() to authenticated;
grant execute on function private.unreadable_project_ids() to service_role;
