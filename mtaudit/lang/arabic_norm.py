"""Arabic normalisation for comparisons: what every embedding, language check and match reads.

Vocalised Arabic (harakat, shadda, sukun, tanwin) and Qur'anic text (annotation marks, small
high letters, alef wasla, dagger alef, hamza on a tatweel seat) writes the same words as plain
modern Arabic with many more code points, and a model or a table keyed by plain spelling does
not recognise them: the USE cosine between a verse and its translation drops from about 0.50
to 0.28. :func:`normalize_for_comparison` folds that away, mildly (hamza forms, alef maqsura and
ta marbuta are kept: they tell words apart; the stronger fold for name and term matching is
:func:`mtaudit.lang.arabic.normalize_arabic`, built on this one).

The contract: **comparisons read the normalised text; reports, spans and offsets stay on the
original text.** The normalised text is shorter (marks dropped) or, for a presentation-form
ligature, longer; :func:`normalize_with_offsets` gives for each normalised character the offset
of the original character it comes from, and :func:`original_span` maps a span back.

What changes (Arabic text only; a text without an Arabic-block character is returned as is):

* removed: tashkeel U+064B-U+065F (hamza above/below are first put on their seat, below),
  Qur'anic annotation marks U+0610-U+061A, U+06D6-U+06ED (small high letters, small waw/yeh,
  pause and sajdah signs, end of ayah), extended marks U+08D3-U+08FF, tatweel U+0640;
* dagger (superscript) alef U+0670 becomes ``ا`` (Qur'anic spelling writes most long ā with
  it: ``ٱلۡكِتَٰبُ`` is ``الكتاب``), except after ``ى``, ``و``, ``ي`` or ``ا``, where it
  only marks the vowel (``عَلَىٰ`` is ``على``);
* alef wasla ``ٱ`` becomes ``ا``; a hamza above after ``ا``/``و``/``ي``/``ى`` or a tatweel
  seat gives ``أ``/``ؤ``/``ئ``/``ئ``/``ئ``, a hamza below after ``ا`` gives ``إ``;
* presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFC) are NFKC-decomposed (``ﻻ`` is ``لا``);
* Persian/Urdu letter variants written in Arabic: ``ک`` → ``ك``, ``ی`` → ``ي``, ``ھ ہ ە ۀ``
  → ``ه``, ``ۃ`` → ``ة`` -- unless the text is Persian or Urdu (``lang``, or with ``lang``
  None a letter only those languages use: ``پ چ ژ گ`` do not count, Arabic borrows them);
* Arabic-Indic digits are left alone (the number reader handles them).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ANY_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_MARK = "\u0610-\u061a\u064b-\u065f\u06d6-\u06ed\u08d3-\u08ff"
_TATWEEL, _DAGGER, _HAMZA_ABOVE, _HAMZA_BELOW = "\u0640", "\u0670", "\u0654", "\u0655"
_PRESENTATION = "\ufb50-\ufdff\ufe70-\ufefc"
_LETTERS = {"\u06a9": "\u0643", "\u06cc": "\u064a", "\u06be": "\u0647", "\u06c1": "\u0647",
            "\u06d5": "\u0647", "\u06c0": "\u0647", "\u06c3": "\u0629"}
_URDU_LETTERS = {"\u0679": "\u062a", "\u0688": "\u062f", "\u0691": "\u0631", "\u06ba": "\u0646",
                 "\u06d2": "\u064a"}  # ٹ ڈ ڑ ں ے: folded only when the text is said to be Arabic
_PERSIAN_URDU = re.compile("[" + "".join(_URDU_LETTERS) + "\u06d3]")
# what may change: marks (a run, with what they sit on when it is a seat), tatweel, dagger,
# wasla, presentation forms, letter variants
_SPECIAL = re.compile(f"[{_MARK}\u0640\u0670\u0671{_PRESENTATION}"
                      + "".join(_LETTERS) + "".join(_URDU_LETTERS) + "]")
_IS_MARK = re.compile(f"[{_MARK}]")
_MARK_CHARS = frozenset(chr(c) for a, b in ((0x610, 0x61A), (0x64B, 0x65F), (0x6D6, 0x6ED),
                                           (0x8D3, 0x8FF)) for c in range(a, b + 1))
_SEATS_ABOVE = {"\u0627": "\u0623", "\u0648": "\u0624", "\u064a": "\u0626", "\u0649": "\u0626",
                _TATWEEL: "\u0626"}
_NO_DAGGER_AFTER = frozenset("\u0649\u0648\u064a\u0627")


def has_arabic(text: str) -> bool:
    """Whether ``text`` has a character of the Arabic blocks (letters, marks, forms)."""
    return _ANY_ARABIC.search(text) is not None


def _fold_letters(text: str, lang: str | None) -> dict[str, str]:
    if lang is None:
        return {} if _PERSIAN_URDU.search(text) else _LETTERS
    base = lang.split("-")[0].split("_")[0].lower()
    return {**_LETTERS, **_URDU_LETTERS} if base == "ar" else {}


def _presentation(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch)
    return _IS_MARK.sub("", out).strip() if "\ufe70" <= ch <= "\ufe7f" else _IS_MARK.sub("", out)


def normalize_with_offsets(text: str, lang: str | None = None) -> tuple[str, list[int]]:
    """``(normalised, offsets)``: ``offsets[i]`` is the index in ``text`` of the character
    ``normalised[i]`` comes from, and ``offsets[len(normalised)]`` is ``len(text)`` (so a span
    ``(a, b)`` of the normalised text is ``(offsets[a], offsets[b])`` in ``text``, marks after
    its last letter included). ``lang``: the text's language when known (see the module)."""
    if not has_arabic(text):
        return text, list(range(len(text) + 1))
    offs: list[int] = []
    return _normalize(text, lang, offs), offs


def _normalize(text: str, lang: str | None, offs: list[int] | None) -> str:
    """The normalised Arabic ``text``; its offsets appended to ``offs`` unless None."""
    letters = _fold_letters(text, lang)
    out: list[str] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        i, ch = m.start(), m.group()
        if i > pos:
            out.append(text[pos:i])
            if offs is not None:
                offs.extend(range(pos, i))
        pos = i + 1
        prev = out[-1][-1] if out and out[-1] else ""
        if ch in (_HAMZA_ABOVE, _HAMZA_BELOW):
            # the hamza's seat is the last kept letter, or a tatweel just before the marks
            k = i - 1
            while k >= 0 and _IS_MARK.match(text[k]):
                k -= 1
            seat = text[k] if k >= 0 else ""
            if ch == _HAMZA_ABOVE and seat == _TATWEEL:
                out.append(_SEATS_ABOVE[_TATWEEL])
                if offs is not None:
                    offs.append(k)
            elif prev and seat == prev and ch == _HAMZA_ABOVE and prev in _SEATS_ABOVE:
                out[-1] = out[-1][:-1] + _SEATS_ABOVE[prev]
            elif prev == "\u0627" and seat == prev and ch == _HAMZA_BELOW:
                out[-1] = out[-1][:-1] + "\u0625"
            continue
        if ch == _DAGGER:
            if prev and prev not in _NO_DAGGER_AFTER and not prev.isspace():
                out.append("\u0627")
                if offs is not None:
                    offs.append(i)
            continue
        if ch in _MARK_CHARS or ch == _TATWEEL:
            continue
        if ch == "\u0671":
            rep = "\u0627"
        elif ch in letters:
            rep = letters[ch]
        elif ch in _LETTERS or ch in _URDU_LETTERS:
            rep = ch
        else:
            rep = _presentation(ch)
        if rep:
            out.append(rep)
            if offs is not None:
                offs.extend([i] * len(rep))
    if pos < len(text):
        out.append(text[pos:])
        if offs is not None:
            offs.extend(range(pos, len(text)))
    if offs is not None:
        offs.append(len(text))
    return "".join(out)


def normalize_for_comparison(text: str, lang: str | None = None) -> str:
    """``text`` as compared (embedded, language-identified, matched): see the module. Text
    without an Arabic character is returned unchanged (the same object); idempotent."""
    if not has_arabic(text):
        return text
    if len(text) <= _SHORT:  # words and terms, normalised again and again: memoised
        return _normalize_short(text, lang)
    if len(text) <= _SENTENCE:  # sentences and joins, embedded again and again: memoised too
        return _normalize_sentence(text, lang)
    return _normalize(text, lang, None)


_SHORT = 48
_SENTENCE = 2000  # longer texts are normalised each time (the memo holds at most 8192 of these)


@lru_cache(maxsize=65536)
def _normalize_short(text: str, lang: str | None) -> str:
    return _normalize(text, lang, None)


@lru_cache(maxsize=8192)
def _normalize_sentence(text: str, lang: str | None) -> str:
    return _normalize(text, lang, None)


def original_span(offsets: list[int], a: int, b: int) -> tuple[int, int]:
    """The span of the original text that normalised span ``(a, b)`` comes from."""
    return offsets[a], (offsets[b] if b > a else offsets[a])


__all__ = ["has_arabic", "normalize_for_comparison", "normalize_with_offsets", "original_span"]
