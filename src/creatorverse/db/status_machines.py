"""The status_machine triggers in the declarative files, generated from private.transitions.

A machine's legal moves are rows of `private.transitions`; its table's `status_machine` trigger
carries them compiled into its WHEN clause (`private.status_machine_trigger` renders it), and
the declarative file holds that rendering verbatim. After a migration changes a machine's rows,
`creatorverse db status-machines --write` replaces each statement in place (then `db diff`).
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

from creatorverse.db.queries import load

Q = load("creatorverse.db", "status_machines.sql")


def rendered(conn: psycopg.Connection, machines: list[str] | None = None) -> dict[str, str]:
    """Each machine's trigger statement as the database renders it from its rows."""
    wanted = list(machines or [])
    rows = conn.execute(Q["status_machine_triggers"], {"machines": wanted}).fetchall()
    found = {machine: statement for machine, statement in rows}
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        raise ValueError(f"no status machine named {', '.join(unknown)} (a machine is its rows of private.transitions)")
    return found


def _statement(machine: str) -> re.Pattern[str]:
    """A machine's status_machine statement in a declarative file, from its first line to its end."""
    table = re.escape(machine)
    return re.compile(
        rf"^create or replace trigger status_machine before update on public\.{table}\n"
        rf"(?:.*\n)*?execute function private\.enforce_transition\('{table}'\);$",
        re.M,
    )


def rewrite(functions_dir: Path, statements: dict[str, str], write: bool) -> list[Path]:
    """The declarative files whose status_machine statements differ from `statements`, rewritten
    when `write`. Each machine's statement must be in exactly one file, once: a new machine's
    first statement is placed by hand (its file is its domain's)."""
    texts = {path: path.read_text(encoding="utf-8") for path in sorted(functions_dir.glob("*.sql"))}
    for machine, statement in statements.items():
        pattern = _statement(machine)
        homes = [(path, len(pattern.findall(text))) for path, text in texts.items() if pattern.search(text)]
        if [count for _, count in homes] != [1]:
            where = ", ".join(f"{path.name} ({count})" for path, count in homes) or "no file"
            raise ValueError(
                f"status machine {machine}: its status_machine trigger must be in one declarative file once, "
                f"found in {where}"
            )
        path = homes[0][0]
        texts[path] = pattern.sub(lambda _, statement=statement: statement, texts[path])
    changed = [path for path, text in texts.items() if text != path.read_text(encoding="utf-8")]
    if write:
        for path in changed:
            path.write_text(texts[path], encoding="utf-8")
    return changed
