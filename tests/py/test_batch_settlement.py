"""Completing a batch of paid, metered jobs is set-based: one job_complete call settles every
hold, posts the ledger entries, moves the generations and records the usage with a fixed number
of function calls, whatever the batch's size; no function runs once per job except the status
machine's row trigger (which fires per row by nature). The money of such a batch:
supabase/tests/database/test_batch_settlement.sql."""

from __future__ import annotations

import threading
import uuid

import psycopg

JOBS_PER_ORGANIZATION = 12


def organization_with_credits(conn: psycopg.Connection, name: str) -> str:
    user_id = conn.execute("select tests.create_user(%s)", (name,)).fetchone()[0]
    org_id = conn.execute(
        "select organization_id from public.organization_members where user_id = %s", (user_id,)
    ).fetchone()[0]
    conn.execute("select public.credits_grant(%s, 1000, 'bonus', %s)", (org_id, f"test:{name}"))
    # a plan without a daily cap: the test counts calls, not the cap
    conn.execute("update public.subscriptions set plan_id = 'enterprise' where organization_id = %s", (org_id,))
    return org_id


def function_calls(conn: psycopg.Connection) -> dict[str, int]:
    """This transaction's calls per function (track_functions = all)."""
    return dict(
        conn.execute(
            "select f.schemaname || '.' || f.funcname, sum(f.calls)::int from pg_stat_xact_user_functions f group by 1"
        ).fetchall()
    )


def test_a_batch_of_paid_jobs_settles_with_no_call_per_job(conn):
    conn.execute("delete from private.job_queue where kind = 'image'")
    organizations = [organization_with_credits(conn, f"settle_{n}") for n in range(2)]
    for org_id in organizations:
        conn.execute(
            "select count(public.enqueue_generation(jsonb_build_object('organization_id', %s::uuid, 'kind', 'image', "
            "'prompt', 'paid #' || g))) from generate_series(1, %s) g",
            (org_id, JOBS_PER_ORGANIZATION),
        )
    jobs = len(organizations) * JOBS_PER_ORGANIZATION
    claimed = conn.execute(
        "select array_agg(j.queue_id), array_agg(j.lease_token) from public.job_claim('settle', 'image', %s) j",
        (jobs,),
    ).fetchone()
    assert len(claimed[0]) == jobs
    conn.execute("set local track_functions = 'all'")
    before = function_calls(conn)
    completed = conn.execute(
        "select count(*) from public.job_complete(%s, %s, array_fill('{\"actual_credits\": 3}'::jsonb, array[%s]))",
        (claimed[0], claimed[1], jobs),
    ).fetchone()[0]
    calls = {name: n - before.get(name, 0) for name, n in function_calls(conn).items() if n > before.get(name, 0)}
    assert completed == jobs
    per_job = {name: n for name, n in calls.items() if n >= jobs}
    # nothing, the status machines included: a legal move is allowed by the trigger's WHEN clause
    assert per_job == {}, calls
    assert calls.get("private.generation_status_moved") == 1, calls  # one update of the generations
    settled = conn.execute(
        "select count(*) filter (where h.status = 'captured' and h.captured_amount = 3), "
        "(select count(*) from public.usage_events e where e.organization_id = any(%s)) "
        "from public.credit_holds h where h.organization_id = any(%s)",
        (organizations, organizations),
    ).fetchone()
    assert settled == (jobs, jobs)


def test_workers_completing_batches_of_the_same_organizations_at_once_keep_the_ledger(db_url):
    """Two workers complete batches that span the same three organizations at the same moment,
    one passing its jobs in reverse order: the batches lock the balance rows in organization-id
    order (no deadlock), and every hold is captured once, every wallet is the sum of its
    entries and each organization's entries in id order are its balance_after chain."""
    rounds, jobs_per_organization = 4, 6
    with psycopg.connect(db_url, autocommit=True) as admin:
        admin.execute("delete from private.job_queue where kind = 'image'")
        organizations = [organization_with_credits(admin, f"settle_race_{uuid.uuid4().hex[:8]}_{n}") for n in range(3)]
        errors: list[BaseException] = []
        for _ in range(rounds):
            for org_id in organizations:
                admin.execute(
                    "select count(public.enqueue_generation(jsonb_build_object('organization_id', %s::uuid, "
                    "'kind', 'image'))) from generate_series(1, %s)",
                    (org_id, jobs_per_organization),
                )
            # the fair claim interleaves the organizations: both batches hold jobs of all three
            batches = [
                admin.execute(
                    "select array_agg(j.queue_id), array_agg(j.lease_token) from public.job_claim(%s, 'image', %s) j",
                    (worker, len(organizations) * jobs_per_organization // 2),
                ).fetchone()
                for worker in ("race-a", "race-b")
            ]
            ids, tokens = batches[1]
            batches[1] = (ids[::-1], tokens[::-1])
            barrier = threading.Barrier(2)

            def complete(batch: tuple[list[int], list[int]], barrier: threading.Barrier) -> None:
                try:
                    with psycopg.connect(db_url, autocommit=True) as conn:
                        barrier.wait(timeout=30)
                        conn.execute(
                            "select count(*) from public.job_complete(%s, %s, "
                            "array_fill(null::jsonb, array[cardinality(%s::bigint[])]))",
                            (batch[0], batch[1], batch[0]),
                        )
                except BaseException as error:  # reported below
                    errors.append(error)

            threads = [threading.Thread(target=complete, args=(batch, barrier)) for batch in batches]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        assert errors == []
        jobs = rounds * jobs_per_organization
        for org_id in organizations:
            assert admin.execute(
                "select count(*) filter (where h.status = 'captured' and h.captured_amount = h.amount), count(*), "
                "(select count(*) from public.credit_transactions t where t.organization_id = %s "
                " and t.type = 'capture'), "
                "(select count(*) from public.usage_events e where e.organization_id = %s) "
                "from public.credit_holds h where h.organization_id = %s",
                (org_id, org_id, org_id),
            ).fetchone() == (jobs, jobs, jobs, jobs)
            assert (
                admin.execute(
                    "select count(*) from (select t.balance_after, t.held_after, "
                    "sum(t.amount) over (order by t.id) as available, sum(t.held_delta) over (order by t.id) as held "
                    "from public.credit_transactions t where t.organization_id = %s) chain "
                    "where balance_after <> available or held_after <> held",
                    (org_id,),
                ).fetchone()[0]
                == 0
            )
            assert (
                admin.execute(
                    "select row(sum(t.main_delta), sum(t.rollover_delta), sum(t.bonus_delta), sum(t.held_delta))::text "
                    "= (select row(b.balance, b.rollover_balance, b.bonus_balance, b.held_balance)::text "
                    "   from public.credit_balances b where b.organization_id = %s) "
                    "from public.credit_transactions t where t.organization_id = %s",
                    (org_id, org_id),
                ).fetchone()[0]
                is True
            )
