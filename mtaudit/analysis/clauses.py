"""Clause spans: map a relative word position onto the clause of a text that covers it.

A stretch found in one rendering of a sentence (a run of words of a re-translation, at relative
word positions [p0, p1)) is located in another rendering (the source) proportionally, then
widened to the surrounding clause punctuation (comma, semicolon, colon, sentence end, Arabic
comma and question mark, or a dash between spaces).
"""

from __future__ import annotations

import math
import re

from mtaudit.analysis.words import words

CLAUSE = re.compile(r"[,;:،؛.!?؟]\s*|\s[-–—]\s")


def map_to_clause(text: str, p0: float, p1: float) -> tuple[int, int]:
    """The clause span (start, end) of ``text`` covering relative word positions [p0, p1);
    the whole text when it has no word. The span is never empty."""
    ws = words(text)
    if not ws:
        return 0, len(text)
    a = ws[min(len(ws) - 1, int(p0 * len(ws)))][0]
    b = ws[max(0, min(len(ws), math.ceil(p1 * len(ws))) - 1)][1]
    cuts = [0] + [m.end() for m in CLAUSE.finditer(text)] + [len(text)]
    start = max(c for c in cuts if c <= a)
    end_candidates = [m.start() for m in CLAUSE.finditer(text) if m.start() >= b]
    end = min(end_candidates) if end_candidates else len(text.rstrip())
    return start, max(end, start + 1)
