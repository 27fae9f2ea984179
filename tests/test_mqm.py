"""MQM scoring: weights, normalisation, de-duplication of overlapping flags."""

from __future__ import annotations

import pytest

from mtaudit.app.config import DEFAULT_MQM_WEIGHTS
from mtaudit.core.errors import ConfigError
from mtaudit.core.mqm import (
    DEFAULT_WEIGHTS,
    count_words,
    counted_flags,
    document_mqm,
    mqm_scores,
    pair_mqm,
    resolve_weights,
    weights_of,
)
from mtaudit.core.types import AlignedPair, Flag, PairResult, Segment

W = dict(DEFAULT_MQM_WEIGHTS)


def flag(sev, start=0, end=3, cat="mistranslation", pair=0, side="target"):
    return Flag(cat, sev, start, end, "x" * (end - start), "m", "test", pair, side)


def test_pair_points_and_score():
    m = pair_mqm([flag("major"), flag("minor", 10, 12)], 100, W)
    assert m["points"] == 6 and m["words"] == 100
    assert m["per_1000_words"] == 60 and m["score"] == 94
    assert (m["minor"], m["major"], m["critical"], m["errors"]) == (1, 1, 0, 2)
    assert pair_mqm([], 20, W)["score"] == 100
    assert pair_mqm([flag("critical")], 10, W)["score"] == 0          # clipped at 0


def test_custom_and_category_weights():
    w = {"minor": 2, "major": 10, "critical": 50, "punctuation:minor": 0.1}
    m = pair_mqm([flag("minor", cat="punctuation"), flag("major", 5, 9)], 100, w)
    assert m["points"] == pytest.approx(10.1)
    with pytest.raises(ConfigError):
        pair_mqm([flag("minor")], 10, {"major": 5})


def test_overlapping_flags_count_once_at_the_heaviest():
    a = flag("critical", 0, 20, cat="untranslated")
    b = flag("minor", 5, 10, cat="number")          # inside a
    c = flag("minor", 30, 35)                         # elsewhere
    d = flag("minor", 0, 20, side="source")           # other side
    kept = counted_flags([a, b, c, d], W)
    assert {(f.category, f.side, f.start) for f in kept} == {
        ("untranslated", "target", 0), ("mistranslation", "target", 30),
        ("mistranslation", "source", 0)}


def test_count_words():
    assert count_words("Le 17 avril, l'armée — a dit « oui ».") == 7
    assert count_words("北京欢迎你 ok") == 6
    assert count_words("") == 0


def _result(index, text, flags):
    seg = Segment(text, 0, len(text), index)
    pair = AlignedPair(index, (seg,), (seg,), 1.0, text, text, 0, 0)
    return PairResult(pair, tuple(flags))


def test_document_mqm_normalises_by_target_words():
    r1 = _result(0, " ".join(["mot"] * 60), [flag("major", pair=0)])
    r2 = _result(1, " ".join(["mot"] * 40), [flag("minor", pair=1), flag("minor", 5, 8, pair=1)])
    d = document_mqm([r1, r2], W)
    assert d["words"] == 100 and d["points"] == 7
    assert d["per_1000_words"] == 70 and d["score"] == 93
    assert d["major"] == 1 and d["minor"] == 2
    # a source-only pair (no target words) weighs fully
    assert pair_mqm([flag("major", side="source")], 0, W)["score"] == 0


def test_one_fallback_for_missing_weights():
    # the default weights are defined once, in core; the config's name is the same mapping
    assert DEFAULT_MQM_WEIGHTS is DEFAULT_WEIGHTS
    assert dict(DEFAULT_WEIGHTS) == {"minor": 1.0, "major": 5.0, "critical": 25.0}
    custom = {"minor": 2.0, "major": 10.0, "critical": 50.0}
    assert resolve_weights(None) is DEFAULT_WEIGHTS and resolve_weights({}) is DEFAULT_WEIGHTS
    assert resolve_weights(custom) is custom
    assert weights_of({}) is DEFAULT_WEIGHTS
    assert weights_of({"mqm_weights": None}) is DEFAULT_WEIGHTS
    assert weights_of({"mqm_weights": custom}) == custom
    r1 = _result(0, " ".join(["mot"] * 10), [flag("major", pair=0)])
    r2 = _result(1, " ".join(["mot"] * 30), [])
    per_pair, doc = mqm_scores([r1, r2])
    assert per_pair == [pair_mqm(r1.flags, 10, W), pair_mqm((), 30, W)]
    assert doc == document_mqm([r1, r2], W) and doc["score"] == 87.5
    assert mqm_scores([r1, r2], custom)[1]["points"] == 10
    assert pair_mqm([flag("major")], 10, {}) == pair_mqm([flag("major")], 10, W)
    # weights given but incomplete are an error, never completed from the defaults
    with pytest.raises(ConfigError):
        mqm_scores([r1], {"minor": 1.0})
