"""SRT subtitles: timing lines over a clip, writing, parsing (strictly) and shifting."""

from __future__ import annotations

import re

from creatorverse.media.models import Cue, Line

_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2}),(\d{3})$")


def cues_for_lines(lines: list[Line], start: float, end: float) -> list[Cue]:
    """The lines spread over [start, end], each for a time proportional to its length."""
    texts = [(f"{line.speaker}: {line.text}" if line.speaker else line.text).strip() for line in lines]
    texts = [t for t in texts if t]
    if not texts or end <= start:
        return []
    total = sum(len(t) for t in texts)
    cues, at = [], start
    for text in texts:
        length = (end - start) * len(text) / total
        cues.append(Cue(start=round(at, 3), end=round(at + length, 3), text=text))
        at += length
    return cues


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def to_srt(cues: list[Cue]) -> str:
    return "".join(f"{n}\n{_stamp(c.start)} --> {_stamp(c.end)}\n{c.text}\n\n" for n, c in enumerate(cues, start=1))


def _seconds(stamp: str) -> float:
    match = _TIME.match(stamp.strip())
    if not match:
        raise ValueError(f"bad SRT time {stamp!r}")
    h, m, s, ms = (int(g) for g in match.groups())
    return h * 3600 + m * 60 + s + ms / 1000


def parse_srt(text: str) -> list[Cue]:
    """Cues of an SRT document; ValueError naming the block on anything malformed."""
    cues = []
    for n, block in enumerate(b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()):
        rows = block.strip().splitlines()
        if len(rows) < 3 or not rows[0].strip().isdigit() or "-->" not in rows[1]:
            raise ValueError(f"SRT block {n + 1} is malformed: {block[:60]!r}")
        start, _, end = rows[1].partition("-->")
        cue = Cue(start=_seconds(start), end=_seconds(end), text="\n".join(rows[2:]))
        if cue.end <= cue.start:
            raise ValueError(f"SRT block {n + 1} ends before it starts")
        cues.append(cue)
    return cues


def shifted(cues: list[Cue], offset: float) -> list[Cue]:
    return [Cue(start=c.start + offset, end=c.end + offset, text=c.text) for c in cues]
