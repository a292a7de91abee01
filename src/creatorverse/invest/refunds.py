"""Send the refunds Invest owes to Stripe.

SQL decides who is owed (the settle_campaigns duty, public.set_campaign_status 'cancelled',
late payments): those investments carry payment_status 'refund_pending'. This worker asks
Stripe to refund each PaymentIntent in full, with an idempotency key of its own namespace
(`creatorverse:investment-refund:<id>`), notes the refund id, and leaves the rest to the
webhook: Stripe's `charge.refunded` sets payment_status 'refunded'. Safe to run in several
processes (SKIP LOCKED) and to re-run (the key makes a repeated request return the same refund).
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from creatorverse.db.queries import load

Q = load("creatorverse.invest", "refunds.sql")

# refund(payment_intent_id, amount_cents, idempotency_key) -> the Stripe refund id
RefundFn = Callable[[str, int, str], str]


def stripe_refunder(api_key: str) -> RefundFn:
    import stripe

    def refund(payment_intent: str, amount_cents: int, idempotency_key: str) -> str:
        made = stripe.Refund.create(
            payment_intent=payment_intent, amount=amount_cents, api_key=api_key, idempotency_key=idempotency_key
        )
        return made["id"]

    return refund


def send_owed_refunds(conn: psycopg.Connection, refund: RefundFn, batch_size: int = 20) -> int:
    """Request every owed refund; returns how many were requested."""
    total = 0
    while True:
        with conn.transaction():
            batch = conn.execute(Q["claim"], {"batch_size": batch_size}).fetchall()
            if not batch:
                return total
            for investment_id, payment_intent, amount_cents in batch:
                refund_id = refund(payment_intent, amount_cents, f"creatorverse:investment-refund:{investment_id}")
                conn.execute(Q["requested"], {"id": investment_id, "refund_id": refund_id})
        total += len(batch)
