"""Local embedder throughput, passages per second on ONE core: batches in arrival order next to
batches sorted by token length (what embed() does), rounds interleaved.

The sample is real text of mixed length, as `books embed` sees it: passages of the search
corpus (bench/search_corpus.py; built on first use) cut to 5-80 words at random, the way
chapter ends, short chapters and titles are.

    OPENBLAS_NUM_THREADS=1 python bench/embed_bench.py [--texts 256] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core: before numpy loads

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_corpus import build

from creatorverse.embeddings.minilm import MiniLMEmbedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passages", type=int, default=8000, help="which cached corpus to sample")
    args = parser.parse_args()
    rng = np.random.default_rng(3)
    corpus = json.loads((build(args.passages) / "passages.json").read_text())["passages"]
    picked = rng.choice(len(corpus), args.texts, replace=False)
    texts = [" ".join(corpus[i]["text"].split()[: int(rng.integers(5, 81))]) for i in picked]
    embedder = MiniLMEmbedder(batch_size=32)
    embedder.embed(texts[:4])  # weights and tokenizer loaded
    rates = {"arrival order": [], "sorted by length": []}
    vectors = {}
    for _ in range(args.rounds):
        for label, by_length in (("arrival order", False), ("sorted by length", True)):
            started = time.perf_counter()
            vectors[label] = embedder.embed(texts, sort_by_length=by_length)
            rates[label].append(len(texts) / (time.perf_counter() - started))
    words = [len(t.split()) for t in texts]
    print(
        f"{len(texts)} texts of {min(words)}-{max(words)} words (mean {statistics.mean(words):.0f}), batches of 32, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, {args.rounds} rounds interleaved"
    )
    for label, values in rates.items():
        spread = f"{min(values):.1f}-{max(values):.1f}"
        print(f"{label:<18} {statistics.median(values):6.1f} passages/s per core (median; {spread})")
    difference = float(np.abs(vectors["arrival order"] - vectors["sorted by length"]).max())
    print(f"largest difference between the two orders' vectors: {difference:.1e}")


if __name__ == "__main__":
    main()
