"""The creatorverse arm's job handler for bench/queue_bench.py: records (generation id,
time) in memory and writes them to $CV_RECORD_DIR/<pid>.txt when the worker exits, so
the benchmark can check that every job ran exactly once and time first to last job."""

from __future__ import annotations

import atexit
import os
import time
from pathlib import Path

from creatorverse.workers.handlers import Job, Outcome

_runs: list[str] = []


def _write() -> None:
    folder = os.environ.get("CV_RECORD_DIR")
    if folder and _runs:
        (Path(folder) / f"cv-{os.getpid()}.txt").write_text("".join(_runs))


atexit.register(_write)


async def record(job: Job, ctx) -> Outcome:
    _runs.append(f"{job.generation_id} {time.time()}\n")
    return Outcome()
