"""The declarative sources: `supabase/functions`, `supabase/policies`, `sql/views`.

A person edits functions (with their grants and triggers), policies and views there; `creatorverse
db diff` compiles the change into a migration. `apply_declarative` makes a scratch database hold
exactly what the files define: everything in them is (re)created, and every function, trigger,
policy or view of ours they no longer define is dropped, so removing an object from a file
removes it from the schema, with no tombstones.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import psycopg

from creatorverse.db.migrate import MigrationError, SqlFile, execute_file
from creatorverse.db.queries import load

Q = load("creatorverse.db", "declarative.sql")

# Schemas whose objects are not the project's: Supabase's own (also created by the compatibility
# migration where missing), the migration history, the test helpers and this module's capture.
NOT_OURS = [
    "pg_catalog", "information_schema", "auth", "extensions", "storage", "realtime", "_realtime", "graphql",
    "graphql_public", "vault", "pgsodium", "pgsodium_masks", "net", "cron", "supabase_functions", "pgbouncer",
    "_analytics", "supabase_migrations", "tests", "declarative_capture",
]  # fmt: skip


def discover(folders: Iterable[Path]) -> list[SqlFile]:
    """The declarative files in application order: each folder in turn, files by name."""
    return [SqlFile(p, p.read_text(encoding="utf-8")) for d in folders if d.is_dir() for p in sorted(d.glob("*.sql"))]


def apply_declarative(url: str, files: list[SqlFile]) -> list[str]:
    """Apply `files` in one transaction and drop what they no longer define; return the drops."""
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("set local client_min_messages = warning")
        conn.execute(Q["start_capture"])
        for f in files:
            execute_file(conn, f)
        conn.execute("set local search_path = ''")  # schema-qualified identities
        removed = [
            f"{kind} {identity}" for kind, identity in conn.execute(Q["untouched"], {"not_ours": NOT_OURS}).fetchall()
        ]
        _drop_all(conn, removed)
        conn.execute(Q["stop_capture"])
    return removed


def _drop_all(conn: psycopg.Connection, objects: list[str]) -> None:
    """Drop each object; one still needed by another waits for a later round (views on views)."""
    pending = list(objects)
    while pending:
        blocked: list[tuple[str, psycopg.Error]] = []
        for obj in pending:
            try:
                with conn.transaction():
                    conn.execute(f"drop {obj}")
            except psycopg.errors.DependentObjectsStillExist as error:
                blocked.append((obj, error))
        if len(blocked) == len(pending):
            obj, error = blocked[0]
            raise MigrationError(
                f"{obj} is no longer defined in the declarative files, but other objects need it: "
                f"{error.diag.message_detail or error}"
            )
        pending = [obj for obj, _ in blocked]
