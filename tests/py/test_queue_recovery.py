"""Recovery after a crash with real worker processes: a SIGKILLed worker's long job is taken
again within its short lease (heartbeats keep a live worker's lease, whatever the job's
length), the lost lease counted apart from failed attempts; a worker SIGTERMed while it is
still starting exits cleanly. The order-level rules (place kept, bounds, messages) are in
supabase/tests/database/test_job_recovery.sql."""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path

from test_queue_workers import (
    admin,
    charged_once,
    image_worker,
    ledger_holds,
    one_image_job,
    start_worker,
    wait_for,
    wait_for_progress,
)

__all__ = ["admin"]  # a fixture, imported

LEASE = 2  # seconds: the test's workers ask for a shorter lease than the kinds' (at most 20 s)
REAP = 0.5


def lease_of(admin, generation) -> tuple:
    return admin.execute(
        "select q.lease_token, q.lease_expires_at > now(), q.lease_losses from private.job_queue q "
        "where q.generation_id = %s",
        (generation,),
    ).fetchone()


def test_a_killed_worker_s_long_job_is_taken_again_within_the_lease(admin, db_url, tmp_path):
    org_id, generation, _user = one_image_job(admin)
    hanging = image_worker(db_url, tmp_path, "hang", "--lease-seconds", str(LEASE))
    rescuer = None
    try:
        wait_for_progress(admin, generation)
        token = lease_of(admin, generation)[0]
        time.sleep(3 * LEASE)  # the job runs three leases long: the heartbeat renews its lease
        assert lease_of(admin, generation) == (token, True, 0), "a live worker keeps its job"
        rescuer = image_worker(db_url, tmp_path, "charge", "--lease-seconds", str(LEASE), "--reap-interval", str(REAP))
        time.sleep(1)  # the rescuer is up and idle: nothing to take while the lease is renewed
        assert lease_of(admin, generation) == (token, True, 0)
        killed_at = admin.execute("select clock_timestamp()").fetchone()[0]
        hanging.send_signal(signal.SIGKILL)
        hanging.wait()
        wait_for(
            lambda: admin.execute(
                "select status = 'succeeded' from public.generations where id = %s", (generation,)
            ).fetchone()[0],
            timeout=30,
        )
    finally:
        for worker in (hanging, rescuer):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
    reaped_after, losses = admin.execute(
        "select extract(epoch from created_at - %s), (data ->> 'lease_losses')::int from public.job_logs "
        "where generation_id = %s and stage = 'lease'",
        (killed_at, generation),
    ).fetchone()
    # the mechanism: reaped once the last renewed lease ran out (≤ LEASE after the kill), at the
    # reaper's next look (≤ REAP), plus scheduling slack on a busy machine
    assert 0 < reaped_after <= LEASE + REAP + 2, reaped_after
    assert losses == 1
    row = admin.execute("select status, attempts from public.generations where id = %s", (generation,)).fetchone()
    assert row == ("succeeded", 1), "the lost lease is no failed attempt"
    charged_once(admin, org_id)
    ledger_holds(admin, org_id)


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (/proc/<pid>/status SigCgt)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    return False


def test_a_worker_sigtermed_while_starting_exits_cleanly(tmp_path):
    # a database that accepts the connection and never answers: the worker is stuck starting
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    url = f"postgresql://worker@127.0.0.1:{silent.getsockname()[1]}/creatorverse"
    try:
        worker = start_worker(url, tmp_path, "-k", "noop=1")
        # the signal as soon as the process can take it: its first lines catch it
        wait_for(lambda: worker.poll() is not None or _catches_sigterm(worker.pid), timeout=20, interval=0.005)
        worker.send_signal(signal.SIGTERM)
        _, log = worker.communicate(timeout=30)
    finally:
        silent.close()
    assert worker.returncode == 0, log
    assert "worker stopped before it started" in log
