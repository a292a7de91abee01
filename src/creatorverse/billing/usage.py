"""Batched usage metering: COPY a batch into a staging table, then one set-based insert
that drops events already recorded (same event_id and occurred_at)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb
from pydantic import BaseModel, Field

from creatorverse.db.queries import load

Q = load("creatorverse.billing", "usage.sql")

ResourceType = Literal[
    "llm_tokens",
    "image",
    "audio",
    "video",
    "lipsync",
    "merge",
    "render_seconds",
    "kai_credits",
    "storage",
    "embedding",
    "api_call",
]


class UsageEvent(BaseModel):
    event_id: UUID
    occurred_at: datetime
    organization_id: UUID
    resource_type: ResourceType
    user_id: UUID | None = None
    project_id: UUID | None = None
    job_id: UUID | None = None
    provider: str | None = None
    model: str | None = None
    endpoint: str | None = None
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    units: Decimal = Field(default=Decimal(0), ge=0)
    credits: int = Field(default=0, ge=0)
    cost_usd: Decimal = Field(default=Decimal(0), ge=0)
    duration_ms: int | None = Field(default=None, ge=0)
    status: Literal["success", "error", "timeout", "cancelled"] = "success"
    error_message: str | None = None
    metadata: dict = Field(default_factory=dict)

    def copy_row(self) -> tuple:
        return (
            self.event_id,
            self.occurred_at,
            self.organization_id,
            self.user_id,
            self.project_id,
            self.job_id,
            self.resource_type,
            self.provider,
            self.model,
            self.endpoint,
            self.input_tokens,
            self.output_tokens,
            self.units,
            self.credits,
            self.cost_usd,
            self.duration_ms,
            self.status,
            self.error_message,
            Jsonb(self.metadata),
        )


def ingest(conn: psycopg.Connection, events: Iterable[UsageEvent]) -> int:
    """Record a batch in one transaction; returns how many events were new."""
    with conn.transaction():
        conn.execute(Q["create_staging"])
        with conn.cursor().copy(Q["copy_staging"]) as copy:
            for event in events:
                copy.write_row(event.copy_row())
        return conn.execute(Q["insert_new"]).rowcount
