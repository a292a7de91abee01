"""The migration runner against scratch databases."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import psycopg
import pytest

from creatorverse.db import server
from creatorverse.db.declarative import apply_declarative, discover
from creatorverse.db.migrate import ChangedMigrationError, Migrator, OutOfOrderMigrationError, SqlFileError


@pytest.fixture
def scratch_url(admin_url: str):
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    url = server.ensure_database(admin_url, name)
    yield url
    server.drop_database(admin_url, name)


@pytest.fixture
def layout(tmp_path: Path):
    migrations = tmp_path / "migrations"
    functions = tmp_path / "functions"
    migrations.mkdir()
    functions.mkdir()
    (migrations / "20260101000000_first.sql").write_text("create table public.a (id int primary key);\n")
    (migrations / "20260102000000_second.sql").write_text("create table public.b (id int primary key);\n")
    (functions / "f.sql").write_text(
        "create or replace function public.answer() returns int language sql as 'select 42';\n"
    )
    return migrations, functions


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("select tablename from pg_tables where schemaname = 'public'")}


def test_second_run_applies_nothing(scratch_url, layout):
    migrations, _ = layout
    first = Migrator(scratch_url, migrations).run()
    assert [m.version for m in first.pending] == ["20260101000000", "20260102000000"]
    second = Migrator(scratch_url, migrations).run()
    assert second.empty
    with psycopg.connect(scratch_url) as conn:
        rows = conn.execute(
            "select version, name, statements, checksum from supabase_migrations.schema_migrations order by version"
        ).fetchall()
        # the runner applies migrations and nothing else: declarative files reach a database via `db diff`
        assert conn.execute("select to_regprocedure('public.answer()')").fetchone()[0] is None
    assert rows[0][:3] == ("20260101000000", "first", ["create table public.a (id int primary key)"])
    assert len(rows[0][3]) == 64


def test_dry_run_lists_without_applying(scratch_url, layout):
    migrations, _ = layout
    plan = Migrator(scratch_url, migrations).run(dry_run=True)
    assert [m.name for m in plan.pending] == ["first", "second"]
    assert _tables(scratch_url) == set()


def test_declarative_files_define_exactly_what_exists(scratch_url, layout):
    """Applied to a scratch database, the declarative files create their objects and drop
    ours that they no longer define."""
    migrations, functions = layout
    Migrator(scratch_url, migrations).run()
    assert apply_declarative(scratch_url, discover([functions])) == []
    (functions / "f.sql").write_text(
        "create or replace function public.question() returns text language sql as $$select 'why'$$;\n"
    )
    assert apply_declarative(scratch_url, discover([functions])) == ["function public.answer()"]
    with psycopg.connect(scratch_url) as conn:
        assert conn.execute("select to_regprocedure('public.answer()')").fetchone()[0] is None
        assert conn.execute("select public.question()").fetchone()[0] == "why"


def test_edited_applied_migration_is_refused(scratch_url, layout):
    migrations, _ = layout
    Migrator(scratch_url, migrations).run()
    (migrations / "20260101000000_first.sql").write_text("create table public.a (id bigint primary key);\n")
    (migrations / "20260103000000_third.sql").write_text("create table public.c (id int);\n")
    with pytest.raises(ChangedMigrationError, match=r"20260101000000_first\.sql.*has changed"):
        Migrator(scratch_url, migrations).run()
    assert "c" not in _tables(scratch_url)


def test_broken_file_reports_line_and_leaves_no_partial_state(scratch_url, layout):
    migrations, _ = layout
    (migrations / "20260103000000_broken.sql").write_text(
        "create table public.half (id int);\n"
        "insert into public.half values (1);\n"
        "\n"
        "select no_such_column\n"
        "from public.half;\n"
    )
    with pytest.raises(SqlFileError) as caught:
        Migrator(scratch_url, migrations).run()
    error = caught.value
    assert error.path.name == "20260103000000_broken.sql" and error.line == 4
    assert error.sqlstate == "42703" and "no_such_column" in str(error)
    # the earlier migrations landed, nothing of the broken one did
    assert _tables(scratch_url) == {"a", "b"}
    with psycopg.connect(scratch_url) as conn:
        versions = [r[0] for r in conn.execute("select version from supabase_migrations.schema_migrations")]
        assert "20260103000000" not in versions


def test_broken_declarative_file_rolls_back_all_of_them(scratch_url, layout):
    migrations, functions = layout
    (functions / "g.sql").write_text(
        "create or replace function public.broken() returns int language sql as 'select x';\n"
    )
    Migrator(scratch_url, migrations).run()
    with pytest.raises(SqlFileError, match=r"g.sql:1: 42703"):
        apply_declarative(scratch_url, discover([functions]))
    with psycopg.connect(scratch_url) as conn:
        assert conn.execute("select to_regprocedure('public.answer()')").fetchone()[0] is None


def test_concurrent_migrators_do_not_interleave(scratch_url, layout):
    migrations, _ = layout
    (migrations / "20260103000000_slow.sql").write_text("select pg_sleep(0.3);\ncreate table public.slow (id int);\n")
    plans, errors = [], []

    def migrate():
        try:
            plans.append(Migrator(scratch_url, migrations).run())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=migrate) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(p.pending) for p in plans) == [0, 0, 3]


def test_a_migration_older_than_the_newest_applied_is_refused_unless_included(scratch_url, layout):
    """A merged branch's migration sorts before what the database already applied: run now, it
    would come after migrations that a fresh deploy runs after it (a function both define would
    keep the older form). Refused, as `supabase db push` refuses it, unless include_all."""
    migrations, _ = layout
    Migrator(scratch_url, migrations).run()
    (migrations / "20260101120000_from_a_branch.sql").write_text("create table public.c (id int primary key);\n")
    with pytest.raises(OutOfOrderMigrationError, match=r"20260101120000_from_a_branch\.sql: older than"):
        Migrator(scratch_url, migrations).run()
    assert "c" not in _tables(scratch_url)
    applied = Migrator(scratch_url, migrations).run(include_all=True)
    assert [m.version for m in applied.pending] == ["20260101120000"]
    assert "c" in _tables(scratch_url)
