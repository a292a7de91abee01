"""The job row and the outcome are defined once each, as SQL types: `public.claimed_job`
(what job_claim and job_complete_and_claim return) and `public.job_outcome` (the JSON keys the
settlement reads). The worker decodes a claimed job by name into `Job` and sends an `Outcome`
by its names: the names are compared with the catalog here, and a real worker carries every
field both ways (a misspelt or missing name fails)."""

from __future__ import annotations

import asyncio
import datetime
from dataclasses import fields
from decimal import Decimal

import psycopg
import pytest
from psycopg.types.json import Jsonb
from test_queue_workers import make_studio, request

from creatorverse.workers.engine import Worker, WorkerConfig, _completed_or_claimed
from creatorverse.workers.handlers import Job, Outcome


@pytest.fixture
def admin(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("delete from private.job_queue where kind = 'image'")
        yield conn


def attributes(conn: psycopg.Connection, type_name: str) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "select a.attname from pg_attribute a join pg_type t on t.typrelid = a.attrelid "
            "where t.oid = %s::regtype and a.attnum > 0 and not a.attisdropped order by a.attnum",
            (type_name,),
        )
    ]


def test_job_is_the_claimed_job_type_and_outcome_the_job_outcome_type(conn):
    assert [f.name for f in fields(Job)] == attributes(conn, "public.claimed_job")
    assert [f.name for f in fields(Outcome)] == attributes(conn, "public.job_outcome")


def test_the_worker_functions_return_the_claimed_job_type(conn):
    returns = dict(
        conn.execute(
            "select p.proname, pg_get_function_result(p.oid) from pg_proc p "
            "where p.oid in ('public.job_claim(text, text, integer, integer)'::regprocedure, "
            "'public.job_complete_and_claim(text, text, integer, bigint[], bigint[], jsonb[], integer)'::regprocedure)"
        ).fetchall()
    )
    assert returns == {
        "job_claim": "SETOF claimed_job",
        "job_complete_and_claim": "TABLE(completed bigint, claimed claimed_job)",
    }


def test_a_worker_reads_its_job_by_name_and_every_outcome_field_lands(admin, db_url):
    org_id, project_id, user = make_studio(admin, credits=1000)
    asset = admin.execute(
        "insert into public.assets (organization_id, project_id, type, filename, mime_type, storage_provider, "
        "storage_path) values (%s, %s, 'image', 'x.png', 'image/png', 'local', 'x.png') returning id",
        (org_id, project_id),
    ).fetchone()[0]
    generation = request(admin, user, project_id, "image", prompt="read by name", params=Jsonb({"width": 64}))
    produced = Outcome(
        actual_credits=1,
        actual_cost_usd=0.25,
        output_url="https://cdn.example/x.png",
        thumbnail_url="https://cdn.example/x-thumb.png",
        subtitles_url="https://cdn.example/x.vtt",
        output_asset_id=str(asset),
        duration_ms=1234,
        size_bytes=5678,
        cost_tokens=42,
        cost_render_seconds=7,
        cost_kai_credits=3,
        external_job_id="provider-task-1",
        provider="offline",
        model="m-1",
        result={"seed": 9},
    )
    assert all(getattr(produced, f.name) not in (None, {}) for f in fields(Outcome)), "every field set"
    seen: list[Job] = []

    async def handle(job: Job, ctx) -> Outcome:
        seen.append(job)
        return produced

    config = WorkerConfig(database_url=db_url, handlers={"image": handle}, concurrency={"image": 1},
                          poll_interval=0.1, until_empty=True, lanes=1)  # fmt: skip
    asyncio.run(asyncio.wait_for(Worker(config).run(), 60))

    [job] = seen
    row = admin.execute(
        "select g.id, g.kind, g.organization_id, g.project_id, g.user_id, g.prompt, g.params, g.units, "
        "g.estimated_credits, g.parent_id, g.scene_id, g.max_attempts from public.generations g where g.id = %s",
        (generation,),
    ).fetchone()
    assert (job.generation_id, job.kind, job.organization_id, job.project_id, job.user_id, job.prompt, job.params,
            job.units, job.estimated_credits, job.parent_id, job.scene_id, job.max_attempts) == row  # fmt: skip
    assert job.attempt == 1 and job.lease_token >= 1 and isinstance(job.queue_id, int)
    assert isinstance(job.lease_expires_at, datetime.datetime)

    settled = admin.execute(
        "select status, actual_credits, actual_cost_usd, output_url, thumbnail_url, subtitles_url, output_asset_id, "
        "duration_ms, size_bytes, cost_tokens, cost_render_seconds, cost_kai_credits, external_job_id, provider, "
        "model, result from public.generations where id = %s",
        (generation,),
    ).fetchone()
    assert settled == (
        "succeeded", 1, Decimal("0.25"), produced.output_url, produced.thumbnail_url, produced.subtitles_url, asset,
        1234, 5678, 42, 7, 3, "provider-task-1", "offline", "m-1", {"seed": 9},
    )  # fmt: skip


def test_a_result_whose_names_differ_from_the_job_is_refused_not_read_by_position(db_url):
    """The worker builds jobs by position once the result's column names are checked against
    Job's fields: a reordered or renamed column fails loudly instead of filling the wrong field."""

    async def read(query: str):
        async with await psycopg.AsyncConnection.connect(db_url) as conn:
            cursor = conn.cursor(row_factory=_completed_or_claimed)
            await cursor.execute(query)
            return await cursor.fetchall()

    names = ["completed", *(f.name for f in fields(Job))]
    swapped = [*names[:2], names[3], names[2], *names[4:]]
    query = "select " + ", ".join(f"null as {name}" for name in swapped)
    with pytest.raises(RuntimeError, match="job_complete_and_claim returned"):
        asyncio.run(read(query))
    assert asyncio.run(read("select 7::bigint as " + ", null as ".join(names))) == [7]
