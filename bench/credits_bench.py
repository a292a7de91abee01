"""Credit spends per second through public.credits_spend, next to a bare conditional UPDATE
of one hot row in the same run, and usage events ingested per second in batches.

Commits are durable (synchronous_commit stays on): every spend is its own transaction.

    python bench/credits_bench.py [--clients 16] [--seconds 5] [--orgs 1000] [--events 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bench_database

from creatorverse.billing.usage import UsageEvent, ingest

SEED = """
insert into auth.users (id, email)
select gen_random_uuid(), 'bench' || g || '@bench.local' from generate_series(1, %(orgs)s) g;
select public.credits_grant(organization_id, 1000000000, 'bonus', 'bench-credits') from public.credit_balances;
create table bench_counter (id integer primary key, balance bigint not null);
insert into bench_counter values (1, 1000000000);
analyze;
"""


def throughput(url: str, clients: int, seconds: float, statement: str, params_for) -> float:
    """Statements per second committed by `clients` connections in `seconds`."""
    done = [0] * clients
    barrier = threading.Barrier(clients + 1)
    stop = threading.Event()

    def worker(i: int) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("set role service_role")
            barrier.wait()
            n = 0
            while not stop.is_set():
                conn.execute(statement, params_for(i, n), prepare=True)
                n += 1
            done[i] = n

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args()

    with bench_database("creatorverse_bench_credits") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SEED % {"orgs": args.orgs})
            conn.execute("grant update, select on bench_counter to service_role")
            orgs = [r[0] for r in conn.execute("select organization_id from public.credit_balances")]
            sync = conn.execute("show synchronous_commit").fetchone()[0]
        hot = orgs[0]
        run = uuid.uuid4().hex[:8]
        spend = "select public.credits_spend(%s, 1, %s)"

        rng = random.Random(7)
        modes = {
            "bare": ("update bench_counter set balance = balance - 1 where id = 1 and balance >= 1", lambda i, n: ()),
            "hot": (spend, lambda i, n: (hot, f"{run}-hot-{i}-{n}-{len(rates['hot'])}")),
            "spread": (
                spend,
                lambda i, n: (orgs[rng.randrange(len(orgs))], f"{run}-spread-{i}-{n}-{len(rates['spread'])}"),
            ),
        }
        # rounds interleave the modes, so that drift in the machine's flush latency hits all alike
        rates = {mode: [] for mode in modes}
        for _ in range(args.rounds):
            for mode, (statement, params) in modes.items():
                rates[mode].append(throughput(url, args.clients, args.seconds, statement, params))
        bare, hot_rate, spread = (statistics.median(rates[m]) for m in ("bare", "hot", "spread"))

        with psycopg.connect(url) as conn:
            broken = conn.execute(
                "select count(*) from (select balance_after, amount, lag(balance_after) over "
                "(partition by organization_id order by id) as prev from public.credit_transactions) c "
                "where prev is not null and balance_after <> prev + amount"
            ).fetchone()[0]

        now = datetime.now(UTC)
        events = [
            UsageEvent(
                event_id=uuid.uuid4(),
                occurred_at=now - timedelta(seconds=rng.randrange(86_400 * 20)),
                organization_id=orgs[rng.randrange(len(orgs))],
                resource_type="llm_tokens",
                provider="openai",
                model="gpt-4o-mini",
                input_tokens=rng.randrange(2000),
                output_tokens=rng.randrange(800),
                credits=rng.randrange(1, 20),
                cost_usd=Decimal("0.0012"),
                duration_ms=rng.randrange(50, 900),
            )
            for _ in range(args.events)
        ]
        with psycopg.connect(url) as conn:
            started = time.perf_counter()
            inserted = sum(ingest(conn, events[i : i + args.batch]) for i in range(0, len(events), args.batch))
            ingest_seconds = time.perf_counter() - started
            duplicates = ingest(conn, events[: args.batch])

    print(
        f"synchronous_commit = {sync}; {args.clients} clients; median of {args.rounds} interleaved rounds "
        f"of {args.seconds:.0f}s"
    )
    print("per round, hot/bare: " + ", ".join(f"{h / b:.2f}" for h, b in zip(rates["hot"], rates["bare"], strict=True)))
    print(f"{'bare conditional UPDATE, hot row':<44} {bare:>9,.0f} /s")
    print(f"{'credits_spend, one hot organization':<44} {hot_rate:>9,.0f} /s   {hot_rate / bare:.2f}x bare")
    print(
        f"{'credits_spend, spread over ' + str(len(orgs)) + ' organizations':<44} {spread:>9,.0f} /s   "
        f"{spread / bare:.2f}x bare"
    )
    print(f"ledger chain breaks after the run: {broken}")
    print(
        f"usage events ingested: {inserted:,} in {ingest_seconds:.2f}s = {inserted / ingest_seconds:,.0f} /s "
        f"(batches of {args.batch:,}); re-sent batch added {duplicates}"
    )


if __name__ == "__main__":
    main()
