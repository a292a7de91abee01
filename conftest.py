"""The test harness.

Migrates once into a template database (rebuilt only when the migrations change), clones it
into one database per test session, and hands both the pgTAP files and the Python tests
connections to that clone. The template holds the migrations alone, exactly what
`supabase db push` deploys; the test helpers are loaded into the clone (and by each pgTAP file).

It sits at the repository root because pytest collects the pgTAP files where the Supabase CLI
runs them, `supabase/tests/database/`, as well as the Python tests in `tests/py/`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.types.string import TextLoader
from pytest_pgtap.pgtap import Runner

from creatorverse.db import connect, server
from creatorverse.db.migrate import Migrator
from creatorverse.settings import Settings

ROOT = Path(__file__).resolve().parent
TEMPLATE = "creatorverse_test_template"
# `supabase test db` runs every .sql file under supabase/tests: the helpers' psql include has
# another extension so that it is not run as a test file of its own
HELPERS = ROOT / "supabase" / "tests" / "helpers" / "tests_schema.psql"
PGTAP_DIR = ROOT / "supabase" / "tests" / "database"
SEARCH_PATH = '"$user", public, extensions'


def pytest_sessionstart(session: pytest.Session) -> None:
    """pgTAP files left in the old folder would silently never run."""
    stray = sorted(path.name for path in (ROOT / "tests" / "sql").glob("*.sql"))
    if stray:
        raise pytest.UsageError(
            f"pgTAP files in tests/sql/ are not run: `git mv` them to supabase/tests/database/ "
            f"(and include ../helpers/tests_schema.psql): {', '.join(stray)}"
        )


def _fingerprint(settings: Settings) -> str:
    digest = hashlib.sha256()
    for path in sorted(settings.migrations_dir.glob("*.sql")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _build_template(admin_url: str, settings: Settings, fingerprint: str) -> None:
    """(Re)create the migrated template unless one built from the same SQL exists."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("select pg_advisory_lock(hashtext('creatorverse.test_template'))")
        try:
            row = admin.execute(
                "select shobj_description(oid, 'pg_database') from pg_database where datname = %s", (TEMPLATE,)
            ).fetchone()
            if row and row[0] == fingerprint:
                return
            server.drop_database(admin_url, TEMPLATE)
            template_url = server.ensure_database(admin_url, TEMPLATE)
            Migrator(template_url, settings.migrations_dir).run()
            admin.execute(
                sql.SQL("comment on database {} is {}").format(sql.Identifier(TEMPLATE), sql.Literal(fingerprint))
            )
        finally:
            admin.execute("select pg_advisory_unlock(hashtext('creatorverse.test_template'))")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(CREATORVERSE_ROOT=ROOT)


@pytest.fixture(scope="session")
def admin_url(settings: Settings) -> str:
    """A maintenance database on the test server: DATABASE_URL's server, or the embedded one."""
    return settings.database_url or connect.embedded_admin_url(settings)


@contextmanager
def template_clone(admin_url: str, settings: Settings, name: str) -> Iterator[str]:
    """A database of its own cloned from the migrated template, with the test helpers loaded;
    dropped afterwards. Tests whose committed rows or running scheduler would act on other tests'
    rows (a scheduler runs every due duty on the whole database) take one per module."""
    _build_template(admin_url, settings, _fingerprint(settings))
    server.drop_database(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {} template {}").format(sql.Identifier(name), sql.Identifier(TEMPLATE)))
        # per-database settings are not copied from a template
        admin.execute(sql.SQL("alter database {} set search_path = " + SEARCH_PATH).format(sql.Identifier(name)))
    url = server.with_database(admin_url, name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(HELPERS.read_text())
    try:
        yield url
    finally:
        server.drop_database(admin_url, name)


@pytest.fixture(scope="session")
def db_url(admin_url: str, settings: Settings) -> Iterator[str]:
    """This session's own clone of the migrated template."""
    with template_clone(admin_url, settings, f"creatorverse_test_{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="session")
def pgtap_connection(db_url: str) -> Iterator[psycopg.Connection]:
    """pytest-pgtap runs every supabase/tests/database/test_*.sql file on this connection.

    Set-up statements such as `select tests.create_user(...)` return rows too: load them
    as text so that `TapOnlyRunner` can tell them from TAP lines.
    """
    with psycopg.connect(db_url) as conn:
        for info in psycopg.postgres.types:
            conn.adapters.register_loader(info.oid, TextLoader)
        yield conn


class TapOnlyRunner(Runner):
    """Runs a pgTAP file as psql would, for the parts pgTAP files use: `\\ir FILE` includes FILE
    (relative to supabase/tests/database), so each file loads its own helpers and also runs under
    pg_prove.
    Keeps only TAP lines: a set-up row such as a UUID starting with "1" would otherwise read as a
    second TAP plan."""

    _TAP = re.compile(r"^(ok|not ok|#|1\.\.\d|Bail out!)")
    _INCLUDE = re.compile(r"^\\ir\s+(\S+)\s*$", re.MULTILINE)

    def run(self, query):
        text = self._INCLUDE.sub(lambda m: (PGTAP_DIR / m.group(1)).read_text(), query)
        return [line for line in super().run(text) if line and self._TAP.match(line)]


@pytest.fixture(scope="session")
def _pgtap_runner(pgtap_connection: psycopg.Connection) -> Runner:
    return TapOnlyRunner(pgtap_connection)


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection]:
    """A connection whose work is rolled back after the test."""
    with psycopg.connect(db_url) as connection:
        connection.execute("begin")
        yield connection
        connection.rollback()


class Auth:
    """The SQL test helpers, for Python tests: act as a user within the test's transaction."""

    def __init__(self, connection: psycopg.Connection):
        self.conn = connection

    def create_user(self, identifier: str, email: str | None = None):
        return self.conn.execute("select tests.create_user(%s, %s)", (identifier, email)).fetchone()[0]

    def user_id(self, identifier: str):
        return self.conn.execute("select tests.get_user_id(%s)", (identifier,)).fetchone()[0]

    def as_user(self, identifier: str) -> None:
        self.conn.execute("select tests.authenticate_as(%s)", (identifier,))

    def as_service_role(self) -> None:
        self.conn.execute("select tests.authenticate_as_service_role()")

    def as_anon(self) -> None:
        self.conn.execute("select tests.clear_authentication()")

    def as_owner(self) -> None:
        """Back to the connection's own (superuser) role."""
        self.conn.execute("reset role; select set_config('request.jwt.claims', '', true)")


@pytest.fixture
def auth(conn: psycopg.Connection) -> Auth:
    return Auth(conn)


@pytest.fixture
def local_egress(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The worker's development switch (CREATORVERSE_EGRESS_ALLOW_LOCAL): outbound requests may
    use http:// and reach receivers on 127.0.0.1, as they do in these tests."""
    from creatorverse.settings import get_settings

    monkeypatch.setenv("CREATORVERSE_EGRESS_ALLOW_LOCAL", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def local_egress_db(db_url: str) -> Iterator[None]:
    """The database's development switch (system_settings egress.allow_local): stored webhook
    and provider URLs may name 127.0.0.1."""

    def switch(value: str) -> None:
        with psycopg.connect(db_url, autocommit=True) as connection:
            connection.execute(
                "update public.system_settings set value = %s where key = 'egress.allow_local'", (value,)
            )

    switch("true")
    yield
    switch("false")
