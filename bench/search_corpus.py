"""A real-text corpus for bench/search_bench.py, built from text this machine has offline.

Sources: English man pages (/usr/share/man/man1-8, roff markup stripped), README files under
/usr/share/doc, and docstrings of the installed Python packages. Each document is split into
passages of about PASSAGE_WORDS words (at most MAX_PER_DOC per document, so no single manual
dominates). Every passage and every held-out query is embedded once with the project's local
model; texts and vectors are cached under .creatorverse/cache/search-corpus-<n>/, so later runs
start in seconds.

    python bench/search_corpus.py [--passages 8000] [--workers 2]   # build (or reuse) the cache
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import os
import random
import re
import sys
import sysconfig
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

PASSAGE_WORDS = 60
MAX_PER_DOC = 12
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
HELD_OUT = 1000  # passages kept out of the database; queries are phrased from them
CACHE = Path(".creatorverse/cache")

ROFF_ESCAPES = re.compile(r"\\f[BIRP]|\\f\(..|\\f\[[^]]*]|\\\(..|\\\[[^]]*]|\\[&|^%e-]|\\s[-+]?\d+|\\\*.|\\.")


def _read(path: Path) -> str:
    if path.suffix != ".gz":
        return path.read_text(errors="replace")
    with gzip.open(path, "rt", errors="replace") as f:
        return f.read()


def _man_text(path: Path) -> str:
    raw = _read(path)
    lines = []
    for line in raw.splitlines():
        if line.startswith(('.\\"', "'\\\"", '.\\"')):
            continue
        if line.startswith((".", "'")):
            # macro lines: keep the words of headings and bold/italic spans (.SH NAME, .B word)
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0] in (".SH", ".SS", ".B", ".I", ".BR", ".IR", ".BI", ".IB", ".RB", ".RI"):
                lines.append(parts[1].replace('"', ""))
            continue
        lines.append(line)
    return ROFF_ESCAPES.sub("", "\n".join(lines))


def _docstrings(path: Path) -> list[str]:
    try:
        tree = ast.parse(path.read_text(errors="replace"))
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node)
            if doc and len(doc.split()) >= 25:
                found.append(doc)
    return found


def documents() -> list[tuple[str, str]]:
    """(source, text) for every offline document, in a stable order."""
    docs = []
    for section in range(1, 9):
        for path in sorted(Path(f"/usr/share/man/man{section}").glob("*")):
            docs.append((f"man:{path.name}", _man_text(path)))
    for path in sorted(Path("/usr/share/doc").rglob("*")):
        if path.is_file() and path.name.lower().startswith("readme"):
            docs.append((f"doc:{path}", _read(path)))
    for root in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"]}:
        for path in sorted(Path(root).rglob("*.py")):
            if "test" in path.parts or "tests" in path.parts:
                continue
            for i, doc in enumerate(_docstrings(path)):
                docs.append((f"py:{path.relative_to(root)}#{i}", doc))
    return docs


def split(text: str, words: int = PASSAGE_WORDS) -> list[str]:
    tokens = [t for t in text.split() if any(ch.isalpha() for ch in t) or len(t) < 20]
    return [" ".join(tokens[i : i + words]) for i in range(0, len(tokens) - words // 2, words)]


def query_from(passage: str, rng: random.Random) -> str:
    """What a person might type after reading this passage: one of its sentences or a span of it,
    8-14 words."""
    sentences = [s.split() for s in re.split(r"(?<=[.?!])\s+", passage) if 8 <= len(s.split()) <= 20]
    if sentences:
        words = rng.choice(sentences)
    else:
        words = passage.split()
        start = rng.randrange(max(len(words) - 14, 1))
        words = words[start : start + rng.randint(8, 14)]
    return " ".join(words[:14]).strip(" .,:;")


def _pick(target: int, seed: int) -> dict:
    """`target` passages and up to HELD_OUT held-out queries, as JSON-ready dicts."""
    rng = random.Random(seed)
    started = time.perf_counter()
    docs = documents()
    rng.shuffle(docs)
    passages = []  # (document index, source, passage number, text)
    for d, (source, text) in enumerate(docs):
        for n, passage in enumerate(split(text)[:MAX_PER_DOC]):
            passages.append((d, source, n, passage))
        if len(passages) >= (target + HELD_OUT) * 1.05:
            break
    passages = passages[: target + HELD_OUT]
    # held-out passages: one from each of many multi-passage documents, so their neighbours are in the corpus
    by_doc: dict[int, list[int]] = {}
    for i, p in enumerate(passages):
        by_doc.setdefault(p[0], []).append(i)
    held = set()
    for members in rng.sample(sorted(by_doc.values()), len(by_doc)):
        if len(members) >= 3 and len(held) < HELD_OUT:
            held.add(rng.choice(members))
    kept = [p for i, p in enumerate(passages) if i not in held][:target]
    held_out = [passages[i] for i in sorted(held)]
    queries = [query_from(p[3], rng) for p in held_out]
    print(
        f"{len(docs):,} documents read in {time.perf_counter() - started:.0f}s; "
        f"{len(kept):,} passages, {len(queries):,} held-out queries",
        flush=True,
    )
    return {
        "passages": [{"doc": d, "source": s, "n": n, "text": t} for d, s, n, t in kept],
        "queries": [{"doc": d, "source": s, "text": q} for (d, s, _, _), q in zip(held_out, queries, strict=True)],
    }


_embedder = None


def _start_worker() -> None:
    global _embedder
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from creatorverse.embeddings.minilm import MiniLMEmbedder

    _embedder = MiniLMEmbedder(batch_size=32)


def _embed(texts: list[str]) -> np.ndarray:
    return _embedder.embed(texts)


def build(target: int, seed: int = 7, workers: int = 2) -> Path:
    """Pick `target` passages (plus HELD_OUT for queries), embed them, cache; returns the cache dir."""
    out = CACHE / f"search-corpus-{target}"
    if (out / "vectors.npy").exists() and (out / "queries.npy").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    texts_file = out / "passages.json"
    if not texts_file.exists():
        texts_file.write_text(json.dumps(_pick(target, seed)))
    corpus = json.loads(texts_file.read_text())
    texts = [p["text"] for p in corpus["passages"]]
    queries = [q["text"] for q in corpus["queries"]]

    started = time.perf_counter()
    vectors = []
    chunk = 256
    pieces = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    # one process per core, each single-threaded (OpenBLAS threads fight over a busy machine)
    with ProcessPoolExecutor(workers, initializer=_start_worker) as pool:
        for done, block in enumerate(pool.map(_embed, pieces), 1):
            vectors.append(block)
            count = min(done * chunk, len(texts))
            rate = count / (time.perf_counter() - started)
            print(f"embedded {count:,}/{len(texts):,} ({rate:.1f} passages/s, {workers} processes)", flush=True)
        query_vectors = np.concatenate(
            list(pool.map(_embed, [queries[i : i + chunk] for i in range(0, len(queries), chunk)]))
        )
    print(f"embedding took {time.perf_counter() - started:.0f}s", flush=True)
    np.save(out / "queries.npy", query_vectors)
    np.save(out / "vectors.npy", np.concatenate(vectors))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2, help="embedding processes")
    args = parser.parse_args()
    print(build(args.passages, workers=args.workers))


if __name__ == "__main__":
    main()
