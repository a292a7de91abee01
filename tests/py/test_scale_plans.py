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


def table_reads(db, user: str, table: str, query: str, params: tuple = ()) -> tuple[list, int, int, int]:
    """The rows of `query` run as `user`, and what it read of `table` by the table's own
    statistics for the transaction: sequential scans, rows fetched by index, rows read by scans."""
    counts = (
        "select seq_scan, coalesce(idx_tup_fetch, 0), coalesce(seq_tup_read, 0) from pg_stat_xact_user_tables"
        " where relid = %s::regclass"
    )
    with db.transaction():
        db.execute("select tests.authenticate_as(%s)", (user,))
        before = db.execute(counts, (table,)).fetchone()
        rows = db.execute(query, params).fetchall()
        after = db.execute(counts, (table,)).fetchone()
        db.execute("reset role")
    return rows, *(a - b for a, b in zip(after, before, strict=True))


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


def test_a_ledger_page_reads_the_primary_key_backwards_even_in_a_generic_plan(db):
    """A client's ledger page, prepared as PostgREST prepares it: the generic plan the plan
    cache adopts estimates one row under RLS, so every index that starts with organization_id
    ties; the primary key is the only one, so the page is read by it, in order, without sorting
    the organization's entries."""
    db.execute("select tests.create_user('bookkeeper')")
    org = db.execute("select tests.create_organization('bookkeeper', 'ledger-plans')").fetchone()[0]
    db.execute("set session_replication_role = replica")
    db.execute(
        "insert into public.credit_transactions (organization_id, type, amount, main_delta, balance_after, held_after,"
        " idempotency_key, key_source)"
        " select o.id, 'usage', -1, -1, 1000000 - n, 0, 'key-' || n, 'caller'"
        " from public.organizations o cross join generate_series(1, 20) n"
    )
    db.execute(
        "insert into public.credit_transactions (organization_id, type, amount, main_delta, balance_after, held_after,"
        " idempotency_key, key_source)"
        " select %s, 'usage', -1, -1, 1000000 - n, 0, 'page-' || n, 'caller' from generate_series(1, 20000) n",
        (org,),
    )
    db.execute("set session_replication_role = origin")
    db.execute("analyze public.credit_transactions")
    page = (
        "select id, type, amount, balance_after, created_at from public.credit_transactions"
        " where organization_id = $1 order by id desc limit 50"
    )
    with db.transaction():
        db.execute("select tests.authenticate_as('bookkeeper')")
        db.execute("set local plan_cache_mode = force_generic_plan")
        db.execute("prepare ledger_page as " + page)
        nodes = plan_nodes(db, f"execute ledger_page('{org}')")
        text = text_plan(db, f"execute ledger_page('{org}')")
        db.execute("deallocate ledger_page")
        db.execute("reset role")
    assert "credit_transactions_pkey" in {n.get("Index Name") for n in nodes}, text
    assert not any(n["Node Type"] in ("Sort", "Seq Scan", "Bitmap Heap Scan") for n in nodes), text
    # the estimate is a tie between every index that starts with organization_id (at scale L the
    # idempotency key's index won it: 447 ms); the primary key must be the only candidate
    led_by_organization = db.execute(
        "select array_agg(c.relname::text order by c.relname) from pg_index i"
        " join pg_class c on c.oid = i.indexrelid"
        " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]"
        " where i.indrelid = 'public.credit_transactions'::regclass and a.attname = 'organization_id'"
    ).fetchone()[0]
    assert led_by_organization == ["credit_transactions_pkey"]


def test_a_search_of_one_organization_reads_its_projects_not_every_public_one(db):
    """The searches ask for the projects whose content the caller sees within their
    organization filter (private.visible_project_ids(org)): an organization's search reads that
    organization's projects through projects_organization_idx, however many public projects the
    platform has (the unfiltered set read every one of them: 7 ms at M, growing with the
    platform). Counted by the table's own statistics for this transaction."""
    db.execute("select tests.create_user('librarian')")
    org = db.execute("select tests.create_organization('librarian', 'search-scope')").fetchone()[0]
    db.execute("set session_replication_role = replica")
    db.execute(
        "insert into public.projects (organization_id, title, slug, visibility, created_by)"
        " select o.id, 'Public ' || o.slug, 'public-' || o.slug, 'public', o.primary_owner_user_id"
        " from public.organizations o where o.deleted_at is null and o.id <> %s",
        (org,),
    )
    db.execute(
        "insert into public.projects (organization_id, title, slug, visibility, created_by)"
        " select %s, 'Mine ' || n, 'mine-' || n, case when n = 1 then 'private' else 'team' end,"
        " tests.get_user_id('librarian') from generate_series(1, 3) n",
        (org,),
    )
    db.execute("set session_replication_role = origin")
    db.execute("analyze public.projects")
    public = db.execute("select count(*) from public.projects where visibility = 'public'").fetchone()[0]
    assert public > 2500
    [(mine,)], scans, fetched, _ = table_reads(
        db, "librarian", "public.projects", "select count(*) from private.visible_project_ids(%s)", (org,)
    )
    [(everything,)], *_ = table_reads(
        db, "librarian", "public.projects", "select count(*) from private.visible_project_ids()"
    )
    assert mine == 3  # the organization's own three (its owner reads the private one)
    assert everything == public + 3
    assert scans == 0 and fetched <= 10, (scans, fetched)


def test_continue_watching_reads_a_page_not_the_whole_history(db):
    """A viewer's continue-watching page walks their history newest first and stops at the page
    (a later position of the same content is found by watch_history's unique key): 20 titles of a
    1,000-title history read a few dozen history rows, where the distinct-per-content read every
    one (428 buffers at L). Counted by the table's own statistics for this transaction."""
    db.execute("select tests.create_user('binger')")
    org = db.execute("select tests.create_organization('binger', 'binge')").fetchone()[0]
    db.execute(
        "insert into public.projects (organization_id, title, slug, visibility, created_by)"
        " values (%s, 'Shows', 'shows', 'team', tests.get_user_id('binger'))",
        (org,),
    )
    db.execute("set session_replication_role = replica")
    db.execute(
        "insert into public.contents (project_id, organization_id, title, slug, type, visibility, status, published_at)"
        " select p.id, p.organization_id, 'Show ' || n, 'show-' || n, 'movie', 'free', 'published', now()"
        " from public.projects p cross join generate_series(1, 1000) n where p.slug = 'shows'"
    )
    # every title started, the newest ten finished (they are skipped, not shown)
    db.execute(
        "insert into public.watch_history (user_id, content_id, progress_seconds, duration_seconds, completed,"
        " watched_at)"
        " select tests.get_user_id('binger'), c.id, 600, 5400, n > 990, now() - (1000 - n) * interval '1 minute'"
        " from public.contents c cross join lateral (select split_part(c.slug, '-', 2)::integer as n) s"
        " where c.organization_id = %s",
        (org,),
    )
    db.execute("set session_replication_role = origin")
    db.execute("analyze public.watch_history, public.contents")
    page, _, fetched, scanned = table_reads(
        db, "binger", "public.watch_history", "select title from public.continue_watching limit 20"
    )
    assert [t for (t,) in page] == [f"Show {n}" for n in range(990, 970, -1)]
    assert fetched + scanned <= 100, fetched + scanned
