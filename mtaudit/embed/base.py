"""The Embedder protocol and a caching base class shared by the backends.

Texts longer than :data:`MAX_EMBED_CHARS` are cut for embedding (:func:`cut_for_embedding`:
their head and their tail): a sentence embedder is trained on sentences, learns nothing more
from a 50,000-character unit than from its ends, and its cost (time and memory) grows with
the text -- a 10 MB PO message made one embedding matrix of 2.4 million rows. Only the vector
is affected: the report keeps the full text, and detectors read the full text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from mtaudit.lang.arabic_norm import normalize_for_comparison

if TYPE_CHECKING:
    import numpy as np

    from mtaudit.embed.disk_cache import EmbeddingCache


# Characters of a text that are embedded: 1,000 from its start and 1,000 from its end. A
# 4-sentence join of ordinary sentences (about 600 characters) is never cut; keeping the tail
# keeps a short sentence joined after a long one visible to the aligner.
MAX_EMBED_CHARS = 2_000
_SNAP = 100  # look this far for a space to cut at, so no word is cut in two


def cut_for_embedding(text: str, max_chars: int = MAX_EMBED_CHARS) -> str:
    """``text`` itself when it has at most ``max_chars`` characters, else its first and last
    ``(max_chars - 3) // 2`` characters (cut at spaces where one is near) joined by `` … ``:
    never longer than ``max_chars``, so cutting twice changes nothing."""
    if len(text) <= max_chars:
        return text
    half = max(1, (max_chars - 3) // 2)
    head, tail = text[:half], text[-half:]
    cut = head.rfind(" ", half - _SNAP)
    if cut > 0:
        head = head[:cut]
    cut = tail.find(" ", 0, _SNAP)
    if cut >= 0:
        tail = tail[cut + 1:]
    return f"{head.rstrip()} … {tail.lstrip()}"


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
    Texts longer than ``max_chars`` are cut first (:func:`cut_for_embedding`); Arabic is
    normalised first (:func:`mtaudit.lang.arabic_norm.normalize_for_comparison`), and the
    cache is keyed by the text as embedded. Behind the in-memory cache sits the on-disk one
    (:mod:`mtaudit.embed.disk_cache`, keyed by ``signature`` and text), so a new process
    embeds only texts no earlier run embedded with the same model.
    """

    name: str = "embedder"
    signature: str = "embedder"
    dim: int = 0
    # What the part of the name after "PLUGIN:" is (e.g. "model"); None: the name has none.
    argument: str | None = None
    max_chars: int = MAX_EMBED_CHARS
    # Whether alignments made with this embedder's vectors may be kept on disk
    # (mtaudit.align.disk_cache): only for a model its signature fully names.
    alignment_cache: bool = False

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
        # Arabic is embedded normalised (diacritics, Qur'anic marks...), and cached by that text
        texts = [self.as_embedded(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh: dict[str, np.ndarray] = self._from_disk(todo)
        todo = [t for t in todo if t not in fresh]
        computed: dict[str, np.ndarray] = {}
        for k in range(0, len(todo), self.batch_size):
            chunk = todo[k:k + self.batch_size]
            vecs = np.asarray(self._encode_batch(chunk), dtype=np.float32)
            if vecs.shape[0] != len(chunk):
                raise RuntimeError(f"{self.name}: backend returned {vecs.shape[0]} rows "
                                   f"for {len(chunk)} texts")
            vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            computed.update(zip(chunk, vecs.astype(np.float32, copy=False), strict=True))
        self._to_disk(computed)
        fresh.update(computed)
        out = np.stack([fresh[t] if t in fresh else self._cache[t] for t in texts])
        # bounded memory: start afresh when full (results never depend on the cache)
        if len(self._cache) + len(fresh) > self.cache_size:
            self._cache.clear()
        if len(fresh) <= self.cache_size:
            self._cache.update(fresh)
        return out.astype(np.float32, copy=False)

    def as_embedded(self, text: str) -> str:
        """``text`` as the model sees it: Arabic normalised, then cut (the cache key too)."""
        return cut_for_embedding(normalize_for_comparison(text), self.max_chars)

    def clear_cache(self) -> None:
        self._cache.clear()

    # -- the on-disk cache (mtaudit.embed.disk_cache), opened on first use ----------------------
    _disk: EmbeddingCache | None = None
    _disk_failed = False

    def _disk_cache(self) -> EmbeddingCache | None:
        from mtaudit.embed.disk_cache import EmbeddingCache, disk_cache_enabled

        if self._disk is None and not self._disk_failed:
            if disk_cache_enabled() and self.dim:
                self._disk = EmbeddingCache()
            else:
                self._disk_failed = True
        return self._disk

    def _from_disk(self, texts: list[str]) -> dict[str, np.ndarray]:
        disk = self._disk_cache() if texts else None
        if disk is None:
            return {}
        from mtaudit.embed.disk_cache import embedding_key

        keys = {embedding_key(self.signature, t): t for t in texts}
        return {keys[k]: v for k, v in disk.get_many(list(keys), self.dim).items()}

    def _to_disk(self, vectors: dict[str, np.ndarray]) -> None:
        disk = self._disk_cache() if vectors else None
        if disk is None:
            return
        from mtaudit.embed.disk_cache import embedding_key

        disk.put_many({embedding_key(self.signature, t): v for t, v in vectors.items()})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.signature}>"
