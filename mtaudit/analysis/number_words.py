"""Written-out numbers: one word's number parts and how a run of them composes.

A number word is looked up in :data:`mtaudit.lang.numbers.NUMBER_WORDS` as ``(value, role)``
(roles are described there); hyphenated words (``dix-sept``) give several parts, German-like
compounds (``einundzwanzig``, ``dreihundertfünfzig``, ``zehnmal``) are split. Month names and
ordinal words (``vingtième``, ``zwanzigsten``) are read by :func:`absorb_value`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from mtaudit.lang.arabic import written_stems
from mtaudit.lang.arabic_norm import normalize_for_comparison
from mtaudit.lang.numbers import (
    ABSORB_WORDS,
    COMPOUND_SUFFIXES,
    COMPOUNDING,
    JOINERS,
    NUMBER_WORDS,
    ORDINAL_ENDINGS,
    ORDINAL_STEMS,
    TENS,
    UNITS_FIRST,
)

Part = tuple[float, str]  # (value, role) of one number word
# Words are read again and again (every pair of a document, both sides): the lookups are pure
# functions of (word, language) over constant tables, memoised up to this many words each.
MEMO_SIZE = 65536


def _in_table(word: str, lang: str, table: Mapping[str, Any]) -> Any | None:
    """``table``'s entry for ``word``: lower-cased, or in Arabic the first of its written stems
    (the word without its proclitics, read without diacritics) that the table has."""
    if lang == "ar":
        word = normalize_for_comparison(word, "ar")
        return next((table[w] for w in written_stems(word) if w in table), None)
    return table.get(word.lower())


@lru_cache(maxsize=MEMO_SIZE)
def _lookup(word: str, lang: str) -> Part | None:
    """``(value, role)`` of one number word (Arabic: also without its proclitics)."""
    table = NUMBER_WORDS.get(lang)
    return _in_table(word, lang, table) if table else None


@lru_cache(maxsize=MEMO_SIZE)
def absorb_value(word: str, lang: str) -> int | None:
    """The value a month name or ordinal word stands for (``avril`` 4, ``twentieth`` 20)."""
    table = ABSORB_WORDS.get(lang)
    if not table:
        return None
    hit = _in_table(word, lang, table)
    if hit is not None or lang == "ar":
        return hit
    return _ordinal_word(word.lower(), lang)


def _ordinal_word(word: str, lang: str) -> int | None:
    """An ordinal word read as the number word of its stem, when the value is above 1."""
    for end in ORDINAL_ENDINGS.get(lang, ()):
        if not word.endswith(end) or len(word) - len(end) < 2:
            continue
        stem = word[: -len(end)]
        stem = ORDINAL_STEMS.get(lang, {}).get(stem, stem)
        for cand in (stem, stem + "e"):
            parts = word_parts(cand, lang)
            if parts:
                value = compose(parts)
                if value is not None and value == int(value) and value > 1:
                    return int(value)
    return None


def word_parts(word: str, lang: str) -> list[Part] | None:
    """The number parts of one word (``dix-sept`` gives two), or None; a new list each call
    (callers extend it)."""
    parts = _word_parts(word, lang)
    return None if parts is None else list(parts)


@lru_cache(maxsize=MEMO_SIZE)
def _word_parts(word: str, lang: str) -> tuple[Part, ...] | None:
    found = _parts(word, lang)
    return None if found is None else tuple(found)


def _parts(word: str, lang: str) -> list[Part] | None:
    hit = _lookup(word, lang)
    if hit is not None:
        return [hit]
    if lang == "fr":  # quatre-vingt(s) is one number word written with a hyphen
        word = re.sub(r"(?i)quatre-vingts?", "quatrevingt", word)
        if word.lower() == "quatrevingt":
            return [(80.0, "n")]
    if "-" in word:
        pieces = [_lookup(p, lang) for p in word.split("-")]
        if all(p is not None for p in pieces):
            return [p for p in pieces if p is not None]
    if lang in COMPOUNDING and len(word) > 6:
        return _split_compound(word.lower(), lang)
    return None


def _split_compound(word: str, lang: str) -> list[Part] | None:
    """"einundzwanzig" -> [1, 20]; "dreihundertfünfzig" -> [3, 100h, 50] (longest pieces)."""
    table = NUMBER_WORDS[lang]
    joiners = JOINERS.get(lang, set())
    if not word or word in COMPOUND_SUFFIXES.get(lang, ()):
        return []
    for n in range(len(word), 0, -1):
        head = word[:n]
        if head in joiners and n < len(word):
            rest = _split_compound(word[n:], lang)
            if rest:
                return rest
        hit = table.get(head)
        if hit is not None:
            rest = _split_compound(word[n:], lang)
            if rest is not None:  # an article-like "ein" inside a compound is the number one
                return [(1.0, "one") if hit[1] == "art" else hit, *rest]
    return None


def continues(prev: Part, nxt: Part, lang: str) -> bool:
    """Whether number word ``nxt`` continues a number ending with ``prev`` in ``lang``."""
    pv, pr = prev
    nv, nr = nxt
    if nr == "art":
        return False
    if nr in ("h", "m", "mp"):
        return not (nr == pr and nv == pv)
    if pr in ("h", "m", "mp"):
        return nv < pv
    if lang in UNITS_FIRST:
        return (pv < 10 and nv == 10) or (pv < 10 and nv in TENS)  # ثلاثة عشر, خمسة وعشرين
    return ((pv in TENS and nv < 10)              # vingt-deux, twenty one, vingt et un
            or (pv == 10 and nv < 10)             # dix-sept
            or (pv in (60.0, 80.0) and 10 <= nv < 20))  # soixante-dix, soixante et onze


def compose(parts: list[Part]) -> float | None:
    """The value of a run of number parts (hundreds/thousands rule); None when vague."""
    if len(parts) == 1 and parts[0][1] == "mp":
        return None  # "thousands of", "des millions": vague
    total, current = 0.0, 0.0
    for value, role in parts:
        if role == "h":
            current = (current or 1) * value
        elif role in ("m", "mp"):
            total += (current or 1) * value
            current = 0.0
        else:
            current += value
    return total + current
