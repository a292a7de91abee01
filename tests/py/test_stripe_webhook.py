"""Stripe webhook ingestion with payloads signed locally exactly as Stripe signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import threading
import time
import uuid

import httpx
import psycopg
import pytest

from creatorverse.billing.stripe_webhook import WEBHOOK_PATH, handle_delivery, make_server

SECRET = "whsec_test_" + "x" * 24


def sign(payload: bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header: t=<unix time>,v1=<HMAC-SHA256 of "t.payload">."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@pytest.fixture(scope="module")
def priced_plans(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "update public.plans set stripe_price_id_monthly = 'price_' || id where stripe_price_id_monthly is null"
        )


@pytest.fixture
def customer(db_url, priced_plans):
    """A committed team organization with its owner; yields (organization id, tag)."""
    tag = uuid.uuid4().hex[:10]
    with psycopg.connect(db_url, autocommit=True) as conn:
        owner = conn.execute("select tests.create_user(%s)", (f"payer-{tag}",)).fetchone()[0]
        org_id = conn.execute("select tests.create_organization(%s, %s)", (f"payer-{tag}", f"cust-{tag}")).fetchone()[0]
    yield org_id, tag
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from public.organizations where id = %s", (org_id,))
        conn.execute("delete from auth.users where id = %s", (owner,))


def event(event_id: str, event_type: str, created: int, obj: dict) -> dict:
    return {"id": event_id, "object": "event", "type": event_type, "created": created, "data": {"object": obj}}


def lifecycle(org_id, tag: str, now: int | None = None) -> list[dict]:
    """One customer's month in order: subscribe, upgrade, a failed then paid invoice, a credit
    pack, half of it refunded, cancellation at period end."""
    now = int(time.time()) if now is None else now
    period = {"current_period_start": now - 60, "current_period_end": now + 30 * 86400}
    meta = {"organization_id": str(org_id)}

    def subscription(price: str, **extra) -> dict:
        return {
            "id": f"sub_{tag}",
            "object": "subscription",
            "customer": f"cus_{tag}",
            "status": "active",
            "items": {"data": [{"price": {"id": price}}]},
            "metadata": meta,
            "cancel_at_period_end": False,
            **period,
            **extra,
        }

    invoice = {
        "id": f"in_{tag}",
        "object": "invoice",
        "customer": f"cus_{tag}",
        "subscription": f"sub_{tag}",
        "amount_due": 4900,
        "currency": "usd",
        "metadata": meta,
        "period_start": now - 60,
        "period_end": now + 30 * 86400,
    }
    return [
        event(f"evt_{tag}_1", "customer.subscription.created", now, subscription("price_starter")),
        event(f"evt_{tag}_2", "customer.subscription.updated", now + 10, subscription("price_pro")),
        event(f"evt_{tag}_3", "invoice.payment_failed", now + 20, {**invoice, "status": "open", "amount_paid": 0}),
        event(
            f"evt_{tag}_4",
            "invoice.paid",
            now + 30,
            {**invoice, "status": "paid", "amount_paid": 4900, "status_transitions": {"paid_at": now + 30}},
        ),
        event(
            f"evt_{tag}_5",
            "checkout.session.completed",
            now + 40,
            {
                "id": f"cs_{tag}",
                "object": "checkout.session",
                "mode": "payment",
                "payment_status": "paid",
                "customer": f"cus_{tag}",
                "payment_intent": f"pi_{tag}",
                "amount_total": 1000,
                "metadata": {**meta, "credits": "500"},
            },
        ),
        event(
            f"evt_{tag}_6",
            "charge.refunded",
            now + 50,
            {
                "id": f"ch_{tag}",
                "object": "charge",
                "customer": f"cus_{tag}",
                "payment_intent": f"pi_{tag}",
                "amount": 1000,
                "amount_refunded": 500,
            },
        ),
        event(
            f"evt_{tag}_7",
            "customer.subscription.updated",
            now + 60,
            subscription("price_pro", cancel_at_period_end=True),
        ),
    ]


def deliver(db_url: str, evt: dict, **sign_args) -> tuple[int, dict]:
    payload = json.dumps(evt).encode()
    with psycopg.connect(db_url) as conn:
        result = handle_delivery(conn, payload, sign(payload, **sign_args), SECRET)
    return result.status, result.body


def billing_state(db_url: str, org_id) -> dict:
    with psycopg.connect(db_url) as conn:
        sub = conn.execute(
            "select plan_id, status, cancel_at_period_end, current_period_start from public.subscriptions "
            "where organization_id = %s",
            (org_id,),
        ).fetchone()
        invoices = conn.execute(
            "select status, amount_paid_cents from public.invoices where organization_id = %s", (org_id,)
        ).fetchall()
        wallet = conn.execute(
            "select balance, rollover_balance, bonus_balance, held_balance, period_allowance "
            "from public.credit_balances where organization_id = %s",
            (org_id,),
        ).fetchone()
    return {"subscription": sub, "invoices": invoices, "wallet": wallet}


def stored_events(db_url: str) -> int:
    with psycopg.connect(db_url) as conn:
        return conn.execute("select count(*) from private.stripe_events").fetchone()[0]


def test_bad_signature_is_rejected_and_stores_nothing(db_url, customer):
    before = stored_events(db_url)
    status, body = deliver(db_url, lifecycle(*customer)[0], secret="whsec_someone_else")
    assert status == 400 and "rejected" in body["error"]
    assert stored_events(db_url) == before


def test_stale_timestamp_is_rejected_and_stores_nothing(db_url, customer):
    before = stored_events(db_url)
    status, _ = deliver(db_url, lifecycle(*customer)[0], timestamp=int(time.time()) - 301)
    assert status == 400
    assert stored_events(db_url) == before


def test_duplicate_event_changes_nothing(db_url, customer):
    first = lifecycle(*customer)[4]  # the credit pack
    assert deliver(db_url, first) == (200, {"outcome": "applied"})
    state = billing_state(db_url, customer[0])
    assert deliver(db_url, first) == (200, {"outcome": "duplicate"})
    assert billing_state(db_url, customer[0]) == state
    assert state["wallet"][2] == 500


def test_ordered_lifecycle(db_url, customer):
    for evt in lifecycle(*customer):
        assert deliver(db_url, evt)[0] == 200
    state = billing_state(db_url, customer[0])
    assert state["subscription"][:3] == ("pro", "active", True)
    assert state["invoices"] == [("paid", 4900)]
    # the free plan's unused allowance expired (free rolls nothing over); pro's allowance, and
    # half of the 500-credit pack after its 50% refund
    assert state["wallet"] == (10_000, 0, 250, 0, 10_000)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_shuffled_stream_with_duplicates_ends_like_the_ordered_one(db_url, priced_plans, seed):
    states = []
    orgs = []
    users = []
    now = int(time.time())
    try:
        for shuffle in (False, True):
            tag = uuid.uuid4().hex[:10]
            with psycopg.connect(db_url, autocommit=True) as conn:
                users.append(conn.execute("select tests.create_user(%s)", (f"payer-{tag}",)).fetchone()[0])
                org_id = conn.execute(
                    "select tests.create_organization(%s, %s)", (f"payer-{tag}", f"c-{tag}")
                ).fetchone()[0]
            orgs.append(org_id)
            stream = lifecycle(org_id, tag, now)
            if shuffle:
                rng = random.Random(seed)
                stream = stream + rng.sample(stream, 3)
                rng.shuffle(stream)
            outcomes = [deliver(db_url, evt)[1]["outcome"] for evt in stream]
            assert outcomes.count("duplicate") == (3 if shuffle else 0)
            states.append(billing_state(db_url, org_id))
    finally:
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("delete from public.organizations where id = any(%s)", (orgs,))
            conn.execute("delete from auth.users where id = any(%s)", (users,))
    ordered, shuffled = states
    assert shuffled == ordered


def test_http_endpoint_end_to_end(db_url, customer):
    from psycopg_pool import ConnectionPool

    evt = lifecycle(*customer)[0]
    payload = json.dumps(evt).encode()
    with ConnectionPool(db_url, min_size=1, max_size=2) as pool:
        server = make_server(pool, SECRET, "127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}{WEBHOOK_PATH}"
            ok = httpx.post(url, content=payload, headers={"Stripe-Signature": sign(payload)})
            forged = httpx.post(url, content=payload, headers={"Stripe-Signature": sign(payload, secret="whsec_x")})
        finally:
            server.shutdown()
    assert (ok.status_code, ok.json()) == (200, {"outcome": "applied"})
    assert forged.status_code == 400
    assert billing_state(db_url, customer[0])["subscription"][:2] == ("starter", "active")
