"""Supabase Storage through storage3, the storage client of the `supabase` package, with the
service-role key: objects at `<bucket>/<organization_id>/<storage_path>`. Every call follows the
HTTP policy of the providers (retries on 408/425/429/5xx, timeouts and dropped connections,
honouring `Retry-After`); Storage's own refusals (409 duplicate, 413 too large, 400 invalid key,
404 not found) fail at once with Storage's error name and message."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote
from uuid import UUID

import httpx
from storage3 import AsyncStorageClient
from storage3.exceptions import StorageApiError

from creatorverse import egress
from creatorverse.media.errors import ProviderError
from creatorverse.media.http.transport import RETRY_STATUSES, retry_after, retry_delay
from creatorverse.media.storage.base import Storage, StoredObject, object_key

T = TypeVar("T")

# Storage answers 409 for a key that already exists: final, unlike a provider's 409 (busy)
STORAGE_RETRY_STATUSES = RETRY_STATUSES - {409}


def _http_response(error: BaseException) -> httpx.Response | None:
    """The HTTP answer behind a storage3 error (for its status and `Retry-After`)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, httpx.HTTPStatusError):
            return seen.response
        seen = seen.__cause__ or seen.__context__
    return None


class SupabaseStorage(Storage):
    backend = "supabase"

    def __init__(
        self,
        url: str,
        service_key: str,
        bucket: str = "media",
        *,
        timeout: float = 120.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 20.0,
    ):
        self.bucket = bucket
        self.base = url.rstrip("/") + "/storage/v1"
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.attempts = 0  # every request sent, retries included (for tests and logs)
        # through the egress guard like every outbound client: no redirects, bounded size and time
        self.http = egress.async_client(timeout=timeout)
        client = AsyncStorageClient(
            self.base + "/", {"Authorization": f"Bearer {service_key}", "apikey": service_key}, http_client=self.http
        )
        self.files = client.from_(bucket)

    async def _call(self, action: str, key: str, operation: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(1, self.max_attempts + 1):
            self.attempts += 1
            response = None
            try:
                return await operation()
            except StorageApiError as error:
                response = _http_response(error)
                status = int(error.status) if str(error.status).isdigit() else getattr(response, "status_code", 0)
                failure = ProviderError(
                    f"supabase-storage: {action} {key} answered {status} {error.code}: {error.message}"[:400],
                    retryable=status in STORAGE_RETRY_STATUSES or status >= 500,
                    code=f"http_{status}",
                    retry_in=retry_after(response) if response is not None else None,
                )
            except egress.EgressRefused as error:
                failure = ProviderError(f"supabase-storage: {action} {key} refused: {error}", code="egress_refused")
            except httpx.TimeoutException as error:
                failure = ProviderError(
                    f"supabase-storage: {action} {key} timed out ({type(error).__name__})",
                    retryable=True,
                    code="provider_timeout",
                )
            except httpx.TransportError as error:
                failure = ProviderError(
                    f"supabase-storage: {action} {key} failed: {error}", retryable=True, code="provider_unreachable"
                )
            if not failure.retryable or attempt == self.max_attempts:
                raise failure
            await asyncio.sleep(retry_delay(attempt, response, backoff=self.backoff, max_backoff=self.max_backoff))
        raise AssertionError("unreachable")

    async def put(self, organization_id: UUID, storage_path: str, source: Path, content_type: str) -> StoredObject:
        """Uploads (overwriting: a retried job rewrites its own object) `source`, streamed from disk."""
        key = object_key(organization_id, storage_path)
        options = {"content-type": content_type, "upsert": "true", "cache-control": "3600"}
        await self._call("upload", key, lambda: self.files.upload(key, source, options))
        return StoredObject(
            backend=self.backend,
            bucket=self.bucket,
            storage_path=storage_path,
            key=key,
            url=f"{self.base}/object/authenticated/{quote(self.bucket)}/{quote(key)}",
            size_bytes=source.stat().st_size,
        )

    async def delete(self, stored: StoredObject) -> None:
        await self._call("delete", stored.key, lambda: self.files.remove([stored.key]))

    async def fetch(self, organization_id: UUID, storage_path: str, target: Path) -> Path:
        key = object_key(organization_id, storage_path)
        content = await self._call("download", key, lambda: self.files.download(key))
        await asyncio.to_thread(target.write_bytes, content)
        return target

    async def signed_url(self, key: str, expires_in: int) -> str:
        """A URL that serves the object `key` (`<organization_id>/<storage_path>`) to anyone for
        `expires_in` seconds, signed by Storage."""
        answer = await self._call("sign", key, lambda: self.files.create_signed_url(key, expires_in))
        url = answer.get("signedURL")
        if not url:
            raise ProviderError(f"supabase-storage: sign {key} answered without a signedURL", code="malformed_response")
        return url

    async def aclose(self) -> None:
        await self.http.aclose()
