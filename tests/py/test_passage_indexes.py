"""Per-organization passage indexes: planned by passage_index_changes, built concurrently by
creatorverse.search.indexes (as the scheduler does), walked by match_chapters for members only,
and dropped when the organization shrinks or is deleted."""

from __future__ import annotations

import numpy as np
import psycopg
import pytest
from pgvector.psycopg import register_vector

from creatorverse.search.indexes import sync_passage_indexes

PASSAGES = 60


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def make_library(admin: psycopg.Connection, owner: str, slug: str, chapters: int) -> tuple:
    """A new user's organization with one book of `chapters` empty chapters: (organization,
    chapter ids in order)."""
    admin.execute("select tests.create_user(%s)", (owner,))
    org = admin.execute("select tests.create_organization(%s, %s)", (owner, slug)).fetchone()[0]
    book = admin.execute(
        "insert into public.books (organization_id, title) values (%s, 'Vectors') returning id", (org,)
    ).fetchone()[0]
    ids = admin.execute(
        "insert into public.chapters (book_id, chapter_number, title, content) "
        "select %s, n, 'Chapter ' || n, 'text ' || n from generate_series(1, %s) n returning id",
        (book, chapters),
    ).fetchall()
    return org, [r[0] for r in ids]


@pytest.fixture
def indexed_library(db_url):
    """An organization with PASSAGES passages (committed: concurrent index builds need that),
    removed afterwards with its index."""
    rng = np.random.default_rng(7)
    with psycopg.connect(db_url, autocommit=True) as admin:
        register_vector(admin)
        org, chapters = make_library(admin, "indexed-owner", "indexed-press", PASSAGES)
        admin.execute("select tests.create_user('indexed-outsider')")
        admin.execute("select tests.create_organization('indexed-outsider', 'indexed-rival')")
        vectors = unit(rng, PASSAGES)
        with admin.cursor() as cur:
            cur.executemany(
                "insert into public.chapter_embeddings (chapter_id, embedding, embedding_model) "
                "values (%s, %s, 'test')",
                list(zip(chapters, vectors, strict=True)),
            )
        try:
            yield db_url, org, unit(rng, 5)
        finally:
            admin.execute("delete from public.organizations where slug in ('indexed-press', 'indexed-rival')")
            admin.execute("delete from auth.users where email like 'indexed-%%'")
            sync_passage_indexes(admin, min_passages=PASSAGES // 2)


# the nearest ten by computing every distance (the function form keeps the indexes out)
EXACT = (
    "select e.chapter_id from public.chapter_embeddings e where e.organization_id = %s "
    "order by extensions.cosine_distance(e.embedding, %s::extensions.halfvec(384)) limit 10"
)
WALK = "select count(*) from private.nearest_organization_passages(%s, %s::extensions.halfvec(384), 100, null)"


def index_of(conn, org) -> tuple | None:
    return conn.execute(
        "select c.relname::text, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid "
        "where c.relname = private.passage_index_name(%s)",
        (org,),
    ).fetchone()


def test_an_organization_over_the_line_gets_its_own_index_and_members_walk_it(indexed_library):
    url, org, queries = indexed_library
    with psycopg.connect(url, autocommit=True) as admin:
        assert index_of(admin, org) is None
        changes = sync_passage_indexes(admin, min_passages=PASSAGES)
        assert [(c.organization_id, c.action, c.error) for c in changes] == [(org, "create", None)]
        assert index_of(admin, org)[1], "the index is valid"
        assert sync_passage_indexes(admin, min_passages=PASSAGES) == [], "nothing left to do"
    with psycopg.connect(url) as conn:
        register_vector(conn)
        scans_before = index_scans(conn, org)
        conn.execute("select tests.authenticate_as('indexed-owner')")
        for q in queries:
            walked = conn.execute("select chapter_id from public.match_chapters(%s, 10)", (q,)).fetchall()
            exact = conn.execute(EXACT, (org, q)).fetchall()
            assert [r[0] for r in walked] == [r[0] for r in exact], "the walk finds the exact nearest ten"
        assert conn.execute(WALK, (org, queries[0])).fetchone()[0] == PASSAGES
        conn.execute("select tests.authenticate_as('indexed-outsider')")
        assert conn.execute(WALK, (org, queries[0])).fetchone()[0] == 0, "an outsider walks nothing"
        found = conn.execute("select count(*) from public.match_chapters(%s, 10)", (queries[0],))
        assert found.fetchone()[0] == 0
        conn.execute("select pg_stat_force_next_flush()")
        conn.rollback()
    with psycopg.connect(url) as conn:
        assert index_scans(conn, org) >= scans_before + len(queries) + 1, (
            "match_chapters walked the organization's index"
        )


def index_scans(conn, org) -> int:
    conn.execute("select pg_stat_clear_snapshot()")
    return conn.execute(
        "select coalesce(sum(idx_scan), 0) from pg_stat_user_indexes "
        "where indexrelname = private.passage_index_name(%s)",
        (org,),
    ).fetchone()[0]


def test_the_index_goes_when_the_organization_shrinks_or_is_deleted(indexed_library):
    url, org, _ = indexed_library
    with psycopg.connect(url, autocommit=True) as admin:
        sync_passage_indexes(admin, min_passages=PASSAGES)
        assert index_of(admin, org) is not None
        # below the line but above half of it: kept (no flapping)
        admin.execute(
            "delete from public.chapter_embeddings where chapter_id in "
            "(select e.chapter_id from public.chapter_embeddings e where e.organization_id = %s limit 10)",
            (org,),
        )
        assert sync_passage_indexes(admin, min_passages=PASSAGES) == []
        admin.execute("update public.organizations set deleted_at = now() where id = %s", (org,))
        changes = sync_passage_indexes(admin, min_passages=PASSAGES)
        assert [(c.action, c.error) for c in changes] == [("drop", None)]
        assert index_of(admin, org) is None


def test_the_elected_scheduler_builds_it_as_a_duty(indexed_library):
    """The sync_passage_indexes duty (batch = the passages that earn an index) builds the index
    CONCURRENTLY on a connection of its own while its registry row stays locked in the run's
    transaction: the build does not wait for that transaction, and the run is recorded."""
    from datetime import UTC, datetime

    from test_duties import run_scheduler

    url, org, _ = indexed_library
    with psycopg.connect(url, autocommit=True) as admin:
        batch = admin.execute("select batch_size from private.duties where name = 'sync_passage_indexes'").fetchone()[0]
        admin.execute("update private.duties set batch_size = %s where name = 'sync_passage_indexes'", (PASSAGES,))
        try:
            run_scheduler(url, datetime.now(UTC), "sync_passage_indexes")
            assert index_of(admin, org)[1], "built and valid"
            assert admin.execute(
                "select last_rows, last_error from analytics.duty_status where name = 'sync_passage_indexes'"
            ).fetchone() == (1, None)
        finally:
            admin.execute("update private.duties set batch_size = %s where name = 'sync_passage_indexes'", (batch,))


def test_hybrid_candidates_come_from_one_walk(db_url):
    """Hybrid search's semantic candidates (private.nearest_chapters with one_walk) come from a
    single walk of the organization's index: when the nearest passages crowd into fewer chapters
    than asked, it returns those chapters, where match_chapters walks again, four times further,
    to fill the count. Three chapters of ten passages near the query, 27 others elsewhere."""
    rng = np.random.default_rng(11)
    query = unit(rng, 1)[0]
    with psycopg.connect(db_url, autocommit=True) as admin:
        register_vector(admin)
        _org, chapters = make_library(admin, "crowded-owner", "crowded-press", 30)
        rows = []
        for number, chapter in enumerate(chapters):
            for passage in range(10):
                vector = query + 0.05 * rng.normal(size=384) if number < 3 else unit(rng, 1)[0]
                rows.append((chapter, (vector / np.linalg.norm(vector)).astype(np.float32), passage))
        with admin.cursor() as cur:
            cur.executemany(
                "insert into public.chapter_embeddings (chapter_id, embedding, embedding_model, passage_no) "
                "values (%s, %s, 'test', %s)",
                rows,
            )
        try:
            sync_passage_indexes(admin, min_passages=300)
            with psycopg.connect(db_url) as conn:
                register_vector(conn)
                conn.execute("set track_functions = 'all'")
                conn.execute("select tests.authenticate_as('crowded-owner')")
                walks = (
                    "select coalesce(sum(calls), 0) from pg_stat_xact_user_functions "
                    "where funcname = 'nearest_organization_passages'"
                )
                full = [r[0] for r in conn.execute("select chapter_id from public.match_chapters(%s, 5)", (query,))]
                walked_full = conn.execute(walks).fetchone()[0]
                one = [
                    r[0]
                    for r in conn.execute(
                        "select chapter_id from private.nearest_chapters(%s, 5, one_walk => true)", (query,)
                    )
                ]
                walked_one = conn.execute(walks).fetchone()[0] - walked_full
                conn.rollback()
            assert len(full) == 5 and set(full[:3]) == set(chapters[:3])
            assert one == full[:3], "one walk: the three crowded chapters, in the same order"
            assert (walked_full, walked_one) == (2, 1)
        finally:
            admin.execute("delete from public.organizations where slug = 'crowded-press'")
            admin.execute("delete from auth.users where email like 'crowded-%%'")
            sync_passage_indexes(admin, min_passages=300)
