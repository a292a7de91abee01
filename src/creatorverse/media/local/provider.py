"""`local`: the offline provider. Real media, no network, no cost: Pillow storyboard frames,
espeak-ng speech (WAV), ffmpeg scene videos (pan/zoom over the frame, speech as the audio
track, subtitles burned in or as a sidecar SRT), lip-sync by re-muxing the speech, merges
(concatenated scenes, shifted subtitles, a thumbnail), and the deterministic scene writer."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from creatorverse.media import subtitles
from creatorverse.media.base import Provider
from creatorverse.media.local import ffmpeg, story
from creatorverse.media.local.frames import write_frame
from creatorverse.media.local.scenes import describe_scene, split_script
from creatorverse.media.local.speech import language_runs, synthesize_wav
from creatorverse.media.models import (
    Book,
    BookChapter,
    BrandStyle,
    Character,
    ImageRequest,
    LipsyncRequest,
    MediaResult,
    MergeRequest,
    MergeResult,
    PlotOverview,
    SceneSpec,
    SceneVideoRequest,
    SpeechRequest,
    StoryCharacter,
    StoryResult,
)

# zoompan expressions per motion; `on` is the output frame number, N the frame count
_MOTION = {
    "zoom_in": ("1+0.2*on/{n}", "iw/2-(iw/zoom/2)", "ih/2-(ih/zoom/2)"),
    "zoom_out": ("1.2-0.2*on/{n}", "iw/2-(iw/zoom/2)", "ih/2-(ih/zoom/2)"),
    "pan_right": ("1.2", "(iw-iw/zoom)*on/{n}", "ih/2-(ih/zoom/2)"),
    "pan_left": ("1.2", "(iw-iw/zoom)*(1-on/{n})", "ih/2-(ih/zoom/2)"),
}
AUDIO = ("-c:a", "aac", "-b:a", "64k", "-ar", "44100", "-ac", "1")
VIDEO = ("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")
SPEECH_PADDING = 0.5  # seconds of quiet after the last word of a scene


class LocalProvider(Provider):
    name = "local"
    model = "local-v1"
    kinds = frozenset({"text", "image", "audio", "scene_video", "video", "lipsync", "merge", "kai", "plot_overview",
                       "story_characters", "chapter_script"})  # fmt: skip

    def _file(self, path: Path, content_type: str, **fields: Any) -> MediaResult:
        """A result of this provider: no cost."""
        return MediaResult(path=path, content_type=content_type, **{"provider": self.name, "model": self.model,
                                                                    "cost_usd": 0, **fields})  # fmt: skip

    async def _video(self, path: Path, **fields: Any) -> MediaResult:
        return await ffmpeg.video_result(path, provider=self.name, model=self.model, cost_usd=0, **fields)

    async def scenes(
        self, script: str, characters: list[Character] | None = None, style: BrandStyle | None = None
    ) -> list[SceneSpec]:
        scenes = split_script(script, characters=characters)
        return [s.model_copy(update={"description": describe_scene(s, style)}) for s in scenes]

    def _story(self, value: object) -> StoryResult:
        return StoryResult(value=value, provider=self.name, model="local-story-v1", cost_usd=0)

    async def plot_overview(self, book: Book, key: str | None = None) -> StoryResult:
        return self._story(await asyncio.to_thread(story.plot_overview, book))

    async def story_characters(self, book: Book, overview: PlotOverview, key: str | None = None) -> StoryResult:
        return self._story(await asyncio.to_thread(story.characters, book, overview))

    async def chapter_script(
        self, book: Book, chapter: BookChapter, overview: PlotOverview, cast: list[StoryCharacter],
        key: str | None = None,
    ) -> StoryResult:  # fmt: skip
        act = story.act_of(book, chapter.number)
        return self._story(await asyncio.to_thread(story.chapter_script, chapter, overview, cast, act=act))

    async def image(self, request: ImageRequest, workdir: Path) -> MediaResult:
        scene = request.scene or SceneSpec(number=1, title=request.prompt[:80] or None)
        path = workdir / f"frame-{scene.number:03d}.png"
        await asyncio.to_thread(write_frame, scene, request.style, request.width, request.height, path)
        description = scene.description or describe_scene(scene, request.style)
        return self._file(path, "image/png", width=request.width, height=request.height,
                          metadata={"description": description})  # fmt: skip

    async def speech(self, request: SpeechRequest, workdir: Path) -> MediaResult:
        voice = request.voice or request.language
        voices = [voice] if voice else list(dict.fromkeys(v for v, _ in language_runs(request.text)))
        path = workdir / "speech.wav"
        duration = await asyncio.to_thread(
            synthesize_wav, request.text, path, voice=voice, words_per_minute=request.words_per_minute
        )
        return self._file(path, "audio/wav", model=f"espeak-ng:{'+'.join(voices)}",
                          duration_seconds=round(duration, 3), metadata={"voices": voices})  # fmt: skip

    async def scene_video(self, request: SceneVideoRequest, workdir: Path) -> MediaResult:
        audio_seconds = (await ffmpeg.probe(request.audio)).duration_seconds if request.audio else None
        duration = request.duration_seconds or ((audio_seconds or 2.5) + SPEECH_PADDING)
        frames = max(1, round(duration * request.fps))
        w, h = request.width, request.height
        zoom, x, y = (part.format(n=frames) for part in _MOTION[request.motion])
        video_filter = (
            f"scale={2 * w}:{2 * h},zoompan=z='{zoom}':x='{x}':y='{y}':d={frames}:s={w}x{h}:fps={request.fps}"
        )
        srt = workdir / "scene.srt"
        srt.write_text(subtitles.to_srt(request.cues), encoding="utf-8")
        if request.burn_subtitles and request.cues:
            video_filter += f",subtitles=filename={srt.name}:force_style='FontSize=24,Outline=1'"
        sound = ["-i", str(request.audio)] if request.audio else ["-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono"]
        out = workdir / "scene.mp4"
        await ffmpeg.run(
            "-y", "-i", request.image, *sound,
            "-filter_complex", f"[0:v]{video_filter}[v];[1:a]apad[a]",
            "-map", "[v]", "-map", "[a]", *VIDEO, *AUDIO, "-t", f"{duration:.3f}",
            "-movflags", "+faststart", out.name,
            cwd=workdir,
        )  # fmt: skip
        return await self._video(
            out,
            metadata={
                "motion": request.motion,
                "subtitles": "burned" if request.burn_subtitles and request.cues else "sidecar",
                "subtitles_file": str(srt),
            },
        )

    async def lipsync(self, request: LipsyncRequest, workdir: Path) -> MediaResult:
        out = workdir / "lipsync.mp4"
        await ffmpeg.run(
            "-y", "-i", request.video, "-i", request.audio, "-map", "0:v", "-map", "1:a",
            "-c:v", "copy", "-af", "apad", *AUDIO, "-shortest", "-movflags", "+faststart", out,
        )  # fmt: skip
        return await self._video(
            out,
            metadata={
                "lipsync": "remux",
                "note": "the local provider re-muxes the speech onto the scene; mouths are not animated",
            },
        )

    async def merge(self, request: MergeRequest, workdir: Path) -> MergeResult:
        listing = workdir / "concat.txt"
        listing.write_text("".join(f"file '{Path(c).resolve()}'\n" for c in request.clips), encoding="utf-8")
        out = workdir / "final.mp4"
        await ffmpeg.run(
            "-y", "-f", "concat", "-safe", "0", "-i", listing, "-c", "copy", "-movflags", "+faststart", out
        )  # fmt: skip
        cues, offset = [], 0.0
        for n, clip in enumerate(request.clips):
            if n < len(request.cues):
                cues.extend(subtitles.shifted(request.cues[n], offset))
            offset += (await ffmpeg.probe(clip)).duration_seconds or 0
        srt = workdir / "final.srt"
        srt.write_text(subtitles.to_srt(cues), encoding="utf-8")
        film = await self._video(out, metadata={"scenes": len(request.clips)})
        thumbnail = workdir / "thumbnail.jpg"
        at = (film.duration_seconds or offset) * request.thumbnail_at
        await ffmpeg.run("-y", "-ss", f"{at:.3f}", "-i", out, "-frames:v", "1", "-q:v", "3", thumbnail)
        return MergeResult(
            video=film,
            subtitles=srt,
            thumbnail=self._file(thumbnail, "image/jpeg", width=film.width, height=film.height),
        )
