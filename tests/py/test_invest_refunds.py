"""An all-or-nothing campaign that misses its goal refunds everyone: SQL marks the money
owed, the worker asks Stripe for each refund once, Stripe's webhook completes them."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import stripe

from creatorverse.invest.refunds import send_owed_refunds, stripe_refunder


def stripe_event(kind: str, investment_id, amount: int) -> str:
    obj = (
        {"id": f"pi_{investment_id}", "amount_received": amount, "currency": "usd"}
        if kind == "payment_intent.succeeded"
        else {"id": f"ch_{investment_id}", "payment_intent": f"pi_{investment_id}", "amount_refunded": amount}
    )
    obj["metadata"] = {"investment_id": str(investment_id)}
    return json.dumps(
        {"id": f"evt_{kind}_{investment_id}", "type": kind, "created": 1790000000, "data": {"object": obj}}
    )


@pytest.fixture
def failed_campaign(conn, auth):
    """A failed all-or-nothing campaign with three paid investments; yields {id: amount}."""
    auth.create_user("maker")
    org = conn.execute("select tests.create_organization('maker', 'refund-studio')").fetchone()[0]
    project = conn.execute(
        "insert into public.projects (organization_id, title) values (%s, 'Lantern') returning id", (org,)
    ).fetchone()[0]
    campaign = conn.execute(
        "insert into public.campaigns (project_id, title, goal_amount_cents, funding_type, end_date)"
        " values (%s, 'Big goal', 10000000, 'all_or_nothing', now() + interval '30 days') returning id",
        (project,),
    ).fetchone()[0]
    conn.execute("select public.set_campaign_status(%s, 'pending_review')", (campaign,))
    conn.execute("select public.set_campaign_status(%s, 'active')", (campaign,))
    paid = {}
    for n, amount in enumerate((1500, 2500, 3500)):
        auth.create_user(f"backer{n}")
        auth.as_user(f"backer{n}")
        investment = conn.execute("select id from public.invest(%s, %s)", (campaign, amount)).fetchone()[0]
        auth.as_owner()
        conn.execute(
            "select public.stripe_apply_event(%s)", (stripe_event("payment_intent.succeeded", investment, amount),)
        )
        paid[investment] = amount
    conn.execute("select set_config('creatorverse.now', (now() + interval '31 days')::text, true)")
    conn.execute("select private.settle_campaigns(100000)")  # the settle_campaigns duty, 31 days on
    conn.execute("select set_config('creatorverse.now', '', true)")
    settled = conn.execute(
        "select c.status, (select count(*) from public.investments i"
        "                  where i.campaign_id = c.id and i.payment_status = 'refund_pending')"
        " from public.campaigns c where c.id = %s",
        (campaign,),
    ).fetchone()
    assert settled == ("failed", 3)
    return paid


def test_the_worker_requests_each_owed_refund_once(conn, failed_campaign):
    calls = []

    def refund(payment_intent, amount, key):
        calls.append((payment_intent, amount, key))
        return f"re_{len(calls)}"

    assert send_owed_refunds(conn, refund, batch_size=2) == 3
    assert sorted(calls) == sorted(
        (f"pi_{i}", amount, f"creatorverse:investment-refund:{i}") for i, amount in failed_campaign.items()
    )
    assert send_owed_refunds(conn, refund) == 0, "a requested refund is not requested again"
    for investment, amount in failed_campaign.items():
        outcome = conn.execute(
            "select public.stripe_apply_event(%s)", (stripe_event("charge.refunded", investment, amount),)
        ).fetchone()[0]
        assert outcome == "applied"
    states = conn.execute(
        "select array_agg(distinct (status, payment_status)::text) from public.investments where id = any(%s)",
        (list(failed_campaign),),
    ).fetchone()[0]
    assert states == ["(refunded,refunded)"]


def test_stripe_refunder_speaks_the_refunds_api(monkeypatch):
    seen = {}

    class FakeStripe(BaseHTTPRequestHandler):
        def do_POST(self):
            seen["path"] = self.path
            seen["key"] = self.headers.get("Idempotency-Key")
            seen["auth"] = self.headers.get("Authorization")
            seen["form"] = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            body = json.dumps({"id": "re_123", "object": "refund", "status": "succeeded"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(stripe, "api_base", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        refund_id = stripe_refunder("sk_test_123")("pi_abc", 2500, "creatorverse:investment-refund:x")
    finally:
        server.shutdown()
    assert refund_id == "re_123"
    assert seen["path"] == "/v1/refunds" and seen["key"] == "creatorverse:investment-refund:x"
    assert seen["auth"] == "Bearer sk_test_123"
    assert seen["form"] == {"payment_intent": ["pi_abc"], "amount": ["2500"]}
