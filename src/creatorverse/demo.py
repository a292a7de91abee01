"""The main job: a demo studio, a short story (English and Korean lines) made into a film by
the scene pipeline and the local media providers, and a real book embedded by the local model
and searched as its owner would search it through the API (role `authenticated`, RLS on)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from creatorverse.accounts import operator
from creatorverse.books.importer import AlreadyImported, ImportedBook, import_book, read_manuscript
from creatorverse.books.splitter import split_book
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
    owner, studio = studio_owner(conn)
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


# --------------------------------------------------------------------------- the film

FILM_STORY = "the_harbor_light.md"
# small frames, few frames per second: four scenes in well under two minutes on two cores
FILM_OPTIONS = {"width": 640, "height": 360, "fps": 12, "lipsync": True}
DEMO_CREDITS = 500


@dataclass
class FilmDemo:
    slug: str
    book: str
    imported: bool
    scenes: int
    reused: bool
    seconds: float
    report: Any
    storyboard: Path | None
    film_id: UUID | None = None
    status: str | None = None


def studio_owner(conn: psycopg.Connection) -> tuple[UUID, Any]:
    """The demo user and its studio (created on first use)."""
    with conn.transaction():
        conn.execute(Q["ensure_demo_user"])
    owner = operator.user_id(conn, DEMO_EMAIL)
    try:
        studio = operator.organization(conn, DEMO_SLUG)
    except LookupError:
        studio = operator.create_organization(conn, "Demo Studio", owner, slug=DEMO_SLUG)
    return owner, studio


def story_book(
    conn: psycopg.Connection, story: Path, organization: str | None, as_user: UUID | None, credits: int = 0
) -> tuple[Any, UUID, str, UUID, bool]:
    """`story` (a .md/.txt file) as a book in a project of its title, imported unless it was
    before: (studio, user, title, book id, imported now). Without `organization`: the demo studio."""
    if organization is None:
        as_user, studio = studio_owner(conn)
    else:
        studio = operator.organization(conn, organization)
        as_user = as_user or operator.primary_owner(conn, studio.id)
    if credits:
        with conn.transaction():
            conn.execute(Q["welcome_credits"], {"org": studio.id, "credits": credits, "key": f"demo:{studio.slug}"})
    text, _, _ = read_manuscript(story)
    title = split_book(text).title or story.stem
    with conn.transaction():
        project = conn.execute(
            Q["film_project"], {"org": studio.id, "title": title[:200], "owner": as_user}
        ).fetchone()[0]
    book = conn.execute(Q["film_book"], {"org": studio.id, "project": project, "title": title}).fetchone()
    if book is not None:
        return studio, as_user, title, book[0], False
    with track("import", "chapters") as progress:
        done = import_book(conn, str(studio.id), story, title=title, project_id=project, created_by=as_user,
                           progress=progress, as_new=True)  # fmt: skip
    return studio, as_user, title, done.book_id, True


def make_film(
    conn: psycopg.Connection,
    database_url: str,
    storage: Any,
    story: Path | None = None,
    *,
    script_id: UUID | str | None = None,
    organization: str | None = None,
    as_user: UUID | None = None,
    options: dict[str, Any] | None = None,
    credits: int = 0,
    wait: bool = True,
) -> FilmDemo:
    """A film through `public.request_film`, made by in-process workers, from `story` (a .md/.txt
    file imported as a book in a project of its title, written as a script and scenes) or from
    the existing script `script_id`. Reused when the same script was filmed before (no second
    charge). Without `organization`: the demo studio. `wait=False`: requested only (no report)."""
    from creatorverse.media import film

    started = time.perf_counter()
    options = options or FILM_OPTIONS
    if story is not None:
        studio, as_user, title, book_id, imported = story_book(conn, story, organization, as_user, credits)
        script_text = "\n\n".join(row[0] for row in conn.execute(Q["film_chapters"], {"book": book_id}))
        chapter = conn.execute(Q["film_first_chapter"], {"book": book_id}).fetchone()[0]
        script_id, scenes = film.write_script(conn, chapter, script_text, as_user)
        slug, dedup_key = studio.slug, f"film:{script_id}"
    else:
        found = conn.execute(Q["film_script"], {"script": script_id}).fetchone()
        if found is None:
            raise LookupError(f"no script with id {script_id}")
        organization_id, slug, title, scenes = found
        imported, as_user = False, as_user or operator.primary_owner(conn, organization_id)
        dedup_key = f"film:{script_id}:{options.get('width')}x{options.get('height')}"
    requested = film.request_film(conn, script_id, as_user, options, dedup_key)
    conn.commit()  # the workers' connections must see the script, the scenes and the jobs
    reused = requested.status == "succeeded"
    made = FilmDemo(slug, title, imported, scenes, reused, 0.0, None, None, requested.id, requested.status)
    if not wait:
        return made
    if requested.status not in film.FINAL:
        with track("film", "jobs") as progress:
            asyncio.run(film.run_workers(database_url, storage, requested.id, progress=progress))
    made.report = film.report(conn, requested.id)
    made.status = made.report.status
    if made.report.video is not None:
        made.storyboard = asyncio.run(
            film.contact_sheet(conn, storage, requested.id, made.report.video.with_name("storyboard.png"))
        )
    made.seconds = time.perf_counter() - started
    return made
