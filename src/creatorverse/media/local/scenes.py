"""A deterministic script-to-scenes splitter and scene-description writer (no model, no
randomness: the same script always gives the same scenes).

A script is split at scene headings (`INT.`/`EXT.` sluglines, `SCENE n`, `# ...`); without
headings, at blank lines, paragraphs grouped up to `max_words` words. Within a scene,
`NAME: text` lines are dialogue of NAME, other prose is narration.
"""

from __future__ import annotations

import re

from creatorverse.media.models import BrandStyle, Character, Line, SceneSpec

_HEADING = re.compile(r"^\s*(?:(?:INT|EXT|INT\./EXT)\.\s+.+|SCENE\s+\d+.*|#+\s+.+)$", re.IGNORECASE)
_DIALOGUE = re.compile(r"^\s*([A-Z\uac00-\ud7a3][\w\uac00-\ud7a3 .'-]{0,40}):\s+(.+)$")
_TIMES = ("dawn", "morning", "day", "afternoon", "evening", "night")


def _scene_from(number: int, heading: str | None, body: list[str], known: dict[str, Character]) -> SceneSpec:
    lines: list[Line] = []
    names: list[str] = []
    for raw in body:
        text = raw.strip()
        if not text:
            continue
        match = _DIALOGUE.match(text)
        if match and not _HEADING.match(text):
            speaker = match.group(1).strip()
            lines.append(Line(speaker=speaker, text=match.group(2).strip()))
            if speaker.lower() not in (n.lower() for n in names):
                names.append(speaker)
        else:
            lines.append(Line(text=text))
    title, location, time_of_day = None, None, None
    if heading:
        title = re.sub(r"^#+\s*", "", heading.strip())
        parts = re.split(r"\s+-\s+", re.sub(r"^(INT|EXT|INT\./EXT)\.\s*", "", title, flags=re.IGNORECASE))
        if re.match(r"^(INT|EXT)", heading.strip(), re.IGNORECASE):
            location = parts[0].strip().title() or None
        for part in parts[1:]:
            if part.strip().lower() in _TIMES:
                time_of_day = part.strip().lower()
    prose = " ".join(line.text for line in lines if line.speaker is None)
    for candidate in known.values():
        if candidate.name.lower() in prose.lower() and candidate.name not in names:
            names.append(candidate.name)
    characters = [known.get(n.lower(), Character(name=n.title() if n.isupper() else n)) for n in names]
    return SceneSpec(
        number=number,
        title=title or f"Scene {number}",
        location=location,
        time_of_day=time_of_day,
        characters=characters,
        lines=lines,
    )


def split_script(script: str, *, characters: list[Character] | None = None, max_words: int = 60) -> list[SceneSpec]:
    """The scenes of a script, numbered from 1."""
    known = {c.name.lower(): c for c in characters or []}
    rows = script.replace("\r\n", "\n").split("\n")
    if any(_HEADING.match(row) for row in rows):
        scenes: list[SceneSpec] = []
        heading, body = None, []
        for row in rows:
            if _HEADING.match(row):
                if heading is not None or any(b.strip() for b in body):
                    scenes.append(_scene_from(len(scenes) + 1, heading, body, known))
                heading, body = row, []
            else:
                body.append(row)
        if heading is not None or any(b.strip() for b in body):
            scenes.append(_scene_from(len(scenes) + 1, heading, body, known))
        return [s for s in scenes if s.lines] or scenes
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", script) if p.strip()]
    groups: list[list[str]] = []
    words = 0
    for paragraph in paragraphs:
        count = len(paragraph.split())
        if not groups or words + count > max_words:
            groups.append([])
            words = 0
        groups[-1].append(paragraph)
        words += count
    return [
        _scene_from(n, None, [row for p in group for row in p.split("\n")], known)
        for n, group in enumerate(groups, start=1)
    ]


def describe_scene(scene: SceneSpec, style: BrandStyle | None = None) -> str:
    """A visual description of the scene, from its place, time, characters and lines."""
    style = style or BrandStyle()
    place = scene.location or "an open landscape"
    time_of_day = scene.time_of_day or "day"
    who = (
        ", ".join(f"{c.name} ({c.description})" if c.description else c.name for c in scene.characters)
        or "no one in frame"
    )
    first = next((line.text for line in scene.lines if line.speaker is None), None) or (
        scene.lines[0].text if scene.lines else ""
    )
    mood = ", ".join(scene.style_keywords) or "cinematic, soft light"
    palette = ", ".join(style.colors[:3])
    brand = f" for {style.brand_name}" if style.brand_name else ""
    return (
        f"Scene {scene.number}: {place} at {time_of_day}. In frame: {who}. "
        f"{first.rstrip('.')}. Style: {mood}; palette {palette}{brand}."
    )
