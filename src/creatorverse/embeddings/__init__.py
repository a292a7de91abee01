"""Text embedders (384 dimensions): a local all-MiniLM-L6-v2 and any OpenAI-compatible HTTP service."""

from creatorverse.embeddings.base import DEFAULT_MODELS, DIMENSION, Embedder, Provider, make_embedder

__all__ = ["DEFAULT_MODELS", "DIMENSION", "Embedder", "Provider", "make_embedder"]
