"""Shared by the benchmarks: a freshly migrated database and latency sampling."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from creatorverse.db import connect, server
from creatorverse.db.migrate import Migrator
from creatorverse.settings import get_settings


@contextmanager
def bench_database(name: str, keep: bool = False) -> Iterator[str]:
    """A new database `name`, migrated; dropped afterwards unless `keep`.

    Uses DATABASE_URL's server when set (it needs CREATEDB), else the embedded one."""
    settings = get_settings()
    admin_url = settings.database_url or connect.embedded_admin_url(settings)
    server.drop_database(admin_url, name)
    url = server.ensure_database(admin_url, name)
    Migrator(url, settings.migrations_dir).run()
    try:
        yield url
    finally:
        if not keep:
            server.drop_database(admin_url, name)


def sample(run: Callable[[], object], repeat: int, warmup: int = 5) -> dict[str, float]:
    """Median and p95 latency of `run` in milliseconds."""
    for _ in range(warmup):
        run()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"median": statistics.median(timings), "p95": timings[int(0.95 * (len(timings) - 1))]}


def query_runner(conn: psycopg.Connection, query: str, params: tuple = ()) -> Callable[[], object]:
    return lambda: conn.execute(query, params, prepare=True).fetchall()


# one owner per organization, `orgs` of them: org-0 … org-N
SEED_ORGANIZATIONS = """
insert into auth.users (id, email, raw_user_meta_data)
select gen_random_uuid(), 'member' || g || '@bench.local', jsonb_build_object('n', g)
from generate_series(0, %(orgs)s - 1) g;
insert into public.organizations (name, slug, primary_owner_user_id)
select 'Org ' || (u.raw_user_meta_data ->> 'n'), 'org-' || (u.raw_user_meta_data ->> 'n'), u.id from auth.users u;
insert into public.organization_members (organization_id, user_id, role)
select o.id, o.primary_owner_user_id, 'owner' from public.organizations o where not o.is_personal;
"""


def access_token_claims(user_id, email: str = "someone@example.com") -> str:
    """The claims of a Supabase Auth access token for `user_id`, as PostgREST puts them in
    `request.jwt.claims`: every claim GoTrue issues (required and the usual optional ones),
    about 550 bytes. `auth.uid()` parses them as jsonb once per statement; a bare
    `{"sub", "role"}` makes that parse ~6x cheaper than it is behind a real token
    (0.65 µs against 4.0 µs here), so benchmarks use these."""
    issued = int(time.time())
    user = str(user_id)
    return json.dumps(
        {
            "aud": "authenticated",
            "exp": issued + 3600,
            "iat": issued,
            "iss": "https://abcdefghijklmnopqrst.supabase.co/auth/v1",
            "sub": user,
            "email": email,
            "phone": "",
            "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {"email": email, "email_verified": True, "phone_verified": False, "sub": user},
            "role": "authenticated",
            "aal": "aal1",
            "amr": [{"method": "password", "timestamp": issued}],
            "session_id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            "is_anonymous": False,
        }
    )


def act_as_owner(conn: psycopg.Connection, organization_id) -> None:
    """Act as the organization's owner, as PostgREST would (role + JWT claims); None: service_role."""
    if organization_id is None:
        conn.execute("set role service_role")
        return
    owner = conn.execute(
        "select primary_owner_user_id from public.organizations where id = %s", (organization_id,)
    ).fetchone()[0]
    act_as_user(conn, owner)


def act_as_user(conn: psycopg.Connection, user_id, role: str = "authenticated") -> None:
    """Act as `user_id` for the rest of the session, as PostgREST would: the API role and the
    claims of the user's access token."""
    conn.execute(f"set role {role}")
    conn.execute("select set_config('request.jwt.claims', %s, false)", (access_token_claims(user_id),))
