"""Bootstrapped lexical translation model (hunalign / Bleualign style), as unit vectors.

After a first alignment, the document's own confident 1-1 beads are a small parallel corpus.
IBM Model 1 (Brown et al. 1993; a few EM iterations, with a NULL word, both directions) learns
word translation probabilities ``t(f | e)`` from them, on tokens that are lower-cased,
accent-folded and cut to their first ``prefix`` letters (a cheap stand-in for stemming that
works for any alphabetic language; numbers are tokens of their digits). Nothing here is
specific to a language pair: no word lists, no dictionaries.

Each sentence then gets two bag vectors over the target and source token spaces (hashed into
``dim`` slots each, idf-weighted within each side):

- a source sentence: its *translation* into target tokens (``sum_e t(f | e)`` over its words
  ``e``), and its own bag of source tokens;
- a target sentence: its own bag of target tokens, and its translation into source tokens.

Each half is normalised separately, so the cosine of a source and a target vector is the mean
of the two directions' cosines (0 where a side has no known word). A join of ``n`` consecutive
sentences is the sum of its sentences' halves, normalised. The aligner adds ``tm_weight`` times
this cosine to the embedding similarity of every candidate bead and realigns
(:func:`mtaudit.align.align`).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
NULL = "\x00"


def tokens(sentence: str, prefix: int = 5) -> list[str]:
    """Lower-cased, accent-folded word prefixes (``prefix`` <= 0: whole words) and digit runs."""
    out = []
    for tok in _TOKEN.findall(sentence):
        if tok[0].isdigit():
            out.append("#" + "".join(str(unicodedata.digit(c, 0)) for c in tok))
            continue
        folded = "".join(c for c in unicodedata.normalize("NFKD", tok.lower())
                         if not unicodedata.combining(c))
        out.append(folded[:prefix] if prefix > 0 else folded)
    return out


def train_ibm1(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 5,
               ) -> dict[tuple[str, str], float]:
    """IBM Model 1 ``t(f | e)`` from ``(e tokens, f tokens)`` pairs: ``{(e, f): prob}``.

    A NULL word (``transmodel.NULL``) is added to every ``e`` side. EM is vectorised over the
    (pair, f position, e word) triples; only word pairs that co-occur get a probability.
    """
    import numpy as np

    e_vocab: dict[str, int] = {NULL: 0}
    f_vocab: dict[str, int] = {}
    tri_pos, tri_e, tri_f = [], [], []
    pos = 0
    for e_toks, f_toks in pairs:
        if not f_toks:
            continue
        e_ids = [0] + [e_vocab.setdefault(w, len(e_vocab)) for w in e_toks]
        f_ids = [f_vocab.setdefault(w, len(f_vocab)) for w in f_toks]
        for f in f_ids:
            tri_pos.extend([pos] * len(e_ids))
            tri_e.extend(e_ids)
            tri_f.extend([f] * len(e_ids))
            pos += 1
    if not tri_pos:
        return {}
    p_idx = np.asarray(tri_pos)
    keys = np.asarray(tri_e, dtype=np.int64) * len(f_vocab) + np.asarray(tri_f)
    uniq, idx = np.unique(keys, return_inverse=True)
    u_e = uniq // len(f_vocab)
    u_f = uniq % len(f_vocab)
    prob = np.ones(len(uniq))
    for _ in range(max(1, iterations)):
        p = prob[idx]
        denom = np.bincount(p_idx, weights=p, minlength=pos)
        counts = np.bincount(idx, weights=p / denom[p_idx], minlength=len(uniq))
        total = np.bincount(u_e, weights=counts, minlength=len(e_vocab))
        prob = counts / np.maximum(total[u_e], 1e-300)
    e_words = list(e_vocab)
    f_words = list(f_vocab)
    return {(e_words[e], f_words[f]): float(q)
            for e, f, q in zip(u_e.tolist(), u_f.tolist(), prob.tolist(), strict=True)}


def _slot(word: str, dim: int) -> int:
    return zlib.crc32(word.encode("utf-8")) % dim


def translation_vectors(src: Sequence[str], tgt: Sequence[str],
                        pairs: Sequence[tuple[int, int]], max_bead: int, *, prefix: int = 5,
                        iterations: int = 5, dim: int = 1024, min_prob: float = 0.01,
                        ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Unit vectors of every join of 1..max_bead sentences, ``({n: array}, {m: array})``.

    ``pairs`` are ``(source index, target index)`` of the 1-1 beads to learn from (the first
    alignment's confident ones). Translation probabilities below ``min_prob`` are dropped.
    """
    import numpy as np

    stoks = [tokens(s, prefix) for s in src]
    ttoks = [tokens(t, prefix) for t in tgt]
    train = [(stoks[i], ttoks[j]) for i, j in pairs]
    s2t = train_ibm1(train, iterations)                       # t(target | source)
    t2s = train_ibm1([(b, a) for a, b in train], iterations)  # t(source | target)

    def idf(bags: list[list[str]]) -> dict[str, float]:
        df: dict[str, int] = {}
        for bag in bags:
            for w in set(bag):
                df[w] = df.get(w, 0) + 1
        return {w: float(np.log((1 + len(bags)) / c)) for w, c in df.items()}

    idf_s, idf_t = idf(stoks), idf(ttoks)

    def table(model: dict[tuple[str, str], float], w_out: dict[str, float],
              ) -> dict[str, list[tuple[int, float]]]:
        out: dict[str, list[tuple[int, float]]] = {}
        for (e, f), q in model.items():
            if e != NULL and q >= min_prob and f in w_out:
                out.setdefault(e, []).append((_slot(f, dim), q * w_out[f]))
        return out

    tr_s, tr_t = table(s2t, idf_t), table(t2s, idf_s)

    def matrix(bags: list[list[str]], own_idf: dict[str, float],
               trans: dict[str, list[tuple[int, float]]], own_first: bool) -> np.ndarray:
        own = np.zeros((len(bags), dim))
        other = np.zeros((len(bags), dim))
        for r, bag in enumerate(bags):
            for w in bag:
                own[r, _slot(w, dim)] += own_idf.get(w, 0.0)
                for slot, q in trans.get(w, ()):
                    other[r, slot] += q
        return np.concatenate([own, other] if own_first else [other, own], axis=1)

    def joins(x: np.ndarray) -> dict[int, np.ndarray]:
        res = {}
        for n in range(1, max_bead + 1):
            if n <= len(x):
                v = sum(x[u:len(x) - n + 1 + u] for u in range(n))
                halves = []
                for h in (v[:, :dim], v[:, dim:]):
                    norm = np.linalg.norm(h, axis=1, keepdims=True)
                    halves.append(h / np.maximum(norm, 1e-12))
                res[n] = (np.concatenate(halves, axis=1) / np.sqrt(2.0)).astype(np.float32)
        return res

    # target space first: source = [translation into target, own bag], target = [own, translation]
    return (joins(matrix(stoks, idf_s, tr_s, own_first=False)),
            joins(matrix(ttoks, idf_t, tr_t, own_first=True)))
