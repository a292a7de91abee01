"""Webhook delivery: events from the outbox (written in the transaction that finished the
generation) are POSTed with an HMAC-SHA256 signature over `timestamp.body`:

    Creatorverse-Signature: t=<unix seconds>,v1=<hex hmac_sha256(secret, f"{t}.{body}")>

Every attempt is recorded by `webhook_record` (retries with backoff, endpoint disabled after
repeated failures: the rules are SQL) with its status code, time and a short summary of what
went wrong. The receiver's body is never read: an endpoint is a URL a client chose, so the
request goes through the egress guard (`creatorverse.egress`) and nothing it answers is shown."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time

import httpx
import psycopg

from creatorverse import egress
from creatorverse.db import connect
from creatorverse.workers.logs import log

SIGNATURE_HEADER = "Creatorverse-Signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, body: bytes, header: str, tolerance: int = TOLERANCE_SECONDS, now: float | None = None) -> bool:
    """What a receiver does: check the signature and that the timestamp is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def delivery_client() -> httpx.AsyncClient:
    """Through the egress guard; a receiver's answer is never read past its headers."""
    return egress.async_client(timeout=10.0, max_seconds=30.0, max_response_bytes=egress.WEBHOOK_RESPONSE_BYTES)


def failure_summary(error: httpx.HTTPError) -> str:
    """What the organization reads about a failed attempt: fixed phrases (and the guard's own
    reason), never text the receiver or its network sent."""
    if isinstance(error, egress.EgressRefused):
        return f"refused by the egress guard: {error}"[:300]
    if isinstance(error, httpx.TimeoutException):
        return f"timed out ({type(error).__name__})"
    if isinstance(error, httpx.ConnectError):
        return "could not connect"
    return f"the HTTP exchange failed ({type(error).__name__})"


async def deliver_due(conn: psycopg.AsyncConnection, client: httpx.AsyncClient, batch_size: int = 20) -> int:
    """Deliver one batch of due events; returns how many attempts were made."""
    cursor = await conn.execute("select * from public.webhook_claim(%s::integer)", (batch_size,))
    items = await cursor.fetchall()

    async def attempt(item) -> tuple:
        outbox_id, event_id, _webhook_id, url, secret, event, payload, number = item
        body = json.dumps({"id": str(event_id), **payload}, separators=(",", ":"), sort_keys=True, default=str).encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret or "", body),
            "Creatorverse-Event": event,
            "Creatorverse-Delivery": f"{event_id}:{number}",
        }
        started = time.monotonic()
        try:
            # only the status line and headers are read; the body is closed unread
            async with client.stream("POST", url, content=body, headers=headers) as response:
                return outbox_id, number, response.status_code, None, started
        except httpx.HTTPError as error:
            return outbox_id, number, None, failure_summary(error), started

    results = await asyncio.gather(*(attempt(item) for item in items))
    for outbox_id, number, status, summary, started in results:
        await conn.execute(
            "select public.webhook_record(%s::bigint, %s::integer, %s::integer, %s::text, %s::integer)",
            (outbox_id, number, status, summary, int((time.monotonic() - started) * 1000)),
        )
    return len(items)


async def delivery_loop(database_url: str, stopping: asyncio.Event, logger: logging.Logger, interval: float = 1.0):
    conn: psycopg.AsyncConnection | None = None
    async with delivery_client() as client:
        try:
            while not stopping.is_set():
                try:
                    if conn is None or conn.closed:  # first use, or lost: a new one
                        conn = await connect.connect_async(database_url, autocommit=True)
                    sent = await deliver_due(conn, client)
                except psycopg.Error as error:
                    log(logger, logging.ERROR, "webhook delivery failed", error=str(error))
                    sent = 0
                if sent:
                    log(logger, logging.INFO, "webhooks attempted", deliveries=sent)
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), interval)
        finally:
            if conn is not None:
                await conn.close()
