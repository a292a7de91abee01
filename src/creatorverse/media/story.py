"""Story development jobs (LitinkAI): `plot_overview`, `story_characters`, `chapter_script`.

`public.request_story` queues them through the one door (docs/studio.md, "Story development");
these handlers do the writing with the organization's text provider (the offline extractive
writer, or an OpenAI-compatible chat API) and store what was written:

* plot_overview: a `plot_overviews` row of the book (the next version), and its JSON as an asset;
* story_characters: the overview's `characters` (archetypes, roles, wants and needs);
* chapter_script: the chapter's `scripts` row and its `scenes` (what `request_film` films) and
  the `chapter_scripts` row linking it to the overview, plot- and character-enhanced.

Every row carries the generation that wrote it, and a job's rows are written in one
transaction: a retried attempt finds its earlier attempt's rows and writes nothing twice.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from creatorverse.db.queries import load
from creatorverse.media import context
from creatorverse.media.local.scenes import split_script
from creatorverse.media.models import (
    Book,
    BookChapter,
    ChapterScript,
    Character,
    PlotOverview,
    StoryCharacter,
    StoryResult,
)
from creatorverse.workers.handlers import JobError, Outcome

Q = load("creatorverse.media", "story.sql")

JSON = "application/json"
TEXT = "text/plain"


async def _target(run) -> dict[str, Any]:
    """The generation's book and chapter."""
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(Q["target"], {"generation": run.job.generation_id})
        row = await cur.fetchone()
    if row is None or row["book_id"] is None:
        raise JobError(f"{run.job.kind} needs a book (generations.book_id)", retryable=False, code="inputs_invalid")
    return row


async def load_book(run, book_id: UUID) -> Book:
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            Q["book_title"],
            {"book": book_id, "org": run.job.organization_id},
        )
        book = await cur.fetchone()
        await cur.execute(
            Q["book_chapters"],
            {"book": book_id},
        )
        chapters = await cur.fetchall()
    if book is None or not chapters:
        raise JobError(f"book {book_id} is gone or has no chapters with text", retryable=False, code="inputs_invalid")
    return Book(title=book["title"], chapters=[BookChapter(**c) for c in chapters])


def _tokens(result: StoryResult) -> int | None:
    return (result.prompt_tokens or 0) + (result.completion_tokens or 0) or None


async def _outcome(
    run, name: str, content: str, content_type: str, result: StoryResult | None, summary: dict[str, Any]
) -> Outcome:
    """The written text stored as the job's output asset."""
    path = run.work / name
    path.write_text(content, encoding="utf-8")
    asset_id, url = await run.store(path, content_type)
    return Outcome(
        output_asset_id=asset_id,
        output_url=url,
        size_bytes=path.stat().st_size,
        provider=result.provider if result else None,
        model=result.model if result else None,
        actual_cost_usd=result.cost_usd if result else 0,
        cost_tokens=_tokens(result) if result else None,
        result=summary,
    )


def _reference(run, loaded: list, order: int, key: str) -> str:
    found = [i for i in loaded if i.role == "reference" and i.order == order and i.result.get(key)]
    if len(found) != 1:
        raise JobError(f"{run.job.kind} needs its {key} input", retryable=False, code="inputs_invalid")
    return found[0].result[key]


async def _overview(run, overview_id: str) -> PlotOverview:
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            Q["overview"],
            {"overview": overview_id},
        )
        row = await cur.fetchone()
    if row is None:
        raise JobError(f"plot overview {overview_id} is gone", retryable=False, code="inputs_invalid")
    return PlotOverview.model_validate({**row, "structure": row["structure"] or []})


async def plot_overview(run, ctx) -> Outcome:
    job = run.job
    target = await _target(run)
    book = await load_book(run, target["book_id"])
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(Q["overview_of_generation"], {"generation": job.generation_id})
        done = await cur.fetchone()
    result = None
    if done is None:
        await ctx.progress(10, f"reading {len(book.chapters)} chapters")
        result = await run.provider.plot_overview(book, job.idempotency_key("plot_overview"))
        overview: PlotOverview = result.value
        await ctx.progress(80, "writing the plot overview")
        async with run.conn.transaction():
            # one live overview per book (LitinkAI: plot_overviews.book_id unique); developing the
            # book again writes its next version. Serialized on the book row.
            await run.conn.execute(Q["lock_book"], {"book": target["book_id"]})
            values = {
                "book": target["book_id"], "user": job.user_id, "logline": overview.logline,
                "themes": overview.themes, "story_type": overview.story_type, "genre": overview.genre,
                "tone": overview.tone, "audience": overview.audience, "setting": overview.setting,
                "method": result.provider, "model": result.model, "cost": result.cost_usd,
                "generation": job.generation_id,
            }  # fmt: skip
            found = await (
                await run.conn.execute(
                    Q["update_overview"],
                    values,
                )
            ).fetchone()
            if found is None:
                found = await (
                    await run.conn.execute(
                        Q["insert_overview"],
                        values,
                    )
                ).fetchone()
            overview_id = found[0]
    else:
        overview_id = done["id"]
        overview = await _overview(run, overview_id)
    summary = {
        "plot_overview_id": str(overview_id),
        "logline": overview.logline,
        "themes": overview.themes,
        "genre": overview.genre,
        "structure": overview.structure,
    }
    return await _outcome(run, "plot_overview.json", overview.model_dump_json(indent=2), JSON, result, summary)


async def story_characters(run, ctx, loaded: list) -> Outcome:
    job = run.job
    target = await _target(run)
    overview_id = _reference(run, loaded, 0, "plot_overview_id")
    book = await load_book(run, target["book_id"])
    overview = await _overview(run, overview_id)
    cast = await _cast(run, job.generation_id)
    result = None
    if not cast:
        await ctx.progress(10, "finding the characters")
        result = await run.provider.story_characters(book, overview, job.idempotency_key("story_characters"))
        archetypes = {r[0] for r in await (await run.conn.execute(Q["archetypes"])).fetchall()}
        cast = []
        for character in result.value:
            known = [a for a in character.archetypes if a in archetypes]
            primary = character.archetype if character.archetype in archetypes else next(iter(known), None)
            cast.append(character.model_copy(update={"archetype": primary, "archetypes": known}))
        await ctx.progress(80, f"writing {len(cast)} characters")
        async with run.conn.transaction():
            # the characters an earlier development wrote for this overview give way (soft
            # delete); characters people wrote themselves stay
            await run.conn.execute(
                Q["retire_characters"],
                {"overview": overview_id, "generation": job.generation_id},
            )
            for n, c in enumerate(cast):
                await run.conn.execute(
                    Q["insert_character"],
                    {
                        "book": target["book_id"],
                        "overview": overview_id,
                        "user": job.user_id,
                        "name": c.name,
                        "role": c.role,
                        "archetype": c.archetype,
                        "archetypes": c.archetypes,
                        "physical_description": c.physical_description,
                        "personality": c.personality,
                        "want": c.want,
                        "need": c.need,
                        "character_arc": c.character_arc,
                        "display_order": n,
                        "provider": result.provider,
                        "model": result.model,
                        "generation": job.generation_id,
                    },
                )
    document = json.dumps([c.model_dump(exclude_none=True) for c in cast], ensure_ascii=False, indent=2)
    summary = {
        "plot_overview_id": overview_id,
        "characters": [{"name": c.name, "role": c.role, "archetypes": c.archetypes} for c in cast],
    }
    return await _outcome(run, "characters.json", document, JSON, result, summary)


async def _cast(run, generation_id: UUID) -> list[StoryCharacter]:
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            Q["cast"],
            {"generation": generation_id},
        )
        rows = await cur.fetchall()
    return [StoryCharacter.model_validate({k: v for k, v in r.items() if v is not None}) for r in rows]


async def chapter_script(run, ctx, loaded: list) -> Outcome:
    job = run.job
    target = await _target(run)
    if target["chapter_id"] is None:
        raise JobError("chapter_script needs a chapter", retryable=False, code="inputs_invalid")
    overview_id = _reference(run, loaded, 0, "plot_overview_id")
    cast_job = next(i for i in loaded if i.role == "reference" and i.order == 1)
    book = await load_book(run, target["book_id"])
    overview = await _overview(run, overview_id)
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            Q["chapter"],
            {"chapter": target["chapter_id"]},
        )
        row = await cur.fetchone()
        await cur.execute(
            Q["chapter_script_done"],
            {"generation": job.generation_id},
        )
        done = await cur.fetchone()
    if row is None:
        raise JobError(f"chapter {target['chapter_id']} is gone", retryable=False, code="inputs_invalid")
    chapter = BookChapter(number=row["chapter_number"], title=row["title"], content=row["content"])
    cast = [StoryCharacter.model_validate(c) for c in json.loads(cast_job.path.read_text(encoding="utf-8"))]
    result = None
    if done is None:
        await ctx.progress(10, f"writing chapter {chapter.number}")
        result = await run.provider.chapter_script(book, chapter, overview, cast, job.idempotency_key("chapter_script"))
        written: ChapterScript = result.value
        scenes = split_script(written.script, characters=[Character(name=c.name) for c in cast])
        await ctx.progress(80, f"writing {len(scenes)} scenes")
        async with run.conn.transaction():
            script_id = (
                await (
                    await run.conn.execute(
                        Q["insert_script"],
                        {
                            "chapter": target["chapter_id"],
                            "user": job.user_id,
                            "script": written.script,
                            "story_type": overview.story_type,
                            "character_details": Jsonb(written.character_details),
                        },
                    )
                ).fetchone()
            )[0]
            for scene in scenes:
                await run.conn.execute(context.Q["insert_scene"], context.scene_values(script_id, scene))
            chapter_script_id = (
                await (
                    await run.conn.execute(
                        Q["insert_chapter_script"],
                        {
                            "chapter": target["chapter_id"],
                            "overview": overview_id,
                            "script": script_id,
                            "user": job.user_id,
                            "character_enhanced": bool(cast),
                            "scenes": Jsonb(
                                [
                                    s.model_dump(
                                        exclude_none=True,
                                        include={"number", "title", "location", "time_of_day", "characters"},
                                    )
                                    for s in scenes
                                ]
                            ),
                            "acts": Jsonb(written.acts),
                            "beats": Jsonb(written.beats),
                            "character_details": Jsonb(written.character_details),
                            "character_arcs": Jsonb(written.character_arcs),
                            "generation_metadata": Jsonb(
                                {
                                    "provider": result.provider,
                                    "model": result.model,
                                    "cost_usd": result.cost_usd,
                                    "tokens": _tokens(result),
                                }
                            ),
                            "generation": job.generation_id,
                        },
                    )
                ).fetchone()
            )[0]
        script, scene_count = written.script, len(scenes)
    else:
        chapter_script_id, script_id, script, scene_count = (
            done["id"],
            done["script_id"],
            done["script"],
            done["scene_count"],
        )
    summary = {
        "chapter_script_id": str(chapter_script_id),
        "script_id": str(script_id),
        "scenes": scene_count,
        "chapter_number": chapter.number,
    }
    return await _outcome(run, f"chapter-{chapter.number:03d}.txt", script, TEXT, result, summary)


# --- running a story in this process (the CLI and the tests) ---

STORY_CONCURRENCY = {"plot_overview": 1, "story_characters": 1, "chapter_script": 2}
FINAL = ("succeeded", "failed", "cancelled")


def request_story(conn, book_id: UUID, as_user: UUID, options: dict[str, Any], dedup_key: str | None):
    """`public.request_story` as `as_user`: the root (plot overview) generation's id and status."""
    from creatorverse.db.acting import acting_as

    with acting_as(conn, as_user):
        return conn.execute(
            Q["request_story"], {"book": book_id, "options": Jsonb(options), "dedup_key": dedup_key}
        ).fetchone()


async def run_story(
    database_url: str, storage, root_id: UUID, *, handlers: dict | None = None, timeout: float = 300
) -> dict[str, Any]:
    """Story workers in this process until every job of the story is final (or one failed for good)."""
    import asyncio
    import time

    import psycopg

    from creatorverse.media.handlers import MediaHandlers
    from creatorverse.workers.engine import Worker, WorkerConfig

    own = None if handlers else MediaHandlers(database_url, storage)
    worker = Worker(
        WorkerConfig(
            database_url=database_url,
            handlers=handlers or own.as_dict(),
            concurrency=STORY_CONCURRENCY,
            poll_interval=0.2,
            lanes=1,
            grace_seconds=5,
        )
    )
    task = asyncio.create_task(worker.run())
    deadline = time.monotonic() + timeout
    try:
        async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
            while True:
                async with conn.cursor(row_factory=dict_row) as cur:
                    await cur.execute(Q["story_state"], {"root": root_id})
                    state = await cur.fetchone()
                if state["done"] + state["stopped"] == state["jobs"] or state["errors"]:
                    return state
                if task.done():
                    task.result()
                    return state
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the story did not finish within {timeout:.0f} s")
                await asyncio.sleep(0.2)
    finally:
        worker.stop()
        await task
        if own is not None:
            await own.aclose()


def story_report(conn, root_id: UUID) -> dict[str, Any]:
    """What was written: the overview, the characters, the chapter scripts, and the credits moved."""
    with conn.cursor(row_factory=dict_row) as cur:
        root = cur.execute(Q["root"], {"root": root_id}).fetchone()
        overview = cur.execute(
            Q["root_overview"],
            {"root": root_id},
        ).fetchone()
        cast = cur.execute(
            Q["overview_cast"],
            {"overview": overview["id"] if overview else None},
        ).fetchall()
        scripts = cur.execute(
            Q["chapter_scripts"],
            {"root": root_id},
        ).fetchall()
        ledger = cur.execute(
            Q["story_credits"],
            {"root": root_id},
        ).fetchall()
    return {
        "status": root["status"],
        "overview": overview,
        "characters": cast,
        "scripts": scripts,
        "credits": {r["type"]: r["credits"] for r in ledger},
        "moves": {r["type"]: r["moves"] for r in ledger},
    }
