"""The Embedder protocol and a caching base class shared by the backends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """A sentence embedder: texts in, float32 L2-normalised rows out (one row per text)."""

    name: str
    signature: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class CachedEmbedder:
    """Base class: batching, L2 normalisation and an in-memory cache keyed by text.

    Subclasses implement ``_encode_batch(texts) -> np.ndarray`` (any float dtype, any norm) and
    set ``name``, ``signature`` and ``dim``. Re-encoding a text already seen costs a dict lookup.
    """

    name: str = "embedder"
    signature: str = "embedder"
    dim: int = 0
    # What the part of the name after "PLUGIN:" is (e.g. "model"); None: the name has none.
    argument: str | None = None

    def __init__(self, batch_size: int = 64, cache_size: int = 100_000) -> None:
        self.batch_size = max(1, int(batch_size))
        self.cache_size = int(cache_size)
        self._cache: dict[str, np.ndarray] = {}

    def _encode_batch(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings, not one string")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh: dict[str, np.ndarray] = {}
        for k in range(0, len(todo), self.batch_size):
            chunk = todo[k:k + self.batch_size]
            vecs = np.asarray(self._encode_batch(chunk), dtype=np.float32)
            if vecs.shape[0] != len(chunk):
                raise RuntimeError(f"{self.name}: backend returned {vecs.shape[0]} rows "
                                   f"for {len(chunk)} texts")
            vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            fresh.update(zip(chunk, vecs, strict=True))
        out = np.stack([fresh[t] if t in fresh else self._cache[t] for t in texts])
        # bounded memory: start afresh when full (results never depend on the cache)
        if len(self._cache) + len(fresh) > self.cache_size:
            self._cache.clear()
        if len(fresh) <= self.cache_size:
            self._cache.update(fresh)
        return out.astype(np.float32, copy=False)

    def clear_cache(self) -> None:
        self._cache.clear()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.signature}>"
