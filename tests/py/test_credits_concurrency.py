"""Money under concurrency: many connections spending, holding, capturing and releasing
from one wallet at once."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter

import psycopg
import pytest

CONNECTIONS = 32
ATTEMPTS = 2000


@pytest.fixture
def wallet(db_url):
    """A committed organization whose wallet holds exactly 1,000 credits."""
    tag = uuid.uuid4().hex[:8]
    with psycopg.connect(db_url, autocommit=True) as conn:
        owner = conn.execute("select tests.create_user(%s)", (f"spender-{tag}",)).fetchone()[0]
        org_id = conn.execute(
            "select tests.create_organization(%s, %s)", (f"spender-{tag}", f"wallet-{tag}")
        ).fetchone()[0]
        available = conn.execute(
            "select balance + rollover_balance + bonus_balance from public.credit_balances where organization_id = %s",
            (org_id,),
        ).fetchone()[0]
        if available < 1000:  # a team organization starts with no free credits
            conn.execute("select public.credits_grant(%s, %s, 'grant', 'top-up-to-1000')", (org_id, 1000 - available))
    yield org_id
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from public.organizations where id = %s", (org_id,))
        conn.execute("delete from auth.users where id = %s", (owner,))


def run_concurrently(db_url: str, attempt) -> Counter:
    """`attempt(conn, n)` for n in range(ATTEMPTS), spread over CONNECTIONS service-role connections."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    numbers = iter(range(ATTEMPTS))
    barrier = threading.Barrier(CONNECTIONS)

    def worker():
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("set role service_role")
            barrier.wait()
            while True:
                with lock:
                    n = next(numbers, None)
                if n is None:
                    return
                try:
                    result = attempt(conn, n)
                except psycopg.Error as error:
                    result = error.diag.sqlstate
                with lock:
                    outcomes[result] += 1

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def ledger_state(db_url: str, org_id) -> dict:
    with psycopg.connect(db_url) as conn:
        balance = conn.execute(
            "select balance + rollover_balance + bonus_balance, held_balance from public.credit_balances "
            "where organization_id = %s",
            (org_id,),
        ).fetchone()
        sums = conn.execute(
            "select sum(amount), sum(held_delta), count(*) filter (where type = 'usage'), "
            "count(*) filter (where balance_after <> prev + amount), "
            "count(*) filter (where created_at < prev_created_at) "
            "from (select *, lag(balance_after, 1, 0::bigint) over (order by id) as prev, "
            "             lag(created_at) over (order by id) as prev_created_at "
            "      from public.credit_transactions where organization_id = %s) chain",
            (org_id,),
        ).fetchone()
    return {
        "available": balance[0],
        "held": balance[1],
        "entries_available": sums[0],
        "entries_held": sums[1],
        "usage_entries": sums[2],
        "broken_links": sums[3],
        # entries whose created_at is earlier than the entry before them in the chain (id order)
        "time_inversions": sums[4],
    }


def test_exactly_the_balance_is_spent(db_url, wallet):
    run = uuid.uuid4().hex

    def spend(conn, n):
        conn.execute("select public.credits_spend(%s, 1, %s)", (wallet, f"{run}-{n}"))
        return "spent"

    outcomes = run_concurrently(db_url, spend)
    assert outcomes == {"spent": 1000, "PT402": 1000}
    state = ledger_state(db_url, wallet)
    assert state == {
        "available": 0,
        "held": 0,
        "entries_available": 0,
        "entries_held": 0,
        "usage_entries": 1000,
        "broken_links": 0,
        "time_inversions": 0,
    }


def test_reserve_capture_release_mix_keeps_the_books(db_url, wallet):
    run = uuid.uuid4().hex

    def mixed(conn, n):
        choice = random.Random(n).choice(("spend", "capture", "release"))
        if choice == "spend":
            conn.execute("select public.credits_spend(%s, 1, %s)", (wallet, f"{run}-{n}"))
            return "spent 1"
        with conn.transaction():
            hold = conn.execute("select id from public.credits_hold(%s, 3, %s)", (wallet, f"{run}-{n}")).fetchone()[0]
        if choice == "capture":
            conn.execute("select public.credits_capture(%s, 2)", (hold,))
            return "captured 2"
        conn.execute("select public.credits_release(%s)", (hold,))
        return "released"

    outcomes = run_concurrently(db_url, mixed)
    consumed = outcomes["spent 1"] + 2 * outcomes["captured 2"]
    state = ledger_state(db_url, wallet)
    assert sum(outcomes.values()) == ATTEMPTS and set(outcomes) <= {"spent 1", "captured 2", "released", "PT402"}
    assert outcomes["PT402"] > 0, "the wallet should run dry in this test"
    assert state["available"] == 1000 - consumed >= 0
    assert state["held"] == 0
    assert state["entries_available"] == state["available"] and state["entries_held"] == 0
    assert state["broken_links"] == 0 and state["time_inversions"] == 0
