"""The scheduler: every worker may run one, only the holder of the leader lease acts.

Every `tick` seconds each loop takes or renews the `scheduler` role of
`private.leader_leases` for `lease_seconds` (`private.leader_acquire`); the holder starts
due cron runs (`scheduler_tick`) and runs the timed duties that are due (`private.duties`,
creatorverse.workers.duties, docs/duties.md): one transaction each, one after another on
its connection, except those that may run concurrently (index builds, storage I/O), which
run in the background on a connection of their own, at most one run of each per process.
Every such transaction starts with the leader's fencing token (`private.leader_fence`): a
leader whose lease expired and was taken (a long pause, a partition) is refused in the
action's own transaction, never acts beside the new one, and turns follower. Nothing
depends on the session, so the loop runs behind a transaction-mode pooler. A leader that
stops gives the role up at once; one that dies is replaced once its lease expires. A
duty's failure is logged and retried at the next tick; the others go on. A loop that wins
the role while it is itself shutting down gives it back at once instead of leading for no
time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from creatorverse.db import connect
from creatorverse.media.storage.base import Storage
from creatorverse.workers import duties
from creatorverse.workers.logs import log

ROLE = "scheduler"


@dataclass(frozen=True)
class Leadership:
    """The scheduler role as this loop holds it; `fence` opens each of its actions."""

    holder: str
    token: int

    async def fence(self, conn: psycopg.AsyncConnection) -> None:
        """Inside the action's transaction: raises `duties.Deposed` when the role was taken."""
        try:
            await conn.execute("select private.leader_fence(%s, %s, %s)", (ROLE, self.holder, self.token))
        except psycopg.errors.ObjectNotInPrerequisiteState as error:
            raise duties.Deposed(error.diag.message_primary or str(error)) from error


async def scheduler_loop(
    database_url: str,
    stopping: asyncio.Event,
    logger: logging.Logger,
    tick: float = 5.0,
    storage: Callable[[], Storage] | None = None,
    lease_seconds: int = 30,
) -> None:
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    conn: psycopg.AsyncConnection | None = None
    leader: Leadership | None = None
    background: dict[str, asyncio.Task] = {}
    options = {"storage": storage} if storage else {}
    try:
        while not stopping.is_set():
            try:
                if conn is None or conn.closed:
                    conn = await connect.connect_async(
                        database_url, autocommit=True, application_name=f"creatorverse scheduler {holder}"
                    )
                cursor = await conn.execute("select private.leader_acquire(%s, %s, %s)", (ROLE, holder, lease_seconds))
                token = (await cursor.fetchone())[0]
                if token is None:
                    if leader is not None:
                        log(logger, logging.WARNING, "scheduler lease lost", token=leader.token)
                    leader = None
                elif leader is None or leader.token != token:
                    if stopping.is_set():
                        # the acquire raced with shutdown: whoever is still running may lead
                        await conn.execute("select private.leader_release(%s, %s)", (ROLE, holder))
                        break
                    leader = Leadership(holder, token)
                    log(logger, logging.INFO, "elected scheduler", token=token)
                if leader is not None:
                    async with conn.transaction():
                        await leader.fence(conn)
                        cursor = await conn.execute("select public.scheduler_tick()")
                        started = (await cursor.fetchone())[0]
                    if started:
                        log(logger, logging.INFO, "scheduled runs started", runs=started)
                    await run_due_duties(conn, database_url, logger, background, stopping, fence=leader, **options)
            except duties.Deposed as deposed:
                log(logger, logging.WARNING, "scheduler deposed", error=str(deposed))
                leader = None
            except psycopg.Error as error:
                log(logger, logging.ERROR, "scheduler step failed", error=str(error))
                leader = None  # standing unknown: the next acquire renews the lease or finds it taken
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), tick)
    finally:
        if background:
            await asyncio.gather(*background.values(), return_exceptions=True)
        if conn is not None:
            if not conn.closed:  # also after a failed step: the lease may still name this loop
                with contextlib.suppress(psycopg.Error):
                    await conn.execute("select private.leader_release(%s, %s)", (ROLE, holder))
            await conn.close()


async def run_due_duties(
    conn: psycopg.AsyncConnection,
    database_url: str,
    logger: logging.Logger,
    background: dict[str, asyncio.Task],
    stopping: asyncio.Event,
    fence: Leadership | None = None,
    **options,
) -> None:
    """One tick's duties: those due now, in due order, on `conn`; those that may run
    concurrently in the background (`background` holds this process's runs by name). With a
    `fence`, each run's transaction first checks that the leader still holds the role."""
    for name, concurrent in await duties.due_duties(conn):
        if stopping.is_set():
            return
        if concurrent:
            if name not in background or background[name].done():
                background[name] = asyncio.create_task(_run_alone(database_url, name, logger, fence, **options))
            continue
        log_run(logger, name, await duties.run_duty(conn, name, database_url=database_url, fence=fence, **options))


async def _run_alone(database_url: str, name: str, logger: logging.Logger, fence: Leadership | None, **options) -> None:
    try:
        async with await connect.connect_async(database_url, autocommit=True) as conn:
            log_run(logger, name, await duties.run_duty(conn, name, database_url=database_url, fence=fence, **options))
    except duties.Deposed as deposed:
        log(logger, logging.WARNING, "scheduler deposed", duty=name, error=str(deposed))
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
