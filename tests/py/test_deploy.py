"""Deployment the Supabase way: the migrations alone are the whole platform.

`supabase db push` applies supabase/migrations/*.sql in order and nothing else; `supabase test db`
runs pg_prove over the pgTAP files. These tests build databases both ways and compare them with the
schema differ, prove that a declarative change without a migration fails the build until
`creatorverse db diff` compiles it, and that the committed schema snapshot is current.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from creatorverse.db import server, typegen
from creatorverse.db.compile import drift
from creatorverse.db.schema_diff import dump_difference, privileges_and_comments, structural_diff
from creatorverse.db.scratch import ScratchServer
from creatorverse.db.snapshot import stale_files
from creatorverse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PSQL = str(server.bin_dir() / "psql")


@pytest.fixture(scope="module")
def scratch(admin_url: str) -> ScratchServer:
    return ScratchServer(admin_url, f"creatorverse_deploy_{os.getpid()}")


@pytest.fixture
def project_copy(tmp_path: Path, settings: Settings) -> Settings:
    """The SQL sources and generated files of the project, in a folder a test may edit."""
    for part in ("supabase/migrations", "supabase/functions", "supabase/policies", "sql/views", "docs/erd"):
        shutil.copytree(settings.project_root / part, tmp_path / part)
    for generated in ("supabase/schema.sql", "package.json", *map(str, typegen.OUTPUTS.values())):
        (tmp_path / generated).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(settings.project_root / generated, tmp_path / generated)
    (tmp_path / "node_modules").symlink_to(settings.project_root / "node_modules")  # the type generator
    return Settings(CREATORVERSE_ROOT=tmp_path, CREATORVERSE_DATA_DIR=settings.state_dir)


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CREATORVERSE_ROOT": str(settings.project_root),
        "CREATORVERSE_DATA_DIR": str(settings.state_dir),
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "creatorverse"), *args], env=env, capture_output=True, text=True
    )


def test_psql_push_builds_what_the_runner_builds(scratch: ScratchServer, settings: Settings) -> None:
    """One transaction per file with plain psql, as `supabase db push` does, versus `db migrate`."""
    with scratch.session("pushed", "migrated"):
        pushed = server.ensure_database(scratch.admin_url, scratch.name("pushed"))
        for migration in sorted(settings.migrations_dir.glob("*.sql")):
            subprocess.run([PSQL, pushed, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", str(migration)], check=True)
        migrated = scratch.migrated("migrated", settings.migrations_dir)
        assert structural_diff(pushed, migrated) == ""
        assert privileges_and_comments(pushed, migrated) == ""
        assert dump_difference(pushed, migrated) == ""
        with psycopg.connect(migrated) as conn:
            policies, rpcs = conn.execute(
                "select (select count(*) from pg_policies), (select count(*) from pg_proc"
                " where pronamespace = 'public'::regnamespace and proname = 'hybrid_search_chapters')"
            ).fetchone()
        assert policies > 100 and rpcs == 1  # the API itself ships in the migrations


def test_declarative_sources_are_compiled_into_migrations(scratch: ScratchServer, settings: Settings) -> None:
    result = drift(settings, scratch)
    assert result.clean, (
        "supabase/functions, supabase/policies or sql/views changed without a migration; "
        f"run `creatorverse db diff NAME`. It would write:\n{result.migration_sql}\n\nschema dump diff:\n"
        + result.dump_diff[:20000]
    )


def test_an_edited_policy_is_drift_until_db_diff_compiles_it(scratch: ScratchServer, project_copy: Settings) -> None:
    policies = project_copy.project_root / "supabase" / "policies" / "billing.sql"
    policies.write_text(
        policies.read_text().replace("using (is_public);", "using (is_public and price_cents_monthly > 0);")
    )
    before = drift(project_copy, scratch)
    assert not before.clean and "plans_select" in before.migration_sql and "price_cents_monthly" in before.dump_diff

    compiled = cli(project_copy, "db", "diff", "paid_plans_only")
    assert compiled.returncode == 0, compiled.stderr
    written = sorted((project_copy.migrations_dir).glob("*_paid_plans_only.sql"))
    assert len(written) == 1 and "plans_select" in written[0].read_text()
    assert drift(project_copy, scratch).clean


def test_a_removed_function_is_dropped_by_the_compiled_migration(
    scratch: ScratchServer, project_copy: Settings
) -> None:
    (project_copy.project_root / "supabase" / "functions" / "feature_flags.sql").unlink()
    before = drift(project_copy, scratch)
    assert 'drop function if exists "public"."is_feature_enabled"' in before.migration_sql

    assert cli(project_copy, "db", "diff", "drop_feature_flag_check").returncode == 0
    assert drift(project_copy, scratch).clean
    assert cli(project_copy, "db", "diff", "nothing").stdout.startswith("no changes")


def test_schema_snapshot_and_erds_are_current(scratch: ScratchServer, settings: Settings) -> None:
    with scratch.session("snapshot"):
        stale = stale_files(settings, scratch.migrated("snapshot", settings.migrations_dir))
    assert stale == [], "run `creatorverse db snapshot` and commit the result"


def test_a_stale_snapshot_fails_the_check(scratch: ScratchServer, project_copy: Settings) -> None:
    migration = project_copy.migrations_dir / "29990101000000_describe_plans.sql"
    migration.write_text("comment on table public.plans is 'the plan catalogue';\n")
    with scratch.session("snapshot"):
        stale = stale_files(project_copy, scratch.migrated("snapshot", project_copy.migrations_dir))
    assert stale == [project_copy.project_root / "supabase" / "schema.sql"]


def supabase_test_db(tests_dir: Path, db_url: str, workdir: Path) -> list[str]:
    """`supabase test db` as the Supabase CLI runs it (internal/db/test/test.go), and what went wrong.

    The CLI enables pgTAP with `create extension if not exists pgtap with schema extensions`,
    bind-mounts only `supabase/tests` into its pg_prove container (a link leading outside the mount
    dangles there) and runs `pg_prove --ext .pg --ext .sql -r <mount>` from the mount's parent.
    Here the mount is a copy that keeps links as links. pg_prove skips a dangling link and reports
    `Result: NOTESTS` with exit code 0 when it finds nothing, so both are problems too.
    """
    mount = workdir / "supabase" / "tests"
    shutil.copytree(tests_dir, mount, symlinks=True)
    problems = [
        f"{link.relative_to(mount)} is a link leading outside supabase/tests: it dangles in the CLI's container"
        for link in sorted(mount.rglob("*"))
        if link.is_symlink() and not link.exists()
    ]
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("create extension if not exists pgtap with schema extensions")
    target = conninfo_to_dict(db_url)
    env = {
        **os.environ,
        "PGHOST": target.get("host", ""),
        "PGPORT": str(target.get("port", "5432")),
        "PGUSER": target.get("user", "postgres"),
        "PGPASSWORD": target.get("password", "") or "",
        "PGDATABASE": target["dbname"],
    }
    proved = subprocess.run(
        ["pg_prove", "--psql-bin", PSQL, "--ext", ".pg", "--ext", ".sql", "-r", str(mount)],
        cwd=mount.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if proved.returncode != 0 or "Result: PASS" not in proved.stdout:
        problems.append(f"pg_prove exit {proved.returncode}:\n{proved.stdout}{proved.stderr}")
    return problems


def test_supabase_test_db_passes_on_a_migrations_only_database(
    scratch: ScratchServer, settings: Settings, tmp_path: Path
) -> None:
    """Every pgTAP file, found and run the way `supabase test db` finds and runs them."""
    with scratch.session("prove"):
        migrated = scratch.migrated("prove", settings.migrations_dir)
        problems = supabase_test_db(settings.project_root / "supabase" / "tests", migrated, tmp_path)
    assert problems == []


PASSING_FILE = "begin;\nselect plan(1);\nselect ok(true, 'runs');\nselect * from finish();\nrollback;\n"


def test_supabase_test_db_fails_on_a_link_out_of_the_mount(db_url: str, tmp_path: Path) -> None:
    """The former layout: supabase/tests/database linked to tests/sql, which the CLI never mounts."""
    project = tmp_path / "project"
    (project / "tests" / "sql").mkdir(parents=True)
    (project / "tests" / "sql" / "test_runs.sql").write_text(PASSING_FILE)
    (project / "supabase" / "tests").mkdir(parents=True)
    (project / "supabase" / "tests" / "database").symlink_to(Path("..", "..", "tests", "sql"))
    problems = supabase_test_db(project / "supabase" / "tests", db_url, tmp_path / "container")
    assert problems[0].startswith("database is a link leading outside supabase/tests")
    assert "Result: NOTESTS" in problems[1]


def test_supabase_test_db_fails_on_a_file_without_a_plan(db_url: str, tmp_path: Path) -> None:
    """A helper file collected as a test, as `-r --ext .sql` would run a helpers .sql file."""
    tests = tmp_path / "tests"
    (tests / "database").mkdir(parents=True)
    (tests / "database" / "test_runs.sql").write_text(PASSING_FILE)
    (tests / "helpers").mkdir()
    (tests / "helpers" / "helpers.sql").write_text("select 1;\n")
    (problem,) = supabase_test_db(tests, db_url, tmp_path / "container")
    assert "helpers.sql" in problem and "No plan found" in problem and "Result: FAIL" in problem


def test_seed_builds_a_studio_through_the_api_rules(scratch: ScratchServer, settings: Settings) -> None:
    """supabase/seed.sql, run by `supabase db reset` after the migrations."""
    with scratch.session("seeded"):
        seeded = scratch.migrated("seeded", settings.migrations_dir)
        seed = settings.project_root / "supabase" / "seed.sql"
        subprocess.run([PSQL, seeded, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(seed)], check=True)
        with psycopg.connect(seeded) as conn:
            members = conn.execute(
                "select p.username, m.role::text from public.organization_members m"
                " join public.organizations o on o.id = m.organization_id"
                " join public.profiles p on p.id = m.user_id where o.slug = 'lantern-studio' order by 1"
            ).fetchall()
    assert members == [("ada", "owner"), ("ben", "editor")]


def test_compiled_policies_take_a_database_that_already_has_them(
    scratch: ScratchServer, settings: Settings, tmp_path: Path
) -> None:
    """Databases migrated before migrations were the deploy artifact got the declarative files
    from the runner: at that point in history the compiled baseline must run over its own
    objects (no 42710)."""
    baseline = next(settings.migrations_dir.glob("*_declarative_baseline.sql"))
    for migration in settings.migrations_dir.glob("*.sql"):
        if migration.name <= baseline.name:
            shutil.copy(migration, tmp_path / migration.name)
    with scratch.session("rerun"):
        migrated = scratch.migrated("rerun", tmp_path)
        result = subprocess.run(
            [PSQL, migrated, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", str(baseline)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 0, result.stderr
