"""Act for someone the way the API does: PostgREST runs each request in a transaction as role
`authenticated` (or `service_role`) with the caller's JWT claims in `request.jwt.claims`.

The CLI's operator commands go through this one door, so they meet the same RPCs, RLS
policies and checks as a client would (supabase/tests/helpers/tests_schema.psql does the same for pgTAP).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import psycopg

_CLAIMS = """
select json_build_object(
    'sub', u.id, 'email', u.email, 'role', 'authenticated', 'aud', 'authenticated',
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb))::text
from auth.users u where u.id = %s
"""


@contextmanager
def acting_as(conn: psycopg.Connection, user_id: UUID) -> Iterator[psycopg.Connection]:
    """A transaction in which `conn` is the signed-in user `user_id` (role authenticated)."""
    with conn.transaction():
        row = conn.execute(_CLAIMS, (user_id,)).fetchone()
        if row is None:
            raise LookupError(f"no user with id {user_id}")
        previous = _identity(conn)
        _become(conn, "authenticated", row[0])
        yield conn
        _become(conn, *previous)


@contextmanager
def acting_as_service(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """A transaction as the service role (the operator's key: RLS bypassed, grants still apply)."""
    with conn.transaction():
        previous = _identity(conn)
        _become(conn, "service_role", json.dumps({"role": "service_role"}))
        yield conn
        _become(conn, *previous)


def _identity(conn: psycopg.Connection) -> tuple[str, str]:
    return conn.execute(
        "select current_setting('role'), coalesce(current_setting('request.jwt.claims', true), '')"
    ).fetchone()


def _become(conn: psycopg.Connection, role: str, claims: str) -> None:
    # set_config(..., true) is `set local`: it ends with the transaction. When `conn` was already
    # in one, the block above is a savepoint, whose release keeps local settings: so the previous
    # identity is put back explicitly (a rolled-back savepoint restores it by itself).
    conn.execute("select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)", (role, claims))
