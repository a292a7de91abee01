"""Chapter search measured on real text: match_chapters, hybrid_search_chapters and the keyword
path alone, as callers of different sizes see them under row-level security.

The corpus (bench/search_corpus.py) is man pages, /usr/share/doc READMEs and Python docstrings
split into ~60-word passages, embedded once with the local model and cached. Chapters are runs
of up to --passages-per-chapter consecutive passages of one document, one vector per passage
(with the old one-vector-per-chapter layout, --passages-per-chapter 1). Documents are spread over
100 organizations of Zipf-like sizes (s = 1.3: about 30%, 12%, ... 0.08% of the passages), 25
chapters a book. Each case runs 200 held-out queries (sentences of passages kept out of the
database, from the caller's own documents where it has enough) as the organization's owner,
so RLS decides the rows; "unfiltered" runs as service_role.

  recall   recall@10 of match_chapters (and of hybrid's semantic half) against an exact search
           over the passages the caller can see (a chapter scores by its best passage)
  short    queries that came back with fewer than min(10, visible chapters) rows
  src@10   queries whose source document is among the 10 results (queries whose source the
           caller can see)
  none     keyword path: queries with no keyword match at all

    python bench/search_bench.py [--passages 8000] [--passages-per-chapter 3] [--queries 200]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import re
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
from search_corpus import build

from creatorverse.search.indexes import sync_passage_indexes

K = 10
ORGS = 100
CHAPTERS_PER_BOOK = 25
WARM_UP = 10  # untimed calls per case before the timed ones


# the keyword path before keyword_search_chapters existed: hybrid_search_chapters' old keyword CTE
OLD_KEYWORD = """
with query as (select websearch_to_tsquery('simple', %(q)s) as ts)
select c.id from public.chapters c, query
where c.deleted_at is null
  and (c.fts @@ query.ts or %(q)s operator(extensions.<%%) c.content)
order by greatest(ts_rank_cd(c.fts, query.ts), extensions.word_similarity(%(q)s, c.content)) desc
limit 20
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[int(p * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=8000, help="corpus size (cached per size)")
    parser.add_argument("--passages-per-chapter", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--copies", type=int, default=1, help="load the corpus this many times (perturbed copies), for scale"
    )
    parser.add_argument("--exact-below", type=int, help="match_chapters' exact_below (default: the function's)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    cache = build(args.passages)
    corpus = json.loads((cache / "passages.json").read_text())
    vectors = np.load(cache / "vectors.npy")
    query_vectors = np.load(cache / "queries.npy")
    passages, queries = corpus["passages"], corpus["queries"]
    for p in passages:  # a docstring may hold a NUL, which PostgreSQL text cannot
        p["text"] = p["text"].replace("\x00", " ")
    rng = np.random.default_rng(42)
    if args.copies > 1:
        # scale: every document again as a new one in the same organization, its vectors moved
        # a little (cosine ~0.96 to the original) so that no two rows are equal
        originals = len(passages)
        copies = [vectors]
        for j in range(1, args.copies):
            noise = rng.normal(size=vectors.shape).astype(np.float32)
            moved = vectors + 0.3 * noise / np.linalg.norm(noise, axis=1, keepdims=True)
            copies.append(moved / np.linalg.norm(moved, axis=1, keepdims=True))
            passages += [dict(p, source=f"{p['source']} (copy {j})") for p in passages[:originals]]
        vectors = np.concatenate(copies)

    # chapters: runs of consecutive passages of one document
    chapters = []  # (doc, [passage indices])
    for i, p in enumerate(passages):
        if (
            chapters
            and passages[chapters[-1][1][-1]]["source"] == p["source"]
            and len(chapters[-1][1]) < args.passages_per_chapter
        ):
            chapters[-1][1].append(i)
        else:
            chapters.append((p["doc"], [i]))
    # documents to organizations, Zipf-like by passage count
    doc_size: dict[int, int] = {}
    for p in passages:
        doc_size[p["doc"]] = doc_size.get(p["doc"], 0) + 1
    weights = np.array([1 / r**1.3 for r in range(1, ORGS + 1)])
    deficit = weights / weights.sum() * len(passages)
    doc_org = {}
    for doc in rng.permutation(sorted(doc_size)).tolist():
        org = int(np.argmax(deficit))
        doc_org[doc] = org
        deficit[org] -= doc_size[doc]

    with (
        bench_database("creatorverse_bench_search", keep=args.keep) as url,
        psycopg.connect(url, autocommit=True) as conn,
    ):
        started = time.perf_counter()
        register_vector(conn)
        passage_layout = (
            conn.execute(
                "select count(*) from pg_attribute where attrelid = 'public.chapter_embeddings'::regclass "
                "and attname = 'passage_no'"
            ).fetchone()[0]
            == 1
        )
        has_keyword_rpc = conn.execute("select to_regproc('public.keyword_search_chapters') is not null").fetchone()[0]
        # vector(384), or halfvec(384) since the passages were stored at half precision
        half = (
            "halfvec"
            in conn.execute(
                "select format_type(atttypid, atttypmod) from pg_attribute "
                "where attrelid = 'public.chapter_embeddings'::regclass and attname = 'embedding'"
            ).fetchone()[0]
        )
        vector_type = "halfvec" if half else "vector"

        def stored(v: np.ndarray) -> object:
            return HalfVector(v) if half else v

        if not passage_layout and args.passages_per_chapter != 1:
            sys.exit("one vector per chapter (the old layout): run with --passages-per-chapter 1")
        conn.execute(SEED_ORGANIZATIONS % {"orgs": ORGS})
        orgs = [
            r[0]
            for r in conn.execute(
                "select id from public.organizations where not is_personal order by (substr(slug, 5))::int"
            )
        ]
        # books of 25 chapters per organization
        chapter_rows = []  # (chapter index, organization index, book number, chapter number)
        per_org: dict[int, list[int]] = {}
        for c, (doc, _) in enumerate(chapters):
            per_org.setdefault(doc_org[doc], []).append(c)
        for org, members in per_org.items():
            for j, c in enumerate(members):
                chapter_rows.append((c, org, j // CHAPTERS_PER_BOOK, j % CHAPTERS_PER_BOOK + 1))
        book_ids = {}
        for org, members in per_org.items():
            for b in range(-(-len(members) // CHAPTERS_PER_BOOK)):
                book_ids[(org, b)] = conn.execute(
                    "insert into public.books (organization_id, title) values (%s, %s) returning id",
                    (orgs[org], f"Book {b + 1}"),
                ).fetchone()[0]
        contents, offsets = [], []
        for _, members in chapters:
            text, spans = "", []
            for i in members:
                if text:
                    text += "\n\n"
                spans.append((len(text), len(text) + len(passages[i]["text"])))
                text += passages[i]["text"]
            contents.append(text)
            offsets.append(spans)

        def title(c: int) -> str:
            source = passages[chapters[c][1][0]]["source"]
            return source.split(":", 1)[1].rsplit("/", 1)[-1].removesuffix(".gz")

        with conn.cursor().copy(
            "copy public.chapters (book_id, chapter_number, title, content, embedding_status) from stdin"
        ) as copy:
            for c, org, b, n in chapter_rows:
                copy.write_row((book_ids[(org, b)], n, title(c), contents[c], "embedded"))
        chapter_id = {}
        for cid, book, n in conn.execute("select id, book_id, chapter_number from public.chapters"):
            chapter_id[(book, n)] = cid
        ids = [None] * len(chapters)
        for c, org, b, n in chapter_rows:
            ids[c] = chapter_id[(book_ids[(org, b)], n)]
        index_definition = conn.execute(
            "select pg_get_indexdef('public.chapter_embeddings_hnsw_idx'::regclass)"
        ).fetchone()[0]
        conn.execute("drop index public.chapter_embeddings_hnsw_idx")
        columns = "chapter_id, passage_no, passage_start, passage_end, embedding, embedding_model"
        if not passage_layout:
            columns = "chapter_id, embedding, embedding_model"
        with conn.cursor().copy(f"copy public.chapter_embeddings ({columns}) from stdin with (format binary)") as copy:
            types = ["uuid", "int4", "int4", "int4", vector_type, "text"]
            copy.set_types(types if passage_layout else ["uuid", vector_type, "text"])
            for c, (_, members) in enumerate(chapters):
                for n, (i, (start, end)) in enumerate(zip(members, offsets[c], strict=True)):
                    if passage_layout:
                        copy.write_row((ids[c], n, start, end, stored(vectors[i]), "all-MiniLM-L6-v2"))
                    else:
                        copy.write_row((ids[c], stored(vectors[i]), "all-MiniLM-L6-v2"))
        conn.execute("set maintenance_work_mem = '1GB'")
        conn.execute(index_definition)
        conn.execute("vacuum analyze")
        # the per-organization indexes the scheduler's maintenance keeps (same code)
        own_indexes = [c for c in sync_passage_indexes(conn) if c.action == "create" and not c.error]
        conn.execute("reset maintenance_work_mem")
        # write the load out now, so that no checkpoint flushes it while queries are timed
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
            conn.execute("checkpoint")
        org_passages = np.zeros(ORGS, dtype=int)
        for p in passages:
            org_passages[doc_org[p["doc"]]] += 1
        print(
            f"{len(passages):,} passages ({np.mean([len(p['text'].split()) for p in passages]):.0f} words on average) "
            f"in {len(chapters):,} chapters (up to {args.passages_per_chapter} passages each), {ORGS} organizations "
            f"of {org_passages[0]:,} / {org_passages[1]:,} / ... / {org_passages[-1]:,} passages; "
            f"loaded and indexed in {time.perf_counter() - started:.0f}s "
            f"({len(own_indexes)} organizations with their own passage index); "
            f"layout: {'a vector per passage' if passage_layout else 'a vector per chapter'}"
        )

        passage_chapter = np.empty(len(passages), dtype=int)
        for c, (_, members) in enumerate(chapters):
            passage_chapter[members] = c
        passage_org = np.array([doc_org[p["doc"]] for p in passages])
        chapter_doc = np.array([doc for doc, _ in chapters])

        def exact(q: np.ndarray, visible: np.ndarray) -> list:
            # einsum, not @: a BLAS product leaves its threads spinning on the second core,
            # the one the database needs for the timed call that follows
            scores = np.einsum("ij,j->i", vectors[visible], q)
            best: dict[int, float] = {}
            for i in np.argsort(-scores):
                c = passage_chapter[visible[i]]
                if c not in best:
                    best[c] = scores[i]
                    if len(best) == K:
                        break
            return [ids[c] for c in best]

        def nearest_org(share: float) -> int:
            distance = np.abs(org_passages / len(passages) - share)
            distance[org_passages == 0] = np.inf
            return int(np.argmin(distance))

        cases = [
            ("unfiltered", None),
            ("largest organization", 0),
            ("~10% organization", nearest_org(0.10)),
            ("~1% organization", nearest_org(0.01)),
            ("~0.1% organization", nearest_org(0.001)),
        ]
        exact_below = "" if args.exact_below is None else f", exact_below => {args.exact_below}"
        match_sql = f"select chapter_id from public.match_chapters(%s, {K}{exact_below})"
        hybrid_sql = f"select chapter_id from public.hybrid_search_chapters(%s, %s, {K})"
        keyword_sql = (
            f"select chapter_id from public.keyword_search_chapters(%(q)s, {K})" if has_keyword_rpc else OLD_KEYWORD
        )
        chapter_of_id = {cid: c for c, cid in enumerate(ids)}
        # the corpus is a few hundred thousand Python objects: a full garbage collection inside a
        # timed call would be charged to the database, so they are frozen out of collection
        gc.collect()
        gc.freeze()
        rows = []
        slowest = {}
        for label, org in cases:
            act_as_owner(conn, None if org is None else orgs[org])
            if org is None:
                visible = np.arange(len(passages))
                pool = np.arange(len(queries))
            else:
                visible = np.where(passage_org == org)[0]
                own = [i for i, q in enumerate(queries) if doc_org[q["doc"]] == org]
                pool = np.array(own) if len(own) >= args.queries else np.arange(len(queries))
            picked = rng.choice(pool, args.queries, replace=len(pool) < args.queries)
            visible_docs = set(chapter_doc[np.unique(passage_chapter[visible])].tolist())
            visible_chapters = len(np.unique(passage_chapter[visible]))
            stats = {name: {"t": [], "recall": [], "short": 0, "src": [], "none": 0} for name in ("m", "h", "k")}
            for qi in picked[:WARM_UP]:  # untimed: plans cached, the caller's index pages read once
                conn.execute(match_sql, (query_vectors[qi],)).fetchall()
                conn.execute(hybrid_sql, (queries[qi]["text"], query_vectors[qi])).fetchall()
                conn.execute(keyword_sql, {"q": queries[qi]["text"]}).fetchall()
            for qi in picked:
                q, text = query_vectors[qi], queries[qi]["text"]
                truth = exact(q, visible)
                for name in ("m", "h", "k"):  # interleaved, like against like
                    began = time.perf_counter()
                    if name == "m":
                        found = [r[0] for r in conn.execute(match_sql, (q,)).fetchall()]
                    elif name == "h":
                        found = [r[0] for r in conn.execute(hybrid_sql, (text, q)).fetchall()]
                    else:
                        found = [r[0] for r in conn.execute(keyword_sql, {"q": text}).fetchall()][:K]
                    elapsed = (time.perf_counter() - began) * 1000
                    s = stats[name]
                    s["t"].append(elapsed)
                    if name != "k":
                        s["recall"].append(len(set(found) & set(truth)) / min(K, len(truth)))
                        s["short"] += len(found) < min(K, visible_chapters)
                    else:
                        s["none"] += not found
                    if queries[qi]["doc"] in visible_docs:
                        s["src"].append(any(chapter_doc[chapter_of_id[f]] == queries[qi]["doc"] for f in found))
                    key = (label, name)
                    if elapsed > slowest.get(key, (0,))[0]:
                        slowest[key] = (elapsed, qi)
            conn.execute("reset role")
            rows.append((label, len(visible), visible_chapters, org, stats))

        print(
            f"\n{args.queries} held-out queries per case, k = {K}, in ms; "
            f"recall against exact search over the passages the caller can see\n"
        )
        header = (
            f"{'case':<22} {'passages':>8} {'chapters':>8} | {'match_chapters':^36} | {'hybrid_search_chapters':^36} "
            f"| {'keyword path alone':^28}"
        )
        print(header)
        print(
            f"{'':<22} {'':>8} {'':>8} | {'recall':>6} {'short':>5} {'src@10':>6} {'p50':>7} {'p95':>7} "
            f"| {'recall':>6} {'short':>5} {'src@10':>6} {'p50':>7} {'p95':>7} "
            f"| {'none':>5} {'src@10':>6} {'p50':>6} {'p95':>7}"
        )
        for label, n_passages, n_chapters, _, stats in rows:
            m, h, k = stats["m"], stats["h"], stats["k"]

            def cells(s: dict) -> str:
                src = statistics.mean(s["src"]) if s["src"] else float("nan")
                return (
                    f"{statistics.mean(s['recall']):>6.3f} {s['short']:>5} {src:>6.2f} "
                    f"{statistics.median(s['t']):>7.2f} {percentile(s['t'], 0.95):>7.2f}"
                )

            ksrc = statistics.mean(k["src"]) if k["src"] else float("nan")
            print(
                f"{label:<22} {n_passages:>8,} {n_chapters:>8,} | {cells(m)} | {cells(h)} "
                f"| {k['none']:>5} {ksrc:>6.2f} {statistics.median(k['t']):>6.2f} {percentile(k['t'], 0.95):>7.2f}"
            )

        # EXPLAIN (ANALYZE) of the slowest calls, as that caller: the call itself, then the
        # statements inside it (the embedded server has no auto_explain to show nested plans)
        def keyword_query(text: str) -> str:
            return conn.execute("select private.keyword_tsquery(%s)::text", (text,)).fetchone()[0]

        inner = {
            "h": [("keyword: the old keyword CTE", OLD_KEYWORD, lambda qi: {"q": queries[qi]["text"]})]
            if not has_keyword_rpc
            else [
                (
                    "keyword: full-text branch",
                    "select c.id, ts_rank(c.fts_english, %(ts)s::tsquery, 1) from public.chapters c "
                    "where c.fts_english @@ %(ts)s::tsquery and c.deleted_at is null",
                    lambda qi: {"ts": keyword_query(queries[qi]["text"])},
                ),
            ],
            "m": [
                (
                    "HNSW scan, iterative",
                    "select e.chapter_id from public.chapter_embeddings e "
                    f"order by e.embedding <=> %s::extensions.{vector_type}(384) limit 20",
                    lambda qi: (query_vectors[qi],),
                ),
            ],
        }
        for name, sql, fn in (("h", hybrid_sql, "hybrid_search_chapters"), ("m", match_sql, "match_chapters")):
            label, elapsed, qi = max(((lab, *slowest[(lab, name)]) for lab, *_ in rows), key=lambda r: r[1])
            org = next(o for lab, _, _, o, _ in rows if lab == label)
            act_as_owner(conn, None if org is None else orgs[org])
            conn.execute("set hnsw.iterative_scan = relaxed_order")
            conn.execute("set hnsw.ef_search = 100")
            print(f"\nslowest {fn} call: {label}, {elapsed:.1f} ms, query {queries[qi]['text']!r}")
            params = (queries[qi]["text"], query_vectors[qi]) if name == "h" else (query_vectors[qi],)
            for title_, statement, make in [("the call", sql, lambda qi, p=params: p), *inner[name]]:
                plan = conn.execute(f"explain (analyze, buffers) {statement}", make(qi)).fetchall()
                print(f"-- {title_}")
                print(re.sub(r"'\[[-0-9.e,]+\]'", "'[query vector]'", "\n".join(r[0] for r in plan)))
            conn.execute("reset role")
            conn.execute("reset hnsw.iterative_scan")
            conn.execute("reset hnsw.ef_search")


if __name__ == "__main__":
    main()
