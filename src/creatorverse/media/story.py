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

from creatorverse.media.context import SCENE_INSERT, scene_values
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

JSON = "application/json"
TEXT = "text/plain"


async def _target(run) -> dict[str, Any]:
    """The generation's book and chapter."""
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute("select book_id, chapter_id from public.generations where id = %s", (run.job.generation_id,))
        row = await cur.fetchone()
    if row is None or row["book_id"] is None:
        raise JobError(f"{run.job.kind} needs a book (generations.book_id)", retryable=False, code="inputs_invalid")
    return row


async def load_book(run, book_id: UUID) -> Book:
    async with run.conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "select title from public.books where id = %s and organization_id = %s and deleted_at is null",
            (book_id, run.job.organization_id),
        )
        book = await cur.fetchone()
        await cur.execute(
            "select chapter_number as number, title, content from public.chapters "
            "where book_id = %s and deleted_at is null and content ~ '\\S' order by chapter_number, created_at",
            (book_id,),
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
            "select logline, themes, story_type, genre, tone, audience, setting, "
            "(select g.result -> 'structure' from public.generations g where g.id = p.generation_id) as structure "
            "from public.plot_overviews p where id = %s and deleted_at is null",
            (overview_id,),
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
        await cur.execute("select id from public.plot_overviews where generation_id = %s", (job.generation_id,))
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
            await run.conn.execute("select 1 from public.books where id = %s for update", (target["book_id"],))
            values = {
                "book": target["book_id"], "user": job.user_id, "logline": overview.logline,
                "themes": overview.themes, "story_type": overview.story_type, "genre": overview.genre,
                "tone": overview.tone, "audience": overview.audience, "setting": overview.setting,
                "method": result.provider, "model": result.model, "cost": result.cost_usd,
                "generation": job.generation_id,
            }  # fmt: skip
            found = await (
                await run.conn.execute(
                    """
                    update public.plot_overviews
                    set logline = %(logline)s, themes = %(themes)s, story_type = %(story_type)s, genre = %(genre)s,
                        tone = %(tone)s, audience = %(audience)s, setting = %(setting)s,
                        generation_method = %(method)s, model_used = %(model)s, generation_cost = %(cost)s,
                        status = 'ready', version = version + 1, generation_id = %(generation)s
                    where book_id = %(book)s and deleted_at is null
                    returning id
                    """,
                    values,
                )
            ).fetchone()
            if found is None:
                found = await (
                    await run.conn.execute(
                        """
                        insert into public.plot_overviews (book_id, created_by, logline, themes, story_type, genre,
                            tone, audience, setting, generation_method, model_used, generation_cost, status,
                            generation_id)
                        values (%(book)s, %(user)s, %(logline)s, %(themes)s, %(story_type)s, %(genre)s, %(tone)s,
                                %(audience)s, %(setting)s, %(method)s, %(model)s, %(cost)s, 'ready', %(generation)s)
                        returning id
                        """,
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
        archetypes = {
            r[0]
            for r in await (
                await run.conn.execute("select name from public.character_archetypes where is_active")
            ).fetchall()
        }
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
                "update public.characters set deleted_at = now() where plot_overview_id = %s and deleted_at is null "
                "and generation_id is not null and generation_id <> %s",
                (overview_id, job.generation_id),
            )
            for n, c in enumerate(cast):
                await run.conn.execute(
                    """
                    insert into public.characters (book_id, plot_overview_id, created_by, name, role, archetype,
                        archetypes, physical_description, personality, want, need, character_arc, display_order,
                        generation_method, model_used, generation_id)
                    values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                    """,
                    (
                        target["book_id"],
                        overview_id,
                        job.user_id,
                        c.name,
                        c.role,
                        c.archetype,
                        c.archetypes,
                        c.physical_description,
                        c.personality,
                        c.want,
                        c.need,
                        c.character_arc,
                        n,
                        result.provider,
                        result.model,
                        job.generation_id,
                    ),
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
            "select name, role, archetype, archetypes, physical_description, personality, want, need, character_arc "
            "from public.characters where generation_id = %s and deleted_at is null order by display_order",
            (generation_id,),
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
            "select chapter_number, title, content from public.chapters where id = %s and deleted_at is null",
            (target["chapter_id"],),
        )
        row = await cur.fetchone()
        await cur.execute(
            "select cs.id, cs.script_id, s.script, s.scene_count from public.chapter_scripts cs "
            "join public.scripts s on s.id = cs.script_id where cs.generation_id = %s",
            (job.generation_id,),
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
                        "insert into public.scripts (chapter_id, created_by, script, story_type, character_details, "
                        "status) values (%s, %s, %s, %s, %s, 'ready') returning id",
                        (
                            target["chapter_id"],
                            job.user_id,
                            written.script,
                            overview.story_type,
                            Jsonb(written.character_details),
                        ),
                    )
                ).fetchone()
            )[0]
            for scene in scenes:
                await run.conn.execute(SCENE_INSERT, scene_values(script_id, scene))
            chapter_script_id = (
                await (
                    await run.conn.execute(
                        """
                        insert into public.chapter_scripts (chapter_id, plot_overview_id, script_id, created_by,
                            plot_enhanced, character_enhanced, scenes, acts, beats, character_details, character_arcs,
                            status, generation_metadata, generation_id)
                        values (%s, %s, %s, %s, true, %s, %s, %s, %s, %s, %s, 'ready', %s, %s)
                        returning id
                        """,
                        (
                            target["chapter_id"],
                            overview_id,
                            script_id,
                            job.user_id,
                            bool(cast),
                            Jsonb(
                                [
                                    s.model_dump(
                                        exclude_none=True,
                                        include={"number", "title", "location", "time_of_day", "characters"},
                                    )
                                    for s in scenes
                                ]
                            ),
                            Jsonb(written.acts),
                            Jsonb(written.beats),
                            Jsonb(written.character_details),
                            Jsonb(written.character_arcs),
                            Jsonb(
                                {
                                    "provider": result.provider,
                                    "model": result.model,
                                    "cost_usd": result.cost_usd,
                                    "tokens": _tokens(result),
                                }
                            ),
                            job.generation_id,
                        ),
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
STORY_STATE = """
    select count(*) as jobs, count(*) filter (where g.status = 'succeeded') as done,
           count(*) filter (where g.status in ('failed', 'cancelled')) as stopped,
           string_agg(g.kind || ': ' || g.error_message, '; ') filter (where g.status = 'failed') as errors
    from public.generations g where g.id = %(root)s or g.parent_id = %(root)s
"""


def request_story(conn, book_id: UUID, as_user: UUID, options: dict[str, Any], dedup_key: str | None):
    """`public.request_story` as `as_user`: the root (plot overview) generation's id and status."""
    from creatorverse.db.acting import acting_as

    with acting_as(conn, as_user):
        return conn.execute(
            "select id, status from public.request_story(%s, %s, %s)", (book_id, Jsonb(options), dedup_key)
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
                    await cur.execute(STORY_STATE, {"root": root_id})
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
        root = cur.execute("select book_id, status from public.generations where id = %s", (root_id,)).fetchone()
        overview = cur.execute(
            "select p.* from public.plot_overviews p join public.generations g on g.id = p.generation_id "
            "where g.id = %s",
            (root_id,),
        ).fetchone()
        cast = cur.execute(
            "select name, role, archetype, archetypes from public.characters c "
            "where c.plot_overview_id = %s and c.deleted_at is null order by display_order",
            (overview["id"] if overview else None,),
        ).fetchall()
        scripts = cur.execute(
            "select ch.chapter_number, ch.title, cs.script_id, s.scene_count, cs.plot_enhanced, cs.character_enhanced "
            "from public.chapter_scripts cs join public.chapters ch on ch.id = cs.chapter_id "
            "join public.scripts s on s.id = cs.script_id join public.generations g on g.id = cs.generation_id "
            "where g.parent_id = %s order by ch.chapter_number",
            (root_id,),
        ).fetchall()
        ledger = cur.execute(
            "select t.type, sum(abs(t.held_delta))::bigint as credits, count(*) as moves "
            "from public.credit_transactions t join public.generations g on g.hold_id = t.hold_id "
            "where g.id = %(root)s or g.parent_id = %(root)s "
            "group by t.type",
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
