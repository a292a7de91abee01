-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "projects_select" on "public"."projects";

drop policy "media_select_public" on "storage"."objects";

drop trigger if exists "protect_columns" on "public"."projects";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.project_is_public(project public.projects)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
    select project.visibility = 'public' and project.deleted_at is null and project.organization_deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.public_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id from public.projects p where private.project_is_public(p)
$function$
;

CREATE OR REPLACE FUNCTION private.sync_marketplace_deletion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live)
    update public.contents c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    update public.campaigns c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    -- a community hides with its organization (not with its project: it outlives it); so does
    -- a project
    if tg_table_name = 'organizations' then
        update public.communities c set organization_deleted_at = new.deleted_at
        where c.organization_id = new.id and c.organization_deleted_at is distinct from new.deleted_at;
        update public.projects p set organization_deleted_at = new.deleted_at
        where p.organization_id = new.id and p.organization_deleted_at is distinct from new.deleted_at;
    end if;
    return null;
end
$function$
;

COMMENT ON FUNCTION "private"."project_is_public" IS 'search_path inherited: reads only the row it is given; a SET clause would stop the planner inlining it into policies';

CREATE TRIGGER client_defaults BEFORE INSERT ON public.projects FOR EACH ROW EXECUTE FUNCTION private.client_defaults('organization_deleted_at=null');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'created_by', 'organization_deleted_at');

drop policy if exists "projects_select" on "public"."projects";

create policy "projects_select"
on "public"."projects"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((visibility <> 'private'::text) OR (created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) OR (id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR private.project_is_public(projects.*))));


drop policy if exists "media_select_public" on "storage"."objects";

create policy "media_select_public"
on "storage"."objects"
as permissive
for select
to anon, authenticated
using (((bucket_id = 'media'::text) AND (EXISTS ( SELECT 1
   FROM public.assets a
  WHERE ((a.organization_id =
        CASE
            WHEN (objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'::text) THEN ("left"(objects.name, 36))::uuid
            ELSE NULL::uuid
        END) AND (a.storage_provider = 'supabase'::text) AND (a.storage_bucket = objects.bucket_id) AND (a.storage_path = substr(objects.name, 38)) AND (a.deleted_at IS NULL) AND (a.status = 'ready'::text) AND (EXISTS ( SELECT
           FROM public.projects p
          WHERE ((p.id = a.project_id) AND private.project_is_public(p.*)))))))));

grant execute on function private.project_is_public(public.projects) to anon;
grant execute on function private.project_is_public(public.projects) to authenticated;
grant execute on function private.project_is_public(public.projects) to service_role;
