"""Plans (not timings) of the client reads that missed p95 <= 10 ms at scale L (issue 28,
docs/scaling.md): a community's newest discussions, an organization's newest generations with
the organization as a literal (a custom plan) and prepared (the generic plan after five calls),
a store product page with its variants.

The module has a database of its own, shaped as the bench's platform is where it matters to the
planner: thousands of organizations, one much larger than the others, many public communities.
"""

from __future__ import annotations

import os

import psycopg
import pytest

from conftest import template_clone

ORGANIZATIONS = 3000
COMMUNITIES = 1000


def analyzed_plan(conn, query: str) -> tuple[list[dict], str]:
    """The nodes of the executed plan (EXPLAIN ANALYZE: InitPlans report the rows they read)
    and its text for the failure message."""
    plan = conn.execute("explain (analyze, buffers, format json) " + query).fetchone()[0]
    nodes, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    text = "\n".join(r[0] for r in conn.execute("explain (analyze, buffers, costs off) " + query))
    return nodes, text


@pytest.fixture(scope="module")
def db(admin_url, settings):
    name = f"creatorverse_row_local_plans_{os.getpid()}"
    with template_clone(admin_url, settings, name) as url, psycopg.connect(url, autocommit=True) as conn:
        for who in ("studio", "fan"):
            conn.execute("select tests.create_user(%s)", (who,))
        studio = conn.execute("select tests.create_organization('studio', 'the-studio')").fetchone()[0]
        owner = conn.execute("select tests.get_user_id('studio')").fetchone()[0]
        fan = conn.execute("select tests.get_user_id('fan')").fetchone()[0]
        project = conn.execute(
            "insert into public.projects (organization_id, title, slug, created_by) values (%s, 'Saga', 'saga', %s)"
            " returning id",
            (studio, owner),
        ).fetchone()[0]
        conn.execute("set session_replication_role = replica")
        conn.execute(
            "insert into public.organizations (name, slug, primary_owner_user_id)"
            " select 'Org ' || n, 'org-' || n, %s from generate_series(1, %s) n",
            (owner, ORGANIZATIONS),
        )
        # generations, each in its organization's (public) project: the studio has nearly half of the
        # platform's (its page is the one measured)
        conn.execute(
            "insert into public.projects (organization_id, title, slug, created_by, visibility)"
            " select o.id, 'Project', 'project', %s, 'public' from public.organizations o where o.id <> %s",
            (owner, studio),
        )
        # interleaved on the heap, as a live table's organizations are (the index's leading column
        # uncorrelated with the heap's order)
        conn.execute(
            "insert into public.generations"
            " (organization_id, project_id, user_id, kind, status, max_attempts, created_at)"
            " select g.organization_id, g.project_id, %s, 'image', 'succeeded', 3, g.created_at from ("
            "  select p.organization_id, p.id as project_id, now() - n * interval '1 minute' as created_at"
            "  from public.projects p cross join generate_series(1, 20) n where p.organization_id <> %s"
            "  union all"
            "  select %s, %s, now() - n * interval '1 second' from generate_series(1, 50000) n"
            " ) g order by random()",
            (owner, studio, studio, project),
        )
        # communities, all public, one per organization; the studio's has most of the discussions
        conn.execute(
            "insert into public.communities (organization_id, created_by, name, slug)"
            " select o.id, %s, o.name, o.slug from public.organizations o order by o.id = %s desc, o.slug limit %s",
            (owner, studio, COMMUNITIES),
        )
        community = conn.execute("select id from public.communities where organization_id = %s", (studio,)).fetchone()[
            0
        ]
        conn.execute(
            "insert into public.discussions (community_id, community_hidden, author_id, title, content, created_at)"
            " select c.id, false, %s, 'Thread', 'Text', now() - n * interval '1 minute'"
            " from public.communities c cross join generate_series(1, case when c.id = %s then 5000 else 5 end) n",
            (owner, community),
        )
        # the store: many sellers' products, three variants each
        conn.execute(
            "insert into public.products (organization_id, created_by, name, slug, category, price_cents, status,"
            " visibility, has_variants)"
            " select o.id, %s, 'Poster', 'poster-' || o.slug, 'collectibles', 2500, 'active', 'public', true"
            " from public.organizations o",
            (owner,),
        )
        conn.execute(
            "insert into public.product_variants (product_id, organization_id, title, options, price_cents,"
            " stock_quantity) select p.id, p.organization_id, s, jsonb_build_object('size', s), 2500, 30"
            " from public.products p cross join unnest(array['S', 'M', 'L']) s"
        )
        conn.execute("set session_replication_role = origin")
        conn.execute("analyze")
        product = conn.execute("select id from public.products where organization_id = %s", (studio,)).fetchone()[0]
        yield conn, {"studio": studio, "community": community, "product": product, "fan": fan}


def test_a_communitys_newest_discussions_are_read_in_order_by_the_rows_own_visibility(db):
    """A fan outside the studio reads a public community's newest page: the policy judges each row
    by its own community_hidden, so the page reads discussions_community_idx in order, no sort, and
    builds no set of the platform's public communities (the old policy's InitPlan read every one
    of them, and at scale L sorted all 26,718 discussions of the community: 9,607 buffers)."""
    conn, ids = db
    page = (
        "select id, title, score from public.discussions"
        f" where community_id = '{ids['community']}' order by created_at desc limit 20"
    )
    with conn.transaction():
        conn.execute("select tests.authenticate_as('fan')")
        nodes, text = analyzed_plan(conn, page)
        conn.execute("prepare discussions_page as " + page.replace(f"'{ids['community']}'", "$1"))
        for _ in range(6):
            conn.execute(f"execute discussions_page('{ids['community']}')")
        generic_nodes, generic_text = analyzed_plan(conn, f"execute discussions_page('{ids['community']}')")
        conn.execute("deallocate discussions_page")
        conn.execute("reset role")
    for plan, shown in ((nodes, text), (generic_nodes, generic_text)):
        assert plan[0]["Actual Rows"] == 20, shown
        assert "discussions_community_idx" in {n.get("Index Name") for n in plan}, shown
        assert not any(n["Node Type"] in ("Sort", "Bitmap Heap Scan", "Seq Scan") for n in plan), shown
        assert max(n.get("Actual Rows", 0) for n in plan if n.get("Parent Relationship") == "InitPlan") <= 1, shown


def test_an_organizations_newest_generations_are_read_in_order_custom_or_generic(db):
    """The owner's newest page of their (largest) organization, with the organization as a literal
    (a custom plan: the first five calls of a prepared statement, or every call without them) and
    prepared (the generic plan after five calls): both read generations_organization_idx in
    order. With the policy's project test as `project_id = any(readable projects)` the custom plan
    was estimated at one row and sorted all of the organization's generations (7,739 buffers at L)."""
    conn, ids = db
    page = (
        "select id, kind, status, progress, created_at from public.generations"
        " where organization_id = '{}' order by created_at desc limit 50"
    )
    with conn.transaction():
        conn.execute("select tests.authenticate_as('studio')")
        nodes, text = analyzed_plan(conn, page.format(ids["studio"]))
        conn.execute("prepare generations_page as " + page.replace("'{}'", "$1"))
        for _ in range(6):
            conn.execute(f"execute generations_page('{ids['studio']}')")
        generic_nodes, generic_text = analyzed_plan(conn, f"execute generations_page('{ids['studio']}')")
        conn.execute("deallocate generations_page")
        conn.execute("reset role")
    for plan, shown in ((nodes, text), (generic_nodes, generic_text)):
        assert plan[0]["Actual Rows"] == 50, shown
        scans = [n for n in plan if n["Node Type"].endswith("Scan") and n.get("Relation Name") == "generations"]
        assert [(n["Node Type"], n.get("Index Name")) for n in scans] == [
            ("Index Scan", "generations_organization_idx")
        ], shown
        assert not any(n["Node Type"] == "Sort" for n in plan), shown


def test_a_product_pages_variants_are_probed_by_their_product(db):
    """Anyone's product page with its variants' stock: the variants' policy checks the variant's own
    product by its primary key, not a hashed set of every visible product of the store."""
    conn, ids = db
    page = (
        "select p.id, p.name, (select json_agg(v.stock_quantity) from public.product_variants v"
        f" where v.product_id = p.id) from public.products p where p.id = '{ids['product']}'"
    )
    with conn.transaction():
        conn.execute("select tests.clear_authentication()")
        nodes, text = analyzed_plan(conn, page)
        conn.execute("reset role")
    product_scans = [n for n in nodes if n.get("Relation Name") == "products"]
    assert product_scans and all(
        n["Node Type"] == "Index Scan" and n["Index Name"] == "products_pkey" and n["Actual Rows"] <= 1
        for n in product_scans
    ), text
    assert "hashed" not in text, text
    variants = [n for n in nodes if n.get("Relation Name") == "product_variants"]
    assert variants and all(n["Actual Rows"] == 3 for n in variants), text


def test_public_projects_are_judged_by_their_own_row(db):
    """Anyone's newest public projects: projects_select judges a project public by its own columns
    (private.project_is_public), so the read builds no set of every public project of the
    platform (the old policy's InitPlan read all of them on every read: 136 -> 361 buffers S -> M)."""
    conn, _ = db
    page = "select id, title from public.projects order by updated_at desc limit 50"
    with conn.transaction():
        conn.execute("select tests.clear_authentication()")
        nodes, text = analyzed_plan(conn, page)
        conn.execute("reset role")
    assert nodes[0]["Actual Rows"] == 50, text
    assert (
        max((n.get("Actual Rows", 0) for n in nodes if n.get("Parent Relationship") == "InitPlan"), default=0) <= 1
    ), text
