"""Split a SQL script into statements, keeping each statement's first line number.

Understands what can hide a semicolon: quoted strings (also E'' escapes), quoted
identifiers, dollar-quoted bodies, line comments and nested block comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$")


@dataclass(frozen=True)
class Statement:
    text: str
    line: int  # 1-based line of the statement's first character in the script

    def line_of(self, position: int) -> int:
        """Script line of a 1-based character `position` inside this statement (Postgres's error position)."""
        return self.line + self.text.count("\n", 0, max(position - 1, 0))


def split_sql(script: str) -> list[Statement]:
    statements: list[Statement] = []
    i, n = 0, len(script)
    start = 0
    while i < n:
        ch = script[i]
        nxt = script[i + 1] if i + 1 < n else ""
        if ch == "-" and nxt == "-":
            end = script.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch == "/" and nxt == "*":
            i = _skip_block_comment(script, i)
        elif ch == "'":
            escaped = (
                i > 0 and script[i - 1] in "eE" and (i < 2 or not (script[i - 2].isalnum() or script[i - 2] == "_"))
            )
            i = _skip_quoted(script, i, "'", backslash=escaped)
        elif ch == '"':
            i = _skip_quoted(script, i, '"', backslash=False)
        elif ch == "$" and (m := _DOLLAR_TAG.match(script, i)) and not _inside_word(script, i):
            end = script.find(m.group(0), m.end())
            i = n if end < 0 else end + len(m.group(0))
        elif ch == ";":
            _append(statements, script, start, i)
            i += 1
            start = i
        else:
            i += 1
    _append(statements, script, start, n)
    return statements


def _inside_word(script: str, i: int) -> bool:
    # `$1` parameters and identifiers like a$b are not dollar quotes
    return i > 0 and (script[i - 1].isalnum() or script[i - 1] == "_")


def _skip_block_comment(script: str, i: int) -> int:
    depth, i = 1, i + 2
    while i < len(script) and depth:
        if script.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif script.startswith("*/", i):
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return i


def _skip_quoted(script: str, i: int, quote: str, *, backslash: bool) -> int:
    i += 1
    while i < len(script):
        ch = script[i]
        if backslash and ch == "\\":
            i += 2
        elif ch == quote:
            if script.startswith(quote * 2, i):
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return i


def _append(statements: list[Statement], script: str, start: int, end: int) -> None:
    chunk = script[start:end]
    if not _has_code(chunk):
        return
    lead = len(chunk) - len(chunk.lstrip())
    text = chunk.strip()
    statements.append(Statement(text, script.count("\n", 0, start + lead) + 1))


def _has_code(chunk: str) -> bool:
    stripped = re.sub(r"--[^\n]*", "", chunk)
    stripped = re.sub(r"/\*.*?\*/", "", stripped, flags=re.S)
    return bool(stripped.strip())
