"""analytics.cost_by_provider_model reads the daily rollup model_metrics (issue 28), which the
scheduler's duty refresh_usage_rollups keeps: its numbers are those of a direct aggregate of
the usage events once the duty has run, late events included, and an analyst's month is read
from that month's rollup rows, not from the events.

The module has a database of its own: the scheduler recomputes the rollups of every row in it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from test_duties import run_scheduler
from test_watch_rankings import plan_nodes, text_plan

from conftest import template_clone

# The view's meaning, written over the raw events (as the view was before it read the rollup).
DIRECT = """
select coalesce(nullif(e.provider, ''), 'unknown') as provider,
       coalesce(nullif(e.model, ''), 'unknown') as model,
       date_trunc('month', e.occurred_at, 'UTC')::date as month,
       count(*) as events,
       count(*) filter (where e.status = 'success') as successes,
       count(*) filter (where e.status <> 'success') as failures,
       sum(e.input_tokens) as input_tokens,
       sum(e.output_tokens) as output_tokens,
       sum(e.credits) as credits,
       sum(e.cost_usd) as cost_usd,
       round(avg(e.cost_usd), 6) as avg_cost_usd,
       round(avg(e.duration_ms)) as avg_duration_ms
from public.usage_events e
group by 1, 2, 3
order by 1, 2, 3
"""
VIEW = "select * from analytics.cost_by_provider_model order by provider, model, month"


@pytest.fixture(scope="module")
def db_url(admin_url, settings):
    with template_clone(admin_url, settings, f"creatorverse_usage_rollups_{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="module")
def conn(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def organization(conn):
    conn.execute("select tests.create_user('rollup-owner')")
    return conn.execute("select tests.create_organization('rollup-owner', 'rollup-studio')").fetchone()[0]


def record(conn, organization, occurred: datetime, recorded: datetime, **event) -> None:
    conn.execute(
        "insert into public.usage_events (event_id, occurred_at, recorded_at, organization_id, resource_type,"
        " provider, model, input_tokens, output_tokens, credits, cost_usd, duration_ms, status)"
        " values (gen_random_uuid(), %(occurred)s, %(recorded)s, %(org)s, %(resource_type)s, %(provider)s,"
        " %(model)s, %(input_tokens)s, %(output_tokens)s, %(credits)s, %(cost_usd)s, %(duration_ms)s, %(status)s)",
        {
            "occurred": occurred,
            "recorded": recorded,
            "org": organization,
            "resource_type": "video",
            "provider": "runway",
            "model": "gen-3",
            "input_tokens": 0,
            "output_tokens": 0,
            "credits": 10,
            "cost_usd": "0.5",
            "duration_ms": 900,
            "status": "success",
        }
        | event,
    )


def organization_month(conn, organization, month) -> tuple:
    """The organization's month in cost_aggregations, and the same from its events."""
    return conn.execute(
        "select total_credits, total_events from public.cost_aggregations"
        " where organization_id = %(org)s and user_id is null and period_start = %(month)s",
        {"org": organization, "month": month},
    ).fetchone(), conn.execute(
        "select sum(credits), count(*) from public.usage_events where organization_id = %(org)s"
        " and date_trunc('month', occurred_at, 'UTC')::date = %(month)s",
        {"org": organization, "month": month},
    ).fetchone()


def test_the_view_gives_the_events_numbers_once_the_duty_has_run_late_events_included(db_url, conn, organization):
    now = datetime.now(UTC).replace(microsecond=0)
    previous_month = (now.replace(day=1) - timedelta(days=1)).replace(day=3, hour=12)
    # two days in the duty's window and one of last month, recorded when they occurred:
    # providers, models (missing ones too), outcomes, tokens, odd costs, durations (missing too)
    for occurred, event in [
        (now - timedelta(minutes=5), {}),
        (now - timedelta(minutes=4), {"status": "error", "cost_usd": "0.123457", "duration_ms": None}),
        (
            now - timedelta(days=1),
            {
                "resource_type": "llm_tokens",
                "provider": "openai",
                "model": "gpt-x",
                "input_tokens": 1200,
                "output_tokens": 345,
                "credits": 3,
                "cost_usd": "0.0021",
            },
        ),
        (now - timedelta(days=1, hours=2), {"provider": None, "model": None, "duration_ms": 1}),
        (now - timedelta(days=1, hours=3), {"model": None, "status": "timeout", "duration_ms": 2}),
        (previous_month, {"credits": 7, "cost_usd": "1.000001", "duration_ms": 333}),
        (previous_month + timedelta(hours=1), {"provider": "openai", "model": "gpt-x", "input_tokens": 5}),
    ]:
        record(conn, organization, occurred, occurred, **event)

    # the duty ran last month (its events' days in its window then), and runs now
    back_then = previous_month + timedelta(days=1, hours=2)
    conn.execute(
        "update private.duties set next_due_at = case when name = 'refresh_usage_rollups' then %s else 'infinity' end",
        (back_then - timedelta(seconds=1),),
    )
    run_scheduler(db_url, back_then, "refresh_usage_rollups", due=False)
    run_scheduler(db_url, now, "refresh_usage_rollups")
    direct = conn.execute(DIRECT).fetchall()
    assert conn.execute(VIEW).fetchall() == direct
    assert len(direct) == 6

    # after the run: an event of today, and late ones (occurred days and a month before the
    # window, recorded now), one of them of a model the rollup has not seen yet
    recorded = now + timedelta(minutes=1)
    record(conn, organization, now, recorded, credits=100)
    late_day = now - timedelta(days=6)
    record(conn, organization, late_day, recorded, credits=1000, model="gen-2")
    record(conn, organization, previous_month + timedelta(days=1), recorded, credits=10000)
    assert conn.execute(VIEW).fetchall() != conn.execute(DIRECT).fetchall(), "stale until the duty runs again"
    month = previous_month.date().replace(day=1)
    rollup, events = organization_month(conn, organization, month)
    assert rollup != events, "stale until the duty runs again"

    run_scheduler(db_url, now + timedelta(minutes=15), "refresh_usage_rollups")
    direct = conn.execute(DIRECT).fetchall()
    assert conn.execute(VIEW).fetchall() == direct
    rollup, events = organization_month(conn, organization, month)
    assert rollup == events
    assert events[0] >= 7 + 10 + 10000
    assert conn.execute(
        "select request_count, credits from public.model_metrics where model_name = 'gen-2' and date = %s",
        (late_day.astimezone(UTC).date(),),
    ).fetchone() == (1, 1000)

    # days later, the window has moved on: nothing of the past is lost or counted twice
    run_scheduler(db_url, now + timedelta(days=3), "refresh_usage_rollups")
    assert conn.execute(VIEW).fetchall() == direct


def test_an_analysts_month_is_read_from_that_months_rollup_rows(conn):
    """Three years of 60 models a day in model_metrics: the month asked for is found through
    model_metrics_month_idx, and no usage event is read."""
    query = "select * from analytics.cost_by_provider_model where month = date '2026-11-01'"
    with conn.transaction(force_rollback=True):
        conn.execute(
            "insert into public.model_metrics (model_name, provider, date, request_count, success_count)"
            " select 'model-' || m, 'provider-' || m % 4, d, 10, 9"
            " from generate_series(date '2024-01-01', date '2026-12-31', interval '1 day') d,"
            " generate_series(1, 60) m"
        )
        conn.execute("analyze public.model_metrics")
        conn.execute("set local role analyst")
        nodes = plan_nodes(conn, query)
        text = text_plan(conn, query)
        rows = conn.execute(query).fetchall()
    relations = {n.get("Relation Name") for n in nodes} - {None}
    assert relations == {"model_metrics"}, text
    assert "model_metrics_month_idx" in {n.get("Index Name") for n in nodes}, text
    assert sum(1 for row in rows if row[1].startswith("model-")) == 60
