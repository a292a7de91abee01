"""Resolve the database the platform runs on: `DATABASE_URL`, or the embedded server."""

from __future__ import annotations

from creatorverse.db import server
from creatorverse.settings import Settings


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
