"""Job handlers for the queue tests, loaded by worker processes as `worker_handlers:NAME`
(tests put tests/helpers on PYTHONPATH). They do no media work: they record what ran."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from creatorverse.workers.handlers import Job, JobError, Outcome


def _record(job: Job) -> None:
    folder = Path(os.environ["CV_RECORD_DIR"])
    with (folder / f"{os.getpid()}.txt").open("a") as out:
        out.write(f"{job.generation_id}\n")


async def record(job: Job, ctx) -> Outcome:
    """Write the job's id to this process's file: the test counts executions."""
    _record(job)
    return Outcome()


async def charge(job: Job, ctx) -> Outcome:
    """Record the run and report an actual cost one credit under the estimate."""
    await ctx.progress(50, "charging")
    _record(job)
    return Outcome(actual_credits=max(job.estimated_credits - 1, 0), result={"worker_pid": os.getpid()})


async def hang(job: Job, ctx) -> Outcome:
    """Report progress, then wait until killed (or cancelled)."""
    await ctx.progress(10, "hanging")
    await asyncio.sleep(3600)
    return Outcome()


async def slow_charge(job: Job, ctx) -> Outcome:
    """Work for a few seconds, then report a cost: long enough to be paused mid-job."""
    await ctx.progress(10, "working")
    await asyncio.sleep(float(os.environ.get("CV_SLOW_SECONDS", "3")))
    _record(job)
    return Outcome(actual_credits=max(job.estimated_credits - 1, 0), result={"worker_pid": os.getpid()})


async def flaky(job: Job, ctx) -> Outcome:
    """Fail every attempt with a retryable error."""
    raise JobError("provider unavailable", code="unavailable", retry_in=0)


async def timed(job: Job, ctx) -> Outcome:
    """Work for CV_SLOW_SECONDS and write "<organization> <start> <end>" to <pid>.intervals:
    the test sees how many of an organization's jobs ran at once."""
    started = time.time()
    await asyncio.sleep(float(os.environ.get("CV_SLOW_SECONDS", "0.2")))
    with (Path(os.environ["CV_RECORD_DIR"]) / f"{os.getpid()}.intervals").open("a") as out:
        out.write(f"{job.organization_id} {started} {time.time()}\n")
    return Outcome()
