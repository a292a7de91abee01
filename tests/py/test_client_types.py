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


def test_an_rpc_signature_change_breaks_the_client_type_check(
    admin_url: str, settings: Settings, tmp_path: Path
) -> None:
    """request_film's `script_id` renamed by a migration: regenerated types refuse the example's call."""
    for part in ("supabase/migrations", "examples/client"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "package.json", tmp_path / "package.json")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "supabase" / "migrations" / "29990101000000_rename_request_film_argument.sql").write_text(
        "drop function public.request_film(uuid, jsonb, text);\n"
        "create function public.request_film(film_script uuid, options jsonb default '{}',"
        " dedup_key text default null)\n"
        "returns public.generations language sql as $$ select null::public.generations $$;\n"
    )
    scratch = ScratchServer(admin_url, f"creatorverse_client_types_{os.getpid()}")
    with scratch.session("renamed"):
        generated = typegen.generate(tmp_path, scratch.migrated("renamed", tmp_path / "supabase" / "migrations"))
    database_ts = tmp_path / typegen.OUTPUTS["typescript"]
    assert generated[database_ts] != (ROOT / typegen.OUTPUTS["typescript"]).read_text(encoding="utf-8")
    database_ts.parent.mkdir(parents=True)
    database_ts.write_text(generated[database_ts], encoding="utf-8")

    checked = type_check(tmp_path)
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
