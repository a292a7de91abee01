"""The queue with real worker processes: exactly-once over 5,000 jobs with 8 processes, a
worker killed with SIGKILL mid-job, a worker paused past its lease (fencing), cancellation
noticed at a heartbeat, dead-lettering, graceful SIGTERM hand-back, a worker whose database
connections are cut, and a database crash (`pg_ctl stop -m immediate`) while jobs hold and
capture credits."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).parent / "creatorverse")


def start_worker(db_url: str, record_dir: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": db_url,
        "PYTHONPATH": str(ROOT / "tests" / "helpers"),
        "CV_RECORD_DIR": str(record_dir),
        **(env or {}),
    }
    return subprocess.Popen(
        [CLI, "worker", "--no-webhooks", "--no-scheduler", "--poll-interval", "0.2", *args],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def recorded(record_dir: Path) -> list[str]:
    return [line for f in record_dir.glob("*.txt") for line in f.read_text().split()]


def collected_log(name: str) -> tuple[logging.Logger, list[str]]:
    """A logger at INFO level and the list its messages are collected in."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger = logging.getLogger(name)
    logger.addHandler(Collect())
    logger.setLevel(logging.INFO)
    return logger, records


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not reached in time")


def make_studio(conn: psycopg.Connection, credits: int = 0) -> tuple[uuid.UUID, uuid.UUID, str]:
    """A committed user, their organization with `credits` bonus credits and a project."""
    name = f"q{uuid.uuid4().hex[:10]}"
    user_id = conn.execute("select tests.create_user(%s)", (name,)).fetchone()[0]
    org_id = conn.execute(
        "select organization_id from public.organization_members where user_id = %s", (user_id,)
    ).fetchone()[0]
    if credits:
        conn.execute("select public.credits_grant(%s, %s, 'bonus', %s)", (org_id, credits, f"test:{name}"))
        # a plan without a daily cap, so that the tests measure the queue, not the cap
        conn.execute("update public.subscriptions set plan_id = 'enterprise' where organization_id = %s", (org_id,))
    project_id = conn.execute(
        "insert into public.projects (organization_id, created_by, title) values (%s, %s, 'Q') returning id",
        (org_id, user_id),
    ).fetchone()[0]
    return org_id, project_id, name


def request(conn: psycopg.Connection, user: str, project_id, kind: str = "image", **fields) -> uuid.UUID:
    """request_generation as the user, the way PostgREST calls it; committed."""
    with conn.transaction():
        conn.execute("select tests.authenticate_as(%s)", (user,))
        names = ", ".join(f"{k} => %({k})s" for k in fields)
        generation_id = conn.execute(
            f"select (public.request_generation(%(project)s, %(kind)s{', ' + names if names else ''})).id",
            {"project": project_id, "kind": kind, **fields},
        ).fetchone()[0]
        conn.execute("reset role")
    return generation_id


def ledger_holds(conn: psycopg.Connection, org_id) -> None:
    """The ledger's invariants for one organization."""
    wallet = conn.execute(
        "select balance + rollover_balance + bonus_balance, held_balance from public.credit_balances "
        "where organization_id = %s",
        (org_id,),
    ).fetchone()
    sums = conn.execute(
        "select sum(amount), sum(held_delta) from public.credit_transactions where organization_id = %s", (org_id,)
    ).fetchone()
    pending = conn.execute(
        "select coalesce(sum(amount), 0) from public.credit_holds where organization_id = %s and status = 'pending'",
        (org_id,),
    ).fetchone()[0]
    assert wallet == sums, "the balance is the sum of its ledger entries"
    assert wallet[1] == pending, "held credits are exactly the pending holds"


def charged_once(conn: psycopg.Connection, org_id) -> None:
    """Every succeeded generation: one capture of its hold, one usage record, matching amounts."""
    rows = conn.execute(
        """
        select g.id, g.actual_credits,
               (select count(*) from public.credit_transactions t where t.hold_id = g.hold_id and t.type = 'capture'),
               (select coalesce(sum(-t.held_delta), 0) from public.credit_transactions t
                where t.hold_id = g.hold_id and t.type = 'capture'),
               (select count(*) from public.usage_events u where u.event_id = g.id),
               (select h.status from public.credit_holds h where h.id = g.hold_id)
        from public.generations g where g.organization_id = %s and g.status = 'succeeded'
        """,
        (org_id,),
    ).fetchall()
    assert rows
    for _id, actual, captures, captured, usage, hold_status in rows:
        assert (captures, captured, usage, hold_status) == (1, actual, 1, "captured")


def one_image_job(conn: psycopg.Connection) -> tuple:
    """A studio with credits and one requested image generation; no other image job waits."""
    org_id, project_id, user = make_studio(conn, credits=1000)
    conn.execute("delete from private.job_queue where kind = 'image'")
    return org_id, request(conn, user, project_id), user


def image_worker(db_url: str, record_dir: Path, handler: str, *args: str, env: dict | None = None):
    return start_worker(
        db_url, record_dir, "-k", "image=1", "--handler", f"image=worker_handlers:{handler}", *args, env=env
    )


def wait_for_progress(conn: psycopg.Connection, generation, percent: int = 10) -> None:
    """Until the handler has reported `percent` on the domain row (it is running)."""
    query = "select progress = %s from public.generations where id = %s"
    wait_for(lambda: conn.execute(query, (percent, generation)).fetchone()[0])


@pytest.fixture
def admin(db_url: str):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


def test_eight_processes_run_5000_jobs_exactly_once(admin, db_url, tmp_path):
    org_id, _, _ = make_studio(admin)
    admin.execute(
        "insert into public.generations (organization_id, kind) select %s, 'noop' from generate_series(1, 5000)",
        (org_id,),
    )
    # held back until all eight processes are up, so that every one of them takes part
    gate = (
        "update private.job_queue q set run_after = %s from public.generations g "
        "where g.id = q.generation_id and g.organization_id = %s"
    )
    admin.execute(gate.replace("%s", "now() + interval '1 hour'", 1), (org_id,))
    workers = [
        start_worker(
            db_url,
            tmp_path,
            "--kind",
            "noop=16",
            "--handler",
            "noop=worker_handlers:record",
            "--batch-size",
            "25",
            "--until-empty",
        )
        for _ in range(8)
    ]
    pids = [w.pid for w in workers]
    wait_for(
        lambda: admin.execute(
            "select count(*) = 8 from private.worker_heartbeats where pid = any(%s)", (pids,)
        ).fetchone()[0],
        timeout=30,
    )
    admin.execute(gate.replace("%s", "now()", 1), (org_id,))
    for worker in workers:
        assert worker.wait(timeout=60) == 0, worker.stderr.read()
    runs = recorded(tmp_path)
    expected = {
        str(r[0]) for r in admin.execute("select id from public.generations where organization_id = %s", (org_id,))
    }
    assert len(runs) == 5000 and set(runs) == expected, "every job ran, none twice"
    assert len({f.name for f in tmp_path.glob("*.txt")}) == 8, "all eight processes took part"
    states = admin.execute(
        "select status, max(attempts), count(*) from public.generations where organization_id = %s group by status",
        (org_id,),
    ).fetchall()
    assert states == [("succeeded", 1, 5000)]


def test_a_killed_worker_s_job_completes_elsewhere_and_is_charged_once(admin, db_url, tmp_path):
    org_id, project_id, user = make_studio(admin, credits=1000)
    admin.execute("delete from private.job_queue where kind = 'image'")
    generation = request(admin, user, project_id, units=2)
    hanging = image_worker(db_url, tmp_path, "hang", "--lease-seconds", "2")
    try:
        wait_for_progress(admin, generation)
    finally:
        hanging.send_signal(signal.SIGKILL)
        hanging.wait()
    rescuer = image_worker(
        db_url,
        tmp_path,
        "charge",
        "--lease-seconds",
        "2",
        "--reap-interval",
        "0.5",
        "--until-empty",
    )
    assert rescuer.wait(timeout=30) == 0, rescuer.stderr.read()
    row = admin.execute(
        "select status, attempts, actual_credits from public.generations where id = %s", (generation,)
    ).fetchone()
    assert row == ("succeeded", 1, 7), "completed at the actual cost; the lost lease was no failed attempt"
    assert recorded(tmp_path) == [str(generation)]
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)


def test_a_paused_worker_cannot_complete_after_its_lease_expired(admin, db_url, tmp_path):
    org_id, generation, _user = one_image_job(admin)
    paused = image_worker(
        db_url,
        tmp_path,
        "slow_charge",
        "--lease-seconds",
        "2",
        env={"CV_SLOW_SECONDS": "2"},
    )
    wait_for_progress(admin, generation)
    paused.send_signal(signal.SIGSTOP)
    try:
        rescuer = image_worker(
            db_url,
            tmp_path,
            "charge",
            "--lease-seconds",
            "5",
            "--reap-interval",
            "0.5",
            "--until-empty",
        )
        assert rescuer.wait(timeout=30) == 0, rescuer.stderr.read()
    finally:
        paused.send_signal(signal.SIGCONT)
    time.sleep(2.5)  # the paused worker wakes, finishes its handler and tries to report
    paused.send_signal(signal.SIGTERM)
    _, log = paused.communicate(timeout=30)
    assert "lease lost" in log, "the woken worker learns it lost the job"
    result = admin.execute(
        "select status, attempts, result ->> 'worker_pid' from public.generations where id = %s", (generation,)
    ).fetchone()
    assert result == ("succeeded", 1, str(rescuer.pid)), "the result is the rescuer's (the lost lease no attempt)"
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)


def test_cancellation_is_noticed_at_the_next_heartbeat(admin, db_url, tmp_path):
    org_id, generation, user = one_image_job(admin)
    worker = image_worker(db_url, tmp_path, "hang", "--lease-seconds", "3")
    try:
        wait_for_progress(admin, generation)
        with admin.transaction():
            admin.execute("select tests.authenticate_as(%s)", (user,))
            admin.execute("select public.cancel_generation(%s)", (generation,))
            admin.execute("reset role")
        wait_for(
            lambda: admin.execute(
                "select status = 'cancelled' from public.generations where id = %s", (generation,)
            ).fetchone()[0],
            timeout=10,
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    hold = admin.execute(
        "select h.status from public.credit_holds h join public.generations g on g.hold_id = h.id where g.id = %s",
        (generation,),
    ).fetchone()[0]
    assert hold == "released"
    ledger_holds(admin, org_id)


def test_dead_letter_after_max_attempts_releases_the_hold(admin, db_url, tmp_path):
    org_id, generation, _user = one_image_job(admin)
    worker = image_worker(db_url, tmp_path, "flaky", "--until-empty")
    assert worker.wait(timeout=30) == 0, worker.stderr.read()
    row = admin.execute(
        "select status, attempts, error_message, error_code from public.generations where id = %s", (generation,)
    ).fetchone()
    assert row == ("failed", 3, "provider unavailable", "unavailable")
    logs = admin.execute(
        "select count(*) from public.job_logs where generation_id = %s and level = 'error'", (generation,)
    ).fetchone()[0]
    assert logs == 3, "every failed attempt is logged"
    ledger_holds(admin, org_id)
    assert (
        admin.execute(
            "select held_balance from public.credit_balances where organization_id = %s", (org_id,)
        ).fetchone()[0]
        == 0
    )


def test_sigterm_hands_running_jobs_back(admin, db_url, tmp_path):
    org_id, generation, _user = one_image_job(admin)
    worker = image_worker(db_url, tmp_path, "hang", "--grace-seconds", "0.5")
    wait_for_progress(admin, generation)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    row = admin.execute(
        "select g.status, q.state, q.attempts from public.generations g "
        "join private.job_queue q on q.generation_id = g.id where g.id = %s",
        (generation,),
    ).fetchone()
    assert row == ("queued", "ready", 0), "back in the queue, the attempt not counted"
    admin.execute("select public.cancel_generation(%s)", (generation,))
    ledger_holds(admin, org_id)


def test_a_worker_rides_out_lost_connections(admin, db_url, tmp_path):
    """Every connection of a running worker is cut, twice (as a database restart, a failover or
    a pooler would): it reconnects, sends again what was not acknowledged, and finishes every
    job, each charged once."""
    org_id, project_id, user = make_studio(admin, credits=100_000)
    admin.execute("delete from private.job_queue where kind = 'image'")
    generations = {str(request(admin, user, project_id)) for _ in range(30)}
    worker = start_worker(
        db_url,
        tmp_path,
        *("-k", "image=4", "--handler", "image=worker_handlers:slow_charge"),
        *("--lease-seconds", "5", "--reap-interval", "0.5", "--until-empty"),
        env={"CV_SLOW_SECONDS": "0.2"},
    )
    succeeded = "select count(*) from public.generations where organization_id = %s and status = 'succeeded'"
    cut = (
        "select count(pg_terminate_backend(pid)) from pg_stat_activity "
        "where application_name like 'creatorverse worker %%'"
    )
    try:
        for done in (5, 15):
            wait_for(lambda done=done: admin.execute(succeeded, (org_id,)).fetchone()[0] >= done)
            assert admin.execute(cut).fetchone()[0] >= 3, "the lanes', the aux and the LISTEN connections"
        assert worker.wait(timeout=60) == 0, worker.stderr.read()
    finally:
        if worker.poll() is None:
            worker.kill()
    assert admin.execute(succeeded, (org_id,)).fetchone()[0] == 30
    assert set(recorded(tmp_path)) == generations
    assert "database call failed; retrying" in worker.stderr.read()
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)


def noop_job(conn: psycopg.Connection) -> uuid.UUID:
    org_id, _, _ = make_studio(conn)
    return conn.execute(
        "insert into public.generations (organization_id, kind) values (%s, 'noop') returning id", (org_id,)
    ).fetchone()[0]


def succeeded_soon(conn: psycopg.Connection, generation, timeout: float) -> None:
    query = "select status = 'succeeded' from public.generations where id = %s"
    wait_for(lambda: conn.execute(query, (generation,)).fetchone()[0], timeout=timeout)


@pytest.mark.parametrize("mode", ["listen", "poll-only"])
def test_workers_wake_on_notify_or_poll(admin, db_url, tmp_path, mode):
    """LISTEN: a worker polling once a minute still starts a new job within seconds.
    Poll-only (for transaction poolers): the poll finds it."""
    args = ["--poll-interval", "60"] if mode == "listen" else ["--poll-only", "--poll-interval", "0.3"]
    worker = start_worker(db_url, tmp_path, "--kind", "noop=1", "--handler", "noop=worker_handlers:record", *args)
    try:
        wait_for(
            lambda: admin.execute(
                "select count(*) = 1 from private.worker_heartbeats where pid = %s", (worker.pid,)
            ).fetchone()[0],
            timeout=30,
        )
        time.sleep(0.5)  # past the worker's first (empty) claim
        generation = noop_job(admin)
        succeeded_soon(admin, generation, timeout=10)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    assert recorded(tmp_path) == [str(generation)]


def test_one_scheduler_is_elected(db_url):
    """Three scheduler loops on one database: exactly one takes the leader lease.

    The leader releases the lease when it stops; a follower whose try raced with that
    release must not become a second leader on its way out (the flake this test once had).
    """
    import asyncio

    from creatorverse.workers.scheduler import scheduler_loop

    logger, records = collected_log("test.scheduler")

    async def run():
        stopping = asyncio.Event()
        loops = [asyncio.create_task(scheduler_loop(db_url, stopping, logger, tick=0.01)) for _ in range(3)]
        # wait for a leader to have run a duty (however slow the machine), then let the
        # followers try the lock many more times
        deadline = asyncio.get_running_loop().time() + 60
        while "duty" not in records and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)
        stopping.set()
        await asyncio.gather(*loops)

    asyncio.run(run())
    assert records.count("elected scheduler") == 1, records
    assert "duty" in records, "the leader ran the due duties"


def test_a_scheduler_that_loses_its_connection_gives_way_and_recovers(db_url):
    """The leader's connection is cut: its step fails once, it reconnects (instead of failing
    every tick on the dead connection) and, its lease still running, is elected again with the
    same fencing token; the other loop never leads meanwhile."""
    import asyncio

    from creatorverse.workers.scheduler import scheduler_loop

    logger, records = collected_log("test.scheduler.reconnect")
    leader_backend = (
        "select a.pid from pg_stat_activity a join private.leader_leases l on l.role = 'scheduler' "
        "where a.datname = current_database() and a.application_name = 'creatorverse scheduler ' || l.holder"
    )

    async def run():
        stopping = asyncio.Event()
        loops = [asyncio.create_task(scheduler_loop(db_url, stopping, logger, tick=0.01)) for _ in range(2)]
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as admin:

            async def until(predicate):
                deadline = asyncio.get_running_loop().time() + 60
                while not predicate() and asyncio.get_running_loop().time() < deadline:
                    await asyncio.sleep(0.02)

            await until(lambda: "duty" in records)
            pids = await (await admin.execute(leader_backend)).fetchall()
            assert len(pids) == 1, "one leader holds the lease"
            await admin.execute("select pg_terminate_backend(%s)", pids[0])
            await until(lambda: records.count("elected scheduler") == 2)
            await asyncio.sleep(0.3)  # some 30 ticks for a loop stuck on a dead connection to fail
        stopping.set()
        await asyncio.gather(*loops)

    asyncio.run(run())
    assert records.count("elected scheduler") == 2, records
    assert records.count("scheduler step failed") == 1, "the old leader failed once, then reconnected"
