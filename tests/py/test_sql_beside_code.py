"""Python keeps no SQL text: every query lives in a `.sql` file beside the module that runs it
(`-- name: NAME` blocks loaded by `creatorverse.db.queries.load`), where sqlfluff lints it and a
reader finds it by name. A string literal passed to a cursor's execute (or to executemany,
stream, copy), directly, as an f-string or concatenation, or through a module-level string
constant, fails this guard."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "creatorverse"
RUNS_SQL = {"execute", "executemany", "stream", "copy"}
# `creatorverse.db` is the toolbox that runs the migrations and reads the catalog: its own queries
# are in its .sql files too, but it also runs the migration files' text it was given.
EXEMPT_PACKAGES = ("db/",)
# modules allowed to keep inline SQL for now, with the reason; the list only shrinks
ALLOWED = {
    # the workers' engine, duties, scheduler and webhook sender are rewritten in this wave by the
    # helper that decodes claimed jobs by name (issue 22): their SQL moves to workers/*.sql with it
    "workers/duties.py": "rewritten in parallel (issue 22, job decoding)",
    "workers/engine.py": "rewritten in parallel (issue 22, job decoding)",
    "workers/scheduler.py": "rewritten in parallel (issue 22, job decoding)",
    "workers/webhooks.py": "rewritten in parallel (issue 22, job decoding)",
}


def _string_constants(tree: ast.Module) -> set[str]:
    """Module-level names bound to a string (or an f-string, or a concatenation of strings)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _is_text(node.value, set()):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
            and _is_text(node.value, set())
        ):
            names.add(node.target.id)
    return names


def _is_text(node: ast.expr, constants: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left, constants) or _is_text(node.right, constants)
    if isinstance(node, ast.Name):
        return node.id in constants
    return False


def inline_sql(path: Path, root: Path = PACKAGE) -> list[str]:
    """`file:line` (relative to `root`) of every call in `path` that runs SQL text written in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _string_constants(tree)
    return [
        f"{path.relative_to(root).as_posix()}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in RUNS_SQL
        and node.args
        and _is_text(node.args[0], constants)
    ]


def modules() -> list[Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py")) if not p.relative_to(PACKAGE).as_posix().startswith(EXEMPT_PACKAGES)
    ]


def test_no_module_keeps_sql_text_inline():
    offenders = [hit for p in modules() if p.relative_to(PACKAGE).as_posix() not in ALLOWED for hit in inline_sql(p)]
    assert offenders == [], f"SQL written inline (move it to a .sql file beside the module): {offenders}"


def test_the_allowed_list_names_only_modules_that_still_need_it():
    stale = [name for name in ALLOWED if not (PACKAGE / name).exists() or not inline_sql(PACKAGE / name)]
    assert stale == [], f"no longer keep inline SQL: remove them from ALLOWED: {stale}"


def test_the_guard_sees_every_way_of_writing_sql_inline(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Q = 'select 1'\n"
        "def f(conn, t):\n"
        "    conn.execute('select 1')\n"
        "    conn.execute(f'listen {t}')\n"
        "    conn.execute('select ' + t)\n"
        "    conn.execute(Q)\n"
        "    conn.cursor().executemany('insert into x values (%s)', [])\n"
        "    conn.execute(QUERIES['named'])\n",
        encoding="utf-8",
    )
    assert inline_sql(sample, tmp_path) == [f"sample.py:{n}" for n in (3, 4, 5, 6, 7)]
