"""The embedders: the local model is semantic; the HTTP provider speaks the OpenAI API."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from creatorverse.embeddings.base import DIMENSION, make_embedder
from creatorverse.embeddings.openai_http import OpenAICompatibleEmbedder


@pytest.fixture(scope="module")
def local():
    return make_embedder("local")


def test_local_embedder_is_semantic(local):
    anchor, paraphrase, unrelated = local.embed(
        [
            "The old lighthouse keeper climbed the stairs during the storm.",
            "During the tempest, the elderly man who tends the lighthouse went up the steps.",
            "Quarterly revenue grew eight percent on strong subscription sales.",
        ]
    )
    assert anchor.shape == (DIMENSION,)
    assert float(anchor @ paraphrase) > float(anchor @ unrelated) + 0.3


def test_local_vectors_are_unit_length_and_batch_independent(local):
    texts = ["short", "a somewhat longer sentence about films and stories " * 3]
    together = local.embed(texts)
    alone = np.vstack([local.embed([t]) for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5), "padding must not change a text's vector"


def test_openai_compatible_provider():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(json.loads(request.content), auth=request.headers.get("authorization"), path=request.url.path)
        data = [{"index": i, "embedding": [float(i + 1)] * DIMENSION} for i in reversed(range(len(seen["input"])))]
        return httpx.Response(200, json={"data": data, "model": seen["model"]})

    client = httpx.Client(
        base_url="https://embeddings.test/v1",
        transport=httpx.MockTransport(handler),
        headers={"Authorization": "Bearer sk-test"},
    )
    vectors = OpenAICompatibleEmbedder("https://embeddings.test/v1", model="m", client=client).embed(["a", "b"])
    assert seen["path"] == "/v1/embeddings" and seen["input"] == ["a", "b"] and seen["dimensions"] == DIMENSION
    assert seen["auth"] == "Bearer sk-test"
    assert vectors.shape == (2, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_openai_compatible_provider_rejects_wrong_dimensions():
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, json={"data": [{"index": 0, "embedding": [0.1] * 1536}]})
    )
    client = httpx.Client(base_url="https://embeddings.test/v1", transport=transport)
    with pytest.raises(ValueError, match="expected"):
        OpenAICompatibleEmbedder("https://embeddings.test/v1", client=client).embed(["a"])


def test_batches_sorted_by_length_give_identical_vectors():
    """embed() batches texts by token length and restores the caller's order; a batch's padding
    is masked, so neither the order nor the batch a text lands in changes its vector."""
    from creatorverse.embeddings.minilm import MiniLMEmbedder

    embedder = MiniLMEmbedder(batch_size=3)
    texts = [
        "word " * 90,
        "short",
        "the keeper lit the lamp " * 8,
        "바람이 분다.",
        "a storm came in from the sea at dusk",
        "storm " * 40,
        "x",
    ]
    by_length = embedder.embed(texts)
    as_given = embedder.embed(texts, sort_by_length=False)
    one_by_one = np.vstack([embedder.embed([t]) for t in texts])
    assert np.allclose(by_length, as_given, atol=1e-6, rtol=0)
    assert np.allclose(by_length, one_by_one, atol=1e-6, rtol=0)
    assert float(by_length[0] @ by_length[5]) < 0.99, "vectors stay in the caller's order"
