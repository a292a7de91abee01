"""The storage backend the settings name."""

from __future__ import annotations

from creatorverse.media.storage.base import Storage
from creatorverse.media.storage.local import LocalStorage
from creatorverse.media.storage.supabase import SupabaseStorage
from creatorverse.settings import Settings


def storage_from_settings(settings: Settings) -> Storage:
    if settings.media_storage == "supabase":
        if not (settings.supabase_url and settings.supabase_service_role_key):
            raise ValueError("CREATORVERSE_MEDIA_STORAGE=supabase needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY")
        return SupabaseStorage(settings.supabase_url, settings.supabase_service_role_key, settings.media_bucket)
    return LocalStorage(settings.media_root)
