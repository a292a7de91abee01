"""Embed contents for the per-user match score (public.content_matches).

A content's vector is the embedder's (the local all-MiniLM-L6-v2 by default, the model the
studio's chapters use) over its title, genre, synopsis and description; long text is the
normalised mean of passages, as for chapters. Contents wait with `embedding is null`,
which a change of that text sets again (supabase/functions/watch.sql).
"""

from __future__ import annotations

import psycopg
from pgvector.psycopg import register_vector

from creatorverse.db.queries import load
from creatorverse.embeddings.base import Embedder
from creatorverse.embeddings.queue import chapter_vectors

Q = load("creatorverse.watch", "embed.sql")


def content_text(genre: str | None, synopsis: str | None, description: str | None) -> str:
    return "\n".join(part for part in (genre and f"Genre: {genre}", synopsis, description) if part)


def embed_pending_contents(conn: psycopg.Connection, embedder: Embedder, batch_size: int = 16) -> int:
    """Embed every content that has no vector yet; returns how many. Safe in several processes."""
    register_vector(conn)
    total = 0
    while True:
        with conn.transaction():
            batch = conn.execute(Q["claim"], {"batch_size": batch_size}).fetchall()
            if not batch:
                break
            vectors = chapter_vectors(embedder, [(title, content_text(*rest)) for _, title, *rest in batch])
            with conn.cursor() as cur:
                cur.executemany(
                    Q["store"],
                    [
                        {"content_id": row[0], "embedding": vector, "model": embedder.model_name}
                        for row, vector in zip(batch, vectors, strict=True)
                    ],
                )
        total += len(batch)
    return total
