-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.acting_user_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select u.id from private.acting_user u
$function$
;

CREATE OR REPLACE FUNCTION private.has_org_role(org_id uuid, min_role public.member_role DEFAULT 'viewer'::public.member_role)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select exists (
        select 1
        from public.organization_members m
        where m.organization_id = org_id
          and m.user_id = (select private.acting_user_id())
          and m.role >= min_role
          and m.organization_deleted_at is null
    )
$function$
;

CREATE OR REPLACE FUNCTION private.has_platform_role(role_name text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select exists (
        select 1 from public.user_roles r where r.user_id = (select private.acting_user_id()) and r.role_name = has_platform_role.role_name
    )
$function$
;

CREATE OR REPLACE FUNCTION private.listed_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select c.id from public.communities c
    join public.organizations o on o.id = c.organization_id and o.deleted_at is null
    where c.visibility in ('public', 'private') and c.status <> 'banned'
    union
    select m.community_id from public.community_members m where m.user_id = (select private.acting_user_id())
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$function$
;

CREATE OR REPLACE FUNCTION private.manageable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select private.acting_user_id())
    where p.deleted_at is null and (m.role >= 'admin' or (p.created_by = m.user_id and m.role >= 'editor'))
$function$
;

CREATE OR REPLACE FUNCTION private.moderated_community_ids(min_role text DEFAULT 'moderator'::text)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status = 'active'
      and private.community_role_rank(m.role) >= private.community_role_rank(min_role)
    union
    select c.id from public.communities c
    where c.organization_id = any(array(select private.my_org_ids('admin'))) and min_role <> 'owner'
$function$
;

CREATE OR REPLACE FUNCTION private.my_community_rank(target_community uuid)
 RETURNS integer
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select greatest(
        (select private.community_role_rank(m.role) from public.community_members m
         where m.community_id = target_community and m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')),
        (select 3 from public.communities c
         where c.id = target_community and c.organization_id = any(array(select private.my_org_ids('admin')))),
        0)
$function$
;

CREATE OR REPLACE FUNCTION private.my_teammate_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select distinct other.user_id
    from public.organization_members mine
    join public.organization_members other on other.organization_id = mine.organization_id
    where mine.user_id = (select private.acting_user_id()) and mine.organization_deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.postable_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.community_id from public.community_members m
    join public.communities c on c.id = m.community_id and c.status = 'active'
    where m.user_id = (select private.acting_user_id())
      and (m.status = 'active' or (m.status = 'muted' and m.muted_until <= now()))
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
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select private.acting_user_id())
    where p.deleted_at is null
      and (permission in ('view', 'comment') or m.role >= 'editor')
      and (p.visibility <> 'private' or p.created_by = m.user_id or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select private.acting_user_id()) and (permission = 'view' or permission = any(c.permissions))
$function$
;

CREATE OR REPLACE FUNCTION private.readable_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.public_community_ids()
    union
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$function$
;

CREATE OR REPLACE FUNCTION private.require_user()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    uid uuid := auth.uid();
begin
    if uid is null then
        raise exception 'sign in required' using errcode = '28000';
    end if;
    if private.acting_user_id() is null then
        raise exception 'account suspended' using errcode = '42501';
    end if;
    return uid;
end
$function$
;

create or replace view "private"."acting_user" with (security_barrier=true) as  SELECT id
   FROM public.profiles p
  WHERE id = (( SELECT auth.uid() AS uid)) AND status = 'active'::text;


create or replace view "private"."my_memberships" with (security_barrier=true) as  SELECT organization_id,
    role
   FROM public.organization_members m
  WHERE user_id = (( SELECT u.id
           FROM private.acting_user u)) AND organization_deleted_at IS NULL;

grant execute on function private.acting_user_id() to anon;
grant execute on function private.acting_user_id() to authenticated;
grant execute on function private.acting_user_id() to service_role;
grant select on table private.acting_user to anon;
grant select on table private.acting_user to authenticated;
