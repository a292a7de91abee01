"""Storage in a local folder: `<root>/<organization_id>/<storage_path>`."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from uuid import UUID

from creatorverse.media.storage.base import Storage, StoredObject, object_key


class LocalStorage(Storage):
    backend = "local"
    bucket = None

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def path_of(self, organization_id: UUID, storage_path: str) -> Path:
        return self.root / object_key(organization_id, storage_path)

    async def put(self, organization_id: UUID, storage_path: str, source: Path, content_type: str) -> StoredObject:
        target = self.path_of(organization_id, storage_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(shutil.copyfile, source, target)
        return StoredObject(
            backend=self.backend,
            bucket=None,
            storage_path=storage_path,
            key=object_key(organization_id, storage_path),
            url=target.as_uri(),
            size_bytes=target.stat().st_size,
        )

    async def delete(self, stored: StoredObject) -> None:
        (self.root / stored.key).unlink(missing_ok=True)

    async def fetch(self, organization_id: UUID, storage_path: str, target: Path) -> Path:
        await asyncio.to_thread(shutil.copyfile, self.path_of(organization_id, storage_path), target)
        return target
