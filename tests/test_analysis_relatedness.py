"""The one relatedness rule and the layout-line shapes."""

from __future__ import annotations

import numpy as np

from mtaudit.analysis.layout import looks_like_credit
from mtaudit.analysis.relatedness import (
    MIN_COVERAGE,
    MIN_SEGMENTS,
    MIN_SIMILARITY,
    cosines,
    lines_follow,
    median,
    relatedness,
)


def test_the_rule():
    assert median([0.9, 0.1, 0.5]) == 0.5 and median([]) is None
    # too few source sentences to judge: related
    assert relatedness([0.0], 0, MIN_SEGMENTS - 1).related
    # a low median refuses; so does low coverage, with or without similarities
    assert not relatedness([0.2, 0.3, 0.1, 0.25], 10, 10).related
    assert relatedness([0.8, 0.7, 0.9, 0.75], 10, 10).related
    covered = int(MIN_COVERAGE * 10) - 1
    assert not relatedness([0.9, 0.9], covered, 10).related
    assert not relatedness(None, covered, 10).related
    assert relatedness(None, 10, 10).related and relatedness(None, 10, 10).median is None
    # pairs with one side empty are no evidence; none at all counts as similarity 0
    assert relatedness([None, None], 10, 10).median == 0.0
    assert relatedness([MIN_SIMILARITY, None, MIN_SIMILARITY], 10, 10).related


class _Unit:
    """A stand-in embedder: one unit vector per distinct text."""

    def encode(self, texts):
        rows = []
        for t in texts:
            v = np.zeros(8)
            v[sum(map(ord, t)) % 8] = 1.0
            rows.append(v)
        return np.array(rows)


def test_cosines_and_lines_follow():
    emb = _Unit()
    assert cosines(emb, ["a", "b"], ["a", "b"]) == [1.0, 1.0]
    assert lines_follow(emb, ["a", "b", "c"], ["a", "b", "c"])
    assert not lines_follow(emb, ["a", "b", "c"], ["b", "c", "a"])
    assert not lines_follow(emb, [], [])


def test_credit_lines():
    assert looks_like_credit("Le président à Moscou. (AFP)")
    assert looks_like_credit("Photo © Studio X")
    assert looks_like_credit("Plus sur www.example.org")
    assert not looks_like_credit("Le président a parlé à la presse.")
