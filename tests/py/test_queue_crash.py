"""The database stops hard (`pg_ctl stop -m immediate`, as in a power cut) while workers
hold and capture credits. After restart and recovery every job is done and charged exactly
once, and the ledger's invariants hold. Runs on its own throwaway embedded server, never
on the shared test server."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from test_queue_workers import charged_once, ledger_holds, make_studio, recorded, start_worker, wait_for

from conftest import HELPERS
from creatorverse.db import server
from creatorverse.db.migrate import Migrator
from creatorverse.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
JOBS = 80


def crash(pgdata: Path, restart_later: bool = True) -> None:
    from pgserver._commands import pg_ctl
    from pgserver.postgres_server import PostgresServer

    pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=pgdata, user="pgserver" if server._running_as_root() else None)
    if restart_later:  # so that server.start() starts it again
        PostgresServer._instances.pop(pgdata.resolve(), None)


def start(pgdata: Path) -> str:
    """Start (or find running) the throwaway server. pgserver gives pg_ctl 10 s, which a
    busy machine can exceed while recovering: the next call finds the postmaster up."""
    for attempt in range(3):
        try:
            return server.start(pgdata)
        except subprocess.TimeoutExpired:
            from pgserver.postgres_server import PostgresServer

            PostgresServer._instances.pop(pgdata.resolve(), None)
            if attempt == 2:
                raise
            time.sleep(2)
    raise AssertionError("unreachable")


@pytest.fixture
def throwaway_server(tmp_path):
    pgdata = ROOT / ".creatorverse" / f"crash-test-{tmp_path.name}"
    shutil.rmtree(pgdata, ignore_errors=True)
    admin_url = start(pgdata)
    url = server.ensure_database(admin_url, "crash")
    settings = Settings(CREATORVERSE_ROOT=ROOT)
    Migrator(url, settings.migrations_dir).run()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(HELPERS.read_text())
    yield pgdata, url
    if server.status(pgdata).running:
        crash(pgdata, restart_later=False)  # nothing to keep: no need for a clean shutdown's checkpoint
    # removing a data directory takes seconds here: let it happen in the background
    subprocess.Popen(["rm", "-rf", str(pgdata)], start_new_session=True)


def test_jobs_are_charged_exactly_once_across_a_database_crash(throwaway_server, tmp_path):
    pgdata, url = throwaway_server
    with psycopg.connect(url, autocommit=True) as conn:
        org_id, project_id, user = make_studio(conn, credits=100_000)
        with conn.transaction():
            conn.execute("select tests.authenticate_as(%s)", (user,))
            conn.execute(
                "select public.request_generation(%s, 'image', 'frame ' || i) from generate_series(1, %s) i",
                (project_id, JOBS),
            )
            conn.execute("reset role")
    args = (
        "-k",
        "image=8",
        "--handler",
        "image=worker_handlers:charge",
        "--lease-seconds",
        "1",
        "--reap-interval",
        "0.5",
        "--batch-size",
        "5",
    )
    workers = [start_worker(url, tmp_path, *args) for _ in range(2)]

    def succeeded() -> int:
        with psycopg.connect(url) as conn:
            return conn.execute("select count(*) from public.generations where status = 'succeeded'").fetchone()[0]

    wait_for(lambda: succeeded() >= JOBS // 4, timeout=60, interval=0.05)
    crash(pgdata)
    for worker in workers:
        if worker.poll() is None:
            time.sleep(0.5)
            worker.send_signal(signal.SIGKILL)
        worker.wait()

    start(pgdata)
    with psycopg.connect(url, autocommit=True) as conn:
        done_before = conn.execute("select count(*) from public.generations where status = 'succeeded'").fetchone()[0]
        assert done_before < JOBS, "the crash hit while jobs were still running"
        ledger_holds(conn, org_id)  # recovery alone leaves a consistent ledger
    rescuers = [start_worker(url, tmp_path, *args, "--until-empty") for _ in range(2)]
    for worker in rescuers:
        assert worker.wait(timeout=120) == 0, worker.stderr.read()

    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("select status, count(*) from public.generations group by status").fetchall() == [
            ("succeeded", JOBS)
        ]
        charged_once(conn, org_id)
        ledger_holds(conn, org_id)
        captured = conn.execute(
            "select sum(actual_credits) from public.generations where organization_id = %s", (org_id,)
        ).fetchone()[0]
        assert captured == JOBS * 3, "each image (4 credits estimated) captured its actual 3 credits"
    # a handler whose completion the crash swallowed ran again; its money did not move twice
    assert len(set(recorded(tmp_path))) == JOBS
