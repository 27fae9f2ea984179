"""Pairing the numbers of a source and a target: a multiset match on value keys.

Required numbers match first, against real numbers; month names and ordinal words only absorb
what is left. Numbers left on both sides are paired as "changed" by digit likeness (a plain
edit distance over the digit strings) and place; the rest are missing (source) or extra
(target).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from mtaudit.analysis.numbers import NumberMention
from mtaudit.lang.latin import levenshtein


def _year_class(n: NumberMention) -> bool:
    """Years pair with years (unless the digits are nearly the same)."""
    return n.kind == "year"


@dataclass(frozen=True)
class NumberMatch:
    """What :func:`match_numbers` left unexplained."""

    missing: tuple[NumberMention, ...]          # source mentions without a counterpart
    different: tuple[tuple[NumberMention, NumberMention], ...]  # (source, wrong target)
    extra: tuple[NumberMention, ...]            # target mentions nothing explains


def _rank(i: int, n: int) -> float:
    """Place of item ``i`` among ``n``, from 0 to 1."""
    return i / (n - 1) if n > 1 else 0.5


def _digit_likeness(a: str, b: str) -> float:
    """1 − normalised edit distance of the two numbers' digit strings (0 when no digits).

    A plain Levenshtein distance (:func:`mtaudit.lang.latin.levenshtein` without
    transpositions): ``12`` → ``21`` is two edits here, as they are different values.
    """
    def digits(text: str) -> str:  # any script's digits (٣, ۳, 3) as 0-9
        return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit()
                       and unicodedata.digit(c, None) is not None)

    da, db = digits(a), digits(b)
    if not da or not db:
        return 0.0
    return 1.0 - levenshtein(da, db, transpositions=False) / max(len(da), len(db))


def match_numbers(src: list[NumberMention], tgt: list[NumberMention]) -> NumberMatch:
    """Multiset match of source and target mentions on their value keys."""
    used_t: set[int] = set()
    used_s: set[int] = set()
    # Required numbers first, against real numbers (not month names / ordinal words):
    # pass 1 equal best values, pass 2 any reading in common; pass 3 lets everything left,
    # absorb-only words included, match on any reading.
    for level in (1, 2, 3):
        for si, s in enumerate(src):
            if si in used_s or (level < 3 and not s.flaggable):
                continue
            for ti, t in enumerate(tgt):
                if ti in used_t or (level < 3 and t.kind == "absorb"):
                    continue
                ok = s.value == t.value if level == 1 else bool(s.keys & t.keys)
                if ok:
                    used_s.add(si)
                    used_t.add(ti)
                    break
    left_s = [s for si, s in enumerate(src) if si not in used_s and s.flaggable]
    left_t = [t for ti, t in enumerate(tgt) if ti not in used_t and t.flaggable]
    # Unmatched numbers are paired as "changed" by likeness: shared digits (20000 -> 2000)
    # and the same place among the unmatched numbers (the third one -> the third one). A year
    # pairs with a year, unless the digits are nearly the same (a dropped or doubled digit).
    options = []
    for i, s in enumerate(left_s):
        for j, t in enumerate(left_t):
            if "code" in (t.kind, s.kind) or t.is_word or s.is_word:
                continue
            likeness = _digit_likeness(s.text, t.text)
            if _year_class(t) != _year_class(s) and likeness < 0.75:
                continue
            place = 1.0 - abs(_rank(i, len(left_s)) - _rank(j, len(left_t)))
            options.append((-(likeness + place), i, j))
    options.sort()
    paired_s: dict[int, int] = {}
    taken_t: set[int] = set()
    for _, i, j in options:
        if i not in paired_s and j not in taken_t:
            paired_s[i] = j
            taken_t.add(j)
    different = [(s, left_t[paired_s[i]]) for i, s in enumerate(left_s) if i in paired_s]
    missing = [s for i, s in enumerate(left_s) if i not in paired_s]
    extra = [t for j, t in enumerate(left_t) if j not in taken_t and not t.is_word]
    return NumberMatch(tuple(missing), tuple(different), tuple(extra))
