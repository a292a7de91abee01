"""Clients typed by Supabase's own generator: examples/client (supabase-js) type-checks with tsc
against the committed supabase/types/database.ts, and a migration that changes an RPC the client
calls breaks that type check once the types are regenerated. (That the committed types are the
generator's current output is tests/py/test_deploy.py's snapshot check.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from creatorverse.db import typegen
from creatorverse.db.scratch import ScratchServer
from creatorverse.db.snapshot import stale_files, write_files
from creatorverse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / "node_modules" / ".bin" / "tsc"


def type_check(project_root: Path) -> subprocess.CompletedProcess:
    assert TSC.exists(), "tsc is not installed: run `make node` (npm ci; make test does it)"
    return subprocess.run(
        [str(TSC), "-p", str(project_root / "examples" / "client")], capture_output=True, text=True, timeout=300
    )


def test_the_client_example_type_checks_against_the_generated_types() -> None:
    checked = type_check(ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.fixture
def project_copy(settings: Settings, tmp_path: Path) -> Settings:
    """The migrations, the generated files and the client example, in a folder a test may edit."""
    for part in ("supabase/migrations", "supabase/policies", "docs/erd", "examples/client"):
        shutil.copytree(ROOT / part, tmp_path / part)
    for generated in ("supabase/schema.sql", "package.json", *map(str, typegen.OUTPUTS.values())):
        (tmp_path / generated).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / generated, tmp_path / generated)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return Settings(CREATORVERSE_ROOT=tmp_path, CREATORVERSE_DATA_DIR=settings.state_dir)


def test_an_rpc_signature_change_breaks_the_client_type_check(admin_url: str, project_copy: Settings) -> None:
    """A migration renames request_film's `script_id`: `db check` finds the types stale, `db snapshot`
    regenerates them, and tsc refuses the example's call."""
    root = project_copy.project_root
    (project_copy.migrations_dir / "29990101000000_rename_request_film_argument.sql").write_text(
        "drop function public.request_film(uuid, jsonb, text);\n"
        "create function public.request_film(film_script uuid, options jsonb default '{}',"
        " dedup_key text default null)\n"
        "returns public.generations language sql as $$ select null::public.generations $$;\n"
    )
    scratch = ScratchServer(admin_url, f"creatorverse_client_types_{os.getpid()}")
    with scratch.session("renamed"):
        url = scratch.migrated("renamed", project_copy.migrations_dir)
        # the pydantic models hold rows (tables, views), not functions: they stay current
        assert stale_files(project_copy, url) == [root / "supabase" / "schema.sql", root / "supabase/types/database.ts"]
        write_files(project_copy, url)

    assert "film_script: string" in (root / typegen.OUTPUTS["typescript"]).read_text(encoding="utf-8")
    checked = type_check(root)
    assert checked.returncode != 0
    assert "creatorverse.ts" in checked.stdout and "'script_id' does not exist" in checked.stdout, checked.stdout


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql://postgres:@/db_1?host=/tmp/pg%20data",
            "postgresql://postgres@localhost:5432/db_1?host=/tmp/pg%20data",
        ),
        ("host=/run/pg port=5433 dbname=x user=u", "postgresql://u@localhost:5433/x?host=/run/pg"),
        (
            "postgresql://me:p%40ss@db.example.com:6543/postgres?sslmode=require",
            "postgresql://me:p%40ss@db.example.com:6543/postgres?sslmode=require",
        ),
        ("postgresql://me@db.example.com/postgres?sslmode=prefer", "postgresql://me@db.example.com:5432/postgres"),
    ],
)
def test_the_generator_is_given_the_database_as_node_postgres_reads_it(url: str, expected: str) -> None:
    assert typegen.node_postgres_url(url) == expected
