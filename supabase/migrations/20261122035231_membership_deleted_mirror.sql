-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "record_audit" on "public"."organization_members";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.mirror_organization_deleted_at()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_table_name = 'organization_members' then
        new.organization_deleted_at := (select o.deleted_at from public.organizations o where o.id = new.organization_id);
        return new;
    end if;
    update public.organization_members m set organization_deleted_at = new.deleted_at
    where m.organization_id = new.id and m.organization_deleted_at is distinct from new.deleted_at;
    return null;
end
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
          and m.user_id = (select auth.uid())
          and m.role >= min_role
          and m.organization_deleted_at is null
    )
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
    where mine.user_id = (select auth.uid()) and mine.organization_deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text DEFAULT NULL::text)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.organization_members;
begin
    -- deleting the organization updates this row (organization_deleted_at), so the lock also
    -- orders this call against a concurrent delete_organization
    select m.* into found from public.organization_members m
    where m.organization_id = org_id and m.user_id = private.require_user() and m.organization_deleted_at is null
    for update;
    if found.id is null then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    if found.role < min_role and (permission is null or not permission = any(found.permissions)) then
        raise exception 'only %s and above may %', min_role, action using errcode = '42501';
    end if;
    return found;
end
$function$
;

create or replace view "private"."my_memberships" with (security_barrier=true) as  SELECT organization_id,
    role
   FROM public.organization_members m
  WHERE user_id = (( SELECT auth.uid() AS uid)) AND organization_deleted_at IS NULL;


CREATE TRIGGER mirror_organization_deleted_at BEFORE INSERT OR UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.mirror_organization_deleted_at();

CREATE TRIGGER mirror_organization_deleted_at AFTER UPDATE OF deleted_at ON public.organizations FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.mirror_organization_deleted_at();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.record_audit('organization_deleted_at');
