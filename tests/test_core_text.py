"""The one language-code normaliser, the one text clipper and the one edit distance."""

from __future__ import annotations

from mtaudit.core.text import base_lang, clip
from mtaudit.lang.latin import levenshtein


def test_base_lang():
    assert [base_lang(c) for c in ("fr-CA", "fr_CA", "FR", " ar ", "", None)] == [
        "fr", "fr", "fr", "ar", "", ""]


def test_clip_collapses_space_and_counts_the_ellipsis():
    assert clip("a  b\n c", 10) == "a b c"
    assert clip("abcdefghij", 5) == "abcd…" and len(clip("abcdefghij", 5)) == 5
    assert clip("abcdefghij", 5, ellipsis="") == "abcde"


def test_edit_distance_with_and_without_transpositions():
    assert levenshtein("12", "21") == 1
    assert levenshtein("12", "21", transpositions=False) == 2
    assert levenshtein("Dupont", "Dupond") == 1
    assert levenshtein("abc", "abcdefg", limit=2) == 3  # lengths too far apart: limit + 1
