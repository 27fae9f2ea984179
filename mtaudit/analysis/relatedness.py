"""Are two texts translations of each other? One check, used for documents, references and
line-by-line references.

The rule: with at least :data:`MIN_SEGMENTS` source sentences, two sides are related when the
median cross-lingual similarity (USE cosine) of their aligned sentence pairs is at least
:data:`MIN_SIMILARITY` and at least :data:`MIN_COVERAGE` of the source sentences found a
counterpart. Measured on the seeds: the noisy MT scores a median of 0.76; related news articles
on the same story (not translations) 0.23-0.36; unrelated texts lower still.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_SIMILARITY = 0.45
MIN_SEGMENTS = 4
MIN_COVERAGE = 0.2  # share of source sentences that must find a counterpart


@dataclass(frozen=True)
class Relatedness:
    """The figures the rule reads: median similarity (None: no embedder), sentences covered."""

    median: float | None
    covered: int
    total: int

    @property
    def judged(self) -> bool:
        """Enough source sentences to judge at all."""
        return self.total >= MIN_SEGMENTS

    @property
    def related(self) -> bool:
        if not self.judged:
            return True
        if self.covered < MIN_COVERAGE * self.total:
            return False
        return self.median is None or self.median >= MIN_SIMILARITY


def median(values: Sequence[float]) -> float | None:
    """The upper median (the value at ``n // 2`` once sorted), None for no values."""
    v = sorted(values)
    return v[len(v) // 2] if v else None


def cosines(embedder: Any, left: Sequence[str], right: Sequence[str]) -> list[float]:
    """Cosine similarity of ``left[k]`` and ``right[k]`` (the embedder's rows are unit)."""
    if not left:
        return []
    a, b = embedder.encode(list(left)), embedder.encode(list(right))
    return [float((a[k] * b[k]).sum()) for k in range(len(left))]


def relatedness(similarities: Sequence[float | None] | None, covered: int,
                total: int) -> Relatedness:
    """The figures for ``total`` source sentences of which ``covered`` have a counterpart and
    the given pair similarities (None entries are pairs with one side empty; None: unknown)."""
    med = None
    if similarities is not None:
        med = median([s for s in similarities if s is not None])
        if med is None:
            med = 0.0
    return Relatedness(med, covered, total)


def lines_follow(embedder: Any, sources: Sequence[str], lines: Sequence[str]) -> bool:
    """Whether line k translates source sentence k, by the same median-similarity threshold."""
    med = median(cosines(embedder, sources, [line.strip() or "-" for line in lines]))
    return med is not None and med >= MIN_SIMILARITY
