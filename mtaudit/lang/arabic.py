"""Arabic text normalisation, tokenisation with offsets and clitic stripping.

Normalisation for matching (:func:`normalize_arabic`) is the comparison normalisation of
:mod:`mtaudit.lang.arabic_norm` (diacritics, Qur'anic marks, tatweel, dagger alef, alef wasla,
presentation forms, Persian/Urdu letter variants) plus a stronger fold of the spelling
variation that does not change a name or a term: alef forms (أ إ آ → ا), alef maqsura
(ى → ي), ta marbuta (ة → ه) and hamza carriers (ؤ → و, ئ → ي, lone ء dropped). Offsets are
kept by working token by token (:func:`arabic_tokens` gives spans of the original text).
"""

from __future__ import annotations

import re
from functools import lru_cache

from mtaudit.lang.arabic_norm import normalize_for_comparison

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       "ؤ": "و", "ئ": "ي", "ء": None, "ک": "ك", "ی": "ي"})
# An Arabic word: Arabic letters (with their marks), possibly with tatweel inside.
_WORD = re.compile("[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06fa-\u06ff\u0610-\u061a"
                   "\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff\ufb50-\ufd3d\ufd40-\ufdff\ufe70-\ufefc]+")

# Proclitics, outermost first: conjunction, then preposition / future, then the article.
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


def normalize_arabic(text: str) -> str:
    """The comparison normalisation (as Arabic), then alef/hamza forms, alef maqsura and ta
    marbuta folded. Words (up to :data:`_SHORT` characters), normalised again and again, are
    memoised."""
    if len(text) <= _SHORT:
        return _normalize_word(text)
    return normalize_for_comparison(text, "ar").translate(_FOLD)


_SHORT = 48
MEMO_SIZE = 65536  # words / texts remembered by each memo of this module


@lru_cache(maxsize=MEMO_SIZE)
def _normalize_word(text: str) -> str:
    return normalize_for_comparison(text, "ar").translate(_FOLD)


def is_arabic(text: str) -> bool:
    return bool(_WORD.search(text))


def arabic_tokens(text: str) -> list[tuple[str, int, int]]:
    """Arabic words of ``text`` as ``(normalised word, start, end)`` (offsets into ``text``);
    a new list each call. A text is tokenised once (the names detector reads each source text
    as words to link and as tokens to look up): memoised, :data:`TEXT_MEMO_SIZE` texts."""
    return list(_tokens(text))


TEXT_MEMO_SIZE = 4096


@lru_cache(maxsize=TEXT_MEMO_SIZE)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    for m in _WORD.finditer(text):
        norm = normalize_arabic(m.group())
        if norm:
            out.append((norm, m.start(), m.end()))
    return tuple(out)


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The normalised word and what it can be once proclitics are removed.

    ``وبالإرهاب`` → (``وبالارهاب``, ``بالارهاب``, ``الارهاب``, ``ارهاب``); ``للإرهاب`` (li + al-)
    gives ``ارهاب`` too.  Stems shorter than two letters are not produced.  The first element
    is always the whole word.
    """
    w = normalize_arabic(word)
    out = [w]

    def add(s: str) -> None:
        if len(s) >= 2 and s not in out:
            out.append(s)

    bases = [w]
    if w[:1] in _CONJ and len(w) > 3:
        bases.append(w[1:])
    for b in list(bases):
        if b[:1] in _PREP and len(b) > 3:
            bases.append(b[1:])
            if b.startswith("لل") and len(b) > 4:  # li + al-: the alef of the article drops
                bases.append("ال" + b[2:])
    for b in bases:
        add(b)
        if b.startswith("ال") and len(b) > 3:
            add(b[2:])
    return tuple(out)


def base_form(term: str) -> str:
    """Normalised word without its article: how a glossary or gazetteer word is keyed."""
    w = normalize_arabic(term)
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    return w


# Proclitic groups as written, longest first where one is the start of another: what
# :func:`written_stems` strips. One group is removed, never two in a row.
_WRITTEN_PREFIXES = ("وبال", "وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_PROCLITIC_LETTERS = frozenset("".join(_CONJ + _PREP))  # و ف ب ل ك
_TATWEEL = "\u0640"


def written_stems(word: str) -> list[str]:
    """The word as written, then the word without each proclitic group it starts with.

    Unlike :func:`stems` nothing is normalised (tables keyed by written forms, such as the
    number words of :mod:`mtaudit.lang.numbers`, are looked up with it), the groups are a
    flat list (``وبال``, ``وال``, ``بال``, ``فال``, ``لل``, ``ال``, ``و``, ``ف``, ``ب``, ``ل``,
    ``ك``) and what is left must have three letters or more: ``وثلاثة`` → [``وثلاثة``,
    ``ثلاثة``], ``بالثالث`` → [``بالثالث``, ``ثالث``, ``الثالث``].
    """
    out = [word]
    for p in _WRITTEN_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            out.append(word[len(p):])
    return out


def proclitics_before(text: str, pos: int) -> bool:
    """Whether the letters glued before position ``pos`` are one or two Arabic proclitics
    (و ف ب ل ك, optionally followed by tatweel) standing at the start of a word.

    Used for what is glued to a number: ``و٣٥`` ("and 35"), ``بـ35`` ("with 35"), ``وب٣٥``.
    """
    k = pos
    while k > 0 and text[k - 1] == _TATWEEL:
        k -= 1
    n = 0
    while k > 0 and text[k - 1] in _PROCLITIC_LETTERS and n < 2:
        k -= 1
        n += 1
    return n > 0 and (k == 0 or not text[k - 1].isalpha())
