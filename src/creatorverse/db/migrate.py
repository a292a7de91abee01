"""The migration runner: what runs locally is what `supabase db push` deploys.

`supabase/migrations/<YYYYMMDDHHMMSS>_<name>.sql`, in version order, each in its own
transaction, recorded in `supabase_migrations.schema_migrations` (the Supabase CLI's history
table) with a checksum. An applied file that has changed since is refused. Nothing else is
applied: the declarative sources reach a database only through migrations (`db diff`).

Two migrators never interleave: the whole run holds an advisory lock.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from creatorverse.db.queries import load
from creatorverse.db.sqlsplit import Statement, split_sql
from creatorverse.progress import Tracker

_MIGRATION_FILE = re.compile(r"^(\d{14})_([a-z0-9_]+)\.sql$")
Q = load("creatorverse.db", "migrate.sql")


class MigrationError(Exception):
    """A migration could not run; the database is as it was before the failing file."""


class ChangedMigrationError(MigrationError):
    pass


class OutOfOrderMigrationError(MigrationError):
    """A pending migration is older than the newest applied one (a merged branch's): applied now,
    it would run after migrations that a fresh deploy runs after it, and a function or policy
    both define would be left in the older one's form. `supabase db push` refuses the same
    unless `--include-all`."""


class SqlFileError(MigrationError):
    def __init__(self, path: Path, line: int, error: psycopg.Error):
        diag = error.diag
        detail = "".join(
            f"\n  {label}: {text}"
            for label, text in (("detail", diag.message_detail), ("hint", diag.message_hint), ("context", diag.context))
            if text
        )
        super().__init__(f"{path}:{line}: {diag.sqlstate or ''} {diag.message_primary or error}{detail}")
        self.path, self.line, self.sqlstate = path, line, diag.sqlstate


@dataclass(frozen=True)
class SqlFile:
    path: Path
    text: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def statements(self) -> list[Statement]:
        return split_sql(self.text)


@dataclass(frozen=True)
class Migration(SqlFile):
    version: str = ""
    name: str = ""


@dataclass
class Plan:
    pending: list[Migration] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.pending


def discover_migrations(folder: Path) -> list[Migration]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_FILE.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named <YYYYMMDDHHMMSS>_<name>.sql")
        found.append(Migration(path, path.read_text(encoding="utf-8"), match.group(1), match.group(2)))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"{folder}: two migration files share a version")
    return found


class Migrator:
    def __init__(self, url: str, migrations_dir: Path):
        self.url = url
        self.migrations_dir = migrations_dir

    def plan(self, conn: psycopg.Connection, include_all: bool = False) -> Plan:
        migrations = discover_migrations(self.migrations_dir)
        applied = {v: (name, checksum) for v, name, checksum in conn.execute(Q["applied"])}
        newest_applied = max(applied, default="")
        pending = []
        for m in migrations:
            if m.version not in applied:
                pending.append(m)
                continue
            recorded = applied[m.version][1]
            if recorded is None:
                conn.execute(Q["backfill_checksum"], {"version": m.version, "checksum": m.checksum})
            elif recorded != m.checksum:
                raise ChangedMigrationError(
                    f"{m.path}: already applied as version {m.version}, but the file has changed since. "
                    "Applied migrations are never edited: write a new migration instead."
                )
        older = [m.path.name for m in pending if m.version < newest_applied]
        if older and not include_all:
            raise OutOfOrderMigrationError(
                f"{', '.join(older)}: older than the newest migration this database has applied "
                f"({newest_applied}). Applied now, they would run after migrations a fresh deploy runs after "
                "them, and the database would differ from a fresh one. Give the change a new version "
                "(`creatorverse db diff` again on top of what is applied), or apply them anyway with "
                "--include-all (as `supabase db push --include-all`)."
            )
        return Plan(pending)

    def run(self, *, dry_run: bool = False, include_all: bool = False, progress: Tracker | None = None) -> Plan:
        """Apply what is pending (refusing migrations older than the newest applied unless
        `include_all`); `progress` counts the migrations run."""
        progress = progress or Tracker()
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("set client_min_messages = warning")
            conn.execute(Q["lock"])
            try:
                conn.execute(Q["bootstrap"])
                plan = self.plan(conn, include_all)
                if not dry_run:
                    progress.set_total(len(plan.pending))
                    for migration in plan.pending:
                        with conn.transaction():
                            execute_file(conn, migration)
                            conn.execute(
                                Q["record"],
                                {
                                    "version": migration.version,
                                    "name": migration.name,
                                    "statements": [s.text for s in migration.statements],
                                    "checksum": migration.checksum,
                                },
                            )
                        progress.advance()
                return plan
            finally:
                conn.execute(Q["unlock"])


def execute_file(conn: psycopg.Connection, sql_file: SqlFile) -> None:
    """Run a file statement by statement; an error names the file and line."""
    for statement in sql_file.statements:
        try:
            conn.execute(statement.text, prepare=False)
        except psycopg.Error as error:
            position = int(error.diag.statement_position or 1)
            raise SqlFileError(sql_file.path, statement.line_of(position), error) from error
