"""Workers and schedulers behind a real PgBouncer in transaction mode (what Supabase's port 6543
gives workers): a handful of server sessions shared by every client, so nothing may rely on a
session (LISTEN, prepared statements, advisory locks, `set`). Jobs run once and are charged
once, exactly one scheduler acts, and a frozen leader's expired lease is taken over; the old
leader, woken up, is refused by the fencing token and acts no more.

PgBouncer is Debian's `pgbouncer` (`make test` installs it, scripts/install_pgbouncer.py),
started here on loopback against the test server.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from test_queue_workers import ROOT, charged_once, ledger_holds, make_studio, recorded, request, wait_for

CLI = str(Path(sys.executable).parent / "creatorverse")
PGBOUNCER = shutil.which("pgbouncer") or next(
    (p for p in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if os.access(p, os.X_OK)), None
)
SERVER_SESSIONS = 4  # far fewer than the clients: every transaction may land on another session


@pytest.fixture
def admin(db_url: str) -> Iterator[psycopg.Connection]:
    """A direct connection (not pooled) to watch and prepare the database."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pooler_url(db_url: str) -> Iterator[str]:
    """db_url's database through PgBouncer, pool_mode = transaction, on 127.0.0.1."""
    if PGBOUNCER is None:
        pytest.skip("pgbouncer is not installed (`make test` installs Debian's pgbouncer)")
    server = conninfo_to_dict(db_url)
    host, port = server.get("host") or "localhost", server.get("port") or "5432"
    user = server.get("user") or pwd.getpwuid(os.getuid()).pw_name
    folder = Path(tempfile.mkdtemp(prefix="creatorverse-pgbouncer-"))
    target = make_conninfo(host=host, port=port, password=server.get("password"))
    listen = _free_port()
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = {target}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/userlist.txt
pool_mode = transaction
default_pool_size = {SERVER_SESSIONS}
max_client_conn = 500
server_reset_query =
logfile = {folder}/pgbouncer.log
"""
    )
    command = [PGBOUNCER]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root: run as the server's socket owner
        owner = Path(host).stat().st_uid if host.startswith("/") else pwd.getpwnam("nobody").pw_uid
        command += ["-u", pwd.getpwuid(owner).pw_name]
        for path in (folder, *folder.iterdir()):
            os.chown(path, owner, -1)
    bouncer = subprocess.Popen([*command, str(folder / "pgbouncer.ini")], stderr=subprocess.DEVNULL)
    url = f"postgresql://{quote(user)}@127.0.0.1:{listen}/{quote(server['dbname'])}"

    def answers() -> bool:
        try:
            with psycopg.connect(url, connect_timeout=2, prepare_threshold=None) as conn:
                return conn.execute("select 1").fetchone() == (1,)
        except psycopg.OperationalError:
            assert bouncer.poll() is None, (folder / "pgbouncer.log").read_text()
            return False

    try:
        wait_for(answers, timeout=20)
        yield url
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def start(url: str, tmp_path: Path, name: str, *args: str) -> subprocess.Popen:
    """A worker process on `url` as a transaction-pooled client; its JSON log in tmp_path/name.log."""
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "CREATORVERSE_DATABASE_POOLER": "transaction",
        "PYTHONPATH": str(ROOT / "tests" / "helpers"),
        "CV_RECORD_DIR": str(tmp_path / "records"),
    }
    command = [CLI, "worker", "--no-webhooks", "--poll-interval", "0.2", "--lanes", "1", "--batch-size", "5"]
    command += ["-k", "noop=4", "--handler", "noop=worker_handlers:record"]
    command += ["-k", "image=4", "--handler", "image=worker_handlers:charge", *args]
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=(tmp_path / f"{name}.log").open("w")
    )


def events(tmp_path: Path, name: str, event: str) -> list[dict]:
    lines = (tmp_path / f"{name}.log").read_text().splitlines()
    return [entry for entry in map(json.loads, filter(None, lines)) if entry.get("event") == event]


def leader(admin: psycopg.Connection) -> tuple[int | None, str | None, int]:
    """The scheduler lease's holder's pid, holder and token."""
    holder, token = admin.execute(
        "select holder, token from private.leader_leases where role = 'scheduler' and lease_expires_at > now()"
    ).fetchone() or (None, 0)
    return (int(holder.split(":")[1]) if holder else None), holder, token


def duty_runs(admin: psycopg.Connection) -> dict[str, int]:
    return dict(admin.execute("select name, runs from private.duties where enabled").fetchall())


def all_duties_run_once(admin: psycopg.Connection) -> dict[str, int]:
    """Make every duty due, wait until each has run, return the runs after."""
    # the runs as of the update (which waits for a run in flight): each later run is for this due time
    before = dict(
        admin.execute(
            "update private.duties set next_due_at = now() - interval '1 second' where enabled returning name, runs"
        ).fetchall()
    )
    wait_for(lambda: all(runs > before[name] for name, runs in duty_runs(admin).items()), timeout=60)
    time.sleep(1)  # some five ticks more, for a second run to show
    after = duty_runs(admin)
    assert {name: after[name] - before[name] for name in after} == dict.fromkeys(after, 1), "once per due time"
    return after


def test_workers_and_two_schedulers_behind_pgbouncer(admin, pooler_url, tmp_path):
    (tmp_path / "records").mkdir()
    org_id, project_id, user = make_studio(admin, credits=100_000)
    noop_org, _, _ = make_studio(admin)
    admin.execute("delete from private.job_queue where kind in ('noop', 'image')")
    noop = admin.execute(
        "insert into public.generations (organization_id, kind) select %s, 'noop' from generate_series(1, 300) "
        "returning id::text",
        (noop_org,),
    ).fetchall()
    images = [str(request(admin, user, project_id)) for _ in range(40)]
    expected = {g for (g,) in noop} | set(images)

    lease = ("--scheduler-tick", "0.2", "--scheduler-lease", "3")
    processes = {
        "a": start(pooler_url, tmp_path, "a", *lease),
        "b": start(pooler_url, tmp_path, "b", *lease),
        "c": start(pooler_url, tmp_path, "c", "--no-scheduler"),
    }
    names = {p.pid: name for name, p in processes.items()}
    try:
        # jobs: every one run and charged exactly once, through a pool of 4 server sessions
        succeeded = "select count(*) from public.generations where organization_id in (%s, %s) and status = 'succeeded'"

        def all_succeeded() -> bool:
            assert all(p.poll() is None for p in processes.values()), "a worker exited"
            return admin.execute(succeeded, (org_id, noop_org)).fetchone()[0] == len(expected)

        wait_for(all_succeeded, timeout=120)
        runs = recorded(tmp_path / "records")
        assert sorted(runs) == sorted(expected), "each job ran once"
        charged_once(admin, org_id)
        ledger_holds(admin, org_id)
        served = admin.execute(
            "select count(distinct worker_id) from private.worker_heartbeats where pid = any(%s)", (list(names),)
        ).fetchone()[0]
        assert served == 3

        # exactly one leader acts: every due duty runs once, logged by the lease's holder only
        pid, holder, token = wait_for(lambda: leader(admin)[0] and leader(admin))
        first, other = names[pid], "b" if names[pid] == "a" else "a"
        all_duties_run_once(admin)
        assert events(tmp_path, first, "duty") and not events(tmp_path, other, "duty")
        assert len(events(tmp_path, first, "elected scheduler")) == 1
        assert events(tmp_path, other, "elected scheduler") == []

        # the leader freezes: its lease expires, the other takes the role with a new token
        processes[first].send_signal(signal.SIGSTOP)
        new_pid, new_holder, new_token = wait_for(lambda: leader(admin)[0] not in (None, pid) and leader(admin), 30)
        assert names[new_pid] == other and new_token > token
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="fencing token"):
            admin.execute("select private.leader_fence('scheduler', %s, %s)", (holder, token))
        all_duties_run_once(admin)
        acted_before = len(events(tmp_path, first, "duty"))

        # the old leader wakes up: refused by the token, it turns follower and acts no more
        processes[first].send_signal(signal.SIGCONT)
        wait_for(
            lambda: events(tmp_path, first, "scheduler lease lost") or events(tmp_path, first, "scheduler deposed"), 30
        )
        all_duties_run_once(admin)
        assert len(events(tmp_path, first, "duty")) == acted_before
        assert leader(admin)[1] == new_holder
        assert [e["token"] for e in events(tmp_path, other, "elected scheduler")] == [new_token]
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGCONT)
            process.send_signal(signal.SIGTERM)
        codes = {name: process.wait(timeout=60) for name, process in processes.items()}
    assert codes == {"a": 0, "b": 0, "c": 0}
    for name in processes:
        assert events(tmp_path, name, "scheduler step failed") == [], name
        assert events(tmp_path, name, "database call failed; retrying") == [], name
