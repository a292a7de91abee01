"""Per-organization passage indexes: run what `public.passage_index_changes` asks for.

CREATE and DROP INDEX CONCURRENTLY cannot run inside a transaction block, so the statements
come back from SQL and run here one by one on an autocommit connection, as the table's owner
(the role migrations run as). The scheduler's leader calls this as the duty
`sync_passage_indexes` (creatorverse.workers.duties), in a thread (a build takes seconds); one
failed statement (say, the role does not own the table) is reported and the others still run.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import psycopg

from creatorverse.db.queries import load

Q = load("creatorverse.search", "search.sql")
MIN_PASSAGES = 2000


@dataclass(frozen=True)
class IndexChange:
    organization_id: UUID | None
    action: str  # 'create' | 'drop'
    error: str | None = None


def sync_passage_indexes(conn: psycopg.Connection, min_passages: int = MIN_PASSAGES) -> list[IndexChange]:
    """Create and drop per-organization passage indexes; `conn` must be in autocommit mode."""
    if not conn.autocommit:
        raise ValueError("sync_passage_indexes needs an autocommit connection (CREATE INDEX CONCURRENTLY)")
    changes = conn.execute(Q["passage_index_changes"], {"min_passages": min_passages}).fetchall()
    done = []
    for organization_id, action, statement in changes:
        try:
            conn.execute(statement)
            done.append(IndexChange(organization_id, action))
        except psycopg.Error as error:
            done.append(IndexChange(organization_id, action, str(error).strip()))
    return done
