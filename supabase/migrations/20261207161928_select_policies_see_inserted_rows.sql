-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "communities_select" on "public"."communities";

drop policy "projects_select" on "public"."projects";

drop policy if exists "communities_select" on "public"."communities";

create policy "communities_select"
on "public"."communities"
as permissive
for select
to anon, authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (id = ANY (ARRAY( SELECT private.listed_community_ids() AS listed_community_ids)))));


drop policy if exists "projects_select" on "public"."projects";

create policy "projects_select"
on "public"."projects"
as permissive
for select
to anon, authenticated
using ((((deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((visibility <> 'private'::text) OR (created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) OR (id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));
