"""Plans (not timings) of the analyst views an analyst filters by a day, a month or a project
(issue 28): the filter reaches the rows through an index, instead of the view grouping the
whole table and filtering the groups.

The module has a database of its own, filled with enough rows that the planner chooses as it
does on a large platform; each test's rows are rolled back.
"""

from __future__ import annotations

import os

import psycopg
import pytest
from test_watch_rankings import plan_nodes, text_plan

from conftest import template_clone


@pytest.fixture(scope="module")
def db(admin_url, settings):
    name = f"creatorverse_analyst_plans_{os.getpid()}"
    with template_clone(admin_url, settings, name) as url, psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select tests.create_user('analyst-plans')")
        org = conn.execute("select tests.create_organization('analyst-plans', 'analyst-plans')").fetchone()[0]
        project = conn.execute(
            "insert into public.projects (organization_id, title) values (%s, 'Saga') returning id", (org,)
        ).fetchone()[0]
        yield conn, org, project


def analyst_plan(conn, query: str) -> tuple[list[dict], str]:
    conn.execute("analyze")
    conn.execute("set local role analyst")
    return plan_nodes(conn, query), text_plan(conn, query)


def scans_of(nodes: list[dict], relation: str) -> set[tuple[str, str | None]]:
    return {(n["Node Type"], n.get("Index Name")) for n in nodes if n.get("Relation Name") == relation}


def test_a_day_of_generation_cost_reads_that_days_block_ranges(db):
    """A year of generations, 200 a day, in creation order: one day's cost is read through
    generations_created_day_brin, not by a scan of every generation."""
    conn, org, project = db
    query = "select * from analytics.generation_cost where day = current_date - 100"
    with conn.transaction(force_rollback=True):
        conn.execute("set local session_replication_role = replica")
        conn.execute(
            "insert into public.generations (organization_id, project_id, kind, status, attempts, max_attempts,"
            " created_at)"
            " select %s, %s, 'image', 'succeeded', 1, 3, now() - (n * interval '432 seconds')"
            " from generate_series(73000, 1, -1) n",
            (org, project),
        )
        nodes, text = analyst_plan(conn, query)
        rows = conn.execute(query).fetchall()
    assert "generations_created_day_brin" in {n.get("Index Name") for n in nodes}, text
    assert ("Seq Scan", None) not in scans_of(nodes, "generations"), text
    assert sum(row[4] for row in rows) in range(199, 202)


def test_a_project_of_content_engagement_reads_its_contents_history_only(db):
    """Thousands of contents of other projects, each watched: one project's engagement counts
    its contents' history through watch_history_content_idx, not the platform's history."""
    conn, org, project = db
    query = f"select * from analytics.content_engagement where project_id = '{project}'"
    with conn.transaction(force_rollback=True):
        conn.execute("set local session_replication_role = replica")
        conn.execute(
            "insert into public.projects (id, organization_id, title)"
            " select md5('p' || n)::uuid, %s, 'Other ' || n from generate_series(1, 100) n",
            (org,),
        )
        conn.execute(
            "insert into public.contents (project_id, organization_id, title, slug, type, status)"
            " select case when n <= 5 then %s else md5('p' || n %% 100)::uuid end, %s, 'Title ' || n, 't-' || n,"
            " 'movie', 'published' from generate_series(1, 5000) n",
            (project, org),
        )
        conn.execute(
            "insert into public.watch_history (user_id, content_id, progress_seconds, duration_seconds, completed)"
            " select gen_random_uuid(), c.id, 60, 600, v % 2 = 0 from public.contents c, generate_series(1, 20) v"
        )
        nodes, text = analyst_plan(conn, query)
        rows = conn.execute(query).fetchall()
    assert not any(n.get("Relation Name") == "watch_history" and n["Node Type"] == "Seq Scan" for n in nodes), text
    assert "watch_history_content_idx" in {n.get("Index Name") for n in nodes}, text
    assert [(row[3], row[7], row[8]) for row in rows] == [(5, 100, 50)]


def test_a_month_of_store_sales_reads_that_months_orders(db):
    """Three years of paid orders: one month's sales are read through orders_paid_month_idx."""
    conn, org, _ = db
    query = "select * from analytics.store_sales_by_product where month = date '2026-06-01'"
    with conn.transaction(force_rollback=True):
        conn.execute("set local session_replication_role = replica")
        conn.execute(
            "insert into public.orders (id, organization_id, user_id, order_number, status, payment_status,"
            " subtotal_cents, total_cents, currency, paid_at, created_at)"
            " select md5('o' || n)::uuid, %s, gen_random_uuid(), 'CV-2026-' || lpad(n::text, 6, '0'),"
            " 'confirmed', 'paid', 1000, 1000, 'usd',"
            " timestamptz '2024-01-01' + n * interval '1 hour', timestamptz '2024-01-01' + n * interval '1 hour'"
            " from generate_series(1, 26000) n",
            (org,),
        )
        conn.execute(
            "insert into public.order_items (order_id, organization_id, product_id, product_name, category,"
            " quantity, unit_price_cents, subtotal_cents)"
            " select md5('o' || n)::uuid, %s, md5('product')::uuid, 'Poster', 'collectibles', 1, 1000, 1000"
            " from generate_series(1, 26000) n",
            (org,),
        )
        nodes, text = analyst_plan(conn, query)
        rows = conn.execute(query).fetchall()
    assert "orders_paid_month_idx" in {n.get("Index Name") for n in nodes}, text
    assert ("Seq Scan", None) not in scans_of(nodes, "orders"), text
    assert [row[7] for row in rows] == [720]
