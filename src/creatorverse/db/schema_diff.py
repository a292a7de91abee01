"""Schema differences between two databases, as the SQL that turns one into the other.

`results` (the maintained successor of migra, the differ behind `supabase db diff`) diffs the
structure: tables, columns, constraints, indexes, functions, triggers, policies, views. It leaves
out privileges and comments, so a catalog diff adds those. Every compiled change is proven: applied
to a copy of the source database, it must give a schema dump identical to the target's.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import psycopg
from psycopg import sql

from creatorverse.db import server
from creatorverse.db.declarative import NOT_OURS
from creatorverse.db.migrate import MigrationError, SqlFile, execute_file
from creatorverse.db.queries import load
from creatorverse.db.scratch import ScratchServer

Q = load("creatorverse.db", "schema_diff.sql")

# Monthly partitions are created relative to today's date: not part of the schema's shape.
_DUMP_EXCLUDES = ["--exclude-table=private.*_y[0-9][0-9][0-9][0-9]m[0-9][0-9]", "--exclude-schema=supabase_migrations"]
_DUMP_NOISE = re.compile(r"^(--.*|SET .*|SELECT pg_catalog\.set_config\(.*|\\(un)?restrict .*)$")


class SchemaDiffError(MigrationError):
    pass


def normalized_dump(url: str) -> str:
    """`pg_dump --schema-only` without ownership, session settings, comments-as-headers and
    dated partitions: two databases with the same schema give the same text."""
    dumped = subprocess.run(
        [str(server.bin_dir() / "pg_dump"), "--schema-only", "--no-owner", *_DUMP_EXCLUDES, "--dbname", url],
        capture_output=True,
        text=True,
        check=False,
    )
    if dumped.returncode != 0:
        raise SchemaDiffError(f"pg_dump failed: {dumped.stderr.strip()}")
    lines = [line for line in dumped.stdout.splitlines() if not _DUMP_NOISE.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def dump_difference(a_url: str, b_url: str, labels: tuple[str, str] = ("a", "b")) -> str:
    """A unified diff of the two schema dumps; empty when the schemas are the same."""
    a, b = normalized_dump(a_url), normalized_dump(b_url)
    return "".join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), *labels, n=2))


def structural_diff(a_url: str, b_url: str) -> str:
    """`results dbdiff a b`: the statements that give database a the structure of database b."""
    import results
    from results.dbdiff import Migration

    # an empty search_path: types and functions print schema-qualified on both sides
    a, b = (results.db(server.with_options(url, "-c search_path=")) for url in (a_url, b_url))
    migration = Migration(a, b, exclude_schema="supabase_migrations")  # history, not schema
    migration.set_safety(False)  # drops are what removing an object from a file means
    migration.add_all_changes_ordered(privileges=False)
    return rerunnable_policies(migration.sql.strip())


_CREATE_POLICY = re.compile(r'^create policy ("[^"]+")\non ("[^"]+"\."[^"]+")', re.MULTILINE)


def rerunnable_policies(text: str) -> str:
    """Precede each `create policy` with `drop policy if exists`: a database whose policies came
    from outside the migrations (the runner before migrations were the deploy artifact, or one
    edited by hand) takes the migration instead of failing with 42710."""
    return _CREATE_POLICY.sub(lambda m: f"drop policy if exists {m[1]} on {m[2]};\n\n{m[0]}", text)


def privileges_and_comments(a_url: str, b_url: str) -> str:
    """GRANT/REVOKE and COMMENT statements that give database a the privileges and comments of b."""
    qualified = "-c search_path="  # regprocedure and regclass print schema-qualified names
    with psycopg.connect(a_url, options=qualified) as a, psycopg.connect(b_url, options=qualified) as b:
        before, after = _privileges(a), _privileges(b)
        notes_before, notes_after = _comments(a), _comments(b)
    statements = []
    for (kind, identity), wanted in sorted(after.items()):
        held = before.get((kind, identity), set())
        for grantee, privilege, _ in sorted(held - wanted):
            statements.append(f"revoke {privilege.lower()} on {kind} {identity} from {grantee};")
        for grantee, privilege, grantable in sorted(wanted - held):
            option = " with grant option" if grantable else ""
            statements.append(f"grant {privilege.lower()} on {kind} {identity} to {grantee}{option};")
    for key in sorted(notes_before.keys() | notes_after.keys()):
        if notes_before.get(key) != notes_after.get(key):
            kind, identity = key
            text = notes_after.get(key)
            literal = "null" if text is None else sql.Literal(text).as_string()
            statements.append(f"comment on {kind} {identity} is {literal};")
    return "\n".join(statements)


def _privileges(conn: psycopg.Connection) -> dict[tuple[str, str], set[tuple[str, str, bool]]]:
    found: dict[tuple[str, str], set[tuple[str, str, bool]]] = defaultdict(set)
    for kind, identity, grantee, privilege, grantable in conn.execute(Q["privileges"], {"not_ours": NOT_OURS}):
        held = found[(kind, identity)]
        if grantee is not None:
            held.add((grantee, privilege, grantable))
    return found


def _comments(conn: psycopg.Connection) -> dict[tuple[str, str], str]:
    kinds = {"table column": "column", "view column": "column", "materialized view column": "column"}
    return {
        (kinds.get(t, t), identity): text for t, identity, text in conn.execute(Q["comments"], {"not_ours": NOT_OURS})
    }


def apply_sql(url: str, text: str, label: str) -> None:
    """Run generated SQL in one transaction (as a migration runs)."""
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        execute_file(conn, SqlFile(Path(label), text))


def compile_migration(scratch: ScratchServer, source: str, target_url: str) -> str:
    """The SQL that turns scratch database `source` into the target's schema, proven by applying
    it to a copy of `source` and comparing schema dumps."""
    with scratch.session("probe"):
        probe = scratch.clone(source, "probe")  # before `results` connects: a template must be idle
        structure = structural_diff(scratch.url(source), target_url)
        apply_sql(probe, structure, "<results dbdiff>")
        grants = privileges_and_comments(probe, target_url)
        apply_sql(probe, grants, "<privileges and comments>")
        remaining = dump_difference(probe, target_url, ("compiled", "declarative"))
    if remaining:
        raise SchemaDiffError(f"the compiled migration does not reproduce the declarative schema:\n{remaining}")
    return "\n\n".join(part for part in (structure, grants) if part)
