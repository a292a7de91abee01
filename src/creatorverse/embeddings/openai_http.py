"""Any OpenAI-compatible embeddings endpoint (POST {base_url}/embeddings), through the
egress guard (`creatorverse.egress`): a local endpoint needs CREATORVERSE_EGRESS_ALLOW_LOCAL."""

from __future__ import annotations

import httpx
import numpy as np

from creatorverse import egress
from creatorverse.embeddings.base import DIMENSION


class OpenAICompatibleEmbedder:
    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        model: str = "text-embedding-3-small",
        timeout: float = 30.0,
        client: httpx.Client | None = None,
    ):
        self.model_name = model
        self.client = client or egress.sync_client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        # `dimensions` asks models that support it (text-embedding-3-*) for 384 values
        response = self.client.post(
            "/embeddings", json={"model": self.model_name, "input": texts, "dimensions": DIMENSION}
        )
        response.raise_for_status()
        rows = sorted(response.json()["data"], key=lambda item: item["index"])
        vectors = np.array([row["embedding"] for row in rows], dtype=np.float32)
        if vectors.shape != (len(texts), DIMENSION):
            raise ValueError(
                f"{self.model_name} returned vectors of shape {vectors.shape}, expected ({len(texts)}, {DIMENSION})"
            )
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
