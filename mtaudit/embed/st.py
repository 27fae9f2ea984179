"""Any sentence-transformers model (e.g. LaBSE), loaded from the local cache or a folder only."""

from __future__ import annotations

from pathlib import Path

from mtaudit.core.errors import ModelUnavailable
from mtaudit.embed.base import CachedEmbedder


class SentenceTransformerEmbedder(CachedEmbedder):
    """``st:<model id or local dir>``. Never downloads: the model must already be on disk."""

    argument = "model id or local dir"

    def __init__(self, model: str, device: str | None = None, batch_size: int = 32) -> None:
        super().__init__(batch_size=batch_size)
        if not model:
            raise ModelUnavailable("embedder 'st:' needs a model id or folder, e.g. "
                                   "'st:sentence-transformers/LaBSE'")
        try:
            import sentence_transformers
        except ImportError as exc:
            raise ModelUnavailable(
                f"embedder 'st:{model}' needs sentence-transformers, which is not installed "
                "(pip install 'mtaudit[st]')") from exc
        local = Path(model).expanduser()
        is_dir = local.is_dir()
        # local_files_only: a hub id must already be in the local cache; fail at once instead
        # of trying (and retrying) the network.
        try:
            self._model = sentence_transformers.SentenceTransformer(
                str(local) if is_dir else model, device=device,
                local_files_only=True)
        except Exception as exc:
            where = f"folder {local}" if is_dir else f"hub id {model!r} (not in the local cache)"
            raise ModelUnavailable(
                f"embedder 'st:{model}' could not be loaded from {where}: "
                f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from exc
        self.name = f"st:{model}"
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)
        ident = local.name if is_dir else model
        self.signature = f"st:{ident}@sentence-transformers-{sentence_transformers.__version__}"

    def _encode_batch(self, texts: list[str]):
        return self._model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                  normalize_embeddings=True, show_progress_bar=False)
