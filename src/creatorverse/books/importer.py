"""Import a manuscript: the book, its detected structure and its chapters, queued for embedding."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from creatorverse.books.splitter import split_book
from creatorverse.db.queries import load
from creatorverse.progress import Tracker

Q = load("creatorverse.books", "importer.sql")
INSERT_BATCH = 10
# more NUL characters than this share of the text: a binary file, not a manuscript with stray NULs
BINARY_NUL_SHARE = 0.1


class ManuscriptError(ValueError):
    """The file cannot be read as a manuscript (encoding, binary content, no text)."""


class AlreadyImported(Exception):
    def __init__(self, path: Path, book_id: UUID, title: str):
        super().__init__(
            f"{path.name} was already imported into this organization as {title!r} (book {book_id}); "
            "nothing changed. Pass --as-new to import another copy."
        )
        self.book_id, self.title = book_id, title


@dataclass(frozen=True)
class ImportedBook:
    book_id: UUID
    title: str
    chapters: int
    method: str
    warnings: list[str] = field(default_factory=list)


def read_manuscript(path: Path, encoding: str = "utf-8") -> tuple[str, str, list[str]]:
    """(text, sha256 of the file's bytes, warnings). NUL characters (which PostgreSQL text
    cannot hold) are removed with a warning; a file that does not decode, or is mostly NULs,
    is refused naming the file and the byte offset."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = raw.decode(codec)
    except LookupError:
        raise ManuscriptError(f"unknown encoding {encoding!r} (try utf-8, cp949, euc-kr, latin-1)") from None
    except UnicodeDecodeError as error:
        bad = raw[error.start : error.start + 1].hex()
        raise ManuscriptError(
            f"{path}: not {encoding} text: byte 0x{bad} at offset {error.start} cannot be decoded. "
            "If it is a text file in another encoding, pass --encoding (e.g. --encoding cp949); "
            "binary files (PDF, DOCX, images) cannot be imported"
        ) from None
    warnings = []
    nuls = text.count("\0")
    if nuls:
        first = raw.find(b"\0")
        if nuls > max(1, len(text) * BINARY_NUL_SHARE):
            raise ManuscriptError(
                f"{path}: looks like a binary file ({nuls} NUL bytes, the first at offset {first}); "
                "import a .txt or .md manuscript (pass --encoding if it is UTF-16 text, e.g. --encoding utf-16)"
            )
        text = text.replace("\0", "")
        warnings.append(f"{path}: removed {nuls} NUL byte{'s' if nuls > 1 else ''} (the first at offset {first})")
    return text, digest, warnings


def import_book(
    conn: psycopg.Connection,
    organization: str,
    path: Path,
    *,
    title: str | None = None,
    project_id: UUID | None = None,
    created_by: UUID | None = None,
    encoding: str = "utf-8",
    as_new: bool = False,
    progress: Tracker | None = None,
) -> ImportedBook:
    """Import `path` into `organization` (id or slug, any case) in one transaction.

    The same file (by SHA-256 of its bytes) is imported once per organization: a second
    import raises AlreadyImported unless `as_new`."""
    text, digest, warnings = read_manuscript(path, encoding)
    structure = split_book(text, path.name)
    if not structure.chapters:
        raise ManuscriptError(f"{path}: no text to import")
    progress = progress or Tracker()
    progress.set_total(len(structure.chapters))
    with conn.transaction():
        row = conn.execute(Q["organization"], {"organization": organization.strip()}).fetchone()
        if row is None:
            raise LookupError(f"no organization with id or slug {organization!r} (see `creatorverse org list`)")
        organization_id = row[0]
        if not as_new:
            same = conn.execute(Q["same_content"], {"organization_id": organization_id, "sha256": digest}).fetchone()
            if same:
                raise AlreadyImported(path, *same)
        book_id = conn.execute(
            Q["insert_book"],
            {
                "organization_id": organization_id,
                "project_id": project_id,
                "created_by": created_by,
                "title": title or structure.title,
                "file_url": path.resolve().as_uri(),
                "book_type": "screenplay" if path.suffix.lower() == ".fountain" else "fiction",
                "metadata": Jsonb({"content_sha256": digest, "source_file": path.name}),
            },
        ).fetchone()[0]
        rows = [
            {"book_id": book_id, "number": c.number, "title": c.title, "content": c.content} for c in structure.chapters
        ]
        with conn.cursor() as cur:
            for start in range(0, len(rows), INSERT_BATCH):
                batch = rows[start : start + INSERT_BATCH]
                cur.executemany(Q["insert_chapter"], batch)
                progress.advance(len(batch))
        conn.execute(
            Q["insert_structure"],
            {
                "book_id": book_id,
                "structure": Jsonb(structure.structure_data()),
                "method": structure.method,
            },
        )
    return ImportedBook(book_id, title or structure.title, len(structure.chapters), structure.method, warnings)
