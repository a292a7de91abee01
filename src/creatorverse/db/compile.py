"""Compile the declarative sources into migrations, and detect drift between the two.

Two scratch databases: `migrated` (the migrations alone, what `supabase db push` builds) and
`declared` (a copy with the declarative files applied on top, removals included). Their
difference is what `creatorverse db diff NAME` writes as a new migration; CI requires none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from creatorverse.db.declarative import apply_declarative, discover
from creatorverse.db.migrate import discover_migrations
from creatorverse.db.schema_diff import compile_migration, dump_difference
from creatorverse.db.scratch import ScratchServer
from creatorverse.settings import Settings

_NAME = re.compile(r"^[a-z0-9_]+$")


@dataclass
class Drift:
    migration_sql: str  # what `db diff` would write; empty when in step
    dump_diff: str  # the schema dumps' unified diff, migrations-only -> declarative

    @property
    def clean(self) -> bool:
        return not self.migration_sql and not self.dump_diff


def drift(settings: Settings, scratch: ScratchServer) -> Drift:
    """How the declarative files differ from what the migrations build."""
    with scratch.session("migrated", "declared"):
        scratch.migrated("migrated", settings.migrations_dir)
        declared = scratch.clone("migrated", "declared")
        apply_declarative(declared, discover(settings.declarative_dirs))
        dump_diff = dump_difference(scratch.url("migrated"), declared, ("migrations", "declarative"))
        migration_sql = compile_migration(scratch, "migrated", declared) if dump_diff else ""
    return Drift(migration_sql, dump_diff)


def next_version(migrations_dir: Path, now: datetime | None = None) -> str:
    """A version after every existing migration: the current UTC time, or the last one plus a second."""
    stamp = (now or datetime.now(UTC)).replace(microsecond=0, tzinfo=None)
    versions = [m.version for m in discover_migrations(migrations_dir)]
    if versions:
        stamp = max(stamp, datetime.strptime(max(versions), "%Y%m%d%H%M%S") + timedelta(seconds=1))
    return stamp.strftime("%Y%m%d%H%M%S")


def write_migration(settings: Settings, name: str, body: str) -> Path:
    if not _NAME.match(name):
        raise ValueError("migration names are lowercase letters, digits and underscores")
    path = settings.migrations_dir / f"{next_version(settings.migrations_dir)}_{name}.sql"
    header = (
        "-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:\n"
        "-- edit those files, not this one.\n"
        "-- noqa: disable=all\n\n"
    )
    path.write_text(header + body.rstrip() + "\n", encoding="utf-8")
    return path
