"""A story becomes a film. The local splitter and scene writer turn the text into a script
and its scenes (inserted as the studio's user, as a client's PostgREST insert is: role
`authenticated`, row-level security on);
`public.request_film` checks the brand policy and the wallet and queues every job with its
credit hold; the media workers run in this process until the film is final; then the report
(stage times, credits held, captured and released from the ledger, usage by provider and
model from `analytics.pipeline_usage`) and a storyboard contact sheet next to the video.

The SQL decides everything (docs/media.md); this module only calls it and shows it.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from uuid import UUID

import psycopg
from PIL import Image, ImageDraw, ImageFont
from psycopg.rows import class_row, dict_row
from psycopg.types.json import Jsonb

from creatorverse.db.acting import acting_as
from creatorverse.db.queries import load
from creatorverse.db.types import PublicGenerations
from creatorverse.media import context
from creatorverse.media.handlers import MediaHandlers
from creatorverse.media.local.scenes import split_script
from creatorverse.media.storage.base import Storage
from creatorverse.progress import Tracker
from creatorverse.workers.engine import Worker, WorkerConfig

Q = load("creatorverse.media", "film.sql")
STAGES = ("image", "audio", "scene_video", "lipsync", "merge")
FINAL = ("succeeded", "failed", "cancelled")
# per kind: how many jobs one process runs at once (two cores: ffmpeg stages two at a time)
CONCURRENCY = {"image": 2, "audio": 2, "scene_video": 2, "lipsync": 2, "merge": 1}


class FilmError(Exception):
    """The film cannot be finished as it is (a job failed for good, or it was cancelled)."""


def write_script(conn: psycopg.Connection, chapter_id: UUID, text: str, as_user: UUID) -> tuple[UUID, int]:
    """The script of `text` for the chapter and its scenes, as `as_user` (an editor): (script id,
    scenes). The same text for the same chapter reuses the script written before."""
    with acting_as(conn, as_user), conn.cursor() as cur:
        found = cur.execute(Q["script_of_text"], {"chapter": chapter_id, "text": text}).fetchone()
        if found:
            return found[0], found[1]
        scenes = split_script(text)
        written = {"chapter": chapter_id, "user": as_user, "text": text}
        script_id = cur.execute(Q["insert_script"], written).fetchone()[0]
        for scene in scenes:
            cur.execute(context.Q["insert_scene"], context.scene_values(script_id, scene))
        return script_id, len(scenes)


def request_film(
    conn: psycopg.Connection, script_id: UUID, as_user: UUID, options: dict[str, Any], dedup_key: str | None
) -> PublicGenerations:
    """`public.request_film` as `as_user`: the parent generation (the first one for a repeated key)."""
    with acting_as(conn, as_user), conn.cursor(row_factory=class_row(PublicGenerations)) as cur:
        return cur.execute(
            Q["request_film"], {"script": script_id, "options": Jsonb(options), "dedup_key": dedup_key}
        ).fetchone()


def film_state(conn: psycopg.Connection, film_id: UUID) -> dict[str, Any]:
    """The parent's status and progress, and how many of its (current) jobs are done or can still
    run (public tables only, film.sql)."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(Q["film_state"], {"film": film_id}).fetchone()


async def film_state_async(conn: psycopg.AsyncConnection, film_id: UUID) -> dict[str, Any]:
    """film_state on an async connection."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(Q["film_state"], {"film": film_id})
        return await cur.fetchone()


async def run_workers(
    database_url: str,
    storage: Storage,
    film_id: UUID,
    *,
    progress: Tracker | None = None,
    concurrency: dict[str, int] | None = None,
    handlers: dict | None = None,
    timeout: float = 900,
) -> dict[str, Any]:
    """Media workers in this process until the film is final, or stuck on a job that failed for
    good (FilmError, the film left running so that the job can be retried). Returns the state."""
    own = None if handlers else MediaHandlers(database_url, storage)
    config = WorkerConfig(
        database_url=database_url,
        handlers=handlers or own.as_dict(),
        concurrency=concurrency or CONCURRENCY,
        poll_interval=0.5,
        lanes=1,
        grace_seconds=5,
    )
    worker = Worker(config)
    task = asyncio.create_task(worker.run())
    deadline = time.monotonic() + timeout
    reported = 0
    try:
        # the film's state is read when this process finished a job, when a process announces
        # the film final (NOTIFY creatorverse_pipelines), and at least once a second (a failure
        # elsewhere): not polled at a fixed high rate, never blocking the workers' event loop
        async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
            await conn.execute(Q["listen_pipelines"])
            seen = -1
            while True:
                state = await film_state_async(conn, film_id)
                if progress is not None:
                    if progress.total != state["jobs"]:
                        progress.set_total(state["jobs"])
                    if state["done"] > reported:
                        progress.advance(state["done"] - reported)
                        reported = state["done"]
                if state["status"] in FINAL:
                    return state
                if state["active"] == 0 and state["error_message"]:
                    raise FilmError(state["error_message"])
                if task.done():
                    task.result()
                    raise FilmError("the workers stopped before the film was finished")
                if time.monotonic() > deadline:
                    raise FilmError(f"the film did not finish within {timeout:.0f} s")
                seen = worker.completed + worker.failed
                waited = time.monotonic()
                while time.monotonic() - waited < 1.0 and worker.completed + worker.failed == seen and not task.done():
                    announced = [n async for n in conn.notifies(timeout=0.05, stop_after=1)]
                    if any(n.payload == str(film_id) for n in announced):
                        break
    finally:
        worker.stop()
        await task
        if own is not None:
            await own.aclose()


@dataclass
class StageUsage:
    stage: str
    provider: str
    model: str
    jobs: int
    succeeded: int
    failed: int
    attempts: int
    estimated_credits: int
    actual_credits: int
    cost_usd: float
    span_seconds: float | None
    run_seconds: float | None


@dataclass
class FilmReport:
    film_id: UUID
    status: str
    video: Path | None
    subtitles: Path | None
    thumbnail: Path | None
    duration_seconds: float | None
    scenes: int
    stages: list[StageUsage] = field(default_factory=list)
    credits: dict[str, int] = field(default_factory=dict)  # held, captured, released (from the ledger)


def _local(url: str | None) -> Path | None:
    if not url or not url.startswith("file://"):
        return None
    return Path(unquote(urlparse(url).path))


def report(conn: psycopg.Connection, film_id: UUID) -> FilmReport:
    """What the film cost and how long each stage took, from the analyst view and the ledger."""
    with conn.cursor(row_factory=class_row(PublicGenerations)) as cur:
        film = cur.execute(Q["film"], {"film": film_id}).fetchone()
    with conn.cursor(row_factory=dict_row) as cur:
        stages = cur.execute(Q["stage_usage"], {"film": film_id, "stages": list(STAGES)}).fetchall()
        ledger = cur.execute(Q["film_credits"], {"film": film_id}).fetchall()
    credits = {row["type"]: int(row["credits"]) for row in ledger}
    return FilmReport(
        film_id=film_id,
        status=film.status,
        video=_local(film.output_url),
        subtitles=_local(film.subtitles_url),
        thumbnail=_local(film.thumbnail_url),
        duration_seconds=film.duration_ms / 1000 if film.duration_ms is not None else None,
        scenes=film.total_steps or 0,
        stages=[
            StageUsage(
                stage=s["stage"],
                provider=s["provider"],
                model=s["model"],
                jobs=s["jobs"],
                succeeded=s["succeeded"],
                failed=s["failed"],
                attempts=int(s["attempts"] or 0),
                estimated_credits=int(s["estimated_credits"] or 0),
                actual_credits=int(s["actual_credits"] or 0),
                cost_usd=float(s["actual_cost_usd"] or 0),
                span_seconds=float(s["span_seconds"]) if s["span_seconds"] is not None else None,
                run_seconds=float(s["run_seconds"]) if s["run_seconds"] is not None else None,
            )
            for s in stages
        ],
        credits={
            "held": credits.get("hold", 0),
            "captured": credits.get("capture", 0),
            "released": credits.get("release", 0),
        },
    )


async def contact_sheet(conn: psycopg.Connection, storage: Storage, film_id: UUID, target: Path) -> Path:
    """The storyboard: every scene's frame in order, captioned, two to a row (PNG)."""
    with conn.cursor(row_factory=dict_row) as cur:
        frames = cur.execute(Q["frames"], {"film": film_id}).fetchall()
    if not frames:
        raise FilmError("the film has no frames yet")
    cell_w, caption = 400, 28
    with tempfile.TemporaryDirectory(prefix="creatorverse-storyboard-") as folder:
        images = []
        for n, frame in enumerate(frames):
            path = await storage.fetch(frame["organization_id"], frame["storage_path"], Path(folder) / f"{n}.png")
            with Image.open(path) as image:
                image = image.convert("RGB")
                images.append(image.resize((cell_w, round(image.height * cell_w / image.width))))
    cell_h = max(i.height for i in images) + caption
    columns = min(2, len(images))
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * cell_w + (columns + 1) * 12, rows * cell_h + (rows + 1) * 12), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for n, (image, frame) in enumerate(zip(images, frames, strict=True)):
        x = 12 + (n % columns) * (cell_w + 12)
        y = 12 + (n // columns) * (cell_h + 12)
        sheet.paste(image, (x, y))
        draw.text(
            (x, y + image.height + 6), f"{frame['scene_number']}. {frame['title'] or ''}", fill="black", font=font
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target)
    return target
