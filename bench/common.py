"""Shared by the benchmarks: a freshly migrated database and latency sampling."""

from __future__ import annotations

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
