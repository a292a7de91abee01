-- Supabase Storage: the private `media` bucket (docs/media.md, "Supabase Storage").
-- An object's name is `<organization_id>/<assets.storage_path>`: its first folder names the
-- organization whose members read it and whose editors write it, as they read and write the
-- organization's asset rows (a file is hidden from whoever may not read its asset row). Storage runs these for every request made with a user's or the
-- anon key; the service role (workers) bypasses them.

-- members of the object's organization (current membership, organization not deleted) read it,
-- unless it is the file of an asset row they may not read (private.withheld_media: a deleted
-- asset, or one of a private or deleted project they cannot read)
drop policy if exists media_select_members on storage.objects;
create policy media_select_members on storage.objects for select to authenticated
using (
    bucket_id = 'media'
    and (storage.foldername(name))[1] = any(array(select org_id::text from private.my_org_ids() as org_id))
    and not exists (
        select 1
        from private.withheld_media as w
        where
            w.organization_id = case
                when objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'
                    then left(objects.name, 36)::uuid
            end
            and w.storage_bucket = objects.bucket_id
            and w.storage_path = substr(objects.name, 38)
            and (w.deleted or w.project_id <> all(array(select private.readable_project_ids())))
    )
);

-- a public project's media, for everyone: the object is the file of a ready, live asset of a
-- project whose visibility is public (private.project_is_public: the project and its
-- organization not deleted), probed by the asset's project. Found by the asset's unique key (organization, provider, bucket,
-- path), read under the caller's own RLS on assets, so an asset row they may not read opens
-- no file.
drop policy if exists media_select_public on storage.objects;
create policy media_select_public on storage.objects for select to anon, authenticated
using (
    bucket_id = 'media'
    and exists (
        select 1
        from public.assets as a
        where
            a.organization_id = case
                when objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'
                    then left(objects.name, 36)::uuid
            end
            and a.storage_provider = 'supabase'
            and a.storage_bucket = objects.bucket_id
            and a.storage_path = substr(objects.name, 38)
            and a.deleted_at is null
            and a.status = 'ready'
            and exists (select from public.projects p where p.id = a.project_id and private.project_is_public(p))
    )
);

-- editors and above upload, overwrite and delete their organization's objects (the same role
-- that writes its asset rows)
drop policy if exists media_insert on storage.objects;
create policy media_insert on storage.objects for insert to authenticated
with check (
    bucket_id = 'media'
    and (storage.foldername(name))[1] = any(array(select org_id::text from private.my_org_ids('editor') as org_id))
);

drop policy if exists media_update on storage.objects;
create policy media_update on storage.objects for update to authenticated
using (
    bucket_id = 'media'
    and (storage.foldername(name))[1] = any(array(select org_id::text from private.my_org_ids('editor') as org_id))
)
with check (
    bucket_id = 'media'
    and (storage.foldername(name))[1] = any(array(select org_id::text from private.my_org_ids('editor') as org_id))
);

drop policy if exists media_delete on storage.objects;
create policy media_delete on storage.objects for delete to authenticated
using (
    bucket_id = 'media'
    and (storage.foldername(name))[1] = any(array(select org_id::text from private.my_org_ids('editor') as org_id))
);

-- the bucket itself is visible to signed-in users (supabase-js getBucket); it holds no data
drop policy if exists media_bucket_select on storage.buckets;
create policy media_bucket_select on storage.buckets for select to authenticated
using (id = 'media');
