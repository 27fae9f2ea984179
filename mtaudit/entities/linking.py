"""Linking a target-side name to the source word it renders.

For an Arabic source every word (with its proclitic-free stems) is scored against the Latin
name with the skeleton model (:func:`mtaudit.entities.skeleton.match`); for a Latin-script
source the folded spellings are compared directly (names are mostly copied).  Other scripts
are not linked (``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from mtaudit.entities.skeleton import VOWELS, WEAK_DELETE, Match, match_below
from mtaudit.lang.arabic import arabic_tokens, base_form, stems
from mtaudit.lang.latin import fold, letter_tokens, levenshtein, phonetic_key

LATIN_SOURCE = frozenset({"fr", "en", "de", "es", "it", "pt", "nl", "ca", "ro", "pl", "cs", "sv",
                          "da", "no", "nb", "fi", "et", "lv", "lt", "hu", "tr", "id", "ms",
                          "vi", "sk", "sl", "hr", "sq", "eu", "gl", "af", "sw"})
_INF = float("inf")


@dataclass(frozen=True)
class SourceWord:
    text: str
    start: int
    end: int
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    word: SourceWord
    stem: str          # the stem that matched, without article: the entity key
    cost: float
    match: Match | None = None


def linkable(src_lang: str) -> bool:
    return src_lang == "ar" or src_lang in LATIN_SOURCE


def source_words(text: str, src_lang: str, min_letters: int = 3) -> list[SourceWord]:
    if src_lang == "ar":
        out = []
        for tok, s, e in arabic_tokens(text):
            st = tuple(x for x in stems(tok) if len(x) >= min_letters)
            if st:
                out.append(SourceWord(tok, s, e, st))
        return out
    if src_lang in LATIN_SOURCE:
        return [SourceWord(t, s, e, (fold(t),)) for t, s, e in letter_tokens(text)
                if len(t) >= min_letters and t[:1].isupper()]
    return []


def _consonants_latin(latin: str) -> int:
    return sum(1 for c in fold(latin) if c.isalpha() and c not in VOWELS and c != "h")


@lru_cache(maxsize=262144)
def _consonants_arabic(stem: str) -> int:
    return sum(1 for c in stem if c not in WEAK_DELETE)


def best_link(name: str, words: Sequence[SourceWord], src_lang: str) -> Link | None:
    """The source word ``name`` most plausibly renders (lowest cost), or None."""
    best: Link | None = None
    if src_lang == "ar":
        nc = _consonants_latin(name)
        for w in words:
            for st in w.stems:
                if abs(_consonants_arabic(st) - nc) > 2:
                    continue
                # a reading that cannot beat the best so far is cut short (same result)
                m = match_below(st, name, _INF if best is None else best.cost - 1e-9)
                if m is not None and (best is None or m.cost < best.cost - 1e-9):
                    best = Link(w, base_form(st), m.cost, m)
        return best
    if src_lang in LATIN_SOURCE:
        f, key = fold(name), phonetic_key(name)
        for w in words:
            if phonetic_key(w.text) == key:
                cost = 0.0
            else:
                # scaled so that 0.6 (the usual link threshold) is one edit in five letters
                d = levenshtein(f, w.stems[0], 3)
                cost = 3 * d / max(len(f), 1) if d <= 3 else float("inf")
            if best is None or cost < best.cost:
                best = Link(w, w.stems[0], cost)
        return best
    return None
