"""Provider choice per organization and kind with the organization's own encrypted key;
generated files stored under the organization's folder and made asset rows, counted
against its storage limit; Supabase Storage through its REST API."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import psycopg
import pytest
from media_api import Reply, ScriptedAPI
from PIL import Image
from psycopg.types.json import Jsonb
from test_queue_workers import make_studio

from creatorverse.media.errors import ProviderError
from creatorverse.media.http.async_video import AsyncVideoProvider
from creatorverse.media.http.openai import OpenAICompatibleProvider
from creatorverse.media.local.provider import LocalProvider
from creatorverse.media.models import SceneVideoRequest
from creatorverse.media.registry import select_provider
from creatorverse.media.storage.assets import StorageLimitReached, save_asset
from creatorverse.media.storage.base import object_key
from creatorverse.media.storage.local import LocalStorage
from creatorverse.media.storage.supabase import SupabaseStorage

# receivers on 127.0.0.1: the development switches of the egress guard (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("local_egress", "local_egress_db")


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def credentials(admin):
    """Credentials the test saves are deleted after it (pgTAP files later count theirs)."""
    saved: list = []
    yield saved
    admin.execute("delete from public.provider_credentials where organization_id = any(%s)", (saved,))


def save_credential(admin, user: str, org_id, provider: str, secret: str, config: dict, name: str = "default"):
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        admin.execute(
            "select public.save_provider_credential(%s, %s, %s, %s, %s)",
            (org_id, provider, secret, name, Jsonb(config)),
        )
        admin.execute("reset role")


async def as_service_role(db_url: str, work):
    async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as conn:
        await conn.execute("select tests.authenticate_as_service_role()")
        return await work(conn)


def test_the_organization_s_own_providers_are_chosen_per_kind(admin, db_url, credentials):
    org_id, _, user = make_studio(admin)
    credentials.append(org_id)
    base_url = "http://127.0.0.1:9/v1"
    router = {"kinds": ["text", "image"], "base_url": base_url, "image_model": "flux"}
    save_credential(admin, user, org_id, "openrouter", "sk-or-v1-0123456789abcdef", router)
    runway = {"base_url": base_url, "model": "gen4_turbo", "poll_interval": 2}
    save_credential(admin, user, org_id, "runway", "key_runway_0123456789abcdef", runway)

    async def choices(conn):
        picked = {}
        for kind in ("image", "text", "audio", "scene_video"):
            picked[kind] = await select_provider(conn, org_id, kind)
        picked["local"] = await select_provider(conn, org_id, "image", requested="local")
        with pytest.raises(ProviderError, match="provider kling has no active credential for video"):
            await select_provider(conn, org_id, "video", requested="kling")
        return picked

    picked = asyncio.run(as_service_role(db_url, choices))
    image = picked["image"]
    assert isinstance(image, OpenAICompatibleProvider) and picked["text"].name == "openrouter"
    assert (
        image.image_model == "flux" and image.http.client.headers["Authorization"] == "Bearer sk-or-v1-0123456789abcdef"
    )
    assert isinstance(picked["audio"], LocalProvider)  # not among openrouter's kinds: the offline default
    video = picked["scene_video"]
    assert isinstance(video, AsyncVideoProvider) and (video.model, video.poll_interval) == ("gen4_turbo", 2)
    assert video.http.client.headers["Authorization"] == "Bearer key_runway_0123456789abcdef"
    assert isinstance(picked["local"], LocalProvider)
    uses = admin.execute(
        "select provider, usage_count from public.provider_credentials where organization_id = %s order by provider",
        (org_id,),
    ).fetchall()
    assert uses == [("openrouter", 2), ("runway", 1)]  # each reveal is counted


def test_another_organization_s_credentials_are_never_used(admin, db_url, credentials):
    org_id, _, user = make_studio(admin)
    credentials.append(org_id)
    other_org, _, _ = make_studio(admin)
    save_credential(admin, user, org_id, "openai", "sk-mine-0123456789abcdef", {"kinds": ["image"]})
    provider = asyncio.run(as_service_role(db_url, lambda conn: select_provider(conn, other_org, "image")))
    assert isinstance(provider, LocalProvider)


def test_object_keys_stay_inside_the_organization():
    org = uuid.uuid4()
    assert object_key(org, "generations/a/frame.png") == f"{org}/generations/a/frame.png"
    for bad in ("../other/x.png", "/etc/passwd", "a//b", ""):
        with pytest.raises(ValueError, match="invalid storage path"):
            object_key(org, bad)


def picture(tmp_path: Path, size=(48, 27)) -> Path:
    path = tmp_path / "frame.png"
    Image.new("RGB", size, (10, 120, 200)).save(path)
    return path


def test_generated_files_become_asset_rows_counted_against_storage(admin, db_url, tmp_path: Path):
    org_id, project_id, _ = make_studio(admin)
    storage = LocalStorage(tmp_path / "media")
    frame = picture(tmp_path)
    clip = asyncio.run(
        LocalProvider().scene_video(
            SceneVideoRequest(image=frame, duration_seconds=1, width=48, height=28, fps=4), tmp_path
        )
    )

    scope = {"organization_id": org_id, "project_id": project_id}

    async def save(conn):
        image = {"storage_path": "generations/g1/frame.png", "source": frame, "content_type": "image/png"}
        first = await save_asset(conn, storage, **scope, **image, prompt="a frame", metadata={"generation_id": "g1"})
        again = await save_asset(conn, storage, **scope, **image)
        video = {"storage_path": "generations/g1/scene.mp4", "source": clip.path, "content_type": "video/mp4"}
        return first, again, await save_asset(conn, storage, **scope, **video)

    (image_id, stored, facts), (again_id, _, _), (video_id, _, _) = asyncio.run(as_service_role(db_url, save))
    assert again_id == image_id  # a retried job rewrites its asset, no duplicate
    assert (tmp_path / "media" / str(org_id) / "generations/g1/frame.png").read_bytes() == frame.read_bytes()
    row = admin.execute(
        "select type, source, mime_type, size_bytes, width, height, storage_provider, storage_path, url, "
        "metadata ->> 'checksum_sha256', ai_generated from public.assets where id = %s",
        (image_id,),
    ).fetchone()
    assert row == ("image", "generated", "image/png", frame.stat().st_size, 48, 27, "local", "generations/g1/frame.png",
                   stored.url, facts.checksum_sha256, True)  # fmt: skip
    video = admin.execute(
        "select type, width, height, duration_seconds, codec from public.assets where id = %s", (video_id,)
    ).fetchone()
    assert video[:3] == ("video", 48, 28) and float(video[3]) == pytest.approx(1, abs=0.1) and video[4] == "h264"
    used = admin.execute("select storage_used_bytes from public.organizations where id = %s", (org_id,)).fetchone()[0]
    assert used == frame.stat().st_size + clip.path.stat().st_size


def test_an_upload_past_the_storage_limit_is_refused_and_nothing_is_kept(admin, db_url, tmp_path: Path):
    org_id, project_id, _ = make_studio(admin)
    frame = picture(tmp_path, size=(200, 200))
    admin.execute("update public.organizations set storage_limit_bytes = %s where id = %s", (100, org_id))
    storage = LocalStorage(tmp_path / "media")

    async def save(conn):
        return await save_asset(
            conn, storage, organization_id=org_id, project_id=project_id,
            storage_path="generations/g2/frame.png", source=frame, content_type="image/png",
        )  # fmt: skip

    with pytest.raises(StorageLimitReached, match="storage limit of 100 bytes reached") as refused:
        asyncio.run(as_service_role(db_url, save))
    assert (refused.value.code, refused.value.retryable) == ("PT507", False)
    assert not (tmp_path / "media" / str(org_id)).exists()
    assert admin.execute("select count(*) from public.assets where organization_id = %s", (org_id,)).fetchone()[0] == 0
    used = admin.execute("select storage_used_bytes from public.organizations where id = %s", (org_id,)).fetchone()[0]
    assert used == 0


def test_supabase_storage_uploads_under_the_organization_s_folder(tmp_path: Path):
    api = ScriptedAPI()
    org = uuid.uuid4()
    key = f"{org}/generations/g3/frame.png"
    api.script(f"/storage/v1/object/media/{key}", Reply(500, body=b"try again"), Reply(json={"Key": f"media/{key}"}))
    api.script("/storage/v1/object/media", Reply(json=[{"name": key}]))
    frame = picture(tmp_path)
    api.script(f"/storage/v1/object/authenticated/media/{key}", Reply(body=frame.read_bytes()))

    async def go():
        storage = SupabaseStorage(api.url, "service-key", "media")
        storage.http.backoff = 0.01
        stored = await storage.put(org, "generations/g3/frame.png", frame, "image/png")
        fetched = await storage.fetch(org, "generations/g3/frame.png", tmp_path / "fetched.png")
        assert fetched.read_bytes() == frame.read_bytes()
        await storage.delete(stored)
        await storage.aclose()
        return stored

    try:
        stored = asyncio.run(go())
    finally:
        api.close()
    _, second = api.seen(f"/storage/v1/object/media/{key}")
    assert second.body == frame.read_bytes() and second.headers["Content-Type"] == "image/png"
    assert second.headers["Authorization"] == "Bearer service-key" and second.headers["apikey"] == "service-key"
    assert (stored.backend, stored.bucket, stored.storage_path, stored.key) == (
        "supabase", "media", "generations/g3/frame.png", key,
    )  # fmt: skip
    assert api.seen("/storage/v1/object/media")[0].json == {"prefixes": [key]}
