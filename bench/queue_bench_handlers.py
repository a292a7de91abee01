"""The creatorverse arm's job handler for bench/queue_bench.py: records (generation id,
time) in memory and writes them to $CV_RECORD_DIR/cv-<pid>.txt when the worker exits, so
the benchmark can check that every job ran exactly once and time first to last job, and the
worker's CPU seconds from its first job to its exit to $CV_RECORD_DIR/cpu-<pid>.txt."""

from __future__ import annotations

import atexit
import os
import time
from pathlib import Path

from creatorverse.workers.handlers import Job, Outcome

_runs: list[str] = []
_cpu_at_first_job: float | None = None


def _write() -> None:
    folder = os.environ.get("CV_RECORD_DIR")
    if folder and _runs:
        (Path(folder) / f"cv-{os.getpid()}.txt").write_text("".join(_runs))
        (Path(folder) / f"cpu-{os.getpid()}.txt").write_text(str(time.process_time() - _cpu_at_first_job))


atexit.register(_write)


async def record(job: Job, ctx) -> Outcome:
    global _cpu_at_first_job
    if _cpu_at_first_job is None:
        _cpu_at_first_job = time.process_time()
    _runs.append(f"{job.generation_id} {time.time()}\n")
    return Outcome()
