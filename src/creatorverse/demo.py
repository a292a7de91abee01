"""The main job: a demo studio with a real book, embedded by the local model and searched
as its owner would search it through the API (role `authenticated`, RLS on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from creatorverse.accounts import operator
from creatorverse.books.importer import AlreadyImported, ImportedBook, import_book
from creatorverse.db.queries import load
from creatorverse.embeddings import make_embedder
from creatorverse.embeddings.queue import embed_pending
from creatorverse.progress import track
from creatorverse.search.chapters import Hit, search

Q = load("creatorverse", "demo.sql")
QUERIES = ("a stranger who survived a shipwreck", "서울에서 온 편지")
DEMO_EMAIL = "demo@creatorverse.local"
DEMO_SLUG = "demo-studio"
DEFAULT_TITLE = "The Lantern Keeper"


@dataclass
class DemoResult:
    slug: str
    imported: ImportedBook | None
    already: str | None
    embedded: int
    model: str
    searches: dict[str, list[Hit]] = field(default_factory=dict)
    wallet: tuple | None = None


def run_demo(conn: psycopg.Connection, book_file: Path, *, default_book: bool = True) -> DemoResult:
    """`default_book`: `book_file` is the bundled example, skipped once a book of its title exists;
    any other file is imported unless the studio already holds the same content."""
    with conn.transaction():
        conn.execute(Q["ensure_demo_user"])
    owner = operator.user_id(conn, DEMO_EMAIL)
    try:
        studio = operator.organization(conn, DEMO_SLUG)
    except LookupError:
        studio = operator.create_organization(conn, "Demo Studio", owner, slug=DEMO_SLUG)
    imported = already = None
    if not (default_book and conn.execute(Q["demo_book"], {"title": DEFAULT_TITLE}).fetchone()):
        try:
            with track("import", "chapters") as progress:
                imported = import_book(conn, studio.slug, book_file, created_by=owner, progress=progress)
        except AlreadyImported as duplicate:
            already = duplicate.title
    embedder = make_embedder("local")
    with track("embed", "chapters") as progress:
        embedded = embed_pending(conn, embedder, progress=progress)
    result = DemoResult(studio.slug, imported, already, embedded, embedder.model_name)
    for query in QUERIES:
        result.searches[query] = search(conn, embedder, query, k=3, organization_id=studio.id, as_user=owner)
    result.wallet = conn.execute(Q["wallet"]).fetchone()
    return result
