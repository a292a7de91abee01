"""No-op jobs per second through the creatorverse queue (`creatorverse worker` processes:
leases, attempts, fencing, the domain row updated at claim and completion) next to pgqueuer
and procrastinate on the same database, durable commits (synchronous_commit on).

Arms are interleaved in every round (shuffled), each arm drains `--jobs` no-op jobs, and
every job is checked to have run exactly once. Two throughputs per arm, both counted after
all of an arm's processes are up (a start barrier): "run" = jobs / (last job started - first
job started) by the handlers' own clocks, and "done" = jobs / (time the queue was seen
empty - first job started): the queue is empty when the last completion is committed
(creatorverse deletes a job's queue row, pgqueuer its pgqueuer row, procrastinate marks
it succeeded, each in its completion's transaction). A library that runs handlers ahead of
recording their completion (pgqueuer buffers completions) looks faster by "run" than by
"done"; "done" is the figure that counts durable work. The bench process polls every 5 ms.

A third figure per arm is the machine's CPU per job: busy time of all cores (/proc/stat:
user, nice, system, irq, softirq; read at every poll) from the first job's start to the
moment the queue is seen empty, divided by the jobs. It counts every process (consumers,
Postgres backends, WAL writer, autovacuum, the bench's poller) and no start-up or shutdown.
The consumers' share is their own CPU (each reports its process time from its start signal,
or the worker from its first job, to its exit); the rest is mostly Postgres.
Where an arm is CPU-bound its throughput is at most cores / CPU per job, so twice another
queue's throughput needs half its CPU per job.

A fourth arm, "bare", is the floor: a loop that deletes up to a batch of rows with `FOR
UPDATE SKIP LOCKED`, runs them and commits, with no leases, attempts, fencing or domain row
(bench/queue_bench_consumers.py, run like the libraries' consumers). No queue with those
guarantees can beat it on the same machine; the ratios to it say how far each queue is from
the floor, and whether a target set against another queue lies above it.

Two more arms, "rows" and "rows-untriggered", are the floor of the engine's own design: the
four row writes per job it cannot do without (claim: queue row leased, generation running;
completion: queue row deleted, fenced by its token, generation succeeded), one call per
batch from a plain loop on two connections per process (the worker's claim lanes), with the
schema's triggers firing or turned off (superuser only). What separates the creatorverse arm
from "rows" is the engine's code (its checks and bookkeeping, the worker's Python,
heartbeats); what separates "rows" from the others is the design.

"pgqueuer-domain" is pgqueuer doing the same job (the like-for-like anchor): pgqueuer's
consumer, same processes and batch sizes, on the same no-op generations as the engine, with a
handler that does what a pgqueuer user would write: the generation set running, then finished
as succeeded through the engine's own settlement (`private.finish_generation`: hold captured,
usage recorded where the generation has them), each in its own transaction on a pool of
4 connections per process (bench/queue_bench_consumers.py). Without `--paid` the no-op
generations hold no credits and are not metered, in every arm: the capture and the usage
record cost the same lookups there, and no ledger write. With `--paid` (arms: creatorverse,
pgqueuer-domain, rows) every job costs a credit and is metered: it is requested through the
one door (`enqueue_generation`: the credit held), and settling it captures the hold (ledger
entry, balance) and records a usage event, in every arm; the rows loop settles each batch
through the ledger's own batch capture (`private.lock_holds`, `private.settle_holds`). After
each arm the bench checks the money: one hold per job, all captured, one usage event per job,
nothing left held.

pgqueuer, procrastinate, the bare loop and the rows loops run from a separate venv (never a project dependency):

    python3 -m venv .creatorverse/bench-venv
    .creatorverse/bench-venv/bin/pip install pgqueuer procrastinate asyncpg 'psycopg[binary]'
    .venv/bin/python bench/queue_bench.py [--rounds 3] [--jobs 10000] [--procs 1 2 4] [--batches 10 100]
        [--libraries pgqueuer pgqueuer-domain procrastinate bare rows rows-untriggered]

`--fairness` runs the fairness scenario instead (docs/generation.md, "Fairness and
concurrency limits"): organization A queues `--fair-big` no-op jobs; once the workers have
started on them, organizations B…K queue `--fair-small` each, one transaction per
organization. Per round and claim order (FIFO: the claim before fairness, by priority then
time, installed in the bench's database for its arm only; fair: the shipped claim), 2 worker
processes at `--batches`[0] drain everything; printed: the p95 and median wait of B…K's jobs
(request → claim: `generations.created_at` → `started_at`, both the database's clock) and
the total "done" throughput, medians and ranges over the rounds, FIFO and fair side by side.

"Batch size" is the claim batch (creatorverse `--batch-size`, pgqueuer `batch_size`, the bare
loop's LIMIT); procrastinate fetches one job at a time, so its arms vary the worker's
concurrency instead.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SEED_ORGANIZATIONS, bench_database

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLI = str(Path(sys.executable).parent / "creatorverse")
BENCH_PYTHON = ROOT / ".creatorverse" / "bench-venv" / "bin" / "python"


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (the first line of /proc/stat)."""
    user, nice, system, _idle, _iowait, irq, softirq = map(int, Path("/proc/stat").read_text().split()[1:8])
    return (user + nice + system + irq + softirq) / CLOCK_TICKS


def wait(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("bench arm did not start")
        time.sleep(0.02)


def read_runs(folder: Path, prefix: str) -> list[tuple[str, float]]:
    runs = []
    for f in folder.glob(f"{prefix}-*.txt"):
        for line in f.read_text().splitlines():
            job, at = line.split()
            runs.append((job, float(at)))
    return runs


# how each arm's queue says "nothing left": no row waiting or running
PENDING = {
    "creatorverse": "select exists (select from private.job_queue)",
    "pgqueuer": "select exists (select from pgqueuer)",
    "pgqueuer-domain": "select exists (select from pgqueuer)",
    "procrastinate": "select exists (select from procrastinate_jobs where status in ('todo', 'doing'))",
    "bare": "select exists (select from bench_bare_jobs)",
    "rows": "select exists (select from private.job_queue)",
    "rows-untriggered": "select exists (select from private.job_queue)",
}
ROWS_ARMS = ("rows", "rows-untriggered")


class EmptyWatch:
    """Polls (every 5 ms, own connection) until the arm's queue is empty; `at` is then the time.
    Every poll also notes the machine's busy CPU seconds (`busy`: (time, seconds) pairs)."""

    def __init__(self, url: str, library: str):
        self.url, self.query, self.at = url, PENDING[library], None
        self.busy: list[tuple[float, float]] = []
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.stop = threading.Event()

    def start(self) -> None:
        self.thread.start()

    def _poll(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                pending = conn.execute(self.query, prepare=True).fetchone()[0]
                self.busy.append((time.time(), machine_busy_seconds()))
                if not pending:
                    self.at = self.busy[-1][0]
                    return
                time.sleep(0.005)

    def join(self) -> EmptyWatch:
        self.stop.set()
        self.thread.join()
        if self.at is None:
            raise AssertionError("the queue was not seen empty")
        return self

    def cpu_since(self, started: float) -> float:
        """Busy CPU seconds from the last poll before `started` to the queue seen empty."""
        before = [busy for at, busy in self.busy if at <= started] or [self.busy[0][1]]
        return self.busy[-1][1] - before[-1]


def throughput(folder: Path, prefix: str, jobs: int, empty: EmptyWatch) -> tuple[float, float, float, float]:
    """(run, done) jobs/s, the machine's and the consumers' CPU µs per job (each consumer
    writes its own to cpu-<pid>.txt); checks that every job ran exactly once."""
    runs = read_runs(folder, prefix)
    ids = [r[0] for r in runs]
    if len(ids) != jobs or len(set(ids)) != jobs:
        raise AssertionError(f"{len(ids)} runs of {len(set(ids))} distinct jobs, expected {jobs} each once")
    times = [r[1] for r in runs]
    machine_cpu = empty.cpu_since(min(times)) / jobs * 1e6
    consumers_cpu = sum(float(f.read_text()) for f in folder.glob("cpu-*.txt")) / jobs * 1e6
    return jobs / (max(times) - min(times)), jobs / (empty.at - min(times)), machine_cpu, consumers_cpu


# `--paid`: every no-op job costs PAID_CREDITS and is metered as an image, so it is requested
# through the one door (credits held) and its settlement captures the hold, posts the ledger
# entry and records the usage event, in every arm that settles (creatorverse, pgqueuer-domain,
# rows). Set once in the bench's own database.
PAID_CREDITS = 1
PAY_FOR_NOOP = (
    f"update public.generation_prices set credits_per_unit = {PAID_CREDITS} where kind = 'noop'",
    "update public.generation_kinds set resource_type = 'image' where kind = 'noop'",
    # the bench spends far more in a day than a studio's default cap allows
    "update public.plans set daily_spend_cap_credits = null",
)
PAID = False


def queue_noop_generations(conn: psycopg.Connection, jobs: int) -> None:
    """Empty the engine's tables and queue `jobs` no-op generations (through the door, their
    credits held, with `--paid`)."""
    conn.execute("truncate public.generations cascade")
    conn.execute("truncate private.worker_heartbeats")
    org = conn.execute("select id from public.organizations order by id limit 1").fetchone()[0]
    if not PAID:
        conn.execute(
            "insert into public.generations (organization_id, kind) select %s, 'noop' from generate_series(1, %s)",
            (org, jobs),
        )
        return
    conn.execute("truncate public.credit_holds, public.usage_events cascade")
    conn.execute(
        "select public.credits_grant(%s, %s, 'bonus', 'queue-bench:' || gen_random_uuid())",
        (org, jobs * PAID_CREDITS),
    )
    conn.execute(
        "select count(public.enqueue_generation(jsonb_build_object('organization_id', %s::uuid, 'kind', 'noop'))) "
        "from generate_series(1, %s)",
        (org, jobs),
    )


def check_generations_ran_once(conn: psycopg.Connection) -> None:
    left = conn.execute(
        "select count(*) from public.generations where status <> 'succeeded' or attempts <> 1"
    ).fetchone()[0]
    if left:
        raise AssertionError(f"{left} generations not succeeded on their first attempt")
    if PAID:  # each job's hold captured once, its usage recorded once, no credit left held
        holds, captured, events, held = conn.execute(
            "select (select count(*) from public.credit_holds), "
            "(select coalesce(sum(captured_amount), 0) from public.credit_holds where status = 'captured'), "
            "(select count(*) from public.usage_events), "
            "(select coalesce(sum(held_balance), 0) from public.credit_balances)"
        ).fetchone()
        jobs = conn.execute("select count(*) from public.generations").fetchone()[0]
        if (holds, captured, events, held) != (jobs, jobs * PAID_CREDITS, jobs, 0):
            raise AssertionError(
                f"money: {holds} holds, {captured} credits captured, {events} usage events, {held} still held "
                f"for {jobs} jobs of {PAID_CREDITS} credit"
            )


def creatorverse_arm(url: str, procs: int, batch: int, jobs: int) -> tuple[float, float, float, float]:
    with psycopg.connect(url, autocommit=True) as conn, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        queue_noop_generations(conn, jobs)
        conn.execute("update private.job_queue set run_after = now() + interval '1 hour'")  # the start barrier
        conn.execute("vacuum analyze public.generations, private.job_queue")
        env = {"DATABASE_URL": url, "PYTHONPATH": str(HERE), "CV_RECORD_DIR": str(folder)}
        workers = [
            subprocess.Popen(
                [
                    CLI,
                    "worker",
                    "--kind",
                    f"noop={2 * batch}",
                    "--handler",
                    "noop=queue_bench_handlers:record",
                    "--batch-size",
                    str(batch),
                    "--until-empty",
                    "--no-webhooks",
                    "--no-scheduler",
                    "--log-level",
                    "warning",
                ],
                env={**dict(__import__("os").environ), **env},
            )
            for _ in range(procs)
        ]
        pids = [w.pid for w in workers]
        wait(
            lambda: (
                conn.execute("select count(*) from private.worker_heartbeats where pid = any(%s)", (pids,)).fetchone()[
                    0
                ]
                == procs
            )
        )
        watch = EmptyWatch(url, "creatorverse")
        watch.start()
        conn.execute("update private.job_queue set run_after = now()")
        conn.execute("select pg_notify('creatorverse_jobs', 'noop')")
        for w in workers:
            if w.wait(timeout=600) != 0:
                raise RuntimeError("a creatorverse worker failed")
        empty = watch.join()
        check_generations_ran_once(conn)
        return throughput(folder, "cv", jobs, empty)


def library_arm(library: str, url: str, procs: int, batch: int, jobs: int) -> tuple[float, float, float, float]:
    consumers = HERE / "queue_bench_consumers.py"
    if library in (*ROWS_ARMS, "pgqueuer-domain"):
        with psycopg.connect(url, autocommit=True) as conn:
            queue_noop_generations(conn, jobs)
            if library == "pgqueuer-domain":  # the generations alone: pgqueuer queues them
                conn.execute("delete from private.job_queue")
            conn.execute("vacuum analyze public.generations, private.job_queue")
    if library not in ROWS_ARMS:
        subprocess.run([BENCH_PYTHON, consumers, "enqueue", library, url, str(jobs)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workers = [
            subprocess.Popen([BENCH_PYTHON, consumers, library, url, str(batch), str(folder)]) for _ in range(procs)
        ]
        wait(lambda: len(list(folder.glob("ready-*"))) == procs)
        watch = EmptyWatch(url, library)
        watch.start()
        (folder / "go").touch()
        for w in workers:
            if w.wait(timeout=600) != 0:
                raise RuntimeError(f"a {library} consumer failed")
        empty = watch.join()
        if library in (*ROWS_ARMS, "pgqueuer-domain"):
            with psycopg.connect(url, autocommit=True) as conn:
                check_generations_ran_once(conn)
        return throughput(folder, library, jobs, empty)


# The claim before fairness (by priority, then time, across organizations), for the fairness
# scenario's FIFO arm only: installed in the bench's database with its index, then the shipped
# function is put back.
FIFO_CLAIM_PICK = """
    with next_jobs as (
        select q.id, q.generation_id from private.job_queue q
        where q.kind = job_kind and q.state = 'ready' and q.run_after <= now()
        order by q.priority desc, q.run_after, q.id
        limit least(greatest(batch_size, 1), 1000)
        for update skip locked
    )
    select array_agg(n.id), array_agg(n.generation_id) into picked, picked_generations from next_jobs n;
"""


def install_fifo_claim(conn: psycopg.Connection) -> str:
    """Swap in the FIFO claim; returns the shipped definition to restore."""
    shipped = conn.execute(
        "select pg_get_functiondef('public.job_claim(text, text, integer, integer)'::regprocedure)"
    ).fetchone()[0]
    begin = shipped.index("    for candidate in")
    end = shipped.index("    if picked is null then")
    conn.execute(shipped[:begin] + FIFO_CLAIM_PICK + shipped[end:])
    conn.execute(
        "create index if not exists bench_fifo_ready_idx on private.job_queue (kind, priority desc, run_after, id) "
        "where state = 'ready'"
    )
    return shipped


def restore_claim(conn: psycopg.Connection, shipped: str) -> None:
    conn.execute(shipped)
    conn.execute("drop index if exists private.bench_fifo_ready_idx")


def fairness_round(url: str, mode: str, big: int, small: int, orgs: list, batch: int) -> tuple[float, float, float]:
    """One drain of the fairness scenario: (p95 wait s, median wait s of B…K's jobs, done jobs/s)."""
    total = big + small * (len(orgs) - 1)
    with psycopg.connect(url, autocommit=True) as conn, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        conn.execute("truncate public.generations cascade")
        conn.execute("truncate private.worker_heartbeats")
        shipped = install_fifo_claim(conn) if mode == "fifo" else None
        try:
            conn.execute(
                "insert into public.generations (organization_id, kind) select %s, 'noop' from generate_series(1, %s)",
                (orgs[0], big),
            )
            conn.execute("update private.job_queue set run_after = now() + interval '1 hour'")  # the start barrier
            conn.execute("vacuum analyze public.generations, private.job_queue")
            env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(HERE), "CV_RECORD_DIR": str(folder)}
            command = [
                CLI,
                "worker",
                "--kind",
                f"noop={2 * batch}",
                "--handler",
                "noop=queue_bench_handlers:record",
                "--batch-size",
                str(batch),
                "--until-empty",
                "--no-webhooks",
                "--no-scheduler",
                "--log-level",
                "warning",
            ]
            workers = [subprocess.Popen(command, env=env) for _ in range(2)]
            pids = [w.pid for w in workers]
            wait(
                lambda: (
                    conn.execute(
                        "select count(*) from private.worker_heartbeats where pid = any(%s)", (pids,)
                    ).fetchone()[0]
                    == 2
                )
            )
            watch = EmptyWatch(url, "creatorverse")
            watch.start()
            conn.execute("update private.job_queue set run_after = now()")
            conn.execute("select pg_notify('creatorverse_jobs', 'noop')")
            # B…K arrive once the workers are well into A's backlog
            wait(
                lambda: (
                    conn.execute("select count(*) from public.generations where status <> 'queued'").fetchone()[0]
                    >= big // 10
                )
            )
            for org in orgs[1:]:
                conn.execute(
                    "insert into public.generations (organization_id, kind) select %s, 'noop' "
                    "from generate_series(1, %s)",
                    (org, small),
                )
            for w in workers:
                if w.wait(timeout=1200) != 0:
                    raise RuntimeError("a creatorverse worker failed")
            empty = watch.join()
            check_generations_ran_once(conn)
            waits = [
                r[0]
                for r in conn.execute(
                    "select extract(epoch from started_at - created_at)::float8 from public.generations "
                    "where organization_id <> %s order by 1",
                    (orgs[0],),
                ).fetchall()
            ]
        finally:
            if shipped:
                restore_claim(conn, shipped)
        rates = throughput(folder, "cv", total, empty)
        return waits[int(0.95 * (len(waits) - 1))], statistics.median(waits), rates[1]


def fairness(url: str, rounds: int, big: int, small: int, batch: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SEED_ORGANIZATIONS % {"orgs": 11})
        orgs = [
            r[0]
            for r in conn.execute(
                "select id from public.organizations where slug like 'org-%' order by (substr(slug, 5))::int"
            ).fetchall()
        ]
    print(
        f"fairness: A queues {big} no-op jobs, then B…K {small} each; 2 worker processes, batch {batch}; "
        f"{rounds} rounds, FIFO and fair interleaved (shuffled per round)"
    )
    results: dict[str, list[tuple[float, float, float]]] = {"fifo": [], "fair": []}
    for round_number in range(rounds):
        for mode in random.sample(["fifo", "fair"], 2):
            measured = fairness_round(url, mode, big, small, orgs, batch)
            results[mode].append(measured)
            print(
                f"  round {round_number + 1}: {mode:4}: B…K wait p95 {measured[0]:8.3f} s, "
                f"median {measured[1]:8.3f} s; done {measured[2]:7.0f} jobs/s",
                flush=True,
            )
    print("\nmedian [min - max] over rounds")
    print(f"{'':6} {'B…K wait p95 s':>26}  {'B…K wait median s':>26}  {'done jobs/s':>24}")
    for mode, measures in results.items():
        line = f"{mode:6}"
        for which in range(3):
            values = [m[which] for m in measures]
            digits = 0 if which == 2 else 3
            line += f" {statistics.median(values):9.{digits}f} [{min(values):7.{digits}f} - {max(values):7.{digits}f}]"
        print(line)
    ratios = [fair[2] / fifo[2] for fair, fifo in zip(results["fair"], results["fifo"], strict=True)]
    print(
        f"fair / FIFO throughput, per round: median {statistics.median(ratios):.2f}x "
        f"[{min(ratios):.2f} - {max(ratios):.2f}] (target >= 0.9x); B…K p95 target <= 1 s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=10000)
    parser.add_argument("--procrastinate-jobs", type=int, default=2000)
    parser.add_argument("--procs", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batches", type=int, nargs="+", default=[10, 100])
    parser.add_argument(
        "--libraries",
        nargs="*",
        choices=["pgqueuer", "pgqueuer-domain", "procrastinate", "bare", *ROWS_ARMS],
        default=["pgqueuer", "pgqueuer-domain", "procrastinate", "bare", *ROWS_ARMS],
        help="arms beside creatorverse (none: creatorverse alone)",
    )
    parser.add_argument("--fairness", action="store_true", help="run the fairness scenario instead (docstring)")
    parser.add_argument("--fair-big", type=int, default=50000, help="organization A's no-op jobs")
    parser.add_argument("--fair-small", type=int, default=10, help="each of B…K's no-op jobs")
    parser.add_argument(
        "--paid", action="store_true", help="every job holds a credit and is metered: the money path (docstring)"
    )
    args = parser.parse_args()
    global PAID
    PAID = args.paid
    if PAID and {"pgqueuer", "procrastinate", "bare", "rows-untriggered"} & set(args.libraries):
        sys.exit("--paid compares the arms that settle: --libraries pgqueuer-domain rows")
    if args.fairness:
        with bench_database("creatorverse_queue_bench") as url:
            fairness(url, args.rounds, args.fair_big, args.fair_small, args.batches[0])
        return
    libraries = bool(args.libraries)
    if libraries and not BENCH_PYTHON.exists():
        sys.exit(f"{BENCH_PYTHON} is missing: see this file's docstring, or pass --libraries with nothing after it")

    arms = [("creatorverse", p, b) for p in args.procs for b in args.batches]
    for library in ("pgqueuer", "pgqueuer-domain", "bare", *ROWS_ARMS):
        if library in args.libraries:
            arms += [(library, p, b) for p in args.procs for b in args.batches]
    if "procrastinate" in args.libraries:
        arms += [("procrastinate", p, c) for p in args.procs[:2] for c in (1, 10)]
    results: dict[tuple, list[tuple[float, float, float, float]]] = {arm: [] for arm in arms}
    with bench_database("creatorverse_queue_bench") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("insert into auth.users (id, email) values (gen_random_uuid(), 'bench@bench.local')")
            if PAID:
                for statement in PAY_FOR_NOOP:
                    conn.execute(statement)
            sync = conn.execute("show synchronous_commit").fetchone()[0]
            if libraries:
                subprocess.run([BENCH_PYTHON, HERE / "queue_bench_consumers.py", "setup", url], check=True)
            # durable tables for every arm (no UNLOGGED queue anywhere)
            tables = conn.execute(
                "select string_agg(relname || '=' || relpersistence::text, ' ' order by relname) from pg_class "
                "where relname in ('job_queue', 'generations', 'pgqueuer', 'pgqueuer_log', 'procrastinate_jobs', "
                "'bench_bare_jobs')"
            ).fetchone()[0]
        print(f"synchronous_commit={sync}; persistence (p = logged) {tables}")
        print(f"{args.rounds} rounds, arms interleaved (shuffled per round)")
        for round_number in range(args.rounds):
            order = arms[:]
            random.shuffle(order)
            for arm in order:
                library, procs, batch = arm
                if library == "creatorverse":
                    rates = creatorverse_arm(url, procs, batch, args.jobs)
                else:
                    jobs = args.procrastinate_jobs if library == "procrastinate" else args.jobs
                    rates = library_arm(library, url, procs, batch, jobs)
                results[arm].append(rates)
                print(
                    f"  round {round_number + 1}: {library:13} procs={procs} batch={batch:3}: "
                    f"run {rates[0]:8.0f} jobs/s, done {rates[1]:8.0f} jobs/s, "
                    f"CPU {rates[2]:5.0f} µs/job (consumers {rates[3]:4.0f})",
                    flush=True,
                )

    cores = os.cpu_count()
    print("\nmedian jobs/s [min - max] over rounds; every job checked to have run exactly once;")
    print(
        f"machine CPU µs per job [min - max], the consumers' share of it, and the most jobs/s {cores} cores allow "
        "at that CPU per job"
    )
    header = f"{'arm':34} {'run':>8}  {'range':>17}  {'done':>8}  {'range':>17}"
    print(f"{header}  {'CPU':>5}  {'range':>11}  {'consumers':>9}  {'ceiling':>7}")
    for arm, measures in results.items():
        library, procs, batch = arm
        knob = "concurrency" if library == "procrastinate" else "batch"
        line = f"{library} procs={procs} {knob}={batch:<4}".ljust(34)
        for rates in ([m[0] for m in measures], [m[1] for m in measures]):
            line += f" {statistics.median(rates):8.0f}  [{min(rates):6.0f} - {max(rates):6.0f}]"
        cpu = [m[2] for m in measures]
        line += f"  {statistics.median(cpu):5.0f}  [{min(cpu):3.0f} - {max(cpu):3.0f}]"
        line += f"  {statistics.median(m[3] for m in measures):9.0f}  {cores * 1e6 / statistics.median(cpu):7.0f}"
        print(line)

    def ratio_line(numerator: str, denominator: str, factor: float = 1.0) -> None:
        for procs in args.procs:
            for batch in args.batches:
                line = f"  procs={procs} batch={batch:<4}"
                for which, name in ((0, "run"), (1, "done")):
                    ratios = [
                        factor * n[which] / d[which]
                        for n, d in zip(
                            results[(numerator, procs, batch)], results[(denominator, procs, batch)], strict=True
                        )
                    ]
                    line += f"  {name} {statistics.median(ratios):5.2f}x [{min(ratios):.2f} - {max(ratios):.2f}]"
                print(line)

    if "pgqueuer" in args.libraries:
        for arm in ("creatorverse", *(a for a in ROWS_ARMS if a in args.libraries)):
            print(f"\n{arm} / pgqueuer at the same process count and batch size (median of per-round ratios)")
            ratio_line(arm, "pgqueuer")
    if "pgqueuer-domain" in args.libraries:
        print("\ncreatorverse / pgqueuer doing the same job (target >= 2x), same process count and batch size")
        ratio_line("creatorverse", "pgqueuer-domain")
    if "rows" in args.libraries:
        print("\ncreatorverse / its own floor, the rows loop (target >= 0.8x)")
        ratio_line("creatorverse", "rows")
    if "bare" in args.libraries:
        print("\ncreatorverse / bare loop, same process count and batch size")
        ratio_line("creatorverse", "bare")
        if "pgqueuer" in args.libraries:
            print("\n2 x pgqueuer / bare loop (above 1: twice pgqueuer is beyond the floor on this machine)")
            ratio_line("pgqueuer", "bare", factor=2.0)


if __name__ == "__main__":
    main()
