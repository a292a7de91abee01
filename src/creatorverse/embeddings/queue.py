"""Embed pending chapters in batches: claim with SKIP LOCKED, embed, write, mark done.

Every chapter is embedded whole, as passages of about PASSAGE_WORDS words, each with its own
vector and its character offsets in the chapter (chapter_embeddings is keyed by
(chapter_id, passage_no)); search finds a chapter through its best passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from creatorverse.db.queries import load
from creatorverse.embeddings.base import Embedder
from creatorverse.progress import Tracker

Q = load("creatorverse.embeddings", "queue.sql")
# about 110 word pieces of English: inside the 128 the model was trained on (it reads at most 256)
PASSAGE_WORDS = 80
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Passage:
    number: int
    start: int  # character offsets in the chapter's content, end exclusive
    end: int
    text: str  # what is embedded: the chapter title, then the passage


def passages(title: str, content: str, words: int = PASSAGE_WORDS) -> list[Passage]:
    """The chapter cut into runs of `words` words, covering all of it (a title-only chapter is
    one empty passage)."""
    spans = [m.span() for m in WORD.finditer(content)]
    found = []
    for number, i in enumerate(range(0, len(spans), words)):
        start, end = spans[i][0], spans[min(i + words, len(spans)) - 1][1]
        found.append(Passage(number, start, end, f"{title}\n{content[start:end]}".strip()))
    return found or [Passage(0, 0, 0, title.strip() or " ")]


def chapter_vectors(embedder: Embedder, texts: list[tuple[str, str]]) -> np.ndarray:
    """One vector per (title, content) where one is needed (e.g. a catalogue entry's match
    score): the normalised mean of its passages' vectors. Chapters keep a vector per passage."""
    pieces = [passages(title, content) for title, content in texts]
    flat = embedder.embed([p.text for chapter in pieces for p in chapter])
    vectors, start = [], 0
    for chapter in pieces:
        mean = flat[start : start + len(chapter)].mean(axis=0)
        vectors.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        start += len(chapter)
    return np.array(vectors, dtype=np.float32)


def embed_pending(
    conn: psycopg.Connection, embedder: Embedder, batch_size: int = 16, progress: Tracker | None = None
) -> int:
    """Embed every pending chapter; returns how many. Safe to run in several processes."""
    register_vector(conn)
    progress = progress or Tracker()
    progress.set_total(conn.execute(Q["pending"]).fetchone()[0])
    total = 0
    while True:
        with conn.transaction():
            batch = conn.execute(Q["claim"], {"batch_size": batch_size}).fetchall()
            if not batch:
                break
            pieces = [(chapter_id, p) for chapter_id, title, content in batch for p in passages(title, content)]
            # the embedder batches by length itself, so one call for the whole claim is fastest
            vectors = embedder.embed([p.text for _, p in pieces])
            ids = [chapter_id for chapter_id, _, _ in batch]
            conn.execute(Q["clear"], {"ids": ids})
            with conn.cursor() as cur:
                cur.executemany(
                    Q["store"],
                    [
                        {
                            "chapter_id": chapter_id,
                            "passage_no": p.number,
                            "passage_start": p.start,
                            "passage_end": p.end,
                            "embedding": np.asarray(vector, dtype=np.float32),
                            "model": embedder.model_name,
                        }
                        for (chapter_id, p), vector in zip(pieces, vectors, strict=True)
                    ],
                )
            conn.execute(Q["mark_embedded"], {"ids": ids})
            conn.execute(Q["finish_books"])
        total += len(batch)
        progress.advance(len(batch))
    return total
