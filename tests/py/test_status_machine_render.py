"""The status_machine triggers in supabase/functions are generated from private.transitions
(core.sql, "Status machines"): each is the verbatim rendering of its machine's rows, and
`creatorverse db status-machines --write` (creatorverse.db.status_machines) re-renders them in
place after a machine changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from creatorverse.db.status_machines import rendered, rewrite

FUNCTIONS = Path(__file__).resolve().parents[2] / "supabase" / "functions"
CLI = Path(sys.executable).parent / "creatorverse"


def test_declarative_files_hold_each_machine_as_rendered(conn: psycopg.Connection) -> None:
    statements = rendered(conn)
    assert len(statements) == 11
    assert rewrite(FUNCTIONS, statements, write=False) == []


def test_a_changed_machine_is_rewritten_in_its_file(conn: psycopg.Connection, tmp_path: Path) -> None:
    functions = tmp_path / "functions"
    shutil.copytree(FUNCTIONS, functions)
    conn.execute("insert into private.transitions values ('orders', 'delivered', 'shipped')")
    statements = rendered(conn, ["orders"])
    assert "when 'delivered' then new.status not in ('refunded', 'shipped')" in statements["orders"]

    assert rewrite(functions, statements, write=False) == [functions / "store.sql"]
    assert rewrite(functions, statements, write=True) == [functions / "store.sql"]
    store = (functions / "store.sql").read_text(encoding="utf-8")
    assert statements["orders"] in store
    assert store.count("create or replace trigger status_machine before update on public.orders") == 1
    assert rewrite(functions, statements, write=False) == []


def test_a_machine_without_its_statement_or_rows_is_refused(conn: psycopg.Connection, tmp_path: Path) -> None:
    functions = tmp_path / "functions"
    shutil.copytree(FUNCTIONS, functions)
    (functions / "invitations.sql").write_text("-- emptied\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"status machine invitations: .* found in no file"):
        rewrite(functions, rendered(conn, ["invitations"]), write=False)
    with pytest.raises(ValueError, match="no status machine named nope"):
        rendered(conn, ["nope"])


def _cli(*args: str, url: str, root: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    environment.update(DATABASE_URL=url, CREATORVERSE_ROOT=str(root), COLUMNS="200")
    return subprocess.run(
        [str(CLI), "db", "status-machines", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_the_command_prints_and_rewrites(conn: psycopg.Connection, db_url: str, tmp_path: Path) -> None:
    statements = rendered(conn)
    shutil.copytree(FUNCTIONS, tmp_path / "supabase" / "functions")
    store = tmp_path / "supabase" / "functions" / "store.sql"
    # the statement as it was before the moves were compiled in: stale
    former = (
        "create or replace trigger status_machine before update on public.orders\n"
        "for each row when (old.status is distinct from new.status)\n"
        "execute function private.enforce_transition('orders');"
    )
    store.write_text(store.read_text(encoding="utf-8").replace(statements["orders"], former), encoding="utf-8")

    done = _cli("credit_holds", "orders", url=db_url, root=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == statements["credit_holds"] + "\n\n" + statements["orders"] + "\n"

    done = _cli("--write", url=db_url, root=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wrote", "supabase/functions/store.sql"]
    assert statements["orders"] in store.read_text(encoding="utf-8")
    done = _cli("--write", url=db_url, root=tmp_path)
    assert "no changes" in done.stdout

    done = _cli("nope", url=db_url, root=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: no status machine named nope (a machine is its rows of private.transitions)"
