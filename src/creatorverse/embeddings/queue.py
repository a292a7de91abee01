"""Embed pending chapters in batches: claim with SKIP LOCKED, embed, write, mark done.

A chapter longer than the model's window is embedded as the normalised mean of its
passages (at most MAX_PASSAGES of about PASSAGE_WORDS words), so the whole chapter counts.
"""

from __future__ import annotations

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from creatorverse.db.queries import load
from creatorverse.embeddings.base import Embedder
from creatorverse.progress import Tracker

Q = load("creatorverse.embeddings", "queue.sql")
PASSAGE_WORDS = 180
MAX_PASSAGES = 8


def passages(title: str, content: str) -> list[str]:
    words = content.split()
    chunks = [" ".join(words[i : i + PASSAGE_WORDS]) for i in range(0, len(words), PASSAGE_WORDS)][:MAX_PASSAGES]
    return [f"{title}\n{chunk}".strip() for chunk in chunks] or [title or " "]


def chapter_vectors(embedder: Embedder, chapters: list[tuple[str, str]]) -> np.ndarray:
    """One vector per (title, content)."""
    pieces = [passages(title, content) for title, content in chapters]
    flat = embedder.embed([p for chapter in pieces for p in chapter])
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
            vectors = chapter_vectors(embedder, [(title, content) for _, title, content in batch])
            with conn.cursor() as cur:
                cur.executemany(
                    Q["store"],
                    [
                        {"chapter_id": chapter_id, "embedding": vector, "model": embedder.model_name}
                        for (chapter_id, _, _), vector in zip(batch, vectors, strict=True)
                    ],
                )
            conn.execute(Q["mark_embedded"], {"ids": [chapter_id for chapter_id, _, _ in batch]})
            conn.execute(Q["finish_books"])
        total += len(batch)
        progress.advance(len(batch))
    return total
