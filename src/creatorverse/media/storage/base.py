"""The storage interface and the per-organization key rule."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath
from uuid import UUID

from pydantic import BaseModel


class StoredObject(BaseModel):
    backend: str  # assets.storage_provider: 'local' | 'supabase'
    bucket: str | None
    storage_path: str  # relative to the organization's folder, as in assets.storage_path
    key: str  # <organization_id>/<storage_path>: where the object really is
    url: str
    size_bytes: int


def object_key(organization_id: UUID, storage_path: str) -> str:
    """`<organization_id>/<storage_path>`; refuses absolute paths and `..` (no escaping the
    organization's folder)."""
    path = PurePosixPath(storage_path)
    if not storage_path or "//" in storage_path or path.is_absolute() or ".." in path.parts:
        raise ValueError(f"invalid storage path {storage_path!r}")
    return f"{UUID(str(organization_id))}/{path}"


class Storage(ABC):
    """A backend keeps objects under `object_key(organization_id, storage_path)`."""

    backend: str = "storage"
    bucket: str | None = None

    @abstractmethod
    async def put(self, organization_id: UUID, storage_path: str, source: Path, content_type: str) -> StoredObject:
        """Stores `source`; returns where it went."""

    @abstractmethod
    async def delete(self, stored: StoredObject) -> None:
        """Removes the object (a missing one is not an error)."""

    @abstractmethod
    async def fetch(self, organization_id: UUID, storage_path: str, target: Path) -> Path:
        """Copies the object to `target` (workers read inputs made by other jobs)."""
