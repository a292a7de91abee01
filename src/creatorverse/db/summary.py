"""What the migrated database holds, per schema."""

from __future__ import annotations

import psycopg

from creatorverse.db.queries import load

Q = load("creatorverse.db", "summary.sql")


def schema_summary(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(Q["schema_summary"]).fetchall()
