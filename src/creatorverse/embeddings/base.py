"""The embedder interface and the factory that picks one from settings."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

if TYPE_CHECKING:  # numpy loads only when something is embedded: the CLI starts faster
    import numpy as np

DIMENSION = 384
OPENAI_BASE_URL = "https://api.openai.com/v1"


class Provider(StrEnum):
    local = "local"
    openai = "openai"


# each provider's model when none is named
DEFAULT_MODELS = {
    Provider.local: "sentence-transformers/all-MiniLM-L6-v2",
    Provider.openai: "text-embedding-3-small",
}


class Embedder(Protocol):
    model_name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row of DIMENSION values per text."""
        ...


def make_embedder(
    provider: str | Provider,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    model: str | None = None,
) -> Embedder:
    """An embedder, checked before any work starts (a missing API key is refused here)."""
    try:
        provider = Provider(provider)
    except ValueError:
        raise ValueError(f"unknown embedding provider {provider!r}: use 'local' or 'openai'") from None
    if provider is Provider.local:
        from creatorverse.embeddings.minilm import MODEL_NAME, MiniLMEmbedder

        if model and model not in (MODEL_NAME, MODEL_NAME.split("/")[-1]):
            raise ValueError(f"the local provider runs only {MODEL_NAME}; use --provider openai for {model!r}")
        return MiniLMEmbedder()
    from creatorverse.embeddings.openai_http import OpenAICompatibleEmbedder

    base_url = base_url or OPENAI_BASE_URL
    if not api_key and urlsplit(base_url).hostname == "api.openai.com":
        raise ValueError(
            "the openai provider needs an API key: set EMBEDDINGS_API_KEY (or pass --api-key); "
            "for another OpenAI-compatible service set EMBEDDINGS_BASE_URL"
        )
    return OpenAICompatibleEmbedder(base_url, api_key, model or DEFAULT_MODELS[Provider.openai])
