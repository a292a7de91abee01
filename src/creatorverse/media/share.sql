-- name: open_share
select s.bucket, s.object_name, s.expires_at, s.title, s.mime_type, s.size_bytes, s.duration_seconds, clock_timestamp() from public.open_film_share(%(token)s) s;
