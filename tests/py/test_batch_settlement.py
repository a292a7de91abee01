"""Completing a batch of paid, metered jobs is set-based: one job_complete call settles every
hold, posts the ledger entries, moves the generations and records the usage with a fixed number
of function calls, whatever the batch's size; no function runs once per job except the status
machine's row trigger (which fires per row by nature). The money of such a batch:
supabase/tests/database/test_batch_settlement.sql."""

from __future__ import annotations

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
    # the status machine's BEFORE UPDATE row trigger: once per generation and once per hold
    assert per_job == {"private.enforce_transition": 2 * jobs}, calls
    assert calls.get("private.generation_status_moved") == 1, calls  # one update of the generations
    settled = conn.execute(
        "select count(*) filter (where h.status = 'captured' and h.captured_amount = 3), "
        "(select count(*) from public.usage_events e where e.organization_id = any(%s)) "
        "from public.credit_holds h where h.organization_id = any(%s)",
        (organizations, organizations),
    ).fetchone()
    assert settled == (jobs, jobs)
