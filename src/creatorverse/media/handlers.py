"""Media job handlers for the generation engine's worker: image, audio, scene_video,
lipsync, merge, render, text, kai, and the story development kinds (plot_overview,
story_characters, chapter_script: creatorverse.media.story). Each picks the organization's
provider for its kind, does the work in a temporary folder, stores every output file as an
asset (counted against the storage limit) and returns the engine's `Outcome` (asset, URLs,
duration, size, USD cost, provider, model).

Workers load them by name: `creatorverse worker --handler image=creatorverse.media.handlers:image ...`
(database and storage from the settings); tests build `MediaHandlers(database_url, storage)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import tempfile
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from creatorverse.db import connect
from creatorverse.db.queries import load
from creatorverse.media import story, subtitles
from creatorverse.media.base import Provider
from creatorverse.media.context import Input, lines_from, load_inputs, load_scene, load_style, subtitles_of
from creatorverse.media.http.async_video import AsyncVideoProvider
from creatorverse.media.local.provider import LocalProvider
from creatorverse.media.models import (
    ImageRequest,
    LipsyncRequest,
    MediaResult,
    MergeRequest,
    SceneSpec,
    SceneVideoRequest,
    SpeechRequest,
    TextRequest,
)
from creatorverse.media.registry import select_provider
from creatorverse.media.storage.assets import save_asset
from creatorverse.media.storage.base import Storage
from creatorverse.workers.handlers import Job, JobError, Outcome

Q = load("creatorverse.media", "handlers.sql")

SRT = "application/x-subrip"
TEXT = "text/plain"


class _Run:
    """One job's work: its connection, provider, folder, and the assets it stores."""

    def __init__(self, job: Job, ctx, conn: psycopg.AsyncConnection, provider: Provider, storage: Storage, work: Path):
        self.job, self.ctx, self.conn, self.provider, self.storage, self.work = job, ctx, conn, provider, storage, work

    async def store(self, source: Path, content_type: str, **extra: Any) -> tuple[str, str]:
        """Stores a file as an asset at `generations/<generation id>/<name>`: (asset id, url)."""
        asset_id, stored, _ = await save_asset(
            self.conn,
            self.storage,
            organization_id=self.job.organization_id,
            project_id=self.job.project_id,
            storage_path=f"generations/{self.job.generation_id}/{source.name}",
            source=source,
            content_type=content_type,
            uploaded_by=self.job.user_id,
            prompt=self.job.prompt,
            metadata={"generation_id": str(self.job.generation_id), "kind": self.job.kind, **extra},
        )
        return str(asset_id), stored.url

    async def outcome(self, media: MediaResult, **fields: Any) -> Outcome:
        asset_id, url = await self.store(media.path, media.content_type, provider=media.provider, model=media.model)
        return Outcome(
            output_asset_id=asset_id,
            output_url=url,
            duration_ms=round(media.duration_seconds * 1000) if media.duration_seconds is not None else None,
            size_bytes=media.path.stat().st_size,
            actual_cost_usd=media.cost_usd,
            external_job_id=media.external_job_id,
            provider=media.provider,
            model=media.model,
            result={
                k: v
                for k, v in {"width": media.width, "height": media.height, **media.metadata}.items()
                if v is not None
            },
            **fields,
        )

    def inputs(self, loaded: list[Input], role: str) -> list[Input]:
        return [i for i in loaded if i.role == role]

    def one(self, loaded: list[Input], role: str) -> Input:
        found = self.inputs(loaded, role)
        if len(found) != 1:
            raise JobError(f"{self.job.kind} needs exactly one {role} input, has {len(found)}", retryable=False,
                           code="inputs_invalid")  # fmt: skip
        return found[0]


class MediaHandlers:
    # idle connections kept per event loop: a job reuses one instead of opening its own (a
    # new backend per job compiles every trigger function and fills its caches again, which
    # cost more database time than the job's statements themselves)
    KEEP_IDLE = 8

    def __init__(self, database_url: str, storage: Storage):
        self.database_url = database_url
        self.storage = storage
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[psycopg.AsyncConnection]] = (
            weakref.WeakKeyDictionary()
        )

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection]:
        """An idle connection of this event loop, or a new one; kept for the next job when the
        job left it idle (no transaction open), closed when the job failed."""
        idle = self._idle.setdefault(asyncio.get_running_loop(), [])
        conn = None
        while idle and conn is None:
            candidate = idle.pop()
            if candidate.closed or candidate.info.transaction_status != TransactionStatus.IDLE:
                await candidate.close()
            else:
                conn = candidate
        if conn is None:
            conn = await connect.connect_async(self.database_url, autocommit=True)
        try:
            yield conn
        except BaseException:
            await conn.close()
            raise
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE and len(idle) < self.KEEP_IDLE:
            idle.append(conn)
        else:
            await conn.close()

    async def aclose(self) -> None:
        """Closes the idle connections of the running event loop."""
        idle = self._idle.pop(asyncio.get_running_loop(), [])
        for conn in idle:
            await conn.close()

    async def _run(self, job: Job, ctx, work: Callable[[_Run], Awaitable[Outcome]]) -> Outcome:
        async with self._connection() as conn:
            paid_by, credential_id = await (
                await conn.execute(Q["payer"], {"generation": job.generation_id})
            ).fetchone()
            provider = await select_provider(
                conn, job.organization_id, job.kind, job.provider, paid_by=paid_by, credential_id=credential_id
            )
            if isinstance(provider, AsyncVideoProvider):

                async def remote_progress(percent: float, external_id: str) -> None:
                    await ctx.progress(min(90, 10 + percent * 0.8), "rendering remotely", external_job_id=external_id)

                provider.on_progress = remote_progress
            try:
                with tempfile.TemporaryDirectory(prefix=f"creatorverse-{job.kind}-") as folder:
                    return await work(_Run(job, ctx, conn, provider, self.storage, Path(folder)))
            finally:
                await provider.aclose()

    def _size(self, job: Job) -> dict[str, int]:
        return {"width": int(job.params.get("width", 1280)), "height": int(job.params.get("height", 720))}

    async def image(self, job: Job, ctx) -> Outcome:
        async def work(run: _Run) -> Outcome:
            await ctx.progress(10, "drawing the frame")
            scene = await load_scene(run.conn, job) or SceneSpec(number=job.params.get("scene_number", 1))
            style = await load_style(run.conn, job.organization_id, job.project_id)
            request = ImageRequest(prompt=job.prompt or "", scene=scene, style=style, **self._size(job),
                                   idempotency_key=job.idempotency_key("image"))  # fmt: skip
            media = await run.provider.image(request, run.work)
            await ctx.progress(80, "storing the frame")
            return await run.outcome(media)

        return await self._run(job, ctx, work)

    async def audio(self, job: Job, ctx) -> Outcome:
        async def work(run: _Run) -> Outcome:
            scene = await load_scene(run.conn, job)
            text = job.prompt or job.params.get("text") or (scene.spoken_text if scene else "")
            if not text.strip():  # a script input (a workflow's Script.Generate)
                scripts = await load_inputs(run.conn, run.storage, job, run.work)
                text = "\n".join(i.path.read_text(encoding="utf-8") for i in scripts if i.content_type == TEXT)
            if not text.strip():
                raise JobError("nothing to say: no prompt, text, scene lines or script input", retryable=False,
                               code="no_text")  # fmt: skip
            await ctx.progress(10, "speaking")
            request = SpeechRequest(text=text, voice=job.params.get("voice"), language=job.params.get("language"),
                                    idempotency_key=job.idempotency_key("speech"))  # fmt: skip
            outcome = await run.outcome(await run.provider.speech(request, run.work))
            outcome.result["text"] = text  # what was said: subtitles are timed from it
            return outcome

        return await self._run(job, ctx, work)

    async def scene_video(self, job: Job, ctx) -> Outcome:
        async def work(run: _Run) -> Outcome:
            loaded = await load_inputs(run.conn, run.storage, job, run.work)
            image = run.one(loaded, "image")
            audio = next(iter(run.inputs(loaded, "audio")), None)
            timed = next(iter(run.inputs(loaded, "subtitles")), None)  # subtitles made for the speech
            cues = subtitles.parse_srt(timed.path.read_text(encoding="utf-8")) if timed else []
            await ctx.progress(20, "rendering the scene")
            # a remote task an earlier attempt submitted (committed at submission): resumed, not paid again
            submitted = await (await run.conn.execute(Q["external_job"], {"generation": job.generation_id})).fetchone()
            request = SceneVideoRequest(
                image=image.path,
                audio=audio.path if audio else None,
                prompt=job.prompt or "",
                duration_seconds=job.params.get("duration_seconds"),
                fps=int(job.params.get("fps", 24)),
                motion=job.params.get("motion", "zoom_in"),
                burn_subtitles=bool(job.params.get("burn_subtitles", False)),
                cues=cues,
                idempotency_key=job.idempotency_key("scene_video"),
                submitted_task_id=submitted[0] if submitted else None,
                **self._size(job),
            )
            media = await run.provider.scene_video(request, run.work)
            # subtitles: the scene's lines (or the speech's text) over the speech's length
            lines = lines_from(job.params.get("lines")) or lines_from([audio.prompt] if audio and audio.prompt else [])
            speech_seconds = (audio.duration_ms or 0) / 1000 if audio else 0
            spoken = speech_seconds or (media.duration_seconds or 0)
            srt = run.work / "scene.srt"
            srt.write_text(subtitles.to_srt(cues or subtitles.cues_for_lines(lines, 0, spoken)), encoding="utf-8")
            subtitles_id, subtitles_url = await run.store(srt, SRT)
            await ctx.progress(90, "storing the scene")
            outcome = await run.outcome(media, subtitles_url=subtitles_url)
            outcome.result["subtitles_asset_id"] = subtitles_id
            return outcome

        return await self._run(job, ctx, work)

    async def lipsync(self, job: Job, ctx) -> Outcome:
        async def work(run: _Run) -> Outcome:
            loaded = await load_inputs(run.conn, run.storage, job, run.work)
            video = run.one(loaded, "video")
            request = LipsyncRequest(video=video.path, audio=run.one(loaded, "audio").path)
            await ctx.progress(30, "syncing lips")
            outcome = await run.outcome(await run.provider.lipsync(request, run.work))
            if video.result.get("subtitles_asset_id"):  # the scene's subtitles carry over
                outcome.result["subtitles_asset_id"] = video.result["subtitles_asset_id"]
            return outcome

        return await self._run(job, ctx, work)

    async def _merge(self, run: _Run, ctx) -> Outcome:
        """The job's video inputs concatenated, their subtitles shifted into one SRT, a
        thumbnail: the film of a merge, the output of a render."""
        job = run.job
        clips = run.inputs(await load_inputs(run.conn, run.storage, job, run.work), "video")
        if not clips:
            raise JobError(f"{job.kind} needs video inputs", retryable=False, code="inputs_invalid")
        cues = []
        for n, clip in enumerate(clips):
            asset = clip.result.get("subtitles_asset_id")
            if asset:
                path = await subtitles_of(run.conn, run.storage, job, asset, run.work / f"clip-{n:03d}.srt")
                cues.append(subtitles.parse_srt(path.read_text(encoding="utf-8")))
            else:
                cues.append([])
        await ctx.progress(20, f"merging {len(clips)} scenes")
        merged = await run.provider.merge(MergeRequest(clips=[c.path for c in clips], cues=cues), run.work)
        _, subtitles_url = await run.store(merged.subtitles, SRT) if merged.subtitles else (None, None)
        thumbnail_id, thumbnail_url = await run.store(merged.thumbnail.path, merged.thumbnail.content_type)
        await ctx.progress(90, "storing the film", completed_steps=len(clips), total_steps=len(clips))
        outcome = await run.outcome(merged.video, subtitles_url=subtitles_url, thumbnail_url=thumbnail_url)
        outcome.result["thumbnail_asset_id"] = thumbnail_id
        return outcome

    async def merge(self, job: Job, ctx) -> Outcome:
        return await self._run(job, ctx, lambda run: self._merge(run, ctx))

    async def render(self, job: Job, ctx) -> Outcome:
        """A render (a workflow's Output.Render): the merged video with thumbnail and
        subtitles, its properties as Fenta's renders kept them (resolution, codec, bitrate),
        and the render seconds it is metered by."""

        async def work(run: _Run) -> Outcome:
            outcome = await self._merge(run, ctx)
            seconds = (outcome.duration_ms or 0) / 1000
            result = outcome.result
            if result.get("width") and result.get("height"):
                result["resolution"] = f"{result['width']}x{result['height']}"
            if seconds and outcome.size_bytes:
                result["bitrate_kbps"] = round(outcome.size_bytes * 8 / seconds / 1000)
            result["profile"] = job.params.get("profile")
            outcome.cost_render_seconds = math.ceil(seconds)
            return outcome

        return await self._run(job, ctx, work)

    async def text(self, job: Job, ctx) -> Outcome:
        """Text: a script (`params.text` as written, else `prompt` sent to the text
        provider) stored as a text file; or, with `params.format = "srt"`, subtitles timed
        over the speech input's length from what it said."""

        async def work(run: _Run) -> Outcome:
            if job.params.get("format") == "srt":
                speech = run.one(await load_inputs(run.conn, run.storage, job, run.work), "audio")
                said = str(speech.result.get("text") or speech.prompt or "")
                if not said.strip():
                    raise JobError("the speech input says what it said nowhere (result.text)", retryable=False,
                                   code="no_text")  # fmt: skip
                sentences = [s for s in re.split(r"(?<=[.!?。])\s+|\n+", said) if s.strip()]
                cues = subtitles.cues_for_lines(lines_from(sentences), 0, (speech.duration_ms or 0) / 1000)
                srt = run.work / "subtitles.srt"
                srt.write_text(subtitles.to_srt(cues), encoding="utf-8")
                asset_id, url = await run.store(srt, SRT)
                return Outcome(output_asset_id=asset_id, output_url=url, subtitles_url=url, provider="local",
                               model="subtitles-from-speech", actual_cost_usd=0,
                               size_bytes=srt.stat().st_size, duration_ms=speech.duration_ms,
                               result={"cues": len(cues), "text": said})  # fmt: skip
            written = job.params.get("text")
            if isinstance(written, str) and written.strip():
                script, provider, model, cost, tokens = written, "input", None, 0.0, None
            else:
                await ctx.progress(10, "writing")
                answer = await run.provider.text(
                    TextRequest(prompt=job.prompt or "", idempotency_key=job.idempotency_key("text"))
                )
                script, provider, model, cost = answer.text, answer.provider, answer.model, answer.cost_usd
                tokens = (answer.prompt_tokens or 0) + (answer.completion_tokens or 0) or None
            path = run.work / "script.txt"
            path.write_text(script, encoding="utf-8")
            asset_id, url = await run.store(path, TEXT)
            return Outcome(output_asset_id=asset_id, output_url=url, provider=provider, model=model,
                           actual_cost_usd=cost, cost_tokens=tokens, size_bytes=path.stat().st_size,
                           result={"text": script[:20000]})  # fmt: skip

        return await self._run(job, ctx, work)

    async def kai(self, job: Job, ctx) -> Outcome:
        """A KAI generation (Fenta's `kai_generations`): the row's `variant` is the KAI type,
        `image` (a picture from the prompt) or `video` (the `image` input, else a frame drawn
        from the prompt, animated for `params.duration_seconds`); metered in KAI credits (the
        request's units). Fenta's third type, `edit`, needs an image-editing API no provider
        here offers: refused clearly, its hold released."""

        async def work(run: _Run) -> Outcome:
            row = await (await run.conn.execute(
                Q["variant"], {"generation": job.generation_id})).fetchone()  # fmt: skip
            kai_type = (row[0] if row else None) or "image"
            if kai_type not in ("image", "video"):
                raise JobError(f"KAI type {kai_type!r} is not supported here (image or video)", retryable=False,
                               code="unsupported_variant")  # fmt: skip
            style = await load_style(run.conn, job.organization_id, job.project_id)
            scene = SceneSpec(number=1, title=(job.prompt or "")[:80] or None, description=job.prompt)
            frame_request = ImageRequest(prompt=job.prompt or "", scene=scene, style=style, **self._size(job),
                                         idempotency_key=job.idempotency_key("kai-image"))  # fmt: skip
            if kai_type == "image":
                await ctx.progress(10, "drawing")
                media = await run.provider.image(frame_request, run.work)
            else:
                given = run.inputs(await load_inputs(run.conn, run.storage, job, run.work), "image")
                if given:
                    frame = given[0].path
                else:  # text-to-video: a first frame from the prompt (a video API animates it)
                    await ctx.progress(10, "drawing the first frame")
                    drawer = run.provider if "image" in run.provider.kinds else LocalProvider()
                    frame = (await drawer.image(frame_request, run.work)).path
                await ctx.progress(30, "animating")
                media = await run.provider.scene_video(
                    SceneVideoRequest(image=frame, prompt=job.prompt or "",
                                      duration_seconds=job.params.get("duration_seconds", 4),
                                      fps=int(job.params.get("fps", 24)), motion=job.params.get("motion", "zoom_in"),
                                      idempotency_key=job.idempotency_key("kai-video"), **self._size(job)),
                    run.work,
                )  # fmt: skip
            await ctx.progress(90, "storing")
            outcome = await run.outcome(media, cost_kai_credits=math.ceil(float(job.units)))
            outcome.result["kai_type"] = kai_type
            return outcome

        return await self._run(job, ctx, work)

    async def plot_overview(self, job: Job, ctx) -> Outcome:
        return await self._run(job, ctx, lambda run: story.plot_overview(run, ctx))

    async def story_characters(self, job: Job, ctx) -> Outcome:
        async def work(run: _Run) -> Outcome:
            return await story.story_characters(run, ctx, await load_inputs(run.conn, run.storage, job, run.work))

        return await self._run(job, ctx, work)

    async def chapter_script(self, job: Job, ctx) -> Outcome:
        async def work(run: _Run) -> Outcome:
            return await story.chapter_script(run, ctx, await load_inputs(run.conn, run.storage, job, run.work))

        return await self._run(job, ctx, work)

    def as_dict(self) -> dict[str, Callable[[Job, Any], Awaitable[Outcome]]]:
        return {
            "image": self.image,
            "audio": self.audio,
            "scene_video": self.scene_video,
            "lipsync": self.lipsync,
            "merge": self.merge,
            "render": self.render,
            "text": self.text,
            "kai": self.kai,
            "plot_overview": self.plot_overview,
            "story_characters": self.story_characters,
            "chapter_script": self.chapter_script,
        }


_configured: MediaHandlers | None = None


def configured() -> MediaHandlers:
    """Handlers on the settings' database and storage (one per worker process)."""
    global _configured
    if _configured is None:
        from creatorverse.media.storage.configured import storage_from_settings
        from creatorverse.settings import get_settings

        settings = get_settings()
        _configured = MediaHandlers(connect.database_url(settings), storage_from_settings(settings))
    return _configured


async def image(job: Job, ctx) -> Outcome:
    return await configured().image(job, ctx)


async def audio(job: Job, ctx) -> Outcome:
    return await configured().audio(job, ctx)


async def scene_video(job: Job, ctx) -> Outcome:
    return await configured().scene_video(job, ctx)


async def lipsync(job: Job, ctx) -> Outcome:
    return await configured().lipsync(job, ctx)


async def merge(job: Job, ctx) -> Outcome:
    return await configured().merge(job, ctx)


async def render(job: Job, ctx) -> Outcome:
    return await configured().render(job, ctx)


async def text(job: Job, ctx) -> Outcome:
    return await configured().text(job, ctx)


async def plot_overview(job: Job, ctx) -> Outcome:
    return await configured().plot_overview(job, ctx)


async def story_characters(job: Job, ctx) -> Outcome:
    return await configured().story_characters(job, ctx)


async def chapter_script(job: Job, ctx) -> Outcome:
    return await configured().chapter_script(job, ctx)


async def kai(job: Job, ctx) -> Outcome:
    return await configured().kai(job, ctx)
