"""The status_machine triggers in supabase/functions are generated from private.transitions
(core.sql, "Status machines"): each is the verbatim rendering of its machine's rows, and
`creatorverse db status-machines --write` (creatorverse.db.status_machines) re-renders them in
place after a machine changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from creatorverse.db.status_machines import rendered, rewrite

FUNCTIONS = Path(__file__).resolve().parents[2] / "supabase" / "functions"


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
