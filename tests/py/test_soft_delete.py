"""Soft delete (docs/studio.md, Soft delete): a catalog guard holding every table with `deleted_at`
to the one mechanism, and the retention duty purge_deleted_rows proven by running the elected
scheduler at a moved clock (as tests/py/test_duties.py does; a database of its own)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from test_duties import run_scheduler
from test_invest_concurrency import launch_campaign

from conftest import template_clone


@pytest.fixture(scope="module")
def db_url(admin_url, settings):
    """Overrides the session's database for this module: a scheduler at a moved clock acts on every row."""
    with template_clone(admin_url, settings, f"creatorverse_soft_delete_{os.getpid()}") as url:
        yield url


def top_level_conjuncts(expression: str) -> list[str]:
    """The operands of an expression's top-level ANDs, as pg_get_expr prints it (outer parentheses off)."""
    while expression.startswith("(") and expression.endswith(")"):
        depth = 0
        for position, char in enumerate(expression):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and position < len(expression) - 1:
                break
        else:
            expression = expression[1:-1]
            continue
        break
    parts, depth, start = [], 0, 0
    for position, char in enumerate(expression):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and expression.startswith(" AND ", position):
            parts.append(expression[start:position])
            start = position + len(" AND ")
    parts.append(expression[start:])
    return [part.strip() for part in parts]


def test_top_level_conjuncts():
    assert top_level_conjuncts("((deleted_at IS NULL) AND ((a = 1) OR (b AND c)))") == [
        "(deleted_at IS NULL)",
        "((a = 1) OR (b AND c))",
    ]
    assert top_level_conjuncts("(((deleted_at IS NULL) AND a) OR b)") == ["((deleted_at IS NULL) AND a) OR b"]


def test_every_table_with_deleted_at_is_soft_deleted_and_hides_deleted_rows(db_url):
    """The catalog guard: a table with `deleted_at` has the `soft_delete` trigger (a client's DELETE
    becomes a soft delete), and each SELECT policy the API roles pass requires `deleted_at IS NULL`
    of the row itself (a top-level AND: no other branch shows a deleted row)."""
    with psycopg.connect(db_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid"
                " where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')"
                " and a.attname = 'deleted_at' and not a.attisdropped order by 1"
            )
        ]
        triggered = {
            row[0]
            for row in conn.execute(
                "select t.tgrelid::regclass::text from pg_trigger t"
                " where t.tgname = 'soft_delete' and t.tgfoid = 'private.soft_delete()'::regprocedure"
                " and t.tgtype & (1 | 2 | 8) = (1 | 2 | 8)"  # row, before, delete
            )
        }
        policies = conn.execute(
            "select tablename, policyname, qual from pg_policies where schemaname = 'public'"
            " and cmd in ('SELECT', 'ALL') and permissive = 'PERMISSIVE'"
            " and roles && array['anon', 'authenticated', 'public']::name[] and tablename = any(%s)",
            (tables,),
        ).fetchall()
    assert len(tables) >= 20
    assert [t for t in tables if f"public.{t}" not in triggered and t not in triggered] == [], "without soft_delete"
    showing_deleted = [
        (table, name) for table, name, qual in policies if "(deleted_at IS NULL)" not in top_level_conjuncts(qual)
    ]
    assert showing_deleted == [], f"SELECT policies that may show a deleted row: {showing_deleted}"


def client(conn: psycopg.Connection, identifier: str, statement: str, params=()) -> None:
    with conn.transaction():
        conn.execute("select tests.authenticate_as(%s)", (identifier,))
        conn.execute(statement, params)


def test_rows_deleted_longer_ago_than_the_retention_are_purged(db_url):
    """At a clock past the retention: rows deleted before it are gone for good (their children with
    them), a recent deletion stays restorable, a live row stays, a deleted project a campaign still
    points at is kept for later without blocking the others."""
    tag = uuid.uuid4().hex[:8]
    owner = f"owner-{tag}"
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("select tests.create_user(%s)", (owner,))
        org = conn.execute("select tests.create_organization(%s, %s)", (owner, f"purge-{tag}")).fetchone()[0]
        projects = {
            title: conn.execute(
                "insert into public.projects (organization_id, title) values (%s, %s) returning id", (org, title)
            ).fetchone()[0]
            for title in ("Live", "Funded")
        }
        launch_campaign(conn, projects["Funded"])
        stories = {
            title: conn.execute(
                "insert into public.stories (project_id, title) values (%s, %s) returning id",
                (projects["Live"], title),
            ).fetchone()[0]
            for title in ("old", "recent", "live")
        }
        book = conn.execute(
            "insert into public.books (project_id, title) values (%s, 'Old book') returning id", (projects["Live"],)
        ).fetchone()[0]
        conn.execute("insert into public.chapters (book_id, chapter_number, content) values (%s, 1, 'Text')", (book,))

        # the owner deletes them as a client would: soft deletes
        client(conn, owner, "delete from public.stories where id = any(%s)", ([stories["old"], stories["recent"]],))
        client(conn, owner, "delete from public.books where id = %s", (book,))
        client(conn, owner, "delete from public.projects where id = %s", (projects["Funded"],))
        deleted = "select count(*) from public.stories where id = any(%s) and deleted_at is not null"
        assert conn.execute(deleted, (list(stories.values()),)).fetchone()[0] == 2

        clock = datetime.now(UTC) + timedelta(days=8)
        recently = clock - timedelta(days=1)
        conn.execute("update public.stories set deleted_at = %s where id = %s", (recently, stories["recent"]))

        run_scheduler(db_url, clock, "purge_deleted_rows")

        remaining = {
            row[0]
            for row in conn.execute("select title from public.stories where id = any(%s)", (list(stories.values()),))
        }
        assert remaining == {"recent", "live"}
        assert conn.execute("select count(*) from public.books where id = %s", (book,)).fetchone()[0] == 0
        assert conn.execute("select count(*) from public.chapters where book_id = %s", (book,)).fetchone()[0] == 0, (
            "the book's chapters (deleted with it) are gone too"
        )
        kept = conn.execute(
            "select p.deleted_at is not null, d.retry_after > %s from public.projects p"
            " join private.purge_deferred d on d.row_id = p.id and d.table_name = 'public.projects'::regclass"
            " where p.id = %s",
            (clock, projects["Funded"]),
        ).fetchone()
        assert kept == (True, True), "the campaign's project stays deleted, to be tried again later"
        assert conn.execute("select deleted_at from public.projects where id = %s", (projects["Live"],)).fetchone() == (
            None,
        )
