"""Plans (not timings) of reads bench/scale_bench.py found growing with the platform (issue 28).

The module has a database of its own with thousands of organizations, so that the planner
chooses as it does on a large platform.
"""

from __future__ import annotations

import os

import psycopg
import pytest
from test_watch_rankings import plan_nodes, text_plan

from conftest import template_clone

ORGANIZATIONS = 3000


@pytest.fixture(scope="module")
def db(admin_url, settings):
    name = f"creatorverse_scale_plans_{os.getpid()}"
    with template_clone(admin_url, settings, name) as url, psycopg.connect(url, autocommit=True) as conn:
        # organizations as rows only (their triggers' accounts are not what is planned here)
        conn.execute("set session_replication_role = replica")
        conn.execute(
            "insert into public.organizations (name, slug, primary_owner_user_id, deleted_at)"
            " select 'Org ' || n, 'org-' || n, gen_random_uuid(), case when n %% 500 = 0 then now() end"
            " from generate_series(1, %s) n",
            (ORGANIZATIONS,),
        )
        conn.execute("set session_replication_role = origin")
        conn.execute("analyze public.organizations")
        yield conn


def test_deleted_organizations_are_read_from_their_partial_index(db):
    """private.deleted_org_ids() (the store's policies) reads only the deleted organizations,
    not every organization of the platform."""
    helper = db.execute("select prosrc from pg_proc where oid = 'private.deleted_org_ids()'::regprocedure").fetchone()[
        0
    ]
    query = helper.strip().rstrip(";")
    nodes = plan_nodes(db, query)
    assert "organizations_deleted_idx" in {n.get("Index Name") for n in nodes}, text_plan(db, query)
    assert not any(n["Node Type"] == "Seq Scan" for n in nodes), text_plan(db, query)
    assert db.execute("select count(*) from private.deleted_org_ids()").fetchone()[0] == ORGANIZATIONS // 500
