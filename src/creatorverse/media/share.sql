-- name: open_share
-- open_film_share answers one row or raises PT404; the clock bounds the signed URL by the link
select
    s.bucket,
    s.object_name,
    s.expires_at,
    s.title,
    s.mime_type,
    s.size_bytes,
    s.duration_seconds,
    clock_timestamp()
from public.open_film_share(%(token)s) as s;
