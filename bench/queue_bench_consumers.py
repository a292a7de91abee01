"""pgqueuer and procrastinate consumers for bench/queue_bench.py. Runs in the bench venv
(`pip install pgqueuer procrastinate asyncpg psycopg[binary]`), never in the project's.

    python queue_bench_consumers.py setup DSN
    python queue_bench_consumers.py enqueue pgqueuer|pgqueuer-domain|procrastinate|bare DSN COUNT
    python queue_bench_consumers.py ARM DSN BATCH RECORD_DIR
        (ARM: pgqueuer, pgqueuer-domain, procrastinate, bare, rows, rows-untriggered)

Each consumer announces itself (ready-<pid>), waits for RECORD_DIR/go, drains the queue,
and writes (job id, time) per job to RECORD_DIR/<library>-<pid>.txt and its CPU seconds from
the go to the end to RECORD_DIR/cpu-<pid>.txt.

"bare" is no library: the floor any queue on this database pays, a loop that deletes up to
BATCH rows with `FOR UPDATE SKIP LOCKED`, runs them and commits (no leases, attempts,
fencing or domain row; a crash before the commit puts the batch back).

"rows" is no library either: the floor of the engine's own design, the four row writes per
job it cannot do without (claim: the queue row leased, token and attempt counted, the
generation running; completion: the queue row deleted, fenced by its token, the generation
succeeded), one call per batch from a plain loop on as many connections per process as the
worker's claim lanes, with none of the engine's checks and bookkeeping, Python tasks,
heartbeats or columns sent back (queue_bench.py queues its no-op generations). "rows-
untriggered" is the same with the schema's triggers off (`session_replication_role =
replica`, superuser only): the writes alone.

"pgqueuer-domain" is pgqueuer doing the same job: its consumer, same batch size, whose handler
does the domain work a pgqueuer user would write for a generation (queue_bench.py queues the
same no-op generations as for the engine, and one pgqueuer job per generation, its id as
payload): the generation set running (attempt counted, started), then finished as succeeded
through the engine's own settlement (`private.finish_generation`: the hold captured and the
usage recorded where the generation has them), each in its own transaction on a connection of
the handler's asyncpg pool (DOMAIN_POOL connections per process)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

cpu_at_go = 0.0


async def wait_for_go(folder: Path) -> None:
    global cpu_at_go
    (folder / f"ready-{os.getpid()}").touch()
    while not (folder / "go").exists():
        await asyncio.sleep(0.005)
    cpu_at_go = time.process_time()


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


# The previous batch's completion, then the next claim, in one call (one round trip and one
# commit per batch) and in the engine's order: two statements, each with its own snapshot. A
# single statement that claimed first deadlocked two lanes in a run ("while locking updated
# version of tuple" in job_queue: a claim following a freshly claimed row's update chain
# waits on its deleter). Installed by `setup`; plain SQL inside the least PL/pgSQL.
ROWS_STEP_FUNCTION = """
create function bench_rows_step(ids bigint[], tokens bigint[], batch integer, worker text)
returns table (queue_id bigint, lease_token bigint, generation_id uuid)
language plpgsql
as $$
declare
    done uuid[];
begin
    if cardinality(ids) > 0 then
        with removed as (
            delete from private.job_queue q
            where q.id = any(ids) and q.state = 'running' and q.lease_expires_at > now()
              and q.lease_token = tokens[array_position(ids, q.id)]
            returning q.generation_id
        )
        select array_agg(r.generation_id) into done from removed r;
        -- the money of jobs that hold credits (queue_bench.py --paid): the ledger's own capture
        -- of a batch (holds locked in the ledger's order and settled together: entries posted,
        -- balances moved) and one usage event each
        perform private.settle_holds(l.holds, l.amounts, 'captured')
        from (select array_agg(h) as holds, array_agg(h.amount) as amounts
              from private.lock_holds(array(select g.hold_id from public.generations g
                                            where g.id = any(done) and g.hold_id is not null)) h) l
        where l.holds is not null;
        update public.generations g
        set status = 'succeeded', progress = 100, completed_at = now(), updated_at = now(),
            actual_credits = g.estimated_credits, actual_cost_usd = 0
        where g.id = any(done);
        insert into public.usage_events (event_id, occurred_at, organization_id, job_id, resource_type, units,
                                         credits, cost_usd, status)
        select g.id, now(), g.organization_id, g.id, 'image', 1, g.estimated_credits, 0, 'success'
        from public.generations g where g.id = any(done) and g.hold_id is not null;
    end if;
    return query
    with picked as (
        select q.id from private.job_queue q
        where q.kind = 'noop' and q.state = 'ready' and q.run_after <= now()
        order by q.priority desc, q.run_after, q.id
        limit batch
        for update skip locked
    ),
    claimed as (
        update private.job_queue q
        set state = 'running', attempts = q.attempts + 1, lease_token = q.lease_token + 1, worker_id = worker,
            lease_expires_at = now() + interval '5 minutes'
        where q.id = any(array(select p.id from picked p))
        returning q.id, q.lease_token, q.generation_id, q.attempts
    ),
    started as (
        update public.generations g
        set status = 'running', attempts = c.attempts, started_at = now(), updated_at = now()
        from claimed c
        where g.id = any(array(select c2.generation_id from claimed c2)) and g.id = c.generation_id
    )
    select c.id, c.lease_token, c.generation_id from claimed c;
end
$$
"""
ROWS_LANES = 2  # as many connections per process as `creatorverse worker`'s default claim lanes


async def rows_lane(conn, lane: int, batch: int, runs: list[str]) -> None:
    worker = f"rows:{os.getpid()}:{lane}"
    async with conn:
        ids: list[int] = []
        tokens: list[int] = []
        while True:
            cursor = await conn.execute(
                "select * from bench_rows_step(%s::bigint[], %s::bigint[], %s, %s)",
                (ids, tokens, batch, worker),
                prepare=True,
            )
            claimed = await cursor.fetchall()
            if not claimed and not ids:
                return
            for _, _, generation_id in claimed:
                runs.append(f"{generation_id} {time.time()}\n")
            ids = [row[0] for row in claimed]
            tokens = [row[1] for row in claimed]


async def rows_consumer(dsn: str, batch: int, folder: Path, triggers: bool = True) -> list[str]:
    import psycopg

    runs: list[str] = []
    lanes = [await psycopg.AsyncConnection.connect(dsn, autocommit=True) for _ in range(ROWS_LANES)]
    if not triggers:
        for conn in lanes:
            await conn.execute("set session_replication_role = replica")
    await wait_for_go(folder)
    await asyncio.gather(*(rows_lane(conn, n, batch, runs) for n, conn in enumerate(lanes)))
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


DOMAIN_POOL = 4
DOMAIN_START = (
    "update public.generations set status = 'running', attempts = attempts + 1, started_at = now(), "
    "updated_at = now() where id = $1 and status = 'queued'"
)
DOMAIN_FINISH = "select from private.finish_generation($1, 'succeeded', '{}'::jsonb, null, null)"


async def pgqueuer_domain_consumer(dsn: str, batch: int, folder: Path) -> list[str]:
    import asyncpg
    from pgqueuer import AsyncpgDriver, Queries, QueueManager
    from pgqueuer.types import QueueExecutionMode

    runs: list[str] = []
    connection = await asyncpg.connect(dsn)
    pool = await asyncpg.create_pool(dsn, min_size=DOMAIN_POOL, max_size=DOMAIN_POOL)
    manager = QueueManager(Queries(AsyncpgDriver(connection)))

    @manager.entrypoint("generation")
    async def generation(job) -> None:
        generation_id = job.payload.decode()
        runs.append(f"{generation_id} {time.time()}\n")
        async with pool.acquire() as conn:
            async with conn.transaction():
                await conn.execute(DOMAIN_START, generation_id)
            async with conn.transaction():
                await conn.execute(DOMAIN_FINISH, generation_id)

    await wait_for_go(folder)
    await manager.run(batch_size=batch, mode=QueueExecutionMode.drain, dequeue_timeout=timedelta(seconds=1))
    await pool.close()
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
    """Install both libraries' schemas, the bare loop's table and the rows loop's function
    (once per bench database)."""
    import asyncpg
    import procrastinate
    from pgqueuer import AsyncpgDriver, Queries

    connection = await asyncpg.connect(dsn)
    await Queries(AsyncpgDriver(connection)).install()
    await connection.execute("create table bench_bare_jobs (id bigint generated always as identity primary key)")
    await connection.execute(ROWS_STEP_FUNCTION)
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
    if library in ("pgqueuer", "pgqueuer-domain"):
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries

        connection = await asyncpg.connect(dsn)
        await connection.execute("truncate pgqueuer, pgqueuer_log")
        queries = Queries(AsyncpgDriver(connection))
        if library == "pgqueuer-domain":  # one job per queued generation (queue_bench.py queued them)
            queued = await connection.fetch("select id::text from public.generations where status = 'queued'")
            ids = [row[0] for row in queued]
            for start in range(0, len(ids), 5000):
                chunk = ids[start : start + 5000]
                await queries.enqueue(["generation"] * len(chunk), [i.encode() for i in chunk], [0] * len(chunk))
        for start in range(0, count if library == "pgqueuer" else 0, 5000):
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
    if library.startswith("rows"):
        runs = asyncio.run(rows_consumer(dsn, batch, folder, triggers=library == "rows"))
    else:
        consumer = {
            "pgqueuer": pgqueuer_consumer,
            "pgqueuer-domain": pgqueuer_domain_consumer,
            "procrastinate": procrastinate_consumer,
            "bare": bare_consumer,
        }
        runs = asyncio.run(consumer[library](dsn, batch, folder))
    (folder / f"cpu-{os.getpid()}.txt").write_text(str(time.process_time() - cpu_at_go))
    (folder / f"{library}-{os.getpid()}.txt").write_text("".join(runs))


if __name__ == "__main__":
    main()
