-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "media_select_members" on "storage"."objects";

create or replace view "private"."withheld_media" with (security_barrier=true) as  SELECT a.organization_id,
    a.storage_bucket,
    a.storage_path,
    a.project_id,
    a.deleted_at IS NOT NULL AS deleted
   FROM public.assets a
     LEFT JOIN public.projects p ON a.project_id = p.id
  WHERE a.storage_provider = 'supabase'::text AND (a.deleted_at IS NOT NULL OR p.visibility = 'private'::text OR p.deleted_at IS NOT NULL) AND (a.organization_id IN ( SELECT m.organization_id
           FROM private.my_memberships m));


drop policy if exists "media_select_members" on "storage"."objects";

create policy "media_select_members"
on "storage"."objects"
as permissive
for select
to authenticated
using (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids() org_id(org_id)))) AND (NOT (EXISTS ( SELECT 1
   FROM private.withheld_media w
  WHERE ((w.organization_id =
        CASE
            WHEN (objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'::text) THEN ("left"(objects.name, 36))::uuid
            ELSE NULL::uuid
        END) AND (w.storage_bucket = objects.bucket_id) AND (w.storage_path = substr(objects.name, 38)) AND (w.deleted OR (w.project_id <> ALL (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))))))));

grant select on table private.withheld_media to authenticated;
