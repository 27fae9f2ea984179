"""A document's length norms (Gale–Church spread, best segment) and one-sided pairs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from detector_ctx import make_ctx

from mtaudit.analysis import norms
from mtaudit.analysis.unaligned import extent, length_partners, nearby_matches, slip_states

S9, T19 = "a" * 9, "b" * 19  # log((19 + 1) / (9 + 1)) = log 2


def pairs_of(beads):
    return list(make_ctx(beads, "en", "fr").pairs)


def test_length_norm_is_the_median_log_ratio_with_a_floored_scale():
    pairs = pairs_of([([S9], [T19])] * 5)
    med, scale = norms.length_norm(pairs, 5, 0.08)
    assert med == pytest.approx(math.log(2)) and scale == 0.08
    assert norms.length_norm(pairs[:4], 5, 0.08) is None  # too few pairs


def test_reference_pairs_fall_back_to_every_aligned_pair():
    pairs = pairs_of([([S9], [T19]), ([S9, S9], [T19]), ([S9], []), ([], [T19])])
    assert [p.index for p in norms.reference_pairs(pairs, 1)] == [0]
    assert [p.index for p in norms.reference_pairs(pairs, 2)] == [0, 1]


def test_gale_church_spread_and_z():
    pairs = pairs_of([([S9], [T19])] * 5)
    norm = norms.length_norm(pairs, 5, 0.08)
    c, sigma = norms.gale_church(pairs, norm, 5, 0.5)
    assert c == pytest.approx(2.0) and sigma == 0.5  # every pair has (t − c·s)/√s = 1/3
    assert norms.gale_church(pairs, None, 5, 0.5) is None
    # 10 characters where 18 are expected: (10 − 18) / (√9 · 0.5)
    assert norms.gale_church_z(9, 10, (2.0, 0.5)) == pytest.approx(-16 / 3)


def test_similarity_median_of_the_one_to_one_pairs():
    pairs = pairs_of([([S9], [T19])] * 3 + [([S9], [])])
    assert norms.similarity_median(pairs, [0.9, 0.1, 0.5, None], 3) == 0.5
    assert norms.similarity_median(pairs, [0.9, None, 0.5, None], 3) is None
    assert norms.similarity_median(pairs, None, 1) is None


def test_best_segment_is_the_one_whose_removal_restores_the_norm():
    (pair,) = pairs_of([([("a" * 9, 0), ("b" * 19, 0)], ["c" * 9])])
    seg = norms.best_segment(pair, "source", (0.0, 0.08))
    assert seg is not None and seg.text == "b" * 19
    assert norms.best_span(pair, "source", (0.0, 0.08)) == (10, 29)
    assert pair.source_text[10:29] == "b" * 19
    assert norms.best_span(pair, "target", (0.0, 0.08)) is None  # one target segment
    assert norms.best_segment(pair, "source", (2.0, 0.08)) is None  # nothing gets close


def test_restores_norm_when_the_text_completes_a_neighbour_of_the_same_paragraph():
    same = pairs_of([([("a" * 9, 0)], [("c" * 5, 0)]), ([], [("d" * 4, 0)])])
    assert norms.restores_norm(1, same, "target", (0.0, 0.08))
    assert not norms.restores_norm(1, same, "target", None)
    other = pairs_of([([("a" * 9, 0)], [("c" * 5, 0)]), ([], [("d" * 4, 1)])])
    assert not norms.restores_norm(1, other, "target", (0.0, 0.08))


def test_extent_of_the_aligned_sentences():
    pairs = pairs_of([([], [("Header", 0)]), ([("a", 1)], [("b", 1)]),
                      ([("c", 1)], [("d", 1)]), ([], [("Footer", 1)])])
    ext = extent(pairs, "target")
    assert (ext.first, ext.last, ext.paragraphs) == (1, 2, frozenset({1}))
    assert ext.before(pairs[0].target) and ext.edge(pairs[0].target)
    assert ext.edge(pairs[3].target) and not ext.before(pairs[3].target)
    assert ext.own_paragraph(pairs[0].target) and not ext.own_paragraph(pairs[3].target)
    assert not ext.edge(pairs[1].target)
    none = extent(pairs_of([([], ["x"])]), "target")
    assert none.first is None and none.edge(pairs[0].target)


class KeywordEncoder:
    """Texts mentioning the camp embed together; every other text on its own axis."""

    def encode(self, texts):
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, 0 if "camp" in t else 1 + i] = 1.0
        return out


def test_nearby_matches_and_slip_states_with_an_encoder():
    pairs = pairs_of([(["One."], ["Un."]), (["The camp."], []), ([], ["Le camp."]),
                      (["Two."], ["Deux."])])
    assert nearby_matches(pairs, KeywordEncoder(), 2, 0.5) == {1: 2, 2: 1}
    assert slip_states(pairs, KeywordEncoder(), None, 2, 0.5) == {1: "paired", 2: "paired"}
    assert nearby_matches(pairs, KeywordEncoder(), 2, 1.5) == {}  # floor out of reach
    covered = pairs_of([(["The camp."], ["Le camp, les tentes."]), ([], ["Le camp."])])
    assert slip_states(covered, KeywordEncoder(), None, 1, 0.5) == {1: "covered"}


def test_length_partners_need_fitting_lengths_and_nothing_aligned_between():
    gap = pairs_of([([S9], []), ([], [T19])])
    assert length_partners(gap, (math.log(2), 0.08), 2) == {0: 1}
    assert length_partners(gap, (0.0, 0.08), 2) == {}  # lengths do not fit the norm
    assert slip_states(gap, None, (math.log(2), 0.08), 2, 0.5) == {0: "maybe", 1: "maybe"}
    assert slip_states(gap, None, None, 2, 0.5) == {}
    between = pairs_of([([S9], []), ([S9], [T19]), ([], [T19])])
    assert length_partners(between, (math.log(2), 0.08), 2) == {}
