"""Import a manuscript: the book, its detected structure and its chapters, queued for embedding."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from creatorverse.books.splitter import split_book
from creatorverse.db.queries import load

Q = load("creatorverse.books", "importer.sql")


@dataclass(frozen=True)
class ImportedBook:
    book_id: UUID
    title: str
    chapters: int
    method: str


def import_book(
    conn: psycopg.Connection,
    organization: str,
    path: Path,
    *,
    title: str | None = None,
    project_id: UUID | None = None,
    created_by: UUID | None = None,
) -> ImportedBook:
    """Import `path` into `organization` (id or slug) in one transaction."""
    text = path.read_text(encoding="utf-8")
    structure = split_book(text, path.name)
    if not structure.chapters:
        raise ValueError(f"{path}: no text to import")
    with conn.transaction():
        row = conn.execute(Q["organization"], {"organization": organization}).fetchone()
        if row is None:
            raise LookupError(f"no organization with id or slug {organization!r}")
        book_id = conn.execute(
            Q["insert_book"],
            {
                "organization_id": row[0],
                "project_id": project_id,
                "created_by": created_by,
                "title": title or structure.title,
                "file_url": path.resolve().as_uri(),
                "book_type": "screenplay" if path.suffix.lower() == ".fountain" else "fiction",
            },
        ).fetchone()[0]
        with conn.cursor() as cur:
            cur.executemany(
                Q["insert_chapter"],
                [
                    {"book_id": book_id, "number": c.number, "title": c.title, "content": c.content}
                    for c in structure.chapters
                ],
            )
        conn.execute(
            Q["insert_structure"],
            {
                "book_id": book_id,
                "structure": Jsonb(structure.structure_data()),
                "method": structure.method,
            },
        )
    return ImportedBook(book_id, title or structure.title, len(structure.chapters), structure.method)
