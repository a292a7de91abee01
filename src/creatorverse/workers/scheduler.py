"""The scheduler: every worker may run one, only the holder of an advisory lock acts.

Every `tick` seconds the leader starts due cron runs (`scheduler_tick`) and runs the timed
duties that are due (`private.duties`, creatorverse.workers.duties, docs/duties.md): one
transaction each, one after another on its connection, except those that may run
concurrently (index builds, storage I/O), which run in the background on a connection of
their own, at most one run of each per process. A duty's failure is logged and retried at the
next tick; the others go on. The lock is a session lock: if the leader dies, its connection
closes and another takes over (a duty it was running rolls back and is run again by the next
leader; the duty's row lock keeps the two from running it at once). A loop that wins the lock
while it is itself shutting down (the old leader released it on its way out) gives it back at
once instead of leading for no time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import psycopg

from creatorverse.media.storage.base import Storage
from creatorverse.workers import duties
from creatorverse.workers.logs import log

LOCK_KEY = "creatorverse.scheduler"


async def scheduler_loop(
    database_url: str,
    stopping: asyncio.Event,
    logger: logging.Logger,
    tick: float = 5.0,
    storage: Callable[[], Storage] | None = None,
) -> None:
    conn: psycopg.AsyncConnection | None = None
    leader = False
    background: dict[str, asyncio.Task] = {}
    options = {"storage": storage} if storage else {}
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
                    await run_due_duties(conn, database_url, logger, background, stopping, **options)
            except psycopg.Error as error:
                log(logger, logging.ERROR, "scheduler step failed", error=str(error))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), tick)
    finally:
        if background:
            await asyncio.gather(*background.values(), return_exceptions=True)
        if conn is not None:
            await conn.close()


async def run_due_duties(
    conn: psycopg.AsyncConnection,
    database_url: str,
    logger: logging.Logger,
    background: dict[str, asyncio.Task],
    stopping: asyncio.Event,
    **options,
) -> None:
    """One tick's duties: those due now, in due order, on `conn`; those that may run
    concurrently in the background (`background` holds this process's runs by name)."""
    for name, concurrent in await duties.due_duties(conn):
        if stopping.is_set():
            return
        if concurrent:
            if name not in background or background[name].done():
                background[name] = asyncio.create_task(_run_alone(database_url, name, logger, **options))
            continue
        log_run(logger, name, await duties.run_duty(conn, name, database_url=database_url, **options))


async def _run_alone(database_url: str, name: str, logger: logging.Logger, **options) -> None:
    try:
        async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
            log_run(logger, name, await duties.run_duty(conn, name, database_url=database_url, **options))
    except psycopg.Error as error:
        log(logger, logging.ERROR, "duty failed", duty=name, error=str(error))


def log_run(logger: logging.Logger, name: str, run: duties.DutyRun | None) -> None:
    """A structured log line per run: `duty` (info) or `duty failed` (error, retried next tick)."""
    if run is None:
        return  # another scheduler is running it, or ran it since it was listed
    if run.error:
        log(logger, logging.ERROR, "duty failed", duty=name, error=run.error, duration_ms=run.duration_ms)
    else:
        log(
            logger,
            logging.INFO,
            "duty",
            duty=name,
            rows=run.rows,
            duration_ms=run.duration_ms,
            next_due_at=run.next_due_at,
        )
