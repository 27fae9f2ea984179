"""Sentence embedders by name. Backends are imported only when asked for.

>>> emb = get_embedder("use")                 # multilingual USE v3, offline, numpy
>>> emb = get_embedder("st:sentence-transformers/LaBSE")   # needs mtaudit[st] + local weights
>>> vecs = emb.encode(["Bonjour.", "مرحبا."])  # (2, dim) float32, unit rows, cached by text
"""

from __future__ import annotations

from functools import lru_cache

from mtaudit.core.errors import ConfigError
from mtaudit.embed.base import CachedEmbedder, Embedder

NAMES = ("use", "st:<model id or local dir>")


def get_embedder(name: str) -> Embedder:
    """Return the embedder called ``name`` ("use" or "st:<model>"); the same object per name.

    Raises ModelUnavailable when the backend or its weights cannot be loaded here, ConfigError
    for a name that is neither.
    """
    key = (name or "").strip()
    if key.lower() == "use":
        return _load("use")
    if key.lower().startswith("st:"):
        return _load("st:" + key[3:].strip())
    raise ConfigError(f"unknown embedder {name!r}; choose one of: {', '.join(NAMES)}")


@lru_cache(maxsize=8)
def _load(key: str) -> Embedder:
    if key == "use":
        from mtaudit.embed.use import USEEmbedder

        return USEEmbedder()
    from mtaudit.embed.st import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(key[3:])


__all__ = ["NAMES", "CachedEmbedder", "Embedder", "get_embedder"]
