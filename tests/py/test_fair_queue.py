"""Concurrency limits under concurrency: however many connections claim at once, and with
real worker processes, an organization never runs more jobs of a kind than its limit, while
other organizations' jobs run beside them (supabase/tests/database/test_fair_queue.sql has
the order-level checks)."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest
from test_queue_workers import make_studio, start_worker, wait_for

CLAIMERS = 8


@pytest.fixture
def admin(db_url: str):
    """The owner's connection; the noop jobs a test leaves (held by a limit) leave the queue after it."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from private.job_queue where kind = 'noop'")
        yield conn
        conn.execute("delete from private.job_queue where kind = 'noop'")


def set_limit(conn: psycopg.Connection, org_id, max_running: int | None) -> None:
    conn.execute(
        "insert into private.organization_concurrency_limits (organization_id, kind, max_running, reason) "
        "values (%s, 'noop', %s, 'test') on conflict (organization_id, kind) do update set max_running = %s",
        (org_id, max_running, max_running),
    )


def queue_noop(conn: psycopg.Connection, org_id, jobs: int) -> None:
    conn.execute(
        "insert into public.generations (organization_id, kind) select %s, 'noop' from generate_series(1, %s)",
        (org_id, jobs),
    )


def running(conn: psycopg.Connection, org_id) -> int:
    return conn.execute(
        "select count(*) from private.job_queue where organization_id = %s and state = 'running'", (org_id,)
    ).fetchone()[0]


def claim_at_once(db_url: str, claimers: int) -> list[int]:
    """`claimers` connections each claim up to 10 noop jobs in a transaction of their own, all
    inside the same moment (a barrier before the claim, another before the commit)."""
    before, after = threading.Barrier(claimers), threading.Barrier(claimers)
    claimed = [0] * claimers

    def claim(n: int) -> None:
        with psycopg.connect(db_url) as conn:
            before.wait()
            claimed[n] = len(conn.execute("select * from public.job_claim(%s, 'noop', 10)", (f"c{n}",)).fetchall())
            after.wait()
            conn.commit()

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(claimers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return claimed


def test_a_limit_holds_when_many_connections_claim_at_once(admin, db_url):
    limited, _, _ = make_studio(admin)
    set_limit(admin, limited, 2)
    queue_noop(admin, limited, 40)
    claimed = claim_at_once(db_url, CLAIMERS)
    assert sum(claimed) == 2 and running(admin, limited) == 2, "concurrent claims stop at the limit"
    assert claim_at_once(db_url, CLAIMERS) == [0] * CLAIMERS, "and later ones see the running jobs"
    # one job finishes: exactly one slot frees, whoever claims
    job = admin.execute(
        "select id, lease_token from private.job_queue where organization_id = %s and state = 'running' limit 1",
        (limited,),
    ).fetchone()
    admin.execute("select public.job_complete(%s, %s, array[null::jsonb])", ([job[0]], [job[1]]))
    assert sum(claim_at_once(db_url, CLAIMERS)) == 1 and running(admin, limited) == 2


def intervals(record_dir: Path) -> list[tuple[str, float, float]]:
    rows = []
    for f in record_dir.glob("*.intervals"):
        for line in f.read_text().splitlines():
            org, start, end = line.split()
            rows.append((org, float(start), float(end)))
    return rows


def most_at_once(spans: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    now = most = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most


def test_worker_processes_keep_an_organization_within_its_limit(admin, db_url, tmp_path):
    limited, _, _ = make_studio(admin)
    unlimited, _, _ = make_studio(admin)
    set_limit(admin, limited, 2)
    queue_noop(admin, limited, 12)
    queue_noop(admin, unlimited, 12)
    workers = [
        start_worker(
            db_url,
            tmp_path,
            "--kind",
            "noop=4",
            "--batch-size",
            "4",
            "--handler",
            "noop=worker_handlers:timed",
            "--until-empty",
            env={"CV_SLOW_SECONDS": "0.3"},
        )
        for _ in range(3)
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0, worker.stderr.read()
    wait_for(
        lambda: admin.execute(
            "select count(*) = 24 from public.generations where organization_id in (%s, %s) and status = 'succeeded'",
            (limited, unlimited),
        ).fetchone()[0]
    )
    runs = intervals(tmp_path)
    limited_runs = [(start, end) for org, start, end in runs if org == str(limited)]
    assert len(limited_runs) == 12
    assert most_at_once(limited_runs) <= 2, "never more than its limit at once, across three processes"
    unlimited_runs = [(start, end) for org, start, end in runs if org == str(unlimited)]
    assert most_at_once(unlimited_runs) > 2, "while the other organization used the free slots"
