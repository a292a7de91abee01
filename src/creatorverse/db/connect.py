"""Resolve the database the platform runs on: `DATABASE_URL`, or the embedded server."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from creatorverse.db import server
from creatorverse.settings import Settings, get_settings

# Supabase's transaction-mode pooler (Supavisor); its session pooler and the direct
# connection use 5432
SUPABASE_TRANSACTION_POOLER_PORT = "6543"


def database_url(settings: Settings, *, start: bool = True) -> str:
    """URL of the platform's database. With no DATABASE_URL, the embedded server is started
    (when `start`) and the project database created on it."""
    if settings.database_url:
        return settings.database_url
    state = server.status(settings.pgdata)
    if not state.running:
        if not start:
            raise RuntimeError("the embedded database is not running: run `creatorverse db start`")
        admin_url = server.start(settings.pgdata)
    else:
        admin_url = state.admin_url
    return server.ensure_database(admin_url, settings.database_name)


def embedded_admin_url(settings: Settings) -> str:
    """URL of the embedded server's maintenance database, starting the server if needed."""
    if settings.database_url:
        raise RuntimeError("DATABASE_URL is set: the embedded server is not in use")
    state = server.status(settings.pgdata)
    return state.admin_url if state.running else server.start(settings.pgdata)


def scratch_admin_url(settings: Settings) -> str:
    """Where the schema tools build scratch databases: always the embedded server, so that
    `db diff` and `db check` never create databases on a DATABASE_URL server."""
    state = server.status(settings.pgdata)
    return state.admin_url if state.running else server.start(settings.pgdata)


def transaction_pooled(url: str) -> bool:
    """Whether `url` reaches the database through a transaction-mode pooler: each transaction
    may run on another server session, so nothing may rely on one (LISTEN, prepared
    statements, session advisory locks, `set`). CREATORVERSE_DATABASE_POOLER says so, or
    (`auto`) the port of Supabase's pooler does."""
    setting = get_settings().database_pooler
    if setting != "auto":
        return setting == "transaction"
    return conninfo_to_dict(url).get("port") == SUPABASE_TRANSACTION_POOLER_PORT


def _session_free(url: str, options: dict[str, Any]) -> dict[str, Any]:
    # psycopg prepares a query on the server after 5 runs: behind a transaction pooler the
    # next run may land on a session that never saw it
    return {"prepare_threshold": None, **options} if transaction_pooled(url) else options


def connect_sync(url: str, **options: Any) -> psycopg.Connection:
    """A connection of the workers' processes, fit for a transaction pooler when behind one."""
    return psycopg.connect(url, **_session_free(url, options))


async def connect_async(url: str, **options: Any) -> psycopg.AsyncConnection:
    """An async connection of the workers' processes, fit for a transaction pooler when behind one."""
    return await psycopg.AsyncConnection.connect(url, **_session_free(url, options))
