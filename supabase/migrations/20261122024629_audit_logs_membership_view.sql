-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "audit_logs_select" on "public"."audit_logs";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.my_org_ids(min_role public.member_role DEFAULT 'viewer'::public.member_role)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.organization_id from private.my_memberships m where m.role >= min_role
$function$
;

create or replace view "private"."my_memberships" with (security_barrier=true) as  SELECT m.organization_id,
    m.role
   FROM public.organization_members m
     JOIN public.organizations o ON m.organization_id = o.id
  WHERE m.user_id = (( SELECT auth.uid() AS uid)) AND o.deleted_at IS NULL;


drop policy if exists "audit_logs_select" on "public"."audit_logs";

create policy "audit_logs_select"
on "public"."audit_logs"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT m.organization_id
   FROM private.my_memberships m
  WHERE (m.role >= 'admin'::public.member_role)))));

grant select on table private.my_memberships to authenticated;
