"""The embedder interface and the factory that picks one from settings."""

from __future__ import annotations

from typing import Protocol

import numpy as np

DIMENSION = 384


class Embedder(Protocol):
    model_name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row of DIMENSION values per text."""
        ...


def make_embedder(provider: str, **options) -> Embedder:
    if provider == "local":
        from creatorverse.embeddings.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    if provider == "openai":
        from creatorverse.embeddings.openai_http import OpenAICompatibleEmbedder

        return OpenAICompatibleEmbedder(**options)
    raise ValueError(f"unknown embedding provider {provider!r}: use 'local' or 'openai'")
