"""Webhooks against a real HTTP receiver on 127.0.0.1 that checks signatures: the event is
written with the change, signed, retried with backoff, every attempt logged, and an
endpoint that keeps failing is disabled."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
import pytest
from test_queue_workers import collected_log, make_studio

from creatorverse.workers.webhooks import SIGNATURE_HEADER, deliver_due, delivery_client, sign, verify

# receivers on 127.0.0.1: the development switches of the egress guard (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("local_egress", "local_egress_db")


class Receiver:
    """An endpoint that verifies each delivery's signature and answers from a script."""

    def __init__(self):
        self.secret = ""
        self.statuses: list[int] = []
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {
                        "valid": verify(receiver.secret, body, self.headers[SIGNATURE_HEADER]),
                        "event": self.headers["Creatorverse-Event"],
                        "body": json.loads(body),
                    }
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"try later")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


def hook_for(admin, receiver) -> tuple:
    org_id, _, user = make_studio(admin)
    with admin.transaction():
        admin.execute("select tests.authenticate_as(%s)", (user,))
        webhook_id, secret = admin.execute(
            "select * from public.create_webhook(%s, %s)", (org_id, receiver.url)
        ).fetchone()
        admin.execute("reset role")
    receiver.secret = secret
    return org_id, webhook_id


def finish_a_generation(admin, org_id) -> str:
    """A noop generation run to the end by the worker functions."""
    generation = admin.execute(
        "insert into public.generations (organization_id, kind) values (%s, 'noop') returning id", (org_id,)
    ).fetchone()[0]
    # the claim serves organizations in turn (priorities order an organization's own jobs only):
    # other tests' noop jobs leave the queue, so that the claim takes this one
    admin.execute("delete from private.job_queue where kind = 'noop' and generation_id <> %s", (generation,))
    queue_id, token = admin.execute("select queue_id, lease_token from public.job_claim('t', 'noop', 1)").fetchone()
    admin.execute(
        "select public.job_complete(array[%s]::bigint[], array[%s]::bigint[], array['{}'::jsonb])", (queue_id, token)
    )
    return str(generation)


def deliver(db_url) -> int:
    async def run():
        async with (
            await psycopg.AsyncConnection.connect(db_url, autocommit=True) as conn,
            delivery_client() as client,
        ):
            return await deliver_due(conn, client)

    return asyncio.run(run())


def make_due(admin, webhook_id):
    admin.execute("update private.webhook_outbox set next_attempt_at = now() where webhook_id = %s", (webhook_id,))


def attempts(admin, webhook_id) -> list[tuple]:
    return admin.execute(
        "select attempt, status, http_status, next_retry_at is not null from public.webhook_deliveries "
        "where webhook_id = %s order by id",
        (webhook_id,),
    ).fetchall()


def test_a_completed_generation_is_delivered_signed(admin, db_url, receiver):
    org_id, webhook_id = hook_for(admin, receiver)
    generation = finish_a_generation(admin, org_id)
    assert (
        admin.execute("select count(*) from private.webhook_outbox where webhook_id = %s", (webhook_id,)).fetchone()[0]
        == 1
    ), "the event is in the outbox with the change"
    # a later change of the finished row (status unchanged) announces nothing more
    admin.execute(
        "update public.generations set metadata = '{\"seen\": true}', status = status where id = %s", (generation,)
    )
    assert (
        admin.execute("select count(*) from private.webhook_outbox where webhook_id = %s", (webhook_id,)).fetchone()[0]
        == 1
    ), "one event per move into a final state"
    assert deliver(db_url) == 1
    [delivery] = receiver.received
    assert delivery["valid"], "the receiver verifies the HMAC-SHA256 signature"
    assert delivery["event"] == "generation.completed"
    assert delivery["body"]["data"]["id"] == generation and delivery["body"]["data"]["status"] == "succeeded"
    assert attempts(admin, webhook_id) == [(1, "delivered", 200, False)]
    assert (
        admin.execute("select count(*) from private.webhook_outbox where webhook_id = %s", (webhook_id,)).fetchone()[0]
        == 0
    )


def test_signatures_fail_when_tampered_or_stale():
    body = b'{"a":1}'
    header = sign("whsec_x", body)
    assert verify("whsec_x", body, header)
    assert not verify("whsec_x", b'{"a":2}', header)
    assert not verify("whsec_y", body, header)
    assert not verify("whsec_x", body, sign("whsec_x", body, timestamp=1_000_000))


def test_failed_deliveries_are_retried_with_backoff(admin, db_url, receiver):
    org_id, webhook_id = hook_for(admin, receiver)
    finish_a_generation(admin, org_id)
    receiver.statuses = [500, 503]
    deliver(db_url)
    retry_in = admin.execute(
        "select extract(epoch from next_attempt_at - now()) from private.webhook_outbox where webhook_id = %s",
        (webhook_id,),
    ).fetchone()[0]
    assert 4 < retry_in <= 10, "the first retry waits half to all of 10 s"
    assert deliver(db_url) == 0, "nothing is due before the backoff ends"
    make_due(admin, webhook_id)
    deliver(db_url)
    make_due(admin, webhook_id)
    deliver(db_url)
    assert attempts(admin, webhook_id) == [
        (1, "failed", 500, True),
        (2, "failed", 503, True),
        (3, "delivered", 200, False),
    ], "every attempt is logged"
    assert all(r["valid"] for r in receiver.received) and len(receiver.received) == 3
    assert admin.execute(
        "select failure_count, is_active from public.webhooks where id = %s", (webhook_id,)
    ).fetchone() == (0, True), "success resets the failure streak"


def test_an_endpoint_that_keeps_failing_is_disabled(admin, db_url, receiver):
    org_id, webhook_id = hook_for(admin, receiver)
    admin.execute("update public.system_settings set value = '3' where key = 'webhooks.disable_after_failures'")
    try:
        finish_a_generation(admin, org_id)
        finish_a_generation(admin, org_id)
        receiver.statuses = [500] * 10
        for _ in range(3):
            deliver(db_url)
            make_due(admin, webhook_id)
    finally:
        admin.execute("update public.system_settings set value = '15' where key = 'webhooks.disable_after_failures'")
    assert admin.execute(
        "select is_active, failure_count from public.webhooks where id = %s", (webhook_id,)
    ).fetchone() == (False, 3)
    statuses = [row[1] for row in attempts(admin, webhook_id)]
    assert statuses.count("failed") == 2 and statuses.count("gave_up") == 2, "the rest is given up, and logged"
    assert (
        admin.execute("select count(*) from private.webhook_outbox where webhook_id = %s", (webhook_id,)).fetchone()[0]
        == 0
    )
    finish_a_generation(admin, org_id)
    assert (
        admin.execute("select count(*) from private.webhook_outbox where webhook_id = %s", (webhook_id,)).fetchone()[0]
        == 0
    ), "a disabled endpoint gets no new events"


def test_the_delivery_loop_reconnects_after_losing_its_connection(db_url):
    """Its connection is cut: one failed step is logged, then it works on a new connection
    (not a failure every tick on the dead one)."""
    from creatorverse.workers.webhooks import delivery_loop

    logger, records = collected_log("test.webhooks.reconnect")
    delivering = "select pid from pg_stat_activity where query like '%%webhook_claim%%' and pid <> pg_backend_pid()"

    async def run():
        stopping = asyncio.Event()
        loop = asyncio.create_task(delivery_loop(db_url, stopping, logger, interval=0.01))
        async with await psycopg.AsyncConnection.connect(db_url, autocommit=True) as admin:
            deadline = asyncio.get_running_loop().time() + 30
            while not (pids := await (await admin.execute(delivering)).fetchall()):
                assert asyncio.get_running_loop().time() < deadline, "the loop never claimed"
                await asyncio.sleep(0.02)
            await admin.execute("select pg_terminate_backend(%s)", pids[0])
            await asyncio.sleep(0.5)  # some 50 ticks for a loop stuck on a dead connection to fail
            assert await (await admin.execute(delivering)).fetchall(), "claiming again, on a new connection"
        stopping.set()
        await loop

    asyncio.run(run())
    assert records.count("webhook delivery failed") == 1, records
