"""Split a manuscript (Markdown or plain text) into chapters by its headings.

Then by size: a chapter longer than MAX_CHAPTER_CHARS characters (a book without headings
is one such chapter) is cut into parts of at most that size, each at the last paragraph
break (blank line) before the limit, else the last line break, else the last space, else
at the limit itself. Parts of an untitled text are titled "Part N"; parts of a titled
chapter "Title (part i of n)". 100,000 characters is at most 400 kB of UTF-8, so a
chapter's full-text vector (public.chapters.fts) stays well inside PostgreSQL's 1 MB limit
for the lexemes of one tsvector, whatever the words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MAX_CHAPTER_CHARS = 100_000
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty"
_TEXT_HEADING = re.compile(
    rf"^\s*(?:(?:chapter|chap\.|part|book|act)\s+(?:\d+|[ivxlcdm]+|{_NUMBER_WORDS})\b.*"  # Chapter 3, PART IV
    r"|제\s*\d+\s*[장부화]\b.*"  # 제 3 장 (Korean)
    r"|第[一二三四五六七八九十百\d]+[章回]\b.*)$",  # 第三章
    re.IGNORECASE,
)


@dataclass
class ChapterText:
    number: int
    title: str
    content: str
    line: int

    @property
    def words(self) -> int:
        return len(self.content.split())


@dataclass
class BookStructure:
    title: str
    method: str  # markdown_headings | text_headings
    chapters: list[ChapterText] = field(default_factory=list)
    heading_level: int | None = None

    def structure_data(self) -> dict:
        return {
            "method": self.method,
            "heading_level": self.heading_level,
            "max_chapter_chars": MAX_CHAPTER_CHARS,
            "chapters": [
                {"number": c.number, "title": c.title, "line": c.line, "words": c.words} for c in self.chapters
            ],
        }


def split_book(text: str, filename: str = "") -> BookStructure:
    lines = text.replace("\r\n", "\n").split("\n")
    is_markdown = filename.lower().endswith((".md", ".markdown")) or any(
        _MARKDOWN_HEADING.match(line) for line in lines
    )
    fallback_title = Path(filename).stem.replace("_", " ").replace("-", " ").strip().title() or "Untitled"
    if is_markdown:
        return _split_markdown(lines, fallback_title)
    return _split_text(lines, fallback_title)


def _split_markdown(lines: list[str], fallback_title: str) -> BookStructure:
    headings = [
        (i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := _MARKDOWN_HEADING.match(line))
    ]
    levels = Counter(level for _, level, _ in headings)
    title = fallback_title
    # a single top-level heading above the rest is the book's title, not a chapter
    if levels.get(1) == 1 and len(levels) > 1:
        title = next(text for _, level, text in headings if level == 1)
        del levels[1]
    chapter_level = min((lvl for lvl, n in levels.items() if n >= 2), default=min(levels, default=None))
    starts = [(i, text) for i, level, text in headings if level == chapter_level]
    return BookStructure(title, "markdown_headings", _cut(lines, starts), chapter_level)


def _split_text(lines: list[str], fallback_title: str) -> BookStructure:
    starts = [(i, line.strip()) for i, line in enumerate(lines) if _TEXT_HEADING.match(line)]
    first_text = next((line.strip() for line in lines if line.strip()), "")
    title = (
        first_text
        if starts and first_text and not _TEXT_HEADING.match(first_text) and len(first_text) < 120
        else fallback_title
    )
    return BookStructure(title, "text_headings", _cut(lines, starts))


def _cut(lines: list[str], starts: list[tuple[int, str]]) -> list[ChapterText]:
    """Chapters from heading positions (a book without headings is one chapter), then by size."""
    if not starts:
        body = "\n".join(lines).strip()
        chapters = [ChapterText(1, "", body, 1)] if body else []
    else:
        chapters = []
        bounds = [i for i, _ in starts] + [len(lines)]
        for n, ((start, heading), end) in enumerate(zip(starts, bounds[1:], strict=True), start=1):
            chapters.append(ChapterText(n, heading, "\n".join(lines[start + 1 : end]).strip(), start + 1))
    return _split_long(chapters)


def _split_long(chapters: list[ChapterText], limit: int = MAX_CHAPTER_CHARS) -> list[ChapterText]:
    if all(len(c.content) <= limit for c in chapters):
        return chapters
    result: list[ChapterText] = []
    untitled_parts = 0
    for chapter in chapters:
        pieces = _pieces(chapter.content, limit)
        for i, (offset, piece) in enumerate(pieces, start=1):
            if chapter.title and len(pieces) > 1:
                title = f"{chapter.title} (part {i} of {len(pieces)})"
            elif chapter.title:
                title = chapter.title
            else:
                untitled_parts += 1
                title = f"Part {untitled_parts}"
            line = chapter.line + chapter.content.count("\n", 0, offset)
            result.append(ChapterText(len(result) + 1, title, piece, line))
    return result


def _pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) cuts of `text`, each at most `limit` characters, at the best break."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator, limit // 2)
            if at > 0:
                cut = at
                break
        end = start + (cut if cut > 0 else limit)
        piece = text[start:end].strip()
        if piece:
            pieces.append((start, piece))
        start = end
    rest = text[start:].strip()
    if rest:
        pieces.append((start, rest))
    return pieces
