"""The worker: an asyncio pool that runs queued jobs with a concurrency per kind.

Per kind, one loop completes what finished and claims more in a single call
(`job_complete_and_claim`: one transaction, one commit per batch). Every job holds a lease
(queue id + lease token); a heartbeat extends the leases of all jobs in flight at a third
of the lease and learns which the client cancelled and which were lost (fencing: a lost
job's result is never reported). Leases are short (the kinds' at most 20 s): a worker that
dies loses its jobs to another within the lease plus the reaper's cadence. Workers are
woken by LISTEN/NOTIFY on `creatorverse_jobs` and poll anyway, or only poll (`poll_only`,
and always behind a transaction-mode pooler, creatorverse.db.connect.transaction_pooled:
there a LISTEN's session is not the worker's). No call relies on session state, so every
connection may go through such a pooler.
SIGTERM stops claiming, lets jobs in flight finish for `grace_seconds`, then hands the
rest back to the queue. A lost database connection (a restart, a failover, a pooler
dropping it) or a transaction the database rolled back (deadlock, serialization) is logged
and retried on a new connection: completions not acknowledged are sent again, and fencing
refuses any the database had already taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import psycopg
from psycopg.rows import RowMaker
from psycopg.types.json import Jsonb

from creatorverse.db import connect
from creatorverse.workers import stop_signal
from creatorverse.workers.handlers import Handler, Job, JobError, Outcome
from creatorverse.workers.logs import log

CHANNEL = "creatorverse_jobs"
# errors after which the same call may succeed on a (new) connection: a lost connection, a
# deadlock or serialization failure (psycopg files both under OperationalError)
TRANSIENT_ERRORS = psycopg.OperationalError
RECONNECT_MAX_DELAY = 30.0


@dataclass
class WorkerConfig:
    database_url: str
    handlers: dict[str, Handler]
    concurrency: dict[str, int]
    batch_size: int = 10
    poll_interval: float = 1.0
    poll_only: bool = False
    lease_seconds: int | None = None
    grace_seconds: float = 30.0
    reap_interval: float = 5.0
    report_interval: float = 2.0
    until_empty: bool = False
    # claim lanes per kind: each has its own connection, so one lane's commit (an fsync)
    # overlaps the others' round trips; the kind's concurrency is split between them
    lanes: int = 2
    webhooks: bool = False
    scheduler: bool = False
    scheduler_tick: float = 5.0
    scheduler_lease_seconds: int = 30
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}")


class JobContext:
    """What a handler may do while it runs: report progress, log, notice cancellation."""

    def __init__(self, worker: Worker, job: Job):
        self._worker = worker
        self.job = job
        self.cancelled = asyncio.Event()

    async def progress(
        self,
        percent: float,
        step: str | None = None,
        *,
        completed_steps: int | None = None,
        total_steps: int | None = None,
        estimated_completion_at: Any = None,
        external_job_id: str | None = None,
    ) -> bool:
        """Progress and current step on the generation (clients see it). False: lease lost."""
        row = await self._worker.call_aux(
            "select public.job_progress(%s::bigint, %s::bigint, %s::numeric, %s::text, %s::integer, %s::integer, "
            "%s::timestamptz, %s::text)",
            (
                self.job.queue_id,
                self.job.lease_token,
                percent,
                step,
                completed_steps,
                total_steps,
                estimated_completion_at,
                external_job_id,
            ),
        )
        return bool(row and row[0])

    async def log(self, message: str, *, level: str = "info", stage: str | None = None, **data: Any) -> None:
        await self._worker.call_aux(
            "select public.job_log(%s::bigint, %s::bigint, %s::text, %s::text, %s::text, %s::jsonb)",
            (self.job.queue_id, self.job.lease_token, level, stage, message, Jsonb(data)),
        )


_ENTRY_COLUMNS = ["completed", *(f.name for f in fields(Job))]


def _completed_or_claimed(cursor: psycopg.AsyncCursor[Any]) -> RowMaker[int | Job]:
    """Rows of job_complete_and_claim: a completion accepted (its queue id) or a job claimed
    (the columns of public.claimed_job, read as `(claimed).*`). The names are checked once per
    result against Job's fields, then each row is built by position (half the cost of a
    keyword call per job)."""
    names = [column.name for column in cursor.description or ()]
    if names != _ENTRY_COLUMNS:
        raise RuntimeError(f"job_complete_and_claim returned {names}, the worker reads {_ENTRY_COLUMNS}")

    def entry(values: Sequence[Any]) -> int | Job:
        return values[0] if values[0] is not None else Job(*values[1:])

    return entry


@dataclass
class _Running:
    job: Job
    task: asyncio.Task
    ctx: JobContext
    lane: str
    stop_reason: str | None = None  # 'cancel' | 'lost' | 'shutdown'


class Worker:
    def __init__(self, config: WorkerConfig, logger: logging.Logger | None = None):
        unknown = set(config.concurrency) - set(config.handlers)
        if unknown:
            raise ValueError(f"no handler for kinds: {', '.join(sorted(unknown))}")
        self.config = config
        self.logger = logger or logging.getLogger("creatorverse.worker")
        self.running: dict[int, _Running] = {}
        # lanes are named "<kind>#<n>"
        self.lanes: dict[str, int] = {}
        for kind, concurrency in config.concurrency.items():
            count = max(1, min(config.lanes, concurrency))
            for n in range(count):
                self.lanes[f"{kind}#{n}"] = concurrency // count + (1 if n < concurrency % count else 0)
        self.finished: dict[str, deque] = {lane: deque() for lane in self.lanes}
        self.wake: dict[str, asyncio.Event] = {}
        self.stopping = asyncio.Event()
        self._empty_lanes: set[str] = set()
        self.claimed = self.completed = self.failed = self.lost = 0
        self._aux_lock = asyncio.Lock()
        self._aux: psycopg.AsyncConnection | None = None
        self._started = time.monotonic()
        self._rate_mark = (time.monotonic(), 0)
        self.rate = 0.0

    # -- database ---------------------------------------------------------------------------

    async def _connect(self) -> psycopg.AsyncConnection:
        return await connect.connect_async(
            self.config.database_url, autocommit=True, application_name=f"creatorverse worker {self.config.worker_id}"
        )

    async def _reconnect(
        self, conn: psycopg.AsyncConnection, error: Exception, **where: Any
    ) -> psycopg.AsyncConnection:
        """The same connection after a rolled-back transaction (after a pause, so that an error
        that repeats does not spin), else a new one, retried with backoff until the database
        answers or the worker stops."""
        log(self.logger, logging.WARNING, "database call failed; retrying", error=str(error), **where)
        delay = min(self.config.poll_interval, RECONNECT_MAX_DELAY)
        if not conn.closed:
            await asyncio.sleep(delay)
            return conn
        while True:
            try:
                return await self._connect()
            except psycopg.OperationalError as failure:
                if self.stopping.is_set():
                    raise
                log(self.logger, logging.WARNING, "reconnecting", error=str(failure), retry_in=delay, **where)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX_DELAY)

    async def _aux_execute(self, query: str, params: tuple) -> psycopg.AsyncCursor:
        """Heartbeats, progress, logs, failures and reports share one connection; a call that
        finds it lost is sent once more on a new one (each of them is safe to repeat)."""
        async with self._aux_lock:
            try:
                return await self._aux.execute(query, params)
            except TRANSIENT_ERRORS as error:
                self._aux = await self._reconnect(self._aux, error, connection="aux")
                return await self._aux.execute(query, params)

    async def call_aux(self, query: str, params: tuple = ()) -> tuple | None:
        cursor = await self._aux_execute(query, params)
        return await cursor.fetchone() if cursor.description else None

    # -- the loops --------------------------------------------------------------------------

    async def run(self) -> None:
        # the stop signals first: a worker told to stop while it starts (connecting to a slow or
        # unreachable database included) stops cleanly, as does one told before (stop_signal)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.stop)
        if stop_signal.requested.is_set():
            self.stop()
        self._aux = await self._unless_stopped(self._connect())
        if self._aux is None:
            log(self.logger, logging.INFO, "worker stopped before it started", worker=self.config.worker_id)
            return
        log(self.logger, logging.INFO, "worker started", worker=self.config.worker_id, kinds=self.config.concurrency)
        self.wake = {lane: asyncio.Event() for lane in self.lanes}
        helpers = [
            asyncio.create_task(self._heartbeat_loop()),
            asyncio.create_task(self._reap_loop()),
            asyncio.create_task(self._report_loop()),
        ]
        if not (self.config.poll_only or connect.transaction_pooled(self.config.database_url)):
            helpers.append(asyncio.create_task(self._listen_loop()))
        if self.config.webhooks:
            from creatorverse.workers.webhooks import delivery_loop

            helpers.append(asyncio.create_task(delivery_loop(self.config.database_url, self.stopping, self.logger)))
        if self.config.scheduler:
            from creatorverse.workers.scheduler import scheduler_loop

            helpers.append(
                asyncio.create_task(
                    scheduler_loop(
                        self.config.database_url,
                        self.stopping,
                        self.logger,
                        tick=self.config.scheduler_tick,
                        lease_seconds=self.config.scheduler_lease_seconds,
                    )
                )
            )
        try:
            if self.config.concurrency:
                await asyncio.gather(*(self._lane_loop(lane, n) for lane, n in self.lanes.items()))
            else:
                await self.stopping.wait()
        finally:
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            await self._report(stopping=True)
            await self._aux.close()
            log(
                self.logger,
                logging.INFO,
                "worker stopped",
                worker=self.config.worker_id,
                completed=self.completed,
                failed=self.failed,
                lost=self.lost,
            )

    async def _unless_stopped(self, starting: Any) -> Any:
        """The result of `starting`, or None (`starting` cancelled) when the worker stops first."""
        task = asyncio.ensure_future(starting)
        stopped = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, psycopg.Error):
            await task
        return None

    def stop(self) -> None:
        if not self.stopping.is_set():
            log(self.logger, logging.INFO, "shutting down", worker=self.config.worker_id, in_flight=len(self.running))
            self.stopping.set()
            for event in self.wake.values():
                event.set()

    def _in_flight(self, lane: str) -> int:
        return sum(1 for r in self.running.values() if r.lane == lane)

    async def _lane_loop(self, lane: str, concurrency: int) -> None:
        kind = lane.split("#")[0]
        conn = await self._connect()
        wake = self.wake[lane]
        done = self.finished[lane]
        deadline: float | None = None
        try:
            while True:
                if self.stopping.is_set() and deadline is None:
                    deadline = time.monotonic() + self.config.grace_seconds
                finished = [done.popleft() for _ in range(len(done))]
                try:
                    free = 0 if self.stopping.is_set() else concurrency - self._in_flight(lane)
                    want = min(free, self.config.batch_size)
                    claimed = 0
                    if finished or want > 0:
                        claimed = await self._complete_and_claim(conn, lane, finished, want)
                        finished = []
                    if self.stopping.is_set():
                        if deadline is None:  # stopped while this lane was completing and claiming
                            deadline = time.monotonic() + self.config.grace_seconds
                        if not self._in_flight(lane) and not done:
                            break
                        if time.monotonic() >= deadline:
                            await self._hand_back(conn, lane)
                            continue
                    elif claimed == want and want > 0:
                        continue  # more may be waiting
                    elif (
                        self.config.until_empty
                        and not self._in_flight(lane)
                        and not done
                        and await self._queue_empty(conn, kind)
                    ):
                        self._empty_lanes.add(lane)
                        # the other lanes' marks may be stale: a job this lane just finished can
                        # have woken jobs waiting for it (state 'waiting' -> 'ready') in their kinds
                        if self._empty_lanes == set(self.lanes) and await self._queue_empty(
                            conn, *self.config.concurrency
                        ):
                            self.stop()
                            continue
                    else:
                        self._empty_lanes.discard(lane)
                except TRANSIENT_ERRORS as error:
                    done.extendleft(reversed(finished))  # not acknowledged: sent again
                    conn = await self._reconnect(conn, error, lane=lane)
                    continue
                wake.clear()
                if done:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self.config.poll_interval)
        finally:
            await conn.close()

    async def _complete_and_claim(self, conn, lane: str, finished: list, want: int) -> int:
        kind = lane.split("#")[0]
        ids = [f[0] for f in finished]
        tokens = [f[1] for f in finished]
        outcomes = [None if f[2] is None else Jsonb(f[2]) for f in finished]
        cursor = conn.cursor(row_factory=_completed_or_claimed)
        await cursor.execute(
            "select c.completed, (c.claimed).* from public.job_complete_and_claim(%s, %s, %s::integer, %s::bigint[], "
            "%s::bigint[], %s::jsonb[], %s::integer) c",
            (self.config.worker_id, kind, want, ids, tokens, outcomes, self.config.lease_seconds),
        )
        entries = await cursor.fetchall()
        accepted = {entry for entry in entries if not isinstance(entry, Job)}
        self.completed += len(accepted)
        for queue_id in ids:
            if queue_id not in accepted:
                self.lost += 1
                log(self.logger, logging.WARNING, "completion refused: lease lost", queue_id=queue_id, kind=kind)
        claimed = [entry for entry in entries if isinstance(entry, Job)]
        for job in claimed:
            self._start(job, lane)
        self.claimed += len(claimed)
        return len(claimed)

    def _start(self, job: Job, lane: str) -> None:
        ctx = JobContext(self, job)
        task = asyncio.create_task(self._run_job(job, ctx, lane))
        self.running[job.queue_id] = _Running(job, task, ctx, lane)

    async def _run_job(self, job: Job, ctx: JobContext, lane: str) -> None:
        handler = self.config.handlers[job.kind]
        started = time.monotonic()
        try:
            outcome = await handler(job, ctx)
            if not isinstance(outcome, Outcome):
                raise TypeError(f"handler for {job.kind} returned {type(outcome).__name__}, not Outcome")
        except asyncio.CancelledError:
            reason = self.running[job.queue_id].stop_reason
            self.running.pop(job.queue_id, None)
            if reason == "cancel":
                await self.call_aux(
                    "select public.job_cancelled(%s::bigint, %s::bigint)", (job.queue_id, job.lease_token)
                )
                log(self.logger, logging.INFO, "job cancelled by the client", queue_id=job.queue_id, kind=job.kind)
            elif reason == "lost":
                self.lost += 1
                log(self.logger, logging.WARNING, "job abandoned: lease lost", queue_id=job.queue_id, kind=job.kind)
            self._slot_freed(lane)
            return
        except Exception as error:
            self.running.pop(job.queue_id, None)
            retryable = getattr(error, "retryable", True)
            code = error.code if isinstance(error, JobError) else type(error).__name__
            retry_in = error.retry_in if isinstance(error, JobError) else None
            row = await self.call_aux(
                "select public.job_fail(%s::bigint, %s::bigint, %s::text, %s::text, %s::boolean, %s::numeric)",
                (job.queue_id, job.lease_token, str(error) or type(error).__name__, code, retryable, retry_in),
            )
            self.failed += 1
            log(
                self.logger,
                logging.WARNING,
                "job attempt failed",
                queue_id=job.queue_id,
                kind=job.kind,
                attempt=job.attempt,
                error=str(error),
                outcome=row[0] if row else None,
            )
            self._slot_freed(lane)
            return
        self.running.pop(job.queue_id, None)
        self.finished[lane].append((job.queue_id, job.lease_token, outcome.as_json()))
        if self.logger.isEnabledFor(logging.DEBUG):
            log(self.logger, logging.DEBUG, "job done", queue_id=job.queue_id, seconds=time.monotonic() - started)
        self._slot_freed(lane)

    def _slot_freed(self, lane: str) -> None:
        event = self.wake.get(lane)
        if event is not None:
            event.set()

    async def _hand_back(self, conn, lane: str) -> None:
        kind = lane.split("#")[0]
        jobs = [r for r in self.running.values() if r.lane == lane]
        for r in jobs:
            r.stop_reason = "shutdown"
            r.task.cancel()
        await asyncio.gather(*(r.task for r in jobs), return_exceptions=True)
        if jobs:
            await conn.execute(
                "select public.job_hand_back(%s::bigint[], %s::bigint[])",
                ([r.job.queue_id for r in jobs], [r.job.lease_token for r in jobs]),
            )
            log(self.logger, logging.INFO, "handed jobs back", kind=kind, jobs=len(jobs))

    async def _queue_empty(self, conn, *kinds: str) -> bool:
        """Nothing ready, backing off or running in these kinds (jobs waiting for inputs do
        not count: an input that failed for good leaves them waiting until it is retried)."""
        cursor = await conn.execute(
            "select coalesce(sum(waiting + backing_off + running), 0) = 0 from analytics.queue_health "
            "where kind = any(%s)",
            (list(kinds),),
        )
        row = await cursor.fetchone()
        return bool(row and row[0])

    async def _lease_seconds(self) -> float:
        """The shortest lease this worker holds: a worker may ask for less than its kinds' leases,
        never more (private.job_lease)."""
        row = await self.call_aux(
            "select min(lease_seconds) from public.generation_kinds where kind = any(%s)",
            (list(self.config.concurrency),),
        )
        return float(min(filter(None, (self.config.lease_seconds, row[0] if row else None)), default=20))

    async def _heartbeat_loop(self) -> None:
        interval = await self._lease_seconds() / 3
        while True:
            await asyncio.sleep(interval)
            jobs = list(self.running.values())
            if not jobs:
                continue
            try:
                cursor_rows = await self._heartbeat(jobs)
            except psycopg.Error as error:
                log(self.logger, logging.ERROR, "heartbeat failed", error=str(error))
                continue
            for queue_id, state in cursor_rows:
                r = self.running.get(queue_id)
                if r is None or state == "ok":
                    continue
                r.stop_reason = state  # 'cancel' or 'lost'
                r.ctx.cancelled.set()
                r.task.cancel()

    async def _heartbeat(self, jobs: list[_Running]) -> list[tuple[int, str]]:
        cursor = await self._aux_execute(
            "select * from public.job_heartbeat(%s, %s::bigint[], %s::bigint[], %s::integer)",
            (
                self.config.worker_id,
                [r.job.queue_id for r in jobs],
                [r.job.lease_token for r in jobs],
                self.config.lease_seconds,
            ),
        )
        return await cursor.fetchall()

    async def _reap_loop(self) -> None:
        while True:
            try:
                row = await self.call_aux("select public.job_reap()")
            except psycopg.Error as error:
                log(self.logger, logging.ERROR, "reap failed", error=str(error))
                row = None
            if row and row[0]:
                log(self.logger, logging.WARNING, "expired leases reaped", jobs=row[0])
                for event in self.wake.values():
                    event.set()
            await asyncio.sleep(self.config.reap_interval)

    async def _report(self, stopping: bool = False) -> None:
        now = time.monotonic()
        mark_time, mark_done = self._rate_mark
        if now - mark_time > 0:
            self.rate = (self.completed - mark_done) / (now - mark_time)
        self._rate_mark = (now, self.completed)
        try:
            await self.call_aux(
                "select public.worker_report(%s, %s, %s::integer, %s::text[], %s, %s::integer, %s::bigint, %s::bigint, "
                "%s::bigint, %s::bigint, %s::numeric, %s)",
                (
                    self.config.worker_id,
                    socket.gethostname(),
                    os.getpid(),
                    list(self.config.concurrency),
                    Jsonb(self.config.concurrency),
                    len(self.running),
                    self.claimed,
                    self.completed,
                    self.failed,
                    self.lost,
                    round(self.rate, 2),
                    stopping,
                ),
            )
        except psycopg.Error as error:
            log(self.logger, logging.ERROR, "worker report failed", error=str(error))

    async def _report_loop(self) -> None:
        while True:
            await self._report()
            log(
                self.logger,
                logging.INFO,
                "metrics",
                worker=self.config.worker_id,
                in_flight=len(self.running),
                completed=self.completed,
                failed=self.failed,
                lost=self.lost,
                jobs_per_second=round(self.rate, 1),
            )
            await asyncio.sleep(self.config.report_interval)

    async def _listen_loop(self) -> None:
        """Wake the kind named in a notification (any kind for hand-backs and reaps)."""
        while True:
            try:
                conn = await self._connect()
                async with conn:
                    await conn.execute(f"listen {CHANNEL}")
                    async for note in conn.notifies():
                        for lane, event in self.wake.items():
                            if lane.split("#")[0] == note.payload or note.payload not in self.config.concurrency:
                                event.set()
            except psycopg.Error as error:
                log(self.logger, logging.WARNING, "listen connection lost; polling meanwhile", error=str(error))
                await asyncio.sleep(self.config.poll_interval)


def parse_concurrency(specs: list[str]) -> dict[str, int]:
    """['image=4', 'noop'] -> {'image': 4, 'noop': 1}"""
    result = {}
    for spec in specs:
        kind, _, count = spec.partition("=")
        result[kind.strip()] = int(count) if count else 1
        if result[kind.strip()] < 1:
            raise ValueError(f"concurrency of {kind} must be at least 1")
    return result


def run_worker(config: WorkerConfig, logger: logging.Logger | None = None) -> Worker:
    worker = Worker(config, logger)
    asyncio.run(worker.run())
    return worker


__all__ = ["JobContext", "Worker", "WorkerConfig", "parse_concurrency", "run_worker"]
