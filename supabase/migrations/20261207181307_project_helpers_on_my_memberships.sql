-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.manageable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join private.my_memberships m on m.organization_id = p.organization_id
    where p.deleted_at is null
      and (m.role >= 'admin' or (p.created_by = (select u.id from private.acting_user u) and m.role >= 'editor'))
$function$
;

CREATE OR REPLACE FUNCTION private.project_ids_allowing(permission text)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join private.my_memberships m on m.organization_id = p.organization_id
    where p.deleted_at is null
      and (permission in ('view', 'comment') or m.role >= 'editor')
      and (p.visibility <> 'private' or p.created_by = (select u.id from private.acting_user u) or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select private.acting_user_id()) and (permission = 'view' or permission = any(c.permissions))
$function$
;
