"""Word tokens with spans, content words, and a forgiving same-word test."""

from __future__ import annotations

import re

from mtaudit.lang.stopwords import stopwords

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` with their spans."""
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def is_content(word: str, lang: str) -> bool:
    """A content word: has a digit, or 3+ letters and is not a stop word of ``lang``."""
    w = word.lower()
    if any(c.isdigit() for c in w):
        return True
    return len(w) >= 3 and w not in stopwords(lang) and w.split("'")[-1] not in stopwords(lang)


def same_word(a: str, b: str) -> bool:
    """Exact match or shared stem (common prefix of 5+ letters covering most of both)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.7 * min(len(a), len(b))
