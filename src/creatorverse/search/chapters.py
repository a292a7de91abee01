"""Search chapters with the project's RPCs as a given user (or the service role).

hybrid: public.hybrid_search_chapters (full text + trigrams fused with vectors by RRF);
keyword: public.keyword_search_chapters (no embedding: ranked OR-style words, phrases, exclusions);
vector: public.match_chapters. The query is embedded with the same embedder the chapters were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

import psycopg

from creatorverse.db.acting import acting_as, acting_as_service
from creatorverse.db.queries import load
from creatorverse.embeddings.base import Embedder

Q = load("creatorverse.search", "search.sql")
SNIPPET_CHARS = 160
MAX_QUERY_CHARS = 1000


class Mode(StrEnum):
    hybrid = "hybrid"
    vector = "vector"
    keyword = "keyword"


@dataclass(frozen=True)
class Hit:
    chapter_id: UUID
    book: str
    chapter_number: int
    chapter_title: str
    score: float
    keyword_rank: int | None
    semantic_rank: int | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)


def search(
    conn: psycopg.Connection,
    embedder: Embedder,
    query: str,
    *,
    mode: Mode = Mode.hybrid,
    k: int = 10,
    organization_id: UUID | None = None,
    book_id: UUID | None = None,
    as_user: UUID | None = None,
) -> list[Hit]:
    """The best `k` chapters for `query`, found as `as_user` (None: the service role)."""
    query = query.strip()
    if not query:
        raise ValueError("the search text is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"the search text is {len(query)} characters; at most {MAX_QUERY_CHARS}")
    from pgvector.psycopg import register_vector

    register_vector(conn)
    params = {
        "query": query,
        "embedding": None if mode is Mode.keyword else embedder.embed([query])[0],
        "k": k,
        "organization_id": organization_id,
        "book_id": book_id,
    }
    acting = acting_as(conn, as_user) if as_user else acting_as_service(conn)
    with acting:
        ranked = conn.execute(Q[mode.value], params).fetchall()
        details = {row[0]: row[1:] for row in conn.execute(Q["chapters"], {"ids": [r[0] for r in ranked]})}
    hits = []
    for chapter_id, score, keyword_rank, semantic_rank in ranked:
        book, number, title, content = details[chapter_id]
        snippet, spans = highlight(content, query)
        hits.append(Hit(chapter_id, book, number, title, float(score), keyword_rank, semantic_rank, snippet, spans))
    return hits


def find_book(conn: psycopg.Connection, ref: str, organization_id: UUID | None) -> UUID:
    """A book by id or title (any case), within the organization when one is given."""
    rows = conn.execute(Q["book"], {"ref": ref.strip(), "organization_id": organization_id}).fetchall()
    if not rows:
        raise LookupError(f"no book with id or title {ref!r}" + (" in that organization" if organization_id else ""))
    if len(rows) > 1:
        raise LookupError(f"{len(rows)} books are titled {ref!r}: pass the book's id or --org")
    return rows[0][0]


def _terms(query: str) -> list[str]:
    return sorted({t for t in re.findall(r"\w+", query.lower()) if len(t) >= 2}, key=len, reverse=True)


def highlight(content: str, query: str, width: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """A window of `content` around the densest cluster of query words, and the words' spans in it.

    A word that does not occur as written is tried shorter, down to two characters, so
    '서울에서' highlights '서울' in '서울로' and 'shipwrecked' highlights 'shipwreck'."""
    patterns = []
    for term in _terms(query):
        for size in range(len(term), 1, -1):
            pattern = re.compile(re.escape(term[:size]), re.IGNORECASE)
            if pattern.search(content):
                patterns.append(pattern)
                break
            if size <= max(2, len(term) // 2):
                break
    matches = sorted((m.start(), m.end(), i) for i, p in enumerate(patterns) for m in p.finditer(content))[:300]
    start = 0
    if matches:
        best = max(matches, key=lambda m: len({i for s, _, i in matches if m[0] <= s < m[0] + width * 2 // 3}))
        start = max(0, best[0] - width // 3)
        # begin at a word boundary
        while 0 < start < best[0] and not content[start - 1].isspace():
            start += 1
    end = min(len(content), start + width)
    text = content[start:end].replace("\n", " ").replace("\t", " ").replace("\r", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(content) else ""
    spans = [(s - start + len(prefix), e - start + len(prefix)) for s, e, _ in matches if s >= start and e <= end]
    return prefix + text + suffix, spans
