"""Filtered vector search: match_chapters next to a plain HNSW query with a WHERE filter / RLS.

100,000 chapters x 384 dimensions across 100 organizations of uneven size (one holds
~10% of the rows, one ~1%), 25 chapters a book. Vectors are clustered (each book a topic,
each organization a mix of topics) and queries are drawn near the data, so neighbours
are meaningful. For each case: recall@10 against an exact search over the same visible
rows, median and p95 latency, and how many queries came back with fewer than k rows. The
cases run first on the shared index alone (an organization's state until the scheduler's
maintenance runs), then the largest organization again with the per-organization index that
maintenance gives every organization of 2,000 passages or more (the same code builds it).

    python bench/vector_bench.py [--rows 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import psycopg
from pgvector import HalfVector
from pgvector.psycopg import register_vector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SEED_ORGANIZATIONS, act_as_owner, bench_database

from creatorverse.search.indexes import sync_passage_indexes

K = 10
DIM = 384
CHAPTERS_PER_BOOK = 25


def org_sizes(rows: int, orgs: int) -> list[int]:
    """One ~10% organization, one ~1%, the rest decaying geometrically."""
    big, small = rows // 10, rows // 100
    rest = rows - big - small
    weights = np.array([0.96**i for i in range(orgs - 2)])
    sizes = np.maximum((weights / weights.sum() * rest).astype(int), CHAPTERS_PER_BOOK)
    sizes[0] += rest - sizes.sum()
    return [big, small, *sizes.tolist()]


def measure(run, queries, truths) -> dict:
    timings, recalls, short = [], [], 0
    for q, truth in zip(queries, truths, strict=True):
        started = time.perf_counter()
        found = run(q)
        timings.append((time.perf_counter() - started) * 1000)
        short += len(found) < min(K, len(truth))
        recalls.append(len(set(found) & set(truth)) / max(min(K, len(truth)), 1))
    timings.sort()
    return {
        "recall": statistics.mean(recalls),
        "median": statistics.median(timings),
        "p95": timings[int(0.95 * (len(timings) - 1))],
        "short": short,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    sizes = org_sizes(args.rows, args.orgs)

    with (
        bench_database("creatorverse_bench_vectors", keep=args.keep) as url,
        psycopg.connect(url, autocommit=True) as conn,
    ):
        started = time.perf_counter()
        conn.execute(SEED_ORGANIZATIONS % {"orgs": args.orgs})
        orgs = [
            r[0]
            for r in conn.execute(
                "select id from public.organizations where not is_personal order by (substr(slug, 5))::int"
            )
        ]
        # books and chapters, set-based; chapters go in per organization so the counters stay cheap
        for org, size in zip(orgs, sizes, strict=True):
            books = -(-size // CHAPTERS_PER_BOOK)
            conn.execute(
                "insert into public.books (organization_id, title) "
                "select %s, 'Book ' || g from generate_series(1, %s) g",
                (org, books),
            )
            conn.execute(
                """
                insert into public.chapters (book_id, chapter_number, title, content, embedding_status)
                select b.id, n, 'Chapter ' || n, 'text', 'embedded'
                from (select id, row_number() over (order by id) - 1 as k
                      from public.books where organization_id = %s) b
                cross join generate_series(1, %s) n
                where b.k * %s + n <= %s""",
                (org, CHAPTERS_PER_BOOK, CHAPTERS_PER_BOOK, size),
            )
        chapters = conn.execute(
            "select c.id, c.book_id, c.organization_id from public.chapters c "
            "order by c.organization_id, c.book_id, c.chapter_number"
        ).fetchall()
        # Like text embeddings, the data varies along few directions: each organization writes
        # about 3 of 64 themes, each book has a topic near one of them and 6 latent directions
        # of its own along which its chapters differ; a little isotropic noise on top.
        themes = rng.normal(size=(64, DIM)).astype(np.float32)
        org_themes = {org: rng.choice(64, 3, replace=False) for org in orgs}
        book_ids = sorted({(b, o) for _, b, o in chapters})
        book_topic, book_basis = {}, {}
        for b, o in book_ids:
            book_topic[b] = themes[rng.choice(org_themes[o])] + 0.5 * rng.normal(size=DIM).astype(np.float32)
            book_basis[b] = rng.normal(size=(6, DIM)).astype(np.float32)
        vectors = np.stack(
            [
                book_topic[b]
                + 0.4 * rng.normal(size=6).astype(np.float32) @ book_basis[b]
                + 0.1 * rng.normal(size=DIM).astype(np.float32)
                for _, b, _ in chapters
            ]
        )
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        register_vector(conn)
        # bulk-load, then build the index as the migration defines it (faster than inserting into it)
        index_definition = conn.execute(
            "select pg_get_indexdef('public.chapter_embeddings_hnsw_idx'::regclass)"
        ).fetchone()[0]
        conn.execute("drop index public.chapter_embeddings_hnsw_idx")
        with conn.cursor().copy(
            "copy public.chapter_embeddings (chapter_id, embedding, embedding_model) from stdin with (format binary)"
        ) as copy:
            copy.set_types(["uuid", "halfvec", "text"])
            for (chapter_id, _, _), vector in zip(chapters, vectors, strict=True):
                copy.write_row((chapter_id, HalfVector(vector), "synthetic"))
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute("set maintenance_work_mem = '1GB'")
        conn.execute(index_definition)
        conn.execute("vacuum analyze")  # as autovacuum would: index-only counts need the visibility map
        indexed = time.perf_counter() - started
        print(
            f"{len(chapters):,} chapters in {len(orgs)} organizations loaded in {loaded:.1f}s, "
            f"HNSW built in {indexed:.1f}s; organization sizes {sizes[0]:,} / {sizes[1]:,} / … / {sizes[-1]:,}"
        )
        print(index_definition)

        by_org = {}
        for i, (_, _, org) in enumerate(chapters):
            by_org.setdefault(org, []).append(i)
        ids = np.array([c[0] for c in chapters])
        books = np.array([c[1] for c in chapters])

        def queries_near(indices: list[int]) -> np.ndarray:
            # a query is about something one visible chapter covers, phrased differently
            picked = vectors[rng.choice(indices, args.queries)]
            q = picked + 0.03 * rng.normal(size=picked.shape).astype(np.float32)
            return q / np.linalg.norm(q, axis=1, keepdims=True)

        def exact(q: np.ndarray, indices: np.ndarray) -> list:
            # einsum, not @: a BLAS product leaves its threads spinning on the second core,
            # the one the database needs for the timed calls (as in search_bench)
            best = indices[np.argsort(-np.einsum("ij,j->i", vectors[indices], q))[:K]]
            return list(ids[best])

        plain_sql = (
            "select chapter_id from public.chapter_embeddings e {where} "
            "order by e.embedding <=> %s::extensions.halfvec(384) limit 10"
        )
        match_sql = "select chapter_id from public.match_chapters(%s, 10{extra})"
        results = []
        one_book = books[by_org[orgs[5]][0]]
        cases = [
            ("unfiltered (service_role)", None, np.arange(len(chapters)), "", "", ()),
            (f"~10% organization ({sizes[0]:,} rows, RLS)", orgs[0], np.array(by_org[orgs[0]]), "", "", ()),
            (f"~1% organization ({sizes[1]:,} rows, RLS)", orgs[1], np.array(by_org[orgs[1]]), "", "", ()),
            (
                f"one book ({CHAPTERS_PER_BOOK} rows, filter)",
                None,
                np.where(books == one_book)[0],
                "where e.book_id = %s",
                ", filter_book_id => %s",
                (one_book,),
            ),
        ]

        def run_case(label, member_of, visible, where, extra, params) -> None:
            act_as_owner(conn, member_of)
            qs = queries_near(list(visible))
            truths = [exact(q, visible) for q in qs]
            plain = measure(
                lambda q: [r[0] for r in conn.execute(plain_sql.format(where=where), (*params, q)).fetchall()],
                qs,
                truths,
            )
            matched = measure(
                lambda q: [r[0] for r in conn.execute(match_sql.format(extra=extra), (q, *params)).fetchall()],
                qs,
                truths,
            )
            conn.execute("reset role")
            results.append((label, plain, matched))

        for case in cases:
            run_case(*case)
        # the cases above are the state until the scheduler's maintenance gives organizations of
        # 2,000 passages or more their own index; then the largest one again (same code)
        own = [c for c in sync_passage_indexes(conn) if c.action == "create" and not c.error]
        print(f"{len(own)} organization(s) got their own passage index")
        run_case("~10% organization, own index", orgs[0], np.array(by_org[orgs[0]]), "", "", ())

    print(f"\n{args.queries} queries per case, k = {K}; recall@10 against exact search over the visible rows\n")
    print(f"{'case':<40} {'query':<16} {'recall':>7} {'median':>9} {'p95':>9} {'< k rows':>9}")
    for label, plain, matched in results:
        for name, r in (("plain HNSW", plain), ("match_chapters", matched)):
            print(
                f"{label:<40} {name:<16} {r['recall']:>7.3f} {r['median']:>7.2f}ms {r['p95']:>7.2f}ms {r['short']:>9}"
            )
            label = ""


if __name__ == "__main__":
    main()
