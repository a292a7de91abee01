"""Generated files become asset rows: content type, size, dimensions, duration and SHA-256,
counted against the organization's storage limit by the `account_storage` trigger (an
upload beyond `storage_limit_bytes` is refused with PT507 before the file is stored)."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from PIL import Image
from psycopg.types.json import Jsonb
from pydantic import BaseModel

from creatorverse.db.queries import load
from creatorverse.media.errors import ProviderError
from creatorverse.media.local import ffmpeg
from creatorverse.media.storage.base import Storage, StoredObject

Q = load("creatorverse.media.storage", "assets.sql")


class AssetFacts(BaseModel):
    content_type: str
    type: str  # assets.type
    size_bytes: int
    checksum_sha256: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    codec: str | None = None


def asset_type(content_type: str) -> str:
    major = content_type.split("/")[0]
    if major in ("image", "video", "audio"):
        return major
    return "subtitle" if content_type in ("application/x-subrip", "text/srt", "text/vtt") else "other"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


async def inspect(path: Path, content_type: str) -> AssetFacts:
    """What the file is, measured from the file itself (not from what a provider claimed)."""
    kind = asset_type(content_type)
    facts: dict[str, Any] = {}
    if kind == "image":
        with Image.open(path) as picture:
            facts = {"width": picture.width, "height": picture.height, "codec": (picture.format or "").lower() or None}
    elif kind in ("video", "audio"):
        probe = await ffmpeg.probe(path)
        stream = probe.first(kind)
        if stream is None:
            raise ProviderError(f"{path.name} has no {kind} stream", code="unreadable_media")
        facts = {
            "width": stream.width,
            "height": stream.height,
            "duration_seconds": probe.duration_seconds,
            "codec": stream.codec,
        }
    return AssetFacts(
        content_type=content_type,
        type=kind,
        size_bytes=path.stat().st_size,
        checksum_sha256=await asyncio.to_thread(_sha256, path),
        **facts,
    )


class StorageLimitReached(ProviderError):
    def __init__(self, message: str):
        super().__init__(message, retryable=False, code="PT507")


async def save_asset(
    conn: psycopg.AsyncConnection,
    storage: Storage,
    *,
    organization_id: UUID,
    project_id: UUID | None,
    storage_path: str,
    source: Path,
    content_type: str,
    title: str | None = None,
    prompt: str | None = None,
    uploaded_by: UUID | None = None,
    metadata: dict[str, Any] | None = None,
) -> tuple[UUID, StoredObject, AssetFacts]:
    """Stores `source` at `<organization_id>/<storage_path>` and writes (or, for a retried
    job writing the same path, rewrites) its asset row, in one transaction: the row first, so
    the storage limit refuses before anything is uploaded; the object is removed again if the
    transaction does not commit."""
    facts = await inspect(source, content_type)
    stored: StoredObject | None = None
    row = {
        "org": organization_id,
        "project": project_id,
        "by": uploaded_by,
        "type": facts.type,
        "title": title,
        "filename": Path(storage_path).name,
        "mime": content_type,
        "size": facts.size_bytes,
        "backend": storage.backend,
        "bucket": storage.bucket,
        "path": storage_path,
        "width": facts.width,
        "height": facts.height,
        "duration": facts.duration_seconds,
        "codec": facts.codec,
        "prompt": prompt,
        "metadata": Jsonb({**(metadata or {}), "checksum_sha256": facts.checksum_sha256}),
    }
    try:
        async with conn.transaction():
            existing = await (
                await conn.execute(
                    Q["asset_at_path"],
                    row,
                )
            ).fetchone()
            if existing:
                await conn.execute(
                    Q["update_asset"],
                    {**row, "id": existing[0]},
                )
                asset_id = existing[0]
            else:
                asset_id = (
                    await (
                        await conn.execute(
                            Q["insert_asset"],
                            row,
                        )
                    ).fetchone()
                )[0]
            stored = await storage.put(organization_id, storage_path, source, content_type)
            await conn.execute(Q["set_asset_url"], {"url": stored.url, "asset": asset_id})
    except psycopg.Error as error:
        if stored is not None:
            await storage.delete(stored)
        if error.sqlstate == "PT507":
            raise StorageLimitReached(str(error.diag.message_primary)) from error
        raise
    except BaseException:
        if stored is not None:
            await storage.delete(stored)
        raise
    return asset_id, stored, facts
