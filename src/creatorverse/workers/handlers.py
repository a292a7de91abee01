"""What a job handler receives and returns, and the registry of handlers per kind.

A handler is `async def handle(job: Job, ctx: JobContext) -> Outcome`. It reports progress
through `ctx`, raises `JobError` for a failure (retryable or not), and is cancelled (an
`asyncio.CancelledError` inside it) when the client cancels or the lease is lost. Media
providers plug in here; this package ships only `noop`, which does nothing and is used for
health checks and the queue benchmark.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from creatorverse.workers.engine import JobContext


@dataclass(frozen=True)
class Job:
    """A claimed job: the columns of `public.claimed_job` (what job_claim returns), decoded by
    name (tests/py/test_job_row.py checks that the names agree)."""

    queue_id: int
    lease_token: int
    attempt: int
    max_attempts: int
    lease_expires_at: datetime
    generation_id: UUID
    kind: str
    organization_id: UUID
    project_id: UUID | None
    user_id: UUID | None
    provider: str | None
    model: str | None
    prompt: str | None
    params: dict[str, Any]
    units: Any
    estimated_credits: int
    parent_id: UUID | None
    scene_id: UUID | None

    def idempotency_key(self, purpose: str) -> str:
        """A key for calls to providers, the same on every attempt of this job and derived
        from the job alone (never from client input): `job:<generation id>:<purpose>`."""
        return f"job:{self.generation_id}:{purpose}"


@dataclass
class Outcome:
    """What a finished job produced: a `public.job_outcome`, sent as JSON with these keys
    (tests/py/test_job_row.py checks that they agree); the SQL side captures
    `actual_credits` (at most the hold)."""

    actual_credits: int | None = None
    actual_cost_usd: float | None = None
    output_url: str | None = None
    thumbnail_url: str | None = None
    subtitles_url: str | None = None
    output_asset_id: str | None = None
    duration_ms: int | None = None
    size_bytes: int | None = None
    cost_tokens: int | None = None
    cost_render_seconds: int | None = None
    cost_kai_credits: int | None = None
    external_job_id: str | None = None
    provider: str | None = None
    model: str | None = None
    result: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any] | None:
        """The fields set, as the SQL side reads them; None when nothing was set (a no-op)."""
        values = {name: value for name in _OUTCOME_FIELDS if (value := getattr(self, name)) is not None and value != {}}
        return values or None


_OUTCOME_FIELDS = tuple(f.name for f in fields(Outcome))


class JobError(Exception):
    """A failed attempt. `retryable=False` dead-letters the job at once."""

    def __init__(self, message: str, *, retryable: bool = True, code: str | None = None, retry_in: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.code = code
        self.retry_in = retry_in


Handler = Callable[[Job, "JobContext"], Awaitable[Outcome]]


async def noop(job: Job, ctx: JobContext) -> Outcome:
    """Does nothing and costs nothing."""
    return Outcome()


BUILTIN: dict[str, Handler] = {"noop": noop}


def load_handler(spec: str) -> Handler:
    """A handler named `module:function` (importable on the worker's PYTHONPATH)."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"handler {spec!r}: expected module:function")
    handler = getattr(importlib.import_module(module_name), attribute, None)
    if not callable(handler):
        raise ValueError(f"handler {spec!r}: {attribute} is not a function of {module_name}")
    return handler


def resolve(handler_specs: dict[str, str]) -> dict[str, Handler]:
    """Kind -> handler: built-in names (`noop`) or `module:function`."""
    return {kind: BUILTIN[spec] if spec in BUILTIN else load_handler(spec) for kind, spec in handler_specs.items()}
