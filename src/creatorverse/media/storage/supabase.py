"""Supabase Storage through its REST API (httpx, service-role key): objects at
`<bucket>/<organization_id>/<storage_path>`, uploads with retries like every provider call."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote
from uuid import UUID

from creatorverse.media.http.transport import Transport
from creatorverse.media.storage.base import Storage, StoredObject, object_key


class SupabaseStorage(Storage):
    backend = "supabase"

    def __init__(self, url: str, service_key: str, bucket: str = "media", *, timeout: float = 120.0):
        self.bucket = bucket
        self.base = url.rstrip("/") + "/storage/v1"
        self.http = Transport(
            self.base,
            provider="supabase-storage",
            headers={"Authorization": f"Bearer {service_key}", "apikey": service_key},
            timeout=timeout,
        )

    def _object(self, key: str) -> str:
        return f"/object/{quote(self.bucket)}/{quote(key)}"

    async def put(self, organization_id: UUID, storage_path: str, source: Path, content_type: str) -> StoredObject:
        key = object_key(organization_id, storage_path)
        await self.http.request(
            "POST",
            self._object(key),
            content=source.read_bytes(),
            headers={"Content-Type": content_type, "x-upsert": "true", "cache-control": "3600"},
        )
        return StoredObject(
            backend=self.backend,
            bucket=self.bucket,
            storage_path=storage_path,
            key=key,
            url=f"{self.base}/object/authenticated/{quote(self.bucket)}/{quote(key)}",
            size_bytes=source.stat().st_size,
        )

    async def delete(self, stored: StoredObject) -> None:
        await self.http.request("DELETE", f"/object/{quote(self.bucket)}", json={"prefixes": [stored.key]})

    async def fetch(self, organization_id: UUID, storage_path: str, target: Path) -> Path:
        response = await self.http.request(
            "GET", f"/object/authenticated/{quote(self.bucket)}/{quote(object_key(organization_id, storage_path))}"
        )
        target.write_bytes(response.content)
        return target

    async def aclose(self) -> None:
        await self.http.aclose()
