"""What a media job needs from the database: its scene, the brand style that applies, and
its inputs (other generations' outputs or assets), fetched from storage into a work folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from pydantic import BaseModel

from creatorverse.db.queries import load
from creatorverse.media.local.scenes import describe_scene
from creatorverse.media.models import BrandStyle, Character, Line, SceneSpec
from creatorverse.media.storage.base import Storage
from creatorverse.workers.handlers import Job, JobError

Q = load("creatorverse.media", "context.sql")


class Input(BaseModel):
    role: str
    order: int
    path: Path
    content_type: str
    prompt: str | None = None
    duration_ms: int | None = None  # of the input generation's output
    result: dict[str, Any] = {}
    transform: dict[str, Any] = {}


def _characters(raw: Any) -> list[Character]:
    characters = []
    for entry in raw or []:
        if isinstance(entry, str) and entry.strip():
            characters.append(Character(name=entry.strip()))
        elif isinstance(entry, dict) and entry.get("name"):
            characters.append(Character(name=str(entry["name"]), description=entry.get("description")))
    return characters


def lines_from(raw: Any) -> list[Line]:
    """`params.lines`: a list of {speaker, text} (or plain strings, narration)."""
    lines = []
    for entry in raw or []:
        if isinstance(entry, str) and entry.strip():
            lines.append(Line(text=entry.strip()))
        elif isinstance(entry, dict) and str(entry.get("text") or "").strip():
            lines.append(Line(speaker=entry.get("speaker"), text=str(entry["text"]).strip()))
    return lines


async def load_scene(conn: psycopg.AsyncConnection, job: Job) -> SceneSpec | None:
    if job.scene_id is None:
        return None
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(Q["scene"], {"scene": job.scene_id, "org": job.organization_id})
        row = await cur.fetchone()
    if row is None:
        raise JobError(f"scene {job.scene_id} not found", retryable=False, code="scene_missing")
    lines = (
        lines_from(job.params.get("lines"))
        or [Line(text=text) for text in (row["audio_description"], row["description"]) if text][:1]
    )
    return SceneSpec(
        number=row["scene_number"],
        title=row["title"],
        description=row["visual_description"] or row["description"],
        location=row["location"],
        time_of_day=row["time_of_day"],
        characters=_characters(row["characters"]),
        lines=lines,
        style_keywords=list(row["style_keywords"] or []),
    )


async def load_style(conn: psycopg.AsyncConnection, organization_id: UUID, project_id: UUID | None) -> BrandStyle:
    """The project's brand policy, else the organization's default one, else a neutral style."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            Q["brand_style"],
            {"org": organization_id, "project": project_id},
        )
        return BrandStyle.from_policy(await cur.fetchone())


async def load_inputs(conn: psycopg.AsyncConnection, storage: Storage, job: Job, workdir: Path) -> list[Input]:
    """The job's inputs in order, copied into `workdir`. An input generation that has not
    succeeded yet is a retryable failure (the job waits for it)."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            Q["inputs"],
            {"generation": job.generation_id},
        )
        rows = await cur.fetchall()
    inputs = []
    for n, row in enumerate(rows):
        if row["input_generation_id"] and row["status"] != "succeeded":
            raise JobError(
                f"input {row['role']} #{row['sequence_order']} ({row['input_generation_id']}) is {row['status']}",
                code="input_not_ready",
                retry_in=5,
            )
        if not row["storage_path"]:
            raise JobError(f"input {row['role']} #{row['sequence_order']} has no stored file", retryable=False,
                           code="input_missing")  # fmt: skip
        target = workdir / f"input-{n:03d}-{Path(row['storage_path']).name}"
        await storage.fetch(job.organization_id, row["storage_path"], target)
        inputs.append(
            Input(
                role=row["role"],
                order=row["sequence_order"],
                path=target,
                content_type=row["mime_type"],
                prompt=row["prompt"],
                duration_ms=row["duration_ms"],
                result=row["result"] or {},
                transform=row["transform_params"] or {},
            )
        )
    return inputs


async def subtitles_of(conn: psycopg.AsyncConnection, storage: Storage, job: Job, asset_id: str, target: Path) -> Path:
    """A subtitles asset (named in an input generation's result) copied to `target`."""
    row = await (
        await conn.execute(
            Q["asset_path"],
            {"asset": asset_id, "org": job.organization_id},
        )
    ).fetchone()
    if row is None:
        raise JobError(f"subtitles asset {asset_id} not found", retryable=False, code="input_missing")
    return await storage.fetch(job.organization_id, row[0], target)


def scene_values(script_id: UUID, scene: SceneSpec) -> tuple:
    """The parameters of context.sql's insert_scene (a scene of a script as the film pipeline
    reads it, also written by the chapter_script job): narration as the description, the lines
    as audio requirements."""
    narration = next((line.text for line in scene.lines if line.speaker is None), None)
    return {
        "script": script_id,
        "number": scene.number,
        "title": scene.title,
        "description": narration,
        "location": scene.location,
        "time_of_day": scene.time_of_day,
        "characters": Jsonb([c.model_dump(exclude_none=True) for c in scene.characters]),
        "visual_description": describe_scene(scene),
        "audio_requirements": Jsonb({"lines": [line.model_dump(exclude_none=True) for line in scene.lines]}),
    }
