"""Lexical anchors: numbers and cognate-like tokens shared by both sides, as unit vectors.

Sentence embeddings blur what is exact in a text: the numbers (years, heights, page numbers)
and names that a translation keeps as they are. These are language-pair-independent anchors
(digits of any script are read by their Unicode value; letters are accent-folded), and they
are most useful where embeddings are weakest: OCR junk, references, list-like passages.

Each sentence becomes a hashed bag of anchor features, weighted by inverse document frequency
over both sides (a number or name that occurs once in the pair is a strong anchor, one that
occurs everywhere is not); a join of ``n`` consecutive sentences is the sum of its sentences'
bags. The aligner adds ``lex_weight`` times the cosine of two such vectors to the embedding
similarity (:func:`mtaudit.align.cost.bead_costs`). Features:

- ``#<digits>``: every maximal run of digits (``1956``, ``8847,60`` gives ``8847`` and ``60``);
- ``w<prefix>``: the first ``prefix_len`` letters of every word of at least ``min_word``
  letters, lower-cased and accent-folded (cognates and names: *Expedition* / *expédition*).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def features(sentence: str, min_word: int = 4, prefix_len: int = 4) -> list[str]:
    """Anchor features of one sentence (see the module docstring)."""
    out = []
    for tok in _TOKEN.findall(sentence):
        if tok[0].isdigit():
            out.append("#" + "".join(str(unicodedata.digit(c, 0)) for c in tok))
        elif len(tok) >= min_word:
            out.append("w" + _fold(tok)[:prefix_len])
    return out


def _bags(sentences: Sequence[str], min_word: int, prefix_len: int) -> list[Counter]:
    return [Counter(features(s, min_word, prefix_len)) for s in sentences]


def anchor_vectors(src: Sequence[str], tgt: Sequence[str], max_bead: int, dim: int = 256,
                   min_word: int = 4, prefix_len: int = 4,
                   ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Unit anchor vectors of every join of 1..max_bead sentences, ``({n: array}, {m: array})``.

    ``dim`` is the size of the hashed feature space (dev F1 was the same for 128..1024). A join
    with no anchor is the zero vector (cosine 0 with everything). Only features present on both
    sides count; a feature's weight is ``log(sentences / sentences containing it)`` over both
    sides, so one present in every sentence weighs nothing.
    """
    import numpy as np

    sbags = _bags(src, min_word, prefix_len)
    tbags = _bags(tgt, min_word, prefix_len)
    df = Counter(f for bag in sbags + tbags for f in bag)
    shared = {f for bag in sbags for f in bag} & {f for bag in tbags for f in bag}
    n_docs = len(sbags) + len(tbags)
    weight = {f: float(np.log(n_docs / df[f])) for f in shared}

    def matrix(bags: list[Counter]) -> np.ndarray:
        out = np.zeros((len(bags), dim), dtype=np.float64)
        for r, bag in enumerate(bags):
            for f, c in bag.items():
                if f in weight:
                    out[r, zlib.crc32(f.encode("utf-8")) % dim] += c * weight[f]
        return out

    def joins(x: np.ndarray) -> dict[int, np.ndarray]:
        res = {}
        for n in range(1, max_bead + 1):
            if n <= len(x):
                v = sum(x[u:len(x) - n + 1 + u] for u in range(n))  # exact zeros stay zero
                norm = np.linalg.norm(v, axis=1, keepdims=True)
                res[n] = (v / np.maximum(norm, 1e-12)).astype(np.float32)
        return res

    return joins(matrix(sbags)), joins(matrix(tbags))
