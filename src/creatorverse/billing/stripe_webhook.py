"""Stripe webhook ingestion: verify, then hand the event to SQL.

The signature is checked with the official library (300-second tolerance). A verified
event goes to `public.stripe_apply_event`, which stores it once and applies it in the same
transaction; an unverified one is answered 400 and stores nothing.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
import stripe
from psycopg_pool import ConnectionPool

from creatorverse.db.queries import load

Q = load("creatorverse.billing", "stripe_webhook.sql")

TOLERANCE_SECONDS = 300
WEBHOOK_PATH = "/stripe/webhook"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebhookResult:
    status: HTTPStatus
    body: dict


def handle_delivery(conn: psycopg.Connection, payload: bytes, signature: str | None, secret: str) -> WebhookResult:
    """Verify one delivery and apply it. Returns what to answer Stripe."""
    try:
        stripe.Webhook.construct_event(payload, signature, secret, tolerance=TOLERANCE_SECONDS)
    except (ValueError, stripe.SignatureVerificationError) as error:
        return WebhookResult(HTTPStatus.BAD_REQUEST, {"error": f"rejected: {error}"})
    with conn.transaction():
        outcome = conn.execute(Q["apply_event"], {"payload": payload.decode("utf-8")}).fetchone()[0]
    return WebhookResult(HTTPStatus.OK, {"outcome": outcome})


def make_server(pool: ConnectionPool, secret: str, host: str, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != WEBHOOK_PATH:
                self._answer(WebhookResult(HTTPStatus.NOT_FOUND, {"error": "not found"}))
                return
            payload = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                with pool.connection() as conn:
                    result = handle_delivery(conn, payload, self.headers.get("Stripe-Signature"), secret)
            except psycopg.Error as error:
                # Stripe retries non-2xx answers, so a database hiccup loses nothing
                log.exception("applying a Stripe event failed")
                result = WebhookResult(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": error.diag.message_primary})
            self._answer(result)

        def _answer(self, result: WebhookResult) -> None:
            body = json.dumps(result.body).encode()
            self.send_response(result.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            log.info("%s %s", self.address_string(), format % args)

    return ThreadingHTTPServer((host, port), Handler)
