"""pgqueuer and procrastinate consumers for bench/queue_bench.py. Runs in the bench venv
(`pip install pgqueuer procrastinate asyncpg psycopg[binary]`), never in the project's.

    python queue_bench_consumers.py setup DSN
    python queue_bench_consumers.py enqueue pgqueuer|procrastinate|bare DSN COUNT
    python queue_bench_consumers.py pgqueuer|procrastinate|bare DSN BATCH RECORD_DIR

Each consumer announces itself (ready-<pid>), waits for RECORD_DIR/go, drains the queue,
and writes (job id, time) per job to RECORD_DIR/<library>-<pid>.txt.

"bare" is no library: the floor any queue on this database pays, a loop that deletes up to
BATCH rows with `FOR UPDATE SKIP LOCKED`, runs them and commits (no leases, attempts,
fencing or domain row; a crash before the commit puts the batch back)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import timedelta
from pathlib import Path


async def wait_for_go(folder: Path) -> None:
    (folder / f"ready-{os.getpid()}").touch()
    while not (folder / "go").exists():
        await asyncio.sleep(0.005)


# claim and complete in one statement; the job runs before the transaction commits
BARE_CLAIM = (
    "delete from bench_bare_jobs where id = any(array("
    "select id from bench_bare_jobs order by id limit %s for update skip locked)) returning id"
)


async def bare_consumer(dsn: str, batch: int, folder: Path) -> list[str]:
    import psycopg

    runs: list[str] = []
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        await wait_for_go(folder)
        while True:
            async with conn.transaction():
                cursor = await conn.execute(BARE_CLAIM, (batch,), prepare=True)
                ids = await cursor.fetchall()
                for (job_id,) in ids:
                    runs.append(f"{job_id} {time.time()}\n")
            if not ids:
                return runs


async def pgqueuer_consumer(dsn: str, batch: int, folder: Path) -> list[str]:
    import asyncpg
    from pgqueuer import AsyncpgDriver, Queries, QueueManager
    from pgqueuer.types import QueueExecutionMode

    runs: list[str] = []
    connection = await asyncpg.connect(dsn)
    manager = QueueManager(Queries(AsyncpgDriver(connection)))

    @manager.entrypoint("noop")
    async def noop(job) -> None:
        runs.append(f"{job.id} {time.time()}\n")

    await wait_for_go(folder)
    await manager.run(batch_size=batch, mode=QueueExecutionMode.drain, dequeue_timeout=timedelta(seconds=1))
    await connection.close()
    return runs


async def procrastinate_consumer(dsn: str, concurrency: int, folder: Path) -> list[str]:
    import procrastinate

    runs: list[str] = []
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))

    @app.task(name="noop", queue="bench", pass_context=True)
    async def noop(context) -> None:
        runs.append(f"{context.job.id} {time.time()}\n")

    async with app.open_async():
        await wait_for_go(folder)
        await app.run_worker_async(queues=["bench"], wait=False, concurrency=concurrency, install_signal_handlers=False)
    return runs


async def setup(dsn: str) -> None:
    """Install both libraries' schemas and the bare loop's table (once per bench database)."""
    import asyncpg
    import procrastinate
    from pgqueuer import AsyncpgDriver, Queries

    connection = await asyncpg.connect(dsn)
    await Queries(AsyncpgDriver(connection)).install()
    await connection.execute("create table bench_bare_jobs (id bigint generated always as identity primary key)")
    await connection.close()
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))
    async with app.open_async():
        await app.schema_manager.apply_schema_async()


async def enqueue(library: str, dsn: str, count: int) -> None:
    """Empty the library's tables and enqueue `count` no-op jobs."""
    if library == "bare":
        import asyncpg

        connection = await asyncpg.connect(dsn)
        await connection.execute("truncate bench_bare_jobs")
        await connection.execute("insert into bench_bare_jobs select from generate_series(1, $1::integer)", count)
        await connection.execute("vacuum analyze bench_bare_jobs")
        await connection.close()
        return
    if library == "pgqueuer":
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries

        connection = await asyncpg.connect(dsn)
        await connection.execute("truncate pgqueuer, pgqueuer_log")
        queries = Queries(AsyncpgDriver(connection))
        for start in range(0, count, 5000):
            n = min(5000, count - start)
            await queries.enqueue(["noop"] * n, [None] * n, [0] * n)
        await connection.execute("vacuum analyze pgqueuer")
        await connection.close()
        return
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))

    @app.task(name="noop", queue="bench", pass_context=True)
    async def noop(context) -> None:
        return None

    import psycopg

    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        await conn.execute("truncate procrastinate_jobs cascade")
    async with app.open_async():
        for start in range(0, count, 5000):
            await noop.batch_defer_async(*([{}] * min(5000, count - start)))
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        await conn.execute("vacuum analyze procrastinate_jobs")


def main() -> None:
    if sys.argv[1] == "setup":
        asyncio.run(setup(sys.argv[2]))
        return
    if sys.argv[1] == "enqueue":
        asyncio.run(enqueue(sys.argv[2], sys.argv[3], int(sys.argv[4])))
        return
    library, dsn, batch, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    consumer = {"pgqueuer": pgqueuer_consumer, "procrastinate": procrastinate_consumer, "bare": bare_consumer}[library]
    runs = asyncio.run(consumer(dsn, batch, folder))
    (folder / f"{library}-{os.getpid()}.txt").write_text("".join(runs))


if __name__ == "__main__":
    main()
