"""The per-run memos of the names detector's building blocks: bounded, and the same results as
computing afresh (issue 14: speed after load)."""

from __future__ import annotations

import pytest

from mtaudit.entities import skeleton
from mtaudit.entities.attestation import MAX_CANDIDATES, _confusions, confusions
from mtaudit.entities.linking import (
    Link,
    _consonants_arabic,
    _consonants_latin,
    best_link,
    source_words,
)
from mtaudit.entities.memo import BoundedMemo
from mtaudit.lang.arabic_norm import (
    _normalize_short,
    normalize_for_comparison,
    normalize_with_offsets,
)

SOURCE = ("قال الرئيس فلاديمير بوتين إن مدير جهاز الأمن الفيدرالي ألكسندر بورتنيكوف "
          "التقى وزير الخارجية سيرغي لافروف في موسكو")
NAMES = ["Poutine", "Vladimir", "Bortnikov", "Nortnikov", "Lavrov", "Lavroff", "Moscou",
         "Sergueï", "Alexandre", "Paris", "Pestov", "Xyz"]


def _reference_link(name: str, words: list) -> Link | None:
    """best_link without the memo or the cut-short search: every reading in full."""
    best = None
    for w in words:
        for st in w.stems:
            if abs(_consonants_arabic(st) - _consonants_latin(name)) > 2:
                continue
            m = skeleton._solve(st, name, float("inf"))
            assert isinstance(m, skeleton.Match)
            if best is None or m.cost < best.cost - 1e-9:
                best = Link(w, w.stems[0], m.cost, m)
    return best


def test_bounded_memo_drops_least_recently_used():
    memo: BoundedMemo[int] = BoundedMemo(3)
    for k in range(3):
        memo.put(k, k)
    assert memo.get(0) == 0  # 0 is now the most recent
    memo.put(3, 3)
    assert len(memo) == 3 and memo.get(1) is None and memo.get(0) == 0
    for k in range(100):
        memo.put(("x", k), k)
    assert len(memo) == 3
    with pytest.raises(ValueError):
        BoundedMemo(0)


def test_match_below_is_match_or_a_proven_bound():
    skeleton.clear_memo()
    words = [st for w in source_words(SOURCE, "ar") for st in w.stems]
    for name in NAMES:
        for st in words:
            full = skeleton._solve(st, name, float("inf"))
            assert skeleton.match(st, name) == full
            for limit in (0.0, 0.3, 0.6, 1.0, 2.0, full.cost, full.cost + 1e-9):
                skeleton.clear_memo()
                got = skeleton.match_below(st, name, limit)
                assert got == full if got is not None else full.cost >= limit
                # asked again (memoised bound or match): the same answer
                again = skeleton.match_below(st, name, limit)
                assert (again is None) == (got is None)


def test_skeleton_memo_is_bounded_and_links_are_unchanged(monkeypatch):
    words = source_words(SOURCE, "ar")
    expected = {n: _reference_link(n, words) for n in NAMES}
    monkeypatch.setattr(skeleton, "_EXACT", BoundedMemo(5))
    monkeypatch.setattr(skeleton, "_BOUNDS", BoundedMemo(5))
    for _ in range(2):  # cold, then with whatever the small memo kept
        for name in NAMES:
            got, want = best_link(name, words, "ar"), expected[name]
            assert (got is None) == (want is None)
            if got is not None and want is not None:
                assert (got.word, got.cost, got.match) == (want.word, want.cost, want.match)
        assert len(skeleton._EXACT) <= 5 and len(skeleton._BOUNDS) <= 5


def test_short_text_normalisation_memo():
    assert _normalize_short.cache_info().maxsize is not None  # bounded
    for text in ["ٱلۡكِتَٰبُ", "عَلَىٰ", "ﻻ", "مدرســة", "plain", SOURCE, SOURCE * 3]:
        for lang in (None, "ar", "fa"):
            assert normalize_for_comparison(text, lang) == normalize_with_offsets(text, lang)[0]
            assert normalize_for_comparison(text, lang) == normalize_with_offsets(text, lang)[0]


def test_confusions_memo_returns_fresh_lists():
    assert _confusions.cache_info().maxsize is not None
    first = confusions("Bortnikov")
    first.clear()
    fresh = list(_confusions.__wrapped__("Bortnikov", MAX_CANDIDATES, 2))
    assert fresh and confusions("Bortnikov") == fresh
