"""The scheduler: every worker may run one, only the holder of an advisory lock acts.

The leader starts due cron runs (`scheduler_tick`) every `tick` seconds and runs the
housekeeping (`scheduler_maintenance`: expired leases, expired credit holds, next months'
partitions, the daily-usage materialized view; then the per-organization passage indexes,
creatorverse.search.indexes) every `maintenance_every` seconds. The lock
is a session lock: if the leader dies, its connection closes and another takes over. A
loop that wins the lock while it is itself shutting down (the old leader released it on
its way out) gives it back at once instead of leading for no time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import psycopg

from creatorverse.search.indexes import sync_passage_indexes
from creatorverse.workers.logs import log

LOCK_KEY = "creatorverse.scheduler"


async def scheduler_loop(
    database_url: str,
    stopping: asyncio.Event,
    logger: logging.Logger,
    tick: float = 5.0,
    maintenance_every: float = 300.0,
) -> None:
    conn: psycopg.AsyncConnection | None = None
    leader = False
    # the first maintenance runs as soon as this loop leads (not "300 s after the
    # monotonic clock's zero", which is the machine's boot on Linux)
    last_maintenance: float | None = None
    try:
        while not stopping.is_set():
            try:
                if conn is None or conn.closed:
                    leader = False  # a session lock ends with its session
                    conn = await psycopg.AsyncConnection.connect(database_url, autocommit=True)
                if not leader:
                    cursor = await conn.execute("select pg_try_advisory_lock(hashtext(%s))", (LOCK_KEY,))
                    leader = (await cursor.fetchone())[0]
                    if leader and stopping.is_set():
                        # the query raced with shutdown: whoever is still running may lead
                        await conn.execute("select pg_advisory_unlock(hashtext(%s))", (LOCK_KEY,))
                        break
                    if leader:
                        log(logger, logging.INFO, "elected scheduler")
                if leader:
                    cursor = await conn.execute("select public.scheduler_tick()")
                    started = (await cursor.fetchone())[0]
                    if started:
                        log(logger, logging.INFO, "scheduled runs started", runs=started)
                    if last_maintenance is None or time.monotonic() - last_maintenance >= maintenance_every:
                        cursor = await conn.execute("select public.scheduler_maintenance()")
                        log(logger, logging.INFO, "maintenance", **(await cursor.fetchone())[0])
                        last_maintenance = time.monotonic()
                        await _passage_indexes(database_url, logger)
            except psycopg.Error as error:
                log(logger, logging.ERROR, "scheduler step failed", error=str(error))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), tick)
    finally:
        if conn is not None:
            await conn.close()


async def _passage_indexes(database_url: str, logger: logging.Logger) -> None:
    """The per-organization passage indexes, in a thread (a build takes seconds); a failure is
    logged and waits for the next maintenance like the rest of it."""

    def sync() -> list:
        with psycopg.connect(database_url, autocommit=True) as conn:
            return sync_passage_indexes(conn)

    try:
        changes = await asyncio.to_thread(sync)
    except psycopg.Error as error:
        log(logger, logging.ERROR, "passage indexes failed", error=str(error))
        return
    for change in changes:
        log(
            logger,
            logging.ERROR if change.error else logging.INFO,
            "passage index",
            action=change.action,
            organization=str(change.organization_id),
            error=change.error,
        )
