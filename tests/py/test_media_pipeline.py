"""The local providers plugged into the engine's worker: a three-scene story becomes frames
and speech, scene videos, and a merged film with subtitles and a thumbnail — every file an
asset of the organization, every job charged once. A provider's malformed answer fails the
job clearly and releases its credit hold."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import numpy as np
import psycopg
import pytest
from media_api import Reply, ScriptedAPI
from PIL import Image
from psycopg.types.json import Jsonb
from test_media_storage import credentials, save_credential
from test_queue_workers import charged_once, ledger_holds, make_studio, request, start_worker

from creatorverse.media import subtitles
from creatorverse.media.handlers import MediaHandlers
from creatorverse.media.local import ffmpeg
from creatorverse.media.local.provider import LocalProvider
from creatorverse.media.local.scenes import split_script
from creatorverse.media.models import SceneVideoRequest
from creatorverse.media.storage.local import LocalStorage
from creatorverse.workers.engine import Worker, WorkerConfig

# receivers on 127.0.0.1: the development switches of the egress guard (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("local_egress", "local_egress_db")

STORY = """EXT. HARBOR - DAWN
MINA: The boats are back.
Gulls circle over the harbor.

INT. LIGHTHOUSE - NIGHT
JUN: 등대가 다시 빛나요.

EXT. CLIFF - EVENING
The keeper's light sweeps the sea.
"""
SIZE = {"width": 160, "height": 90}


__all__ = ["credentials"]  # a fixture, imported


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


def work(db_url: str, storage: LocalStorage, *kinds: str) -> None:
    """An in-process worker with the media handlers until the kinds' queues are empty."""
    handlers = {k: v for k, v in MediaHandlers(db_url, storage).as_dict().items() if k in kinds}
    config = WorkerConfig(database_url=db_url, handlers=handlers, concurrency=dict.fromkeys(kinds, 2),
                          poll_interval=0.1, until_empty=True, lanes=1)  # fmt: skip
    asyncio.run(asyncio.wait_for(Worker(config).run(), 60))


def inputs(admin, generation, *named: tuple[str, uuid.UUID]) -> None:
    for order, (role, source) in enumerate(named):
        admin.execute(
            "insert into public.generation_inputs (generation_id, organization_id, project_id, role, sequence_order, "
            "input_generation_id) select g.id, g.organization_id, g.project_id, %s, %s, %s "
            "from public.generations g where g.id = %s",
            (role, order, source, generation),
        )


def generation(admin, generation_id) -> dict:
    cur = admin.execute("select * from public.generations where id = %s", (generation_id,))
    names = [c.name for c in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def test_a_three_scene_story_becomes_a_film(admin, db_url, tmp_path: Path):
    org_id, project_id, user = make_studio(admin, credits=5000)
    admin.execute(
        "insert into public.brand_policies (organization_id, project_id, brand_name, color_palette, typography) "
        "values (%s, %s, 'Harbor Films', %s, %s)",
        (org_id, project_id, Jsonb(["#0b3d91", "#ffb703", "#fb8500"]), Jsonb({"heading": "DejaVu Serif"})),
    )
    story = admin.execute(
        "insert into public.stories (organization_id, project_id, title) values (%s, %s, 'Harbor') returning id",
        (org_id, project_id),
    ).fetchone()[0]
    storage = LocalStorage(tmp_path / "media")
    scenes = []
    for spec in split_script(STORY):
        scene_id = admin.execute(
            "insert into public.scenes (organization_id, project_id, story_id, scene_number, title, location, "
            "time_of_day, characters) values (%s, %s, %s, %s, %s, %s, %s, %s) returning id",
            (org_id, project_id, story, spec.number, spec.title, spec.location, spec.time_of_day,
             Jsonb([c.model_dump() for c in spec.characters])),
        ).fetchone()[0]  # fmt: skip
        lines = [line.model_dump() for line in spec.lines]
        scenes.append((spec, scene_id, lines))

    frames, voices = [], []
    for spec, scene_id, _ in scenes:
        frames.append(request(admin, user, project_id, "image", scene_id=scene_id, params=Jsonb(SIZE)))
        voices.append(request(admin, user, project_id, "audio", scene_id=scene_id, prompt=spec.spoken_text))
    work(db_url, storage, "image", "audio")

    clips = []
    for (_, scene_id, lines), frame, voice in zip(scenes, frames, voices, strict=True):
        params = {**SIZE, "fps": 12, "motion": "pan_right", "lines": lines}
        clip = request(admin, user, project_id, "scene_video", scene_id=scene_id, params=Jsonb(params))
        inputs(admin, clip, ("image", frame), ("audio", voice))
        clips.append(clip)
    work(db_url, storage, "scene_video")
    # the first scene's speaker gets lip-sync: the local provider re-muxes and says so
    synced = request(admin, user, project_id, "lipsync", scene_id=scenes[0][1])
    inputs(admin, synced, ("video", clips[0]), ("audio", voices[0]))
    work(db_url, storage, "lipsync")
    assert generation(admin, synced)["result"]["lipsync"] == "remux"

    film = request(admin, user, project_id, "merge")
    inputs(admin, film, ("video", synced), *(("video", clip) for clip in clips[1:]))
    work(db_url, storage, "merge")

    done = generation(admin, film)
    assert (done["status"], done["provider"], done["model"]) == ("succeeded", "local", "local-v1")
    media = tmp_path / "media" / str(org_id) / "generations" / str(film)
    probe = asyncio.run(ffmpeg.probe(media / "final.mp4"))
    assert {s.type for s in probe.streams} == {"video", "audio"}
    scene_seconds = sum(generation(admin, c)["duration_ms"] for c in clips) / 1000
    assert abs(probe.duration_seconds - scene_seconds) <= 0.05 * scene_seconds
    assert done["duration_ms"] == pytest.approx(probe.duration_seconds * 1000, abs=50)
    cues = subtitles.parse_srt((media / "final.srt").read_text(encoding="utf-8"))
    assert [c.text for c in cues] == ["MINA: The boats are back.", "Gulls circle over the harbor.",
                                      "JUN: 등대가 다시 빛나요.", "The keeper's light sweeps the sea."]  # fmt: skip
    assert done["subtitles_url"] == (media / "final.srt").as_uri()
    with Image.open(media / "thumbnail.jpg") as thumbnail:
        assert thumbnail.size == (160, 90)
    assert done["thumbnail_url"] == (media / "thumbnail.jpg").as_uri()
    # the first frame is drawn in the project's brand colors
    frame_file = tmp_path / "media" / str(org_id) / "generations" / str(frames[0]) / "frame-001.png"
    assert np.all(np.asarray(Image.open(frame_file)) == (0xFF, 0xB7, 0x03), axis=2).sum() > 100
    # every file is an asset of the organization, measured, and counted against its storage
    assets = admin.execute(
        "select type, count(*), sum(size_bytes) from public.assets where organization_id = %s group by type "
        "order by type",
        (org_id,),
    ).fetchall()
    assert [(t, n) for t, n, _ in assets] == [("audio", 3), ("image", 4), ("subtitle", 4), ("video", 5)]
    used = admin.execute("select storage_used_bytes from public.organizations where id = %s", (org_id,)).fetchone()[0]
    assert used == sum(size for _, _, size in assets)
    # the organization's own folder: the worker may also run jobs other tests left queued
    on_disk = sum(p.stat().st_size for p in (tmp_path / "media" / str(org_id)).rglob("*") if p.is_file())
    assert used == on_disk
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)


def test_a_malformed_provider_answer_fails_the_job_and_releases_its_hold(admin, db_url, credentials, tmp_path: Path):
    api = ScriptedAPI()
    api.script("/v1/images/generations", Reply(json={"data": [{"nothing": "here"}]}))
    try:
        org_id, project_id, user = make_studio(admin, credits=1000)
        credentials.append(org_id)
        save_credential(admin, user, org_id, "openai", "sk-test-0123456789abcdef",
                        {"kinds": ["image"], "base_url": api.url + "/v1"})  # fmt: skip
        before = admin.execute(
            "select balance + rollover_balance + bonus_balance from public.credit_balances where organization_id = %s",
            (org_id,),
        ).fetchone()[0]
        image = request(admin, user, project_id, "image", prompt="a harbor at dawn", params=Jsonb(SIZE))
        work(db_url, LocalStorage(tmp_path / "media"), "image")
    finally:
        api.close()
    failed = generation(admin, image)
    assert (failed["status"], failed["error_code"]) == ("failed", "malformed_response")
    assert "neither b64_json nor url" in failed["error_message"]
    assert failed["attempts"] == 1  # not retried: a malformed answer will not mend itself
    hold = admin.execute("select status from public.credit_holds where id = %s", (failed["hold_id"],)).fetchone()[0]
    assert hold == "released"
    after = admin.execute(
        "select balance + rollover_balance + bonus_balance, held_balance from public.credit_balances "
        "where organization_id = %s",
        (org_id,),
    ).fetchone()
    assert after == (before, 0)
    assert len(api.seen("/v1/images/generations")) == 1
    ledger_holds(admin, org_id)


def test_the_worker_command_runs_the_media_handlers_from_the_settings(admin, db_url, tmp_path: Path):
    org_id, project_id, user = make_studio(admin, credits=1000)
    admin.execute("delete from private.job_queue where kind in ('image', 'audio')")
    frame = request(admin, user, project_id, "image", prompt="EXT. FIELD - DAY", params=Jsonb(SIZE))
    voice = request(admin, user, project_id, "audio", prompt="Hello from the worker.")
    worker = start_worker(
        db_url, tmp_path, "-k", "image=1", "-k", "audio=1", "--until-empty",
        "--handler", "image=creatorverse.media.handlers:image", "--handler", "audio=creatorverse.media.handlers:audio",
        env={"CREATORVERSE_MEDIA_DIR": str(tmp_path / "media")},
    )  # fmt: skip
    _, errors = worker.communicate(timeout=60)
    assert worker.returncode == 0, errors
    for generation_id, name in ((frame, "frame-001.png"), (voice, "speech.wav")):
        done = generation(admin, generation_id)
        path = tmp_path / "media" / str(org_id) / "generations" / str(generation_id) / name
        assert done["status"] == "succeeded" and done["output_url"] == path.as_uri() and path.stat().st_size > 1000


def test_a_remote_video_provider_reports_its_external_job_and_cost(admin, db_url, credentials, tmp_path: Path):
    api, cdn = ScriptedAPI(), ScriptedAPI()
    storage = LocalStorage(tmp_path / "media")
    try:
        org_id, project_id, user = make_studio(admin, credits=1000)
        credentials.append(org_id)
        save_credential(admin, user, org_id, "runway", "key_runway_0123456789abcdef",
                        {"kinds": ["scene_video"], "base_url": api.url + "/v1", "model": "gen4_turbo",
                         "poll_interval": 0.05})  # fmt: skip
        frame = request(admin, user, project_id, "image", prompt="EXT. SEA - NIGHT", params=Jsonb(SIZE))
        work(db_url, storage, "image")
        # the remote clip: a local render of the same frame stands in for the vendor's output
        local_clip = asyncio.run(
            LocalProvider().scene_video(
                SceneVideoRequest(image=next((tmp_path / "media").rglob("frame-*.png")), duration_seconds=1,
                                  width=160, height=90, fps=6),
                tmp_path,
            )
        )  # fmt: skip
        api.script("/v1/tasks", Reply(json={"id": "rw-77", "status": "PENDING"}))
        api.script(
            "/v1/tasks/rw-77",
            Reply(json={"status": "RUNNING", "progress": 0.5}),
            Reply(json={"status": "SUCCEEDED", "output": [cdn.url + "/rw-77.mp4"], "cost": 0.3}),
        )
        cdn.script("/rw-77.mp4", Reply(body=local_clip.path.read_bytes()))
        clip = request(admin, user, project_id, "scene_video", prompt="slow push in",
                       params=Jsonb({**SIZE, "lines": ["The sea is dark."]}))  # fmt: skip
        inputs(admin, clip, ("image", frame))
        work(db_url, storage, "scene_video")
    finally:
        api.close()
        cdn.close()
    done = generation(admin, clip)
    assert (done["status"], done["provider"], done["model"], done["external_job_id"]) == (
        "succeeded", "runway", "gen4_turbo", "rw-77",
    )  # fmt: skip
    assert float(done["actual_cost_usd"]) == 0.3
    submitted = api.seen("/v1/tasks")[0]
    assert submitted.headers["Idempotency-Key"] == f"job:{clip}:scene_video"
    assert submitted.json["prompt"] == "slow push in"
    srt = tmp_path / "media" / str(org_id) / "generations" / str(clip) / "scene.srt"
    assert [c.text for c in subtitles.parse_srt(srt.read_text())] == ["The sea is dark."]


def test_a_retried_remote_video_resumes_its_task_without_a_second_submission(admin, db_url, credentials, tmp_path):
    api, cdn = ScriptedAPI(), ScriptedAPI()
    storage = LocalStorage(tmp_path / "media")
    try:
        org_id, project_id, user = make_studio(admin, credits=1000)
        credentials.append(org_id)
        save_credential(admin, user, org_id, "runway", "key_runway_0123456789abcdef",
                        {"kinds": ["scene_video"], "base_url": api.url + "/v1", "model": "gen4_turbo",
                         "poll_interval": 0.05, "max_attempts": 1})  # fmt: skip
        frame = request(admin, user, project_id, "image", prompt="EXT. PIER - DAWN", params=Jsonb(SIZE))
        work(db_url, storage, "image")
        local_clip = asyncio.run(
            LocalProvider().scene_video(
                SceneVideoRequest(image=next((tmp_path / "media").rglob("frame-*.png")), duration_seconds=1,
                                  width=160, height=90, fps=6),
                tmp_path,
            )
        )  # fmt: skip
        api.script("/v1/tasks", Reply(json={"id": "rw-88", "status": "PENDING"}))
        # the first attempt fails after the submission (the status endpoint is down), the retry
        # finds the task done
        api.script(
            "/v1/tasks/rw-88",
            Reply(503, body=b"down"),
            Reply(json={"status": "SUCCEEDED", "output": [cdn.url + "/rw-88.mp4"], "cost": 0.3}),
        )
        cdn.script("/rw-88.mp4", Reply(body=local_clip.path.read_bytes()))
        clip = request(admin, user, project_id, "scene_video", prompt="slow pan", params=Jsonb(SIZE))
        inputs(admin, clip, ("image", frame))
        work(db_url, storage, "scene_video")
    finally:
        api.close()
        cdn.close()
    done = generation(admin, clip)
    assert (done["status"], done["attempts"], done["external_job_id"]) == ("succeeded", 2, "rw-88")
    assert len(api.seen("/v1/tasks")) == 1, "one submission: the retry resumed polling rw-88"
    assert float(done["actual_cost_usd"]) == 0.3
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)
