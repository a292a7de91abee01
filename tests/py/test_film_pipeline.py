"""The scene pipeline end to end: a three-scene script through `public.request_film` and real
media workers becomes a playable MP4 (video and audio streams, the scenes' length, parseable
subtitles, a thumbnail); a scene job that fails for good is dead-lettered, retried alone, and
the film completes; cancelling a film releases every hold."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import psycopg
import pytest
from PIL import Image
from test_queue_workers import ledger_holds, make_studio

from creatorverse.db.acting import acting_as
from creatorverse.media import film, subtitles
from creatorverse.media.handlers import MediaHandlers
from creatorverse.media.local import ffmpeg
from creatorverse.media.storage.local import LocalStorage
from creatorverse.workers.handlers import JobError

STORY = """EXT. HARBOR - DAWN
MINA: The boats are back.

INT. LIGHTHOUSE - NIGHT
JUN: 등대가 다시 빛나요.

EXT. CLIFF - EVENING
The keeper's light sweeps the sea.
"""
OPTIONS = {"width": 160, "height": 90, "fps": 6}
MEDIA_KINDS = ("image", "audio", "scene_video", "lipsync", "merge")


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        # in-process workers take every ready media job: start from empty queues
        conn.execute("delete from private.job_queue where kind = any(%s)", (list(MEDIA_KINDS),))
        yield conn


def studio_script(admin) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """(organization, user, script): a studio with credits, a book, a chapter and its script's scenes."""
    org_id, project_id, name = make_studio(admin, credits=1000)
    user = admin.execute("select tests.get_user_id(%s)", (name,)).fetchone()[0]
    chapter = admin.execute(
        "with b as (insert into public.books (organization_id, project_id, title) values (%s, %s, 'Harbor') "
        "returning id) insert into public.chapters (book_id, chapter_number, title, content) "
        "select id, 1, 'One', %s from b returning id",
        (org_id, project_id, STORY),
    ).fetchone()[0]
    script_id, scenes = film.write_script(admin, chapter, STORY, user)
    assert scenes == 3
    assert film.write_script(admin, chapter, STORY, user) == (script_id, 3)  # the same text: the same script
    return org_id, user, script_id


def wallet(admin, org_id) -> tuple[int, int]:
    return admin.execute(
        "select balance + rollover_balance + bonus_balance, held_balance from public.credit_balances "
        "where organization_id = %s",
        (org_id,),
    ).fetchone()


def test_a_script_becomes_a_film_and_a_failed_scene_is_retried_alone(admin, db_url, tmp_path: Path):
    org_id, user, script_id = studio_script(admin)
    storage = LocalStorage(tmp_path / "media")
    media = MediaHandlers(db_url, storage).as_dict()
    failures: list[uuid.UUID] = []

    async def flaky_audio(job, ctx):  # scene 2's speech fails once, for good (dead letter)
        if "등대" in (job.prompt or "") and not failures:
            failures.append(job.generation_id)
            raise JobError("the speech engine crashed", retryable=False, code="speech_failed")
        return await media["audio"](job, ctx)

    handlers = {**media, "audio": flaky_audio}
    before, _ = wallet(admin, org_id)
    requested = film.request_film(admin, script_id, user, OPTIONS, "harbor")
    with pytest.raises(film.FilmError, match="audio of scene 2 failed: the speech engine crashed"):
        asyncio.run(asyncio.wait_for(film.run_workers(db_url, storage, requested.id, handlers=handlers), 60))
    state = film.film_state(admin, requested.id)
    assert (state["status"], state["completed_steps"], state["active"]) == ("running", 2, 0)
    dead = admin.execute("select status, hold_id from public.generations where id = %s", (failures[0],)).fetchone()
    assert dead[0] == "failed"
    assert admin.execute("select status from public.credit_holds where id = %s", (dead[1],)).fetchone()[0] == "released"

    with acting_as(admin, user):
        retried = admin.execute("select id from public.retry_generation(%s)", (failures[0],)).fetchone()[0]
    done = asyncio.run(asyncio.wait_for(film.run_workers(db_url, storage, requested.id, handlers=handlers), 60))
    assert (done["status"], done["completed_steps"], done["progress"]) == ("succeeded", 3, 100)
    # only the failed job ran again: every other job ran once
    attempts = admin.execute(
        "select kind, count(*), sum(attempts) from public.generations where parent_id = %s group by kind order by kind",
        (requested.id,),
    ).fetchall()
    assert attempts == [("audio", 4, 4), ("image", 3, 3), ("merge", 1, 1), ("scene_video", 3, 3)]
    assert admin.execute("select status from public.generations where id = %s", (retried,)).fetchone()[0] == "succeeded"

    report = film.report(admin, requested.id)
    probe = asyncio.run(ffmpeg.probe(report.video))
    assert {s.type for s in probe.streams} == {"video", "audio"}
    scene_seconds = admin.execute(
        "select sum(duration_ms) / 1000.0 from public.generations where parent_id = %s and kind = 'scene_video' "
        "and status = 'succeeded'",
        (requested.id,),
    ).fetchone()[0]
    assert abs(probe.duration_seconds - float(scene_seconds)) <= 0.05 * float(scene_seconds)
    cues = subtitles.parse_srt(report.subtitles.read_text(encoding="utf-8"))
    assert [c.text for c in cues] == ["MINA: The boats are back.", "JUN: 등대가 다시 빛나요.",
                                      "The keeper's light sweeps the sea."]  # fmt: skip
    with Image.open(report.thumbnail) as thumbnail:
        assert thumbnail.size == (160, 90)
    sheet = asyncio.run(film.contact_sheet(admin, storage, requested.id, tmp_path / "storyboard.png"))
    with Image.open(sheet) as storyboard:
        assert storyboard.width > 400 and storyboard.height > 90
    # the money: every job held; the successes captured once, the dead letter released
    assert report.credits["held"] == report.credits["captured"] + report.credits["released"]
    assert report.credits["released"] == 1 and report.credits["captured"] == 3 * 15 + 2
    assert sum(s.jobs for s in report.stages) == 11
    assert {s.provider for s in report.stages if s.succeeded} == {"local"}  # the dead letter named none
    captures = admin.execute(
        "select g.status, count(t.id) from public.generations g left join public.credit_transactions t "
        "on t.hold_id = g.hold_id and t.type = 'capture' where g.parent_id = %s group by g.id, g.status",
        (requested.id,),
    ).fetchall()
    assert sorted(set(captures)) == [("failed", 0), ("succeeded", 1)]  # each success captured exactly once
    ledger_holds(admin, org_id)
    # the same request again: the same film, nothing charged
    assert film.request_film(admin, script_id, user, OPTIONS, "harbor").id == requested.id
    assert wallet(admin, org_id) == (before - report.credits["captured"], 0)


def test_cancelling_a_film_releases_every_hold(admin, db_url, tmp_path: Path):
    org_id, user, script_id = studio_script(admin)
    before, _ = wallet(admin, org_id)
    requested = film.request_film(admin, script_id, user, {**OPTIONS, "lipsync": True}, None)
    assert wallet(admin, org_id) == (before - 3 * 23 - 2, 3 * 23 + 2)
    with acting_as(admin, user):
        admin.execute("select public.cancel_generation(%s)", (requested.id,))
    state = film.film_state(admin, requested.id)
    assert (state["status"], state["active"]) == ("cancelled", 0)
    released = admin.execute(
        "select count(*), sum(-t.held_delta) from public.credit_transactions t join public.generations g "
        "on g.hold_id = t.hold_id where g.parent_id = %s and t.type = 'release'",
        (requested.id,),
    ).fetchone()
    assert released == (13, 3 * 23 + 2)
    assert wallet(admin, org_id) == (before, 0)
    assert (
        admin.execute(
            "select count(*) from private.job_queue q join public.generations g on g.id = q.generation_id "
            "where g.parent_id = %s",
            (requested.id,),
        ).fetchone()[0]
        == 0
    )
    ledger_holds(admin, org_id)
