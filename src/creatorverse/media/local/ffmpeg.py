"""ffmpeg from the `imageio-ffmpeg` wheel: run it without blocking the event loop, and read
a file's streams and duration from its `-i` report (the wheel ships no ffprobe)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import imageio_ffmpeg
from pydantic import BaseModel

from creatorverse.media.errors import ProviderError
from creatorverse.media.models import MediaResult

_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_STREAM = re.compile(r"Stream #\d+:\d+[^:]*: (Video|Audio|Subtitle): (\w+)([^\n]*)")
_SIZE = re.compile(r", (\d{2,5})x(\d{2,5})")


class Stream(BaseModel):
    type: str  # video | audio | subtitle
    codec: str
    width: int | None = None
    height: int | None = None


class Probe(BaseModel):
    duration_seconds: float | None
    streams: list[Stream]

    def first(self, kind: str) -> Stream | None:
        return next((s for s in self.streams if s.type == kind), None)


def executable() -> str:
    return imageio_ffmpeg.get_ffmpeg_exe()


async def run(*args: str | Path, cwd: Path | None = None, timeout: float = 600) -> str:
    """Runs ffmpeg with `args`; returns stderr; ProviderError with its last lines on failure."""
    process = await asyncio.create_subprocess_exec(
        executable(),
        "-hide_banner",
        "-nostdin",
        *map(str, args),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        cwd=cwd,
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except (TimeoutError, asyncio.CancelledError):
        process.kill()
        await process.wait()
        raise
    text = stderr.decode(errors="replace")
    if process.returncode != 0:
        tail = " | ".join(text.strip().splitlines()[-3:])
        raise ProviderError(f"ffmpeg failed ({process.returncode}): {tail}", code="ffmpeg_failed")
    return text


async def probe(path: Path) -> Probe:
    process = await asyncio.create_subprocess_exec(
        executable(), "-hide_banner", "-nostdin", "-i", str(path),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    text = stderr.decode(errors="replace")
    if "Invalid data found" in text or "No such file" in text:
        raise ProviderError(f"{path.name} is not a media file ffmpeg can read", code="unreadable_media")
    match = _DURATION.search(text)
    duration = int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3]) if match else None
    streams = []
    for kind, codec, rest in _STREAM.findall(text):
        size = _SIZE.search(rest) if kind == "Video" else None
        streams.append(
            Stream(
                type=kind.lower(),
                codec=codec,
                width=int(size[1]) if size else None,
                height=int(size[2]) if size else None,
            )
        )
    return Probe(duration_seconds=duration, streams=streams)


async def video_result(path: Path, *, provider: str, model: str | None, **fields: Any) -> MediaResult:
    """A `MediaResult` for a video file, its size and duration measured by ffmpeg."""
    probed = await probe(path)
    video = probed.first("video")
    if video is None:
        raise ProviderError(f"{provider}: {path.name} has no video stream", code="malformed_response")
    return MediaResult(
        path=path,
        content_type="video/mp4",
        provider=provider,
        model=model,
        width=video.width,
        height=video.height,
        duration_seconds=probed.duration_seconds,
        **fields,
    )
