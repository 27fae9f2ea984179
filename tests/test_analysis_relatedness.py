"""The one relatedness rule and the layout-line shapes."""

from __future__ import annotations

import numpy as np

from mtaudit.analysis.layout import looks_like_credit
from mtaudit.analysis.relatedness import (
    MIN_COVERAGE,
    MIN_RANK,
    MIN_SEGMENTS,
    Relatedness,
    assess,
    lines_follow,
    rank_stats,
)


class _Unit:
    """A stand-in embedder: one unit vector per distinct text (8 directions)."""

    def encode(self, texts):
        rows = []
        for t in texts:
            v = np.zeros(8)
            v[sum(map(ord, t)) % 8] = 1.0
            rows.append(v)
        return np.array(rows)


class _Noisy:
    """Text ``k:...`` embeds near direction k, plus a shared component: aligned pairs share a
    direction (cosine well above chance) however low the raw cosine is."""

    def __init__(self, own: float) -> None:
        self.own = own

    def encode(self, texts):
        rows = []
        for t in texts:
            v = np.full(16, 0.1)
            v[int(t.split(":")[0]) % 16] += self.own
            rows.append(v / np.linalg.norm(v))
        return np.array(rows)


def test_the_rule_reads_rank_coverage_and_copies():
    ok = Relatedness(0.99, 0.3, 0.1, 10, 10, 10, 10, 10)
    assert ok.related and ok.problem is None
    assert not Relatedness(MIN_RANK - 0.01, 0.3, 0.1, 10, 10, 10).related
    assert "only 80% of comparisons" in Relatedness(0.8, 0.3, 0.1, 10, 10, 10).problem
    covered = int(MIN_COVERAGE * 10) - 1
    assert "source sentences" in Relatedness(0.99, 0.9, 0.1, 10, covered, 10).problem
    assert "target sentences" in Relatedness(0.99, 0.9, 0.1, 10, 10, 10, 3, 1000).problem
    assert "identical" in Relatedness(1.0, 1.0, 0.1, 10, 10, 10, identical=5).problem
    # no embedder: coverage and copies only; too few sentences: not judged
    assert Relatedness(None, None, None, 10, 10, 10).related
    assert Relatedness(0.1, 0.1, 0.1, 3, 3, MIN_SEGMENTS - 1).related


def test_rank_holds_at_any_cosine_level():
    """Low raw cosines (a hard domain) still rank aligned pairs first; shuffled pairs do not."""
    left = [f"{k}:src" for k in range(12)]
    right = [f"{k}:tgt" for k in range(12)]
    for own in (0.3, 3.0):
        rank, _se, med, base = rank_stats(_Noisy(own), left, right)
        assert rank == 1.0 and med > base
        r = assess(_Noisy(own), left, right, covered=12, total=12)
        assert r.related, r.problem
    shifted = right[3:] + right[:3]
    r = assess(_Noisy(0.3), left, shifted, covered=12, total=12)
    assert not r.related and r.rank < 0.5
    same = assess(None, left, list(left), covered=12, total=12)
    assert same.identical == 12 and not same.related


def test_lines_follow():
    emb = _Unit()
    assert lines_follow(emb, ["a", "b", "c"], ["a", "b", "c"])
    assert not lines_follow(emb, ["a", "b", "c"], ["b", "c", "a"])
    assert not lines_follow(emb, [], [])


def test_credit_lines():
    assert looks_like_credit("Le président à Moscou. (AFP)")
    assert looks_like_credit("Photo © Studio X")
    assert looks_like_credit("Plus sur www.example.org")
    assert not looks_like_credit("Le président a parlé à la presse.")


def test_short_documents_get_half_a_standard_error():
    """A rank a little under MIN_RANK on a handful of pairs (large spread) is not enough to
    refuse; the same rank measured on many pairs (small spread) is."""
    from mtaudit.analysis.relatedness import RANK_Z

    short = Relatedness(0.86, 0.4, 0.2, 6, 6, 6, rank_se=0.1)
    assert short.related
    # ... not when aligned pairs hardly stand above mismatched ones (median cosines)
    assert not Relatedness(0.86, 0.25, 0.2, 6, 6, 6, rank_se=0.1).related
    assert not Relatedness(0.86, 0.4, 0.2, 60, 60, 60, rank_se=0.01).related
    assert "86% ± 1%" in Relatedness(0.86, 0.4, 0.2, 60, 60, 60, rank_se=0.01).problem
    assert not Relatedness(MIN_RANK - RANK_Z * 0.1 - 0.01, 0.4, 0.2, 6, 6, 6,
                           rank_se=0.1).related
    # the standard error comes from the pairs' own win rates: zero when every pair wins all
    left = [f"{k}:src" for k in range(6)]
    rank, se, _med, _base = rank_stats(_Noisy(3.0), left, [f"{k}:tgt" for k in range(6)])
    assert rank == 1.0 and se == 0.0
    mixed = [f"{k}:tgt" for k in (0, 1, 2, 3, 5, 4)]  # two pairs swapped
    rank, se, _med, _base = rank_stats(_Noisy(3.0), left, mixed)
    assert rank < 1.0 and se > 0.0
