"""The main job: a demo studio with a real book, embedded by the local model and searched
as its owner would search it through the API (role `authenticated`, RLS on)."""

from __future__ import annotations

from pathlib import Path

import psycopg
from pgvector.psycopg import register_vector

from creatorverse.books.importer import import_book
from creatorverse.db.queries import load
from creatorverse.embeddings import make_embedder
from creatorverse.embeddings.queue import embed_pending

Q = load("creatorverse", "demo.sql")
QUERIES = ("a stranger who survived a shipwreck", "서울에서 온 편지")


def run_demo(conn: psycopg.Connection, book_file: Path) -> dict:
    with conn.transaction():
        conn.execute(Q["ensure_demo_user"])
        conn.execute(Q["ensure_demo_studio"])
    imported = None
    if conn.execute(Q["demo_book"], {"title": "The Lantern Keeper"}).fetchone() is None:
        imported = import_book(conn, "demo-studio", book_file)
    embedder = make_embedder("local")
    embedded = embed_pending(conn, embedder)
    register_vector(conn)
    searches = {}
    with conn.transaction():
        claims = conn.execute(Q["demo_claims"]).fetchone()[0]
        conn.execute("set local role authenticated")
        conn.execute("select set_config('request.jwt.claims', %s, true)", (claims,))
        for query in QUERIES:
            searches[query] = conn.execute(
                Q["hybrid_search"], {"query": query, "embedding": embedder.embed([query])[0]}
            ).fetchall()
        wallet = conn.execute(Q["wallet"]).fetchone()
    return {
        "imported": imported,
        "embedded": embedded,
        "searches": searches,
        "wallet": wallet,
        "model": embedder.model_name,
    }
