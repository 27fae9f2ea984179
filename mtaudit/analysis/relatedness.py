"""Are two texts translations of each other? One check, used for documents, references and
line-by-line references, decided from the documents themselves rather than a fixed cosine.

Cosine similarities of sentence embeddings move with the domain, the script (vocalised Arabic
scores lower than plain Arabic) and the language pair, so no fixed threshold holds: a real
human translation of scripture scored a median 0.31, below the old 0.45 cut, while news
articles on the same story score 0.2-0.3. What does hold is *rank*: in a translation, an
aligned sentence pair is more alike than the same source sentence paired with the document's
other target sentences (and the same target with the other sources). The rule:

* **rank** -- the share of those comparisons the aligned pairs win (ties count half; an AUC),
  over the pairs with text on both sides, must be at least :data:`MIN_RANK`. Measured with USE
  (reports/bench_realtext.md has the full table): translations 0.98-1.00 (the seed's noisy MT
  1.00, Text+Berg de-fr 1.00, quran-json ar-fr chapters 0.98 once the Arabic is normalised);
  non-translations 0.63-0.83 (the seed's three articles on the same story 0.63-0.68,
  Text+Berg articles of the same yearbook paired with each other 0.74-0.83, unrelated 0.63-0.77;
  the aligner's choice of the best-matching pairs keeps chance above 0.5);
* **coverage** -- at least :data:`MIN_COVERAGE` of the source sentences *and* of the target
  sentences are in beads with both sides (a 4 KB source against a 5 MB target covers 0.5 % of
  the target);
* **not a copy** -- fewer than :data:`MAX_IDENTICAL` of the aligned pairs have the same text on
  both sides (a file audited against itself).

The rank of a short document is a small sample: each aligned pair's own win rate varies, and
their mean has a standard error ``se``. A rank under :data:`MIN_RANK` is still accepted when
``rank + RANK_Z * se`` reaches it (``RANK_Z`` = 0.5) *and* the aligned pairs' median cosine
stands at least :data:`MIN_ALLOWANCE_GAP` above the mismatched pairs' median. Measured on
6-verse pieces of the quran-json development chapters (USE; tuned there): real translations
accepted 216/220 (206/220 with no allowance), the same pieces against verses 30 further on in
their chapter (same text, not a translation) 18/180 (13/180 with none). On whole documents
``se`` is 0.005-0.03 and nothing changes (the seed's related articles, Text+Berg
same-yearbook articles still refused).

With fewer than :data:`MIN_SEGMENTS` source sentences nothing is judged; the rank needs two
aligned pairs. Without an embedder only coverage and copies are checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_RANK = 0.90
RANK_Z = 0.5  # standard errors of the rank allowed below MIN_RANK (small documents) ...
MIN_ALLOWANCE_GAP = 0.10  # ... when aligned pairs' median cosine is this far above mismatched
MIN_SEGMENTS = 4
MIN_COVERAGE = 0.2  # share of source (and of target) sentences that must find a counterpart
MAX_IDENTICAL = 0.5  # share of aligned pairs with the same text on both sides
MAX_COMPARED = 400  # pairs sampled for the rank on long documents (deterministic)


@dataclass(frozen=True)
class Relatedness:
    """The figures the rule reads (None where there is no embedder)."""

    rank: float | None  # share of comparisons aligned pairs win against mismatched ones
    median: float | None  # median cosine of aligned pairs
    baseline: float | None  # median cosine of mismatched pairs
    pairs: int  # aligned pairs with text on both sides
    covered: int  # source sentences in such pairs
    total: int  # source sentences
    covered_target: int | None = None
    total_target: int | None = None
    identical: int = 0  # aligned pairs with the same text on both sides
    rank_se: float = 0.0  # standard error of the rank (spread of the pairs' own win rates)

    @property
    def judged(self) -> bool:
        """Enough source sentences to judge at all."""
        return self.total >= MIN_SEGMENTS

    @property
    def problem(self) -> str | None:
        """Why the texts are not translations of each other (None: they look like one)."""
        if not self.judged:
            return None
        if self.covered < MIN_COVERAGE * self.total:
            return (f"only {self.covered}/{self.total} source sentences found a counterpart")
        if (self.covered_target is not None and self.total_target
                and self.covered_target < MIN_COVERAGE * self.total_target):
            return (f"only {self.covered_target}/{self.total_target} target sentences found a "
                    "counterpart")
        if self.pairs and self.identical >= MAX_IDENTICAL * self.pairs:
            return (f"{self.identical} of {self.pairs} aligned sentences are identical on both "
                    "sides (the same text twice?)")
        if self.rank is not None and not ranks_as_translation(
                self.rank, self.rank_se, (self.median or 0.0) - (self.baseline or 0.0)):
            spread = f" ± {self.rank_se:.0%}" if self.rank_se >= 0.005 else ""
            return (f"aligned sentences are more alike than the same sentences paired with the "
                    f"documents' other sentences in only {self.rank:.0%}{spread} of comparisons "
                    f"(translations: at least {MIN_RANK:.0%}; median similarity "
                    f"{self.median:.2f} aligned vs {self.baseline:.2f} mismatched)")
        return None

    @property
    def related(self) -> bool:
        return self.problem is None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def ranks_as_translation(rank: float, se: float = 0.0, gap: float = 0.0) -> bool:
    """The rank rule: ``rank >= MIN_RANK``, or ``rank + RANK_Z * se >= MIN_RANK`` when the
    median cosine gap between aligned and mismatched pairs is at least MIN_ALLOWANCE_GAP."""
    if rank >= MIN_RANK:
        return True
    return gap >= MIN_ALLOWANCE_GAP and rank + RANK_Z * se >= MIN_RANK


def rank_stats(embedder: Any, left: Sequence[str], right: Sequence[str]
               ) -> tuple[float, float, float, float] | None:
    """(rank, its standard error, median aligned cosine, median mismatched cosine) of the
    pairs ``left[k]``-``right[k]``; None with fewer than two pairs. The standard error is that
    of the mean of each pair's own win rate (row and column)."""
    import numpy as np

    n = len(left)
    if n < 2:
        return None
    keep = np.arange(n)
    if n > MAX_COMPARED:
        keep = np.sort(np.random.default_rng(0).choice(n, MAX_COMPARED, replace=False))
    a = embedder.encode([left[k] for k in keep])
    b = embedder.encode([right[k] for k in keep])
    sims = np.asarray(a @ b.T, dtype=np.float64)
    diag = np.diag(sims)
    off = ~np.eye(len(keep), dtype=bool)
    rows = (diag[:, None] > sims) + 0.5 * (diag[:, None] == sims)
    cols = (diag[None, :] > sims) + 0.5 * (diag[None, :] == sims)
    rank = float((rows[off].mean() + cols[off].mean()) / 2)
    m = len(keep)
    own = 0.5 * ((rows * off).sum(axis=1) + (cols * off).sum(axis=0)) / (m - 1)
    se = float(own.std(ddof=1) / np.sqrt(m))
    return rank, se, float(np.median(diag)), float(np.median(sims[off]))


def assess(embedder: Any | None, left: Sequence[str], right: Sequence[str], *,
           covered: int, total: int, covered_target: int | None = None,
           total_target: int | None = None) -> Relatedness:
    """The figures for aligned texts ``left[k]``/``right[k]`` (both non-empty), of which the
    source sentences number ``covered`` out of ``total`` (and the target's likewise)."""
    identical = sum(_same(a, b) for a, b in zip(left, right, strict=True))
    stats = rank_stats(embedder, left, right) if embedder is not None else None
    rank, se, med, base = stats if stats is not None else (None, 0.0, None, None)
    return Relatedness(rank, med, base, len(left), covered, total, covered_target,
                       total_target, identical, se)


def lines_follow(embedder: Any, sources: Sequence[str], lines: Sequence[str]) -> bool:
    """Whether line k translates source sentence k, by the same rank rule."""
    n = min(len(sources), len(lines))
    if n < 2:
        return False
    stats = rank_stats(embedder, list(sources[:n]), [ln.strip() or "-" for ln in lines[:n]])
    return stats is not None and ranks_as_translation(stats[0], stats[1], stats[2] - stats[3])
