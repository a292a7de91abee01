"""Timed duties (`private.duties`, docs/duties.md): run one now, or every one that is due.

A run is one transaction on its connection; the elected scheduler opens it with its fencing
token (`private.leader_fence`), so a deposed leader's run is refused (`Deposed`) before it
claims anything. The duty's registry row is locked first
(`private.claim_duty`, `for update skip locked`): a second scheduler skips a duty that is
running and, once it commits, finds it no longer due. A SQL duty is one statement
(`private.run_duty`: its function, the failure caught to a savepoint, the state recorded). A
Python duty (files in the storage backend, indexes built CONCURRENTLY) runs its handler while
the row stays locked, in a savepoint of the same transaction, then records the run. A crash
anywhere rolls the transaction back, so the next tick runs the duty again; each duty's work is
idempotent (rows change state once; deleting a missing file or building an existing index does
nothing), so a repeat changes nothing more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

import psycopg

from creatorverse.db import connect
from creatorverse.media.storage.base import Storage, StoredObject, object_key
from creatorverse.search.indexes import sync_passage_indexes


@dataclass(frozen=True)
class DutyRun:
    duty: str
    rows: int | None
    error: str | None
    duration_ms: int | None
    next_due_at: datetime | None


@dataclass(frozen=True)
class DutyContext:
    """What a Python duty gets: its run's connection (inside the run's transaction), its batch
    bound, the database URL (for work that cannot run in a transaction) and the storage."""

    conn: psycopg.AsyncConnection
    batch: int
    database_url: str
    storage: Callable[[], Storage]


class UnknownDuty(LookupError):
    pass


class DutyFailed(RuntimeError):
    pass


class Deposed(RuntimeError):
    """The scheduler's lease was taken by another: its action's transaction was aborted."""


class Fence(Protocol):
    async def fence(self, conn: psycopg.AsyncConnection) -> None: ...


async def _sync_passage_indexes(ctx: DutyContext) -> int:
    """Per-organization passage indexes (batch = the passages that earn an organization its own
    index): built and dropped CONCURRENTLY on an autocommit connection of their own."""

    def sync() -> list:
        with connect.connect_sync(ctx.database_url, autocommit=True) as conn:
            return sync_passage_indexes(conn, min_passages=ctx.batch)

    changes = await asyncio.to_thread(sync)
    failed = [c for c in changes if c.error]
    if failed:
        raise DutyFailed(f"{len(failed)} of {len(changes)} index changes failed: {failed[0].error}")
    return len(changes)


async def _cleanup_storage_orphans(ctx: DutyContext) -> int:
    """Files of assets deleted or failed past the grace period, removed from the configured
    backend; then the rows are marked purged (a failed asset's bytes leave the organization's
    storage use). Deleting a missing file is no error, so a run repeated after a crash between
    the two steps only marks the rows."""
    storage = ctx.storage()
    orphans = await (
        await ctx.conn.execute(
            "select asset_id, organization_id, storage_paths from private.storage_orphans(%s, %s, %s)",
            (ctx.batch, storage.backend, storage.bucket),
        )
    ).fetchall()
    for _, organization_id, paths in orphans:
        for path in paths:
            try:
                key = object_key(UUID(str(organization_id)), path)
            except ValueError:
                continue  # a path no backend would have stored under the organization's folder
            await storage.delete(
                StoredObject(
                    backend=storage.backend, bucket=storage.bucket, storage_path=path, key=key, url="", size_bytes=0
                )
            )
    if not orphans:
        return 0
    cursor = await ctx.conn.execute("select private.mark_storage_purged(%s)", ([o[0] for o in orphans],))
    return (await cursor.fetchone())[0]


PYTHON_DUTIES: dict[str, Callable[[DutyContext], Awaitable[int]]] = {
    "sync_passage_indexes": _sync_passage_indexes,
    "cleanup_storage_orphans": _cleanup_storage_orphans,
}


def _configured_storage() -> Storage:
    from creatorverse.media.storage.configured import storage_from_settings
    from creatorverse.settings import get_settings

    return storage_from_settings(get_settings())


async def run_duty(
    conn: psycopg.AsyncConnection,
    name: str,
    *,
    database_url: str,
    force: bool = False,
    storage: Callable[[], Storage] = _configured_storage,
    fence: Fence | None = None,
) -> DutyRun | None:
    """Run duty `name` if it is due (any time with `force`) and no one else is running it; None
    otherwise. `conn` must be in autocommit mode (the run is its own transaction, opened by
    `fence` when a leader runs it: `Deposed` when it no longer leads)."""
    row = await (await conn.execute("select kind from private.duties where name = %s", (name,))).fetchone()
    if row is None:
        raise UnknownDuty(f"unknown duty: {name}")
    if row[0] == "sql":
        async with conn.transaction() if fence else nullcontext():
            if fence:
                await fence.fence(conn)
            result = (await (await conn.execute("select private.run_duty(%s, %s)", (name, force))).fetchone())[0]
        if result is None:
            return None
        return DutyRun(
            result["duty"],
            result["rows"],
            result["error"],
            result["duration_ms"],
            datetime.fromisoformat(result["next_due_at"]),
        )
    async with conn.transaction():
        if fence:
            await fence.fence(conn)
        claimed = await (
            await conn.execute("select batch_size, clock_timestamp() from private.claim_duty(%s, %s)", (name, force))
        ).fetchone()
        if claimed is None:
            return None
        batch, started = claimed
        rows: int | None = None
        error: str | None = None
        try:
            async with conn.transaction():  # a savepoint: a failed handler's writes go, the record stays
                rows = await PYTHON_DUTIES[name](DutyContext(conn, batch, database_url, storage))
        except psycopg.OperationalError:
            raise  # the connection or transaction is gone: nothing is recorded, the next tick retries
        except Exception as failure:  # a duty's failure is recorded and logged, never the scheduler's end
            error = f"{type(failure).__name__}: {failure}"
        finished = await (
            await conn.execute(
                "select last_duration_ms, next_due_at from private.finish_duty(%s, %s, %s, %s)",
                (name, started, rows, error),
            )
        ).fetchone()
    return DutyRun(name, rows, error, finished[0], finished[1])


async def due_duties(conn: psycopg.AsyncConnection) -> list[tuple[str, bool]]:
    """The duties due now, soonest first: (name, may run concurrently)."""
    cursor = await conn.execute("select name, may_run_concurrently from private.due_duties()")
    return [(name, concurrent) for name, concurrent in await cursor.fetchall()]
