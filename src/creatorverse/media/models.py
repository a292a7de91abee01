"""Requests and results of media providers (pydantic), shared by every provider."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

HEX_COLOR = re.compile(r"^#?[0-9a-fA-F]{6}$")
Kind = Literal["text", "image", "audio", "video", "scene_video", "lipsync", "merge"]


class BrandStyle(BaseModel):
    """What a brand policy says about how media look: colors (hex) and fonts."""

    brand_name: str | None = None
    colors: list[str] = Field(default_factory=lambda: ["#1d3557", "#e63946", "#f1faee"])
    heading_font: str | None = None
    body_font: str | None = None
    prohibited: list[str] = Field(default_factory=list)

    @field_validator("colors")
    @classmethod
    def _hex(cls, value: list[str]) -> list[str]:
        colors = [c if c.startswith("#") else f"#{c}" for c in value if isinstance(c, str) and HEX_COLOR.match(c)]
        return colors or ["#1d3557", "#e63946", "#f1faee"]

    @classmethod
    def from_policy(cls, row: dict[str, Any] | None) -> BrandStyle:
        """From a `brand_policies` row: `color_palette` is a list of hex strings or of
        objects with a `hex`/`value` key; `typography` has `heading`/`body` font names."""
        if not row:
            return cls()
        colors: list[str] = []
        for entry in row.get("color_palette") or []:
            if isinstance(entry, str):
                colors.append(entry)
            elif isinstance(entry, dict):
                colors.append(str(entry.get("hex") or entry.get("value") or ""))
        typography = row.get("typography") or {}
        return cls(
            brand_name=row.get("brand_name"),
            colors=colors,
            heading_font=typography.get("heading") or typography.get("font_family"),
            body_font=typography.get("body") or typography.get("font_family"),
            prohibited=list(row.get("prohibited_content") or []),
        )


class Character(BaseModel):
    name: str
    description: str | None = None


class Line(BaseModel):
    """A spoken line of a scene: a character's dialogue, or narration (speaker None)."""

    speaker: str | None = None
    text: str


class SceneSpec(BaseModel):
    number: int = Field(ge=1)
    title: str | None = None
    description: str | None = None
    location: str | None = None
    time_of_day: str | None = None
    characters: list[Character] = Field(default_factory=list)
    lines: list[Line] = Field(default_factory=list)
    style_keywords: list[str] = Field(default_factory=list)

    @property
    def spoken_text(self) -> str:
        return " ".join(line.text for line in self.lines)


class TextRequest(BaseModel):
    prompt: str = Field(min_length=1)
    system: str | None = None
    max_tokens: int = Field(default=800, gt=0, le=32000)
    temperature: float = Field(default=0.7, ge=0, le=2)
    idempotency_key: str | None = None


class ImageRequest(BaseModel):
    prompt: str = ""
    idempotency_key: str | None = None
    scene: SceneSpec | None = None
    style: BrandStyle = Field(default_factory=BrandStyle)
    width: int = Field(default=1280, ge=16, le=4096)
    height: int = Field(default=720, ge=16, le=4096)


class SpeechRequest(BaseModel):
    text: str = Field(min_length=1, max_length=20000)
    language: str | None = None  # None: detected from the text (Hangul -> ko, else en)
    voice: str | None = None
    words_per_minute: int = Field(default=165, ge=60, le=450)
    idempotency_key: str | None = None


class Cue(BaseModel):
    """One subtitle: start and end in seconds."""

    start: float = Field(ge=0)
    end: float = Field(gt=0)
    text: str


class SceneVideoRequest(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    image: Path
    audio: Path | None = None
    prompt: str = ""
    cues: list[Cue] = Field(default_factory=list)
    duration_seconds: float | None = Field(default=None, gt=0, le=600)  # None: the audio's length + padding
    width: int = Field(default=1280, ge=16, le=4096)
    height: int = Field(default=720, ge=16, le=4096)
    fps: int = Field(default=24, ge=1, le=60)
    motion: Literal["zoom_in", "zoom_out", "pan_left", "pan_right"] = "zoom_in"
    burn_subtitles: bool = False
    idempotency_key: str | None = None  # sent to remote APIs so a retried attempt is not billed twice
    # the remote task an earlier attempt of the job submitted: a retry resumes it, never pays again
    submitted_task_id: str | None = Field(default=None, max_length=200)


class LipsyncRequest(BaseModel):
    video: Path
    audio: Path


class MergeRequest(BaseModel):
    clips: list[Path] = Field(min_length=1)
    cues: list[list[Cue]] = Field(default_factory=list)  # per clip, times relative to the clip
    thumbnail_at: float = Field(default=0.5, ge=0, le=1)  # share of the total duration


class MediaResult(BaseModel):
    """A file a provider made, with what is known about it and what it cost."""

    path: Path
    content_type: str
    provider: str
    model: str | None = None
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    cost_usd: float | None = None
    external_job_id: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class TextResult(BaseModel):
    text: str
    provider: str
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None


class MergeResult(BaseModel):
    video: MediaResult
    subtitles: Path | None = None
    thumbnail: MediaResult


# --- story development (LitinkAI): plot overview, characters, plot-enhanced chapter scripts ---


class BookChapter(BaseModel):
    number: int = Field(ge=1)
    title: str = ""
    content: str


class Book(BaseModel):
    title: str
    chapters: list[BookChapter] = Field(min_length=1)

    @property
    def text(self) -> str:
        return "\n\n".join(c.content for c in self.chapters)


class PlotOverview(BaseModel):
    """`plot_overviews`: what the book is about; `structure` maps acts to chapter numbers."""

    logline: str = Field(min_length=1, max_length=500)
    themes: list[str] = Field(default_factory=list, max_length=20)
    story_type: str | None = Field(default=None, max_length=200)
    genre: str | None = Field(default=None, max_length=200)
    tone: str | None = Field(default=None, max_length=2000)
    audience: str | None = Field(default=None, max_length=2000)
    setting: str | None = Field(default=None, max_length=4000)
    structure: list[dict[str, Any]] = Field(default_factory=list, max_length=12)


CharacterRole = Literal[
    "protagonist",
    "antagonist",
    "deuteragonist",
    "supporting",
    "mentor",
    "love_interest",
    "comic_relief",
    "minor",
    "narrator",
]


class StoryCharacter(BaseModel):
    """`characters` of a plot overview; `archetype` names a `character_archetypes` row."""

    name: str = Field(min_length=1, max_length=200)
    role: CharacterRole = "supporting"
    archetype: str | None = None
    archetypes: list[str] = Field(default_factory=list, max_length=12)
    physical_description: str | None = Field(default=None, max_length=4000)
    personality: str | None = Field(default=None, max_length=4000)
    want: str | None = Field(default=None, max_length=4000)
    need: str | None = Field(default=None, max_length=4000)
    character_arc: str | None = Field(default=None, max_length=4000)
    mentions: int = Field(default=0, ge=0)


class ChapterScript(BaseModel):
    """A chapter's script (scene headings, `NAME: line` dialogue, narration: what the scene
    splitter reads) and what the overview and characters added to it."""

    script: str = Field(min_length=1, max_length=200000)
    acts: list[dict[str, Any]] = Field(default_factory=list)
    beats: list[dict[str, Any]] = Field(default_factory=list)
    character_details: list[dict[str, Any]] = Field(default_factory=list)
    character_arcs: list[dict[str, Any]] = Field(default_factory=list)


class StoryResult(BaseModel):
    """What a story writer answered, with who wrote it and what it cost."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    value: Any
    provider: str
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None
