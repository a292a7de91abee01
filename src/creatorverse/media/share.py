"""Opening a film share link (`public.share_film`): the database checks the token
(`public.open_film_share`: unknown, revoked, expired or deleted → PT404) and Storage signs a URL
for the film that expires no later than the link, and within `max_seconds`, so a revoked link
stops working within that time."""

from __future__ import annotations

from datetime import datetime, timedelta

import psycopg
from pydantic import BaseModel

from creatorverse.db.queries import load
from creatorverse.media.errors import ProviderError
from creatorverse.media.storage.supabase import SupabaseStorage

Q = load("creatorverse.media", "share.sql")


class SharedFilm(BaseModel):
    url: str  # Storage's signed URL: serves the film to anyone until `expires_at`
    expires_at: datetime
    link_expires_at: datetime
    title: str | None
    mime_type: str
    size_bytes: int
    duration_seconds: float | None


async def open_share(
    conn: psycopg.AsyncConnection, storage: SupabaseStorage, token: str, *, max_seconds: int = 3600
) -> SharedFilm:
    """The film behind `token` as a signed URL. `conn` may act as anyone (a share page's server
    uses the anon role); the signature comes from `storage`, which holds the service key."""
    row = await (
        await conn.execute(
            Q["open_share"],
            {"token": token},
        )
    ).fetchone()
    assert row is not None  # open_film_share answers one row or raises PT404
    bucket, object_name, link_expires_at, title, mime_type, size_bytes, duration, now = row
    if bucket != storage.bucket:
        raise ProviderError(f"the film is in bucket {bucket!r}, storage is configured for {storage.bucket!r}",
                            code="provider_config")  # fmt: skip
    seconds = max(1, min(max_seconds, int((link_expires_at - now).total_seconds())))
    url = await storage.signed_url(object_name, seconds)
    return SharedFilm(
        url=url,
        expires_at=now + timedelta(seconds=seconds),
        link_expires_at=link_expires_at,
        title=title,
        mime_type=mime_type,
        size_bytes=size_bytes,
        duration_seconds=float(duration) if duration is not None else None,
    )
