"""Provider choice per organization and kind with the organization's own encrypted key;
generated files stored under the organization's folder and made asset rows, counted
against its storage limit; Supabase Storage through storage3 against a local Storage API (its
routes, error documents, retries and signed URLs), and film share links opened as signed URLs."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest
from PIL import Image
from psycopg.types.json import Jsonb
from storage_api import Fault, StorageAPI
from test_queue_workers import make_studio

from creatorverse.media.errors import ProviderError
from creatorverse.media.http.async_video import AsyncVideoProvider
from creatorverse.media.http.openai import OpenAICompatibleProvider
from creatorverse.media.local.provider import LocalProvider
from creatorverse.media.models import SceneVideoRequest
from creatorverse.media.registry import select_provider
from creatorverse.media.share import open_share
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


@pytest.fixture
def storage_api():
    api = StorageAPI(max_object_bytes=4096)
    yield api
    api.close()


def supabase_storage(api: StorageAPI) -> SupabaseStorage:
    storage = SupabaseStorage(api.url, api.service_key, "media", max_attempts=3, timeout=5)
    storage.backoff = 0.01
    return storage


def test_supabase_storage_uploads_fetches_and_deletes_under_the_organization_s_folder(storage_api, tmp_path: Path):
    org = uuid.uuid4()
    key = f"{org}/generations/g3/frame.png"
    frame = picture(tmp_path)
    # the first answer is lost after the object was stored: the retry overwrites it (upsert)
    storage_api.fail("upload", Fault(503, headers={"Retry-After": "0"}, after=True))

    async def go():
        storage = supabase_storage(storage_api)
        try:
            stored = await storage.put(org, "generations/g3/frame.png", frame, "image/png")
            fetched = await storage.fetch(org, "generations/g3/frame.png", tmp_path / "fetched.png")
            kept = dict(storage_api.objects)
            await storage.delete(stored)
            return stored, fetched, kept, storage.attempts
        finally:
            await storage.aclose()

    stored, fetched, kept, attempts = asyncio.run(go())
    assert fetched.read_bytes() == frame.read_bytes()
    assert kept == {("media", key): (frame.read_bytes(), "image/png")} and storage_api.objects == {}
    assert attempts == 4  # upload twice, download, delete
    first, second = storage_api.seen("upload")
    assert first.key == second.key == key
    assert second.headers["x-upsert"] == "true" and second.headers["Authorization"] == "Bearer service-key"
    assert second.headers["apikey"] == "service-key"
    assert (stored.backend, stored.bucket, stored.storage_path, stored.key) == (
        "supabase", "media", "generations/g3/frame.png", key,
    )  # fmt: skip
    assert stored.url == f"{storage_api.url}/storage/v1/object/authenticated/media/{key}"
    assert storage_api.seen("delete")[0].key == ""  # DELETE /object/media with the key in the prefix list


def test_storage_refusals_fail_at_once_with_storage_s_error(storage_api, tmp_path: Path):
    org = uuid.uuid4()
    frame = picture(tmp_path)
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 5000)  # over the test server's 4096-byte limit

    async def refusals():
        storage = supabase_storage(storage_api)
        storage_api.fail("upload", Fault(409, "Duplicate", "The resource already exists"))
        failures = []
        for attempt in (
            lambda: storage.put(org, "a/frame.png", frame, "image/png"),
            lambda: storage.put(org, "a/big.png", big, "image/png"),
            lambda: storage.put(org, "a/frame#1.png", frame, "image/png"),
            lambda: storage.fetch(org, "a/missing.png", tmp_path / "missing.png"),
        ):
            before = storage.attempts
            with pytest.raises(ProviderError) as failed:
                await attempt()
            failures.append((failed.value.code, failed.value.retryable, storage.attempts - before, str(failed.value)))
        await storage.aclose()
        return failures

    duplicate, too_large, invalid_key, missing = asyncio.run(refusals())
    assert duplicate[:3] == ("http_409", False, 1) and "Duplicate: The resource already exists" in duplicate[3]
    assert too_large[:3] == ("http_413", False, 1) and "The object exceeded the maximum allowed size" in too_large[3]
    assert invalid_key[:3] == ("http_400", False, 1)
    assert f"InvalidKey: Invalid key: {org}/a/frame#1.png" in invalid_key[3]
    assert missing[:3] == ("http_404", False, 1) and "Object not found" in missing[3]
    assert storage_api.objects == {}


def test_storage_retries_dropped_connections_and_gives_up_retryable(storage_api, tmp_path: Path):
    org = uuid.uuid4()
    frame = picture(tmp_path)

    async def go():
        storage = supabase_storage(storage_api)
        storage_api.fail("upload", Fault(drop=True))
        await storage.put(org, "a/frame.png", frame, "image/png")  # dropped once, then stored
        recovered = storage.attempts
        storage_api.fail("download", *[Fault(503, headers={"Retry-After": "0"})] * 3)
        with pytest.raises(ProviderError) as exhausted:
            await storage.fetch(org, "a/frame.png", tmp_path / "f.png")
        await storage.aclose()
        return recovered, storage.attempts - recovered, exhausted.value

    recovered, download_attempts, exhausted = asyncio.run(go())
    assert recovered == 2 and ("media", f"{org}/a/frame.png") in storage_api.objects
    assert download_attempts == 3  # max_attempts
    assert (exhausted.code, exhausted.retryable) == ("http_503", True)  # the worker retries the job later


def test_a_signed_url_serves_the_object_until_it_expires(storage_api, tmp_path: Path):
    org = uuid.uuid4()
    frame = picture(tmp_path)

    async def go():
        storage = supabase_storage(storage_api)
        stored = await storage.put(org, "films/f.png", frame, "image/png")
        url = await storage.signed_url(stored.key, 1)
        await storage.aclose()
        return url

    url = asyncio.run(go())
    assert url.startswith(f"{storage_api.url}/storage/v1/object/sign/media/{org}/films/f.png?token=")
    fresh = httpx.get(url)  # no key: the URL is the authorization
    assert fresh.status_code == 200 and fresh.content == frame.read_bytes()
    forged = httpx.get(url[:-4] + "0000")
    assert forged.status_code == 400 and forged.json()["error"] == "InvalidJWT"
    time.sleep(1.2)
    expired = httpx.get(url)
    assert expired.status_code == 400 and expired.json() == {
        "statusCode": "400", "error": "InvalidJWT", "message": "jwt expired",
    }  # fmt: skip


def test_a_shared_film_opens_as_a_signed_url_bounded_by_the_link(admin, db_url, storage_api, tmp_path: Path):
    org_id, project_id, user = make_studio(admin)
    film = tmp_path / "film.mp4"
    film.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    asset_id = admin.execute(
        "insert into public.assets (organization_id, project_id, type, filename, mime_type, storage_provider, "
        "storage_bucket, storage_path, size_bytes, title) values (%s, %s, 'video', 'film.mp4', 'video/mp4', "
        "'supabase', 'media', 'generations/g9/film.mp4', %s, 'The Harbor Light') returning id",
        (org_id, project_id, film.stat().st_size),
    ).fetchone()[0]
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        share_id, token, _ = admin.execute(
            "select * from public.share_film(%s, interval '2 minutes')", (asset_id,)
        ).fetchone()
        admin.execute("reset role")

    async def go():
        storage = supabase_storage(storage_api)
        await storage.put(org_id, "generations/g9/film.mp4", film, "video/mp4")
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as conn:
            async with conn.transaction():
                await conn.execute("select tests.clear_authentication()")  # a share page: the anon role
                shared = await open_share(conn, storage, token)
            async with conn.transaction():
                await conn.execute("select tests.authenticate_as(%s)", (user,))
                await conn.execute("select public.revoke_film_share(%s)", (share_id,))
            with pytest.raises(psycopg.Error, match="share link not found") as refused:
                async with conn.transaction():
                    await conn.execute("select tests.clear_authentication()")
                    await open_share(conn, storage, token)
            assert refused.value.sqlstate == "PT404"  # HTTP 404 through PostgREST (docs/errors.md)
        await storage.aclose()
        return shared

    shared = asyncio.run(go())
    assert (shared.title, shared.mime_type, shared.size_bytes) == ("The Harbor Light", "video/mp4", film.stat().st_size)
    signed_for = int(json.loads(storage_api.seen("sign")[0].body)["expiresIn"])
    assert 100 <= signed_for <= 120  # the link's two minutes, not the default hour
    assert shared.expires_at <= shared.link_expires_at
    assert httpx.get(shared.url).content == film.read_bytes()
