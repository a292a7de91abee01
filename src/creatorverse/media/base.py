"""The interface every media provider implements.

A provider names the kinds it serves; asking it for another kind is a clear, non-retryable
error. Every method writes its output file into `workdir` and returns a `MediaResult`.
"""

from __future__ import annotations

from pathlib import Path

from creatorverse.media.errors import ProviderError
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
    TextRequest,
    TextResult,
)


class Provider:
    name: str = "provider"
    kinds: frozenset[str] = frozenset()

    def _unsupported(self, kind: str) -> ProviderError:
        return ProviderError(f"provider {self.name} does not make {kind}", code="unsupported_kind")

    async def text(self, request: TextRequest) -> TextResult:
        raise self._unsupported("text")

    async def scenes(
        self, script: str, characters: list[Character] | None = None, style: BrandStyle | None = None
    ) -> list[SceneSpec]:
        """The scenes of a script, each with a visual description."""
        raise self._unsupported("text")

    # story development: `key` is the job's idempotency key (sent to remote APIs)
    async def plot_overview(self, book: Book, key: str | None = None) -> StoryResult:
        """A PlotOverview of the book."""
        raise self._unsupported("plot_overview")

    async def story_characters(self, book: Book, overview: PlotOverview, key: str | None = None) -> StoryResult:
        """The book's characters (a list of StoryCharacter)."""
        raise self._unsupported("story_characters")

    async def chapter_script(
        self, book: Book, chapter: BookChapter, overview: PlotOverview, cast: list[StoryCharacter],
        key: str | None = None,
    ) -> StoryResult:  # fmt: skip
        """The chapter's ChapterScript, enhanced by the overview and the characters."""
        raise self._unsupported("chapter_script")

    async def image(self, request: ImageRequest, workdir: Path) -> MediaResult:
        raise self._unsupported("image")

    async def speech(self, request: SpeechRequest, workdir: Path) -> MediaResult:
        raise self._unsupported("audio")

    async def scene_video(self, request: SceneVideoRequest, workdir: Path) -> MediaResult:
        raise self._unsupported("scene_video")

    async def lipsync(self, request: LipsyncRequest, workdir: Path) -> MediaResult:
        raise self._unsupported("lipsync")

    async def merge(self, request: MergeRequest, workdir: Path) -> MergeResult:
        raise self._unsupported("merge")

    async def aclose(self) -> None:
        return None
