"""Jobs wait for their inputs — one mechanism for every job with input generations: a
standalone job given an input that has not succeeded waits (state 'waiting', never
claimed, counted by analytics.queue_health) and becomes ready, with a NOTIFY to its
workers, when its last input succeeds. An input succeeding while the input row is being
inserted (in either order) never leaves the job waiting for good."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from test_queue_workers import make_studio, request

CREATED: list = []


@pytest.fixture
def admin(db_url):
    """The owner's connection; the jobs a test leaves in the queue are cancelled after it (the
    queue is shared: other tests' workers would take them)."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn
        for job in CREATED:
            with conn.transaction():
                gone = conn.execute("delete from private.job_queue where generation_id = %s returning id", (job,))
                if gone.fetchone():
                    conn.execute("select private.finish_generation(%s, 'cancelled', null, 'test over', null)", (job,))
        CREATED.clear()


def state(admin, generation_id) -> str | None:
    row = admin.execute("select state from private.job_queue where generation_id = %s", (generation_id,)).fetchone()
    return row and row[0]


def link(conn, job, source, order: int = 0) -> None:
    conn.execute(
        "insert into public.generation_inputs (generation_id, organization_id, role, sequence_order, "
        "input_generation_id) select g.id, g.organization_id, 'image', %s, %s from public.generations g "
        "where g.id = %s",
        (order, source, job),
    )


def succeed(conn, generation_id, settle: bool = True) -> None:
    """What a worker's completion does: the queue row removed, the generation settled
    (finish_generation locks the row FOR UPDATE); settle=False: a bare status update."""
    conn.execute("delete from private.job_queue where generation_id = %s", (generation_id,))
    conn.execute("update public.generations set status = 'running', started_at = now() where id = %s",
                 (generation_id,))  # fmt: skip
    if settle:
        conn.execute("select private.finish_generation(%s, 'succeeded', '{}', null, null)", (generation_id,))
    else:
        conn.execute("update public.generations set status = 'succeeded' where id = %s", (generation_id,))


def studio_jobs(admin, count: int, user_name: list | None = None):
    _, project_id, user = make_studio(admin, credits=1000)
    if user_name is not None:
        user_name.append(user)
    jobs = [request(admin, user, project_id, "image") for _ in range(count)]
    CREATED.extend(jobs)
    return jobs


def test_a_standalone_job_waits_for_its_inputs_and_is_woken(admin, db_url):
    first, second, job = studio_jobs(admin, 3)
    link(admin, job, first, 0)
    link(admin, job, second, 1)
    assert state(admin, job) == "waiting"
    waiting = admin.execute("select waiting_for_inputs from analytics.queue_health where kind = 'image'").fetchone()[0]
    assert waiting >= 1
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("listen creatorverse_jobs")
        with admin.transaction():
            succeed(admin, first)
        assert state(admin, job) == "waiting", "one input of two succeeded: still waiting"
        with admin.transaction():
            succeed(admin, second)
        assert state(admin, job) == "ready"
        heard = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert heard == ["image"]
    # an input that already succeeded is no reason to wait
    later = studio_jobs(admin, 1)[0]
    link(admin, later, first)
    assert state(admin, later) == "ready"


@pytest.mark.parametrize("first", ["input row", "success", "bare success"])
def test_an_input_succeeding_while_it_is_linked_wakes_the_job(admin, db_url, first):
    source, job = studio_jobs(admin, 2)
    with psycopg.connect(db_url) as a, psycopg.connect(db_url) as b:
        started = threading.Event()
        if first == "input row":  # the link holds the input (FOR SHARE); the success waits for it
            link(a, job, source)
            worker = threading.Thread(target=lambda: (started.set(), succeed(b, source), b.commit()))
            worker.start()
            started.wait()
            time.sleep(0.3)
            a.commit()
        else:  # the success is uncommitted; the link waits for it and then sees it
            succeed(b, source, settle=first == "success")
            worker = threading.Thread(target=lambda: (started.set(), link(a, job, source), a.commit()))
            worker.start()
            started.wait()
            time.sleep(0.3)
            b.commit()
        worker.join(10)
        assert not worker.is_alive()
    assert state(admin, job) == "ready"


def test_cancelling_a_waiting_job_releases_its_hold(admin):
    user: list = []
    source, job = studio_jobs(admin, 2, user)
    link(admin, job, source)
    assert state(admin, job) == "waiting"
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user[0],))
        status = admin.execute("select (public.cancel_generation(%s)).status", (job,)).fetchone()[0]
        admin.execute("reset role")
    assert status == "cancelled"
    assert state(admin, job) is None
    hold = admin.execute("select h.status from public.credit_holds h join public.generations g on g.hold_id = h.id "
                         "where g.id = %s", (job,)).fetchone()[0]  # fmt: skip
    assert hold == "released"
