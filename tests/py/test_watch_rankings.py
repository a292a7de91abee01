"""Watch trending and match scores are precomputed by timed duties (issue 28): proven by
running the elected scheduler, and their reads are pinned by their plans (an index of the
precomputed table, no sequential scan), not by timings.

The module has a database of its own: the scheduler acts on every row of it.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from test_duties import run_scheduler

from conftest import template_clone

CONTENTS = 3000
VIEWERS = 30


@pytest.fixture(scope="module")
def db_url(admin_url, settings):
    with template_clone(admin_url, settings, f"creatorverse_rankings_{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="module")
def catalogue(db_url):
    """A published catalogue of CONTENTS embedded contents with a week of activity, and VIEWERS
    viewers with a few films each in their history; the duties have not run yet."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("select tests.create_user('studio'), tests.create_user('fan')")
        conn.execute("select tests.create_user('viewer' || n) from generate_series(1, %s) n", (VIEWERS,))
        org = conn.execute("select tests.create_organization('studio', 'rankings')").fetchone()[0]
        project = conn.execute(
            "insert into public.projects (organization_id, title) values (%s, 'Catalogue') returning id", (org,)
        ).fetchone()[0]
        conn.execute(
            "insert into public.contents (project_id, title, type, visibility, duration_minutes, video_url, embedding)"
            " select %s, 'Film ' || n, 'movie', 'free', 90, 'https://cdn.test/' || n,"
            "   (select array_agg(sin(n * g)::real) from generate_series(1, 384) g)::extensions.vector"
            " from generate_series(1, %s) n",
            (project, CONTENTS),
        )
        conn.execute("update public.contents set status = 'published' where organization_id = %s", (org,))
        conn.execute(
            "insert into public.content_daily_stats (content_id, day, viewers, likes, completions)"
            " select c.id, (now() at time zone 'UTC')::date - d, abs(hashtext(c.title || d)) %% 50, 0, 0"
            " from public.contents c, generate_series(0, 6) d where c.organization_id = %s",
            (org,),
        )
        # a few films in each viewer's history, as record_watch_progress leaves them
        conn.execute(
            "insert into public.watch_history (user_id, content_id, progress_seconds, duration_seconds)"
            " select u.id, c.id, 600, 5400 from auth.users u"
            " cross join lateral (select id from public.contents where organization_id = %s"
            "                     order by hashtext(u.email || title) limit 5) c"
            " where u.email like 'viewer%%'",
            (org,),
        )
        conn.execute("analyze")
        yield {"conn": conn, "org": org}


def content(conn, title: str):
    return conn.execute("select id from public.contents where title = %s", (title,)).fetchone()[0]


@contextmanager
def acting_as(conn, name: str | None):
    """One transaction as `name` (None: anon), as PostgREST runs a request."""
    with conn.transaction():
        if name is None:
            conn.execute("select tests.clear_authentication()")
        else:
            conn.execute("select tests.authenticate_as(%s)", (name,))
        yield conn
        conn.execute("reset role")


def test_trending_and_match_scores_are_refreshed_by_the_scheduler(db_url, catalogue):
    conn = catalogue["conn"]
    with acting_as(conn, None):
        assert conn.execute("select count(*) from public.trending_contents").fetchone()[0] == 0, "not before its run"
    with acting_as(conn, "fan"):
        conn.execute("select public.record_watch_progress(%s, 600)", (content(conn, "Film 7"),))
        assert conn.execute("select count(*) from public.content_matches").fetchone()[0] == 0, "not before its run"

    clock = datetime.now(UTC) + timedelta(minutes=1)
    run_scheduler(db_url, clock, "refresh_trending_contents", "refresh_content_matches")

    with acting_as(conn, None):
        top = conn.execute(
            "select title, trending_score, trending_rank from public.trending_contents order by trending_rank limit 3"
        ).fetchall()
        assert conn.execute("select count(*) from public.trending_contents").fetchone()[0] == CONTENTS
    expected = conn.execute(
        "select c.title, sum(s.viewers), rank() over (order by sum(s.viewers) desc)"
        " from public.contents c join public.content_daily_stats s on s.content_id = c.id"
        " group by c.title order by 3, 1 limit 3"
    ).fetchall()
    assert [row[1:] for row in top] == [row[1:] for row in expected], "score = 7 days of viewers, rank among all"

    with acting_as(conn, "fan"):
        matches = dict(conn.execute("select title, match_score from public.content_matches").fetchall())
    assert len(matches) == 200, "the viewer's best 200"
    assert matches["Film 7"] == 100, "the only film watched matches itself fully"

    # new activity and a new film in the history: as of the last run until the next one
    conn.execute(
        "update public.content_daily_stats set viewers = viewers + 10000"
        " where content_id = %s and day = (now() at time zone 'UTC')::date",
        (content(conn, "Film 2999"),),
    )
    with acting_as(conn, "fan"):
        conn.execute("select public.record_watch_progress(%s, 600)", (content(conn, "Film 1500"),))
        assert (
            conn.execute("select match_score from public.content_matches where title = 'Film 7'").fetchone()[0] == 100
        )
    assert conn.execute(
        "select stale from private.viewer_tastes where user_id = (select id from auth.users where email like 'fan%')"
    ).fetchone()[0], "a film added to the history makes the taste stale"

    run_scheduler(db_url, clock + timedelta(minutes=2), "refresh_trending_contents", "refresh_content_matches")

    with acting_as(conn, None):
        assert conn.execute("select title from public.trending_contents where trending_rank = 1").fetchone()[0] == (
            "Film 2999"
        )
    with acting_as(conn, "fan"):
        after = dict(conn.execute("select title, match_score from public.content_matches").fetchall())
    assert after["Film 7"] < 100 and after["Film 1500"] < 100, "the taste is now the mean of two films"
    # a second run with nothing new writes nothing
    assert conn.execute("select private.refresh_trending_contents(7)").fetchone()[0] == 0


TRENDING_PAGE = "select content_id, title, trending_score from public.trending_contents order by trending_rank limit 20"
MATCHES_PAGE = "select content_id, title, match_score from public.content_matches order by match_score desc limit 20"


def text_plan(conn, query: str) -> str:
    return "\n".join(row[0] for row in conn.execute("explain " + query))


def plan_nodes(conn, query: str) -> list[dict]:
    plan = conn.execute("explain (format json) " + query).fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


def scans(nodes: list[dict]) -> set[tuple[str, str | None, str | None]]:
    return {(n["Node Type"], n.get("Relation Name"), n.get("Index Name")) for n in nodes if "Relation Name" in n}


@pytest.fixture
def refreshed(catalogue):
    conn = catalogue["conn"]
    conn.execute("select private.refresh_trending_contents(7)")
    conn.execute("update private.viewer_tastes set stale = true")
    while conn.execute("select private.refresh_content_matches(200)").fetchone()[0]:
        pass
    conn.execute("analyze private.content_trending, private.content_match_scores")
    return conn


def test_a_trending_page_reads_the_rank_index_not_the_catalogue(refreshed):
    conn = refreshed
    for viewer in (None, "viewer1"):
        with acting_as(conn, viewer):
            nodes, text = plan_nodes(conn, TRENDING_PAGE), text_plan(conn, TRENDING_PAGE)
        found = scans(nodes)
        assert any(index == "content_trending_rank_idx" for _, _, index in found), found
        assert not any(node_type == "Seq Scan" for node_type, _, _ in found), text
        assert not any(n["Node Type"] in ("Sort", "WindowAgg", "Aggregate", "HashAggregate") for n in nodes), found


def test_match_scores_read_the_viewers_own_ranking_index(refreshed):
    conn = refreshed
    with acting_as(conn, "viewer1"):
        nodes = plan_nodes(
            conn, "select content_id, title, match_score from public.content_matches order by match_score desc limit 20"
        )
    found = scans(nodes)
    assert any(index == "content_match_scores_ranking_idx" for _, _, index in found), found
    assert not any(node_type == "Seq Scan" for node_type, _, _ in found), found
    assert not any(n["Node Type"] == "Sort" for n in nodes), "the index gives the order"


def test_a_deleted_viewer_leaves_no_taste_behind(catalogue):
    """Deleting a user removes their history by cascade; the trigger that marks tastes stale
    must not bring them back (nor fail the deletion)."""
    conn = catalogue["conn"]
    conn.execute("select tests.create_user('leaving')")
    with acting_as(conn, "leaving"):
        conn.execute("select public.record_watch_progress(%s, 600)", (content(conn, "Film 3"),))
    leaving = conn.execute("select id from auth.users where email like 'leaving%'").fetchone()[0]
    assert conn.execute("select stale from private.viewer_tastes where user_id = %s", (leaving,)).fetchone() == (True,)
    conn.execute("delete from auth.users where id = %s", (leaving,))
    assert conn.execute("select count(*) from private.viewer_tastes where user_id = %s", (leaving,)).fetchone()[0] == 0
    assert conn.execute("select count(*) from public.watch_history where user_id = %s", (leaving,)).fetchone()[0] == 0
