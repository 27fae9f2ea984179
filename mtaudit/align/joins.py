"""Join vectors, coarse-to-fine: each sentence embedded once, joins only where a bead needs them.

A bead of ``n`` consecutive sentences is scored with the embedding of their joined text. Embedding
every run of 2..max_bead sentences costs about ten times the text of the sentences themselves
(issue 14). Instead (``AlignConfig.joins = "refine"``):

1. every sentence is embedded once, in one batch;
2. each join starts as an *estimate*: the unit sum of its sentences' vectors weighted by
   their lengths (:func:`estimated_joins`);
3. the DP runs, and a forward–backward pass gives, for every bead of the band, the cost of the
   best path through it minus the cost of the best path (its *gap*,
   :func:`near_path_joins`); the joins of every many-sided bead with a gap of at most
   ``AlignConfig.join_gap`` -- the bead itself and the smaller blocks its split and gain
   terms compare it with -- are then embedded exactly;
4. step 3 repeats (at most ``AlignConfig.join_rounds`` times, 2 by default: a third round
   changed no bead on Text+Berg or quran-json) until no bead near the new path still rests
   on an estimate; then, if a bead of the path itself still does, its joins are embedded and
   the DP run again (:func:`path_joins`).

Every bead of the returned path is then scored on exact embeddings, and so is every rival that
came within ``join_gap`` of it. ``joins = "exact"`` embeds them all up front (the old way).

An embedder that can compute join vectors without embedding joined texts offers
``join_vectors(sentences, k)`` (USE does, from token features: :mod:`mtaudit.embed.use_joins`,
about one more pass over the text for all joins of 2..k sentences); then every join is exact
from the start and neither the refinement rounds nor their re-solves run.
Measured on Text+Berg and quran-json (reports/bench_align.md, reports/bench_speed.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from mtaudit.align.dp import Band
    from mtaudit.embed.base import Embedder

JOIN_MODES = ("refine", "exact")


def _unit(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return (x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def estimated_joins(unit1: np.ndarray, k: int, weights: np.ndarray | None = None
                    ) -> dict[int, np.ndarray]:
    """``{n: unit vector of the weighted sum of the vectors of sentences a .. a+n-1}`` for
    n = 1..k (n = 1 is the input itself). With the sentences' lengths as weights the estimate
    is closer to the embedding of the joined text: cosine 0.91 against 0.88 unweighted for
    2-sentence joins, 0.87 against 0.82 for 3 (USE, Text+Berg dev, both languages)."""
    import numpy as np

    out = {1: unit1}
    w = np.ones(len(unit1)) if weights is None else np.asarray(weights, dtype=np.float64)
    csum = np.concatenate([np.zeros((1, unit1.shape[1])),
                           np.cumsum(unit1 * w[:, None], axis=0, dtype=np.float64)])
    for n in range(2, k + 1):
        if n <= len(unit1):
            out[n] = _unit(csum[n:] - csum[:-n])
    return out


class JoinVectors:
    """One side's join vectors: exact sentence vectors, joins estimated until refined.

    ``vecs[n][a]`` is the vector of sentences ``a .. a+n-1``; ``exact[n][a]`` says whether it is
    the embedding of their joined text (:func:`mtaudit.align.join_texts`) or the estimate.
    """

    def __init__(self, sentences: Sequence[str], embedder: Embedder, k: int, *,
                 exact: bool = False) -> None:
        import numpy as np

        from mtaudit.align import join_texts

        self.embedder = embedder
        self._sentences = list(sentences)
        self._k = k
        # an embedder that computes joins from its own pass over the sentences goes first
        # (its sentence vectors are then a lookup for encode)
        fast = getattr(embedder, "join_vectors", None)
        computed = fast(self._sentences, k) if fast is not None and k > 1 and sentences \
            else None
        self.texts = join_texts(sentences, k if exact and computed is None else 1)
        unit1 = np.asarray(embedder.encode(self.texts[1]), dtype=np.float32) \
            if self.texts else np.zeros((0, 1), dtype=np.float32)
        self.embedded = len(self.texts.get(1, ()))
        if computed is not None:  # every join exact, without embedding joined texts
            self.vecs = {1: unit1, **{n: np.asarray(v, dtype=np.float32)
                                      for n, v in computed.items()}}
            self.exact = {n: np.ones(len(v), dtype=bool) for n, v in self.vecs.items()}
            return
        lengths = np.array([max(1, len(t)) for t in self.texts.get(1, ())], dtype=np.float64)
        self.vecs = estimated_joins(unit1, k, lengths)
        self.exact = {n: np.zeros(len(v), dtype=bool) for n, v in self.vecs.items()}
        self.exact[1][:] = True
        if exact:
            for n in range(2, k + 1):
                if n in self.vecs:
                    self.vecs[n] = np.asarray(embedder.encode(self.texts[n]), dtype=np.float32)
                    self.exact[n][:] = True
                    self.embedded += len(self.texts[n])

    def _text(self, n: int, a: int) -> str:
        if n not in self.texts:
            from mtaudit.align import join_texts

            self.texts = join_texts(self._sentences, self._k)
        return self.texts[n][a]

    def refine(self, wanted: dict[int, np.ndarray]) -> int:
        """Embed the wanted joins (``{n: start indices}``) not yet exact; return how many."""
        import numpy as np

        todo = [(n, int(a)) for n, starts in sorted(wanted.items()) if n > 1 and n in self.vecs
                for a in np.unique(starts) if not self.exact[n][a]]
        if not todo:
            return 0
        vecs = np.asarray(self.embedder.encode([self._text(n, a) for n, a in todo]),
                          dtype=np.float32)
        for (n, a), v in zip(todo, vecs, strict=True):
            self.vecs[n][a] = v
            self.exact[n][a] = True
        self.embedded += len(todo)
        return len(todo)

    @property
    def complete(self) -> bool:
        return all(bool(e.all()) for e in self.exact.values())


def _blocks(starts: dict[int, list], a: int | np.ndarray, n: int) -> None:
    """Add every block of 2..n sentences inside sentences a .. a+n-1 to ``starts`` (``a`` one
    start or an array of them)."""
    for u in range(2, n + 1):
        for du in range(n - u + 1):
            starts.setdefault(u, []).append(a + du)


def _arrays(starts: dict[int, list]) -> dict[int, np.ndarray]:
    import numpy as np

    return {n: np.concatenate([np.atleast_1d(x) for x in xs]) for n, xs in starts.items()}


def path_joins(beads: list[tuple[int, int, int, int]]
               ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """The joins (and the blocks inside them) of a path's many-sided beads."""
    src: dict[int, list] = {}
    tgt: dict[int, list] = {}
    for i0, i1, j0, j1 in beads:
        _blocks(src, i0, i1 - i0)
        _blocks(tgt, j0, j1 - j0)
    return _arrays(src), _arrays(tgt)


def bead_gaps(band: Band, types: list[tuple[int, int]], cost: np.ndarray, skip_t: np.ndarray
              ) -> np.ndarray:
    """``gap[i, k, w]``: cost of the best path through bead type ``k`` ending at cell
    ``(i, lo[i] + w)`` minus the cost of the best path (min-plus forward–backward tables;
    +inf where the bead is impossible)."""
    import numpy as np

    from mtaudit.align.dp import _back_index, soft_tables

    n1, w = band.n_src + 1, band.width
    ftab, btab, z = soft_tables(band, types, cost, skip_t, 0.0)
    start = ftab[_back_index(band, types)]
    end = btab[:n1 * w].reshape(n1, 1, w)
    with np.errstate(invalid="ignore"):
        gap = start + cost + end - z
    return np.where(np.isfinite(gap), gap, np.inf)


def near_path_joins(band: Band, types: list[tuple[int, int]], cost: np.ndarray,
                    skip_t: np.ndarray, max_gap: float
                    ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Joins (``{n: starts}`` per side) used by many-sided beads within ``max_gap`` of the best
    path: the bead's own two texts and every smaller block inside them (the split and gain
    terms compare a bead with its parts, so they must be exact too)."""
    import numpy as np

    gap = bead_gaps(band, types, cost, skip_t)
    rows = np.arange(band.n_src + 1)[:, None]
    cols = band.columns()
    src: dict[int, list] = {}
    tgt: dict[int, list] = {}
    for k, (n, m) in enumerate(types):
        if n < 2 and m < 2:
            continue
        hit = gap[:, k, :] <= max_gap
        if hit.any():
            _blocks(src, np.broadcast_to(rows - n, hit.shape)[hit], n)
            _blocks(tgt, (cols - m)[hit], m)
    return _arrays(src), _arrays(tgt)


__all__ = ["JOIN_MODES", "JoinVectors", "bead_gaps", "estimated_joins", "near_path_joins",
           "path_joins"]
