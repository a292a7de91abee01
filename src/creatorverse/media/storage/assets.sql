-- name: asset_at_path
select a.id from public.assets a
where a.organization_id = %(org)s and a.storage_provider = %(backend)s
  and a.storage_bucket is not distinct from %(bucket)s and a.storage_path = %(path)s
for update;

-- name: update_asset
update public.assets set size_bytes = %(size)s, mime_type = %(mime)s, type = %(type)s,
    width = %(width)s, height = %(height)s, duration_seconds = %(duration)s, codec = %(codec)s,
    metadata = %(metadata)s, deleted_at = null, storage_purged_at = null, status = 'ready',
    updated_at = now()
where id = %(id)s;

-- name: insert_asset
insert into public.assets (
    organization_id, project_id, uploaded_by, type, source, title, filename, mime_type,
    size_bytes, storage_provider, storage_bucket, storage_path, width, height,
    duration_seconds, codec, ai_generated, ai_prompt, metadata, status
) values (
    %(org)s, %(project)s, %(by)s, %(type)s, 'generated', %(title)s, %(filename)s, %(mime)s,
    %(size)s, %(backend)s, %(bucket)s, %(path)s, %(width)s, %(height)s,
    %(duration)s, %(codec)s, true, %(prompt)s, %(metadata)s, 'ready'
) returning id;

-- name: set_asset_url
update public.assets set url = %(url)s where id = %(asset)s;
