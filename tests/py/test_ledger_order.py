"""Ledger order (issue 9, item 13): a transaction that starts first but posts its entry second
comes second in the history, by id and by created_at, and credit_history follows the chain."""

from __future__ import annotations

import itertools
import uuid

import psycopg


def test_history_follows_the_chain_not_the_transaction_start(db_url):
    tag = uuid.uuid4().hex[:8]
    with psycopg.connect(db_url, autocommit=True) as setup:
        owner = setup.execute("select tests.create_user(%s)", (f"ledger-{tag}",)).fetchone()[0]
        org_id = setup.execute(
            "select tests.create_organization(%s, %s)", (f"ledger-{tag}", f"ledger-{tag}")
        ).fetchone()[0]
        setup.execute("select public.credits_grant(%s, 100, 'grant', 'seed')", (org_id,))
    try:
        with psycopg.connect(db_url) as early, psycopg.connect(db_url, autocommit=True) as late:
            # `early` starts its transaction first (now() is fixed here) but posts its entry last
            early.execute("select now()")
            late.execute("select public.credits_spend(%s, 1, 'late')", (org_id,))
            early.execute("select public.credits_spend(%s, 2, 'early')", (org_id,))
            early.commit()

        with psycopg.connect(db_url) as conn:
            keys_by_time = [
                row[0]
                for row in conn.execute(
                    "select idempotency_key from public.credit_transactions where organization_id = %s "
                    "order by created_at, id",
                    (org_id,),
                )
            ]
            conn.execute("select tests.authenticate_as(%s)", (f"ledger-{tag}",))
            history = conn.execute(
                "select idempotency_key, balance_after, amount from public.credit_history(%s)", (org_id,)
            ).fetchall()
    finally:
        with psycopg.connect(db_url, autocommit=True) as cleanup:
            cleanup.execute("delete from public.organizations where id = %s", (org_id,))
            cleanup.execute("delete from auth.users where id = %s", (owner,))

    assert [key for key, _, _ in history[:3]] == ["early", "late", "seed"], "newest first, in chain order"
    for (_, balance_after, amount), (_, previous_balance, _) in itertools.pairwise(history):
        assert balance_after == previous_balance + amount
    assert keys_by_time[-3:] == ["seed", "late", "early"], "created_at follows the chain too"
