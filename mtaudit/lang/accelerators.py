"""Keyboard accelerators of UI strings (``_Open``, ``&Save``, ``~Print``) and a catalog's marker.

Accelerators are found with translate-toolkit's ``translate.filters.decoration.findaccelerators``
(which also judges the accelerator character; a letter without diacritic is kept). A marker
counts only where it reads as one: at the start of a word, or inside a capitalised word
before a lowercase letter (``Fi_nd``, ``co_nnecter``, ``ال_تحديد``); not in identifiers and key
names (``LC_ALL``, ``KP_Right``, ``Page_Up``, ``_NET_WM_NAME``), nor in ``&&``, ``& ``
or an entity (``&amp;``). A catalog's marker is the one most of its source strings carry
(:func:`catalog_marker`), with at least ``min_share`` of the strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from translate.filters.decoration import findaccelerators

MARKERS = ("_", "&", "~")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9.-]*|#\d+|#x[0-9A-Fa-f]+);")


def accelerators(text: str, marker: str) -> list[tuple[int, str]]:
    """(offset of the marker, accelerator character) for each accelerator of ``text``."""
    if marker not in text:
        return []
    found, _bad = findaccelerators(text, marker)
    out: list[tuple[int, str]] = []
    for pos, char in found:
        if not char.isalpha():
            continue  # ~1, _2: codes, not accelerators
        before = text[pos - 1] if pos else " "
        if before == marker or (marker == "&" and _ENTITY.match(text, pos)):
            continue
        end = pos + len(marker) + 1
        tail = re.match(r"\w*", text[end:])
        if marker in (tail.group() if tail else ""):
            continue  # _NET_WM_NAME
        if before.isalnum():
            word_start = pos
            while word_start and text[word_start - 1].isalnum():
                word_start -= 1
            head = text[word_start:pos]
            if head.isascii() and (char.isupper() or "_" in head
                                   or (len(head) > 1 and head.isupper())):
                continue  # an identifier or key name: LC_ALL, KP_Right, Page_Up
        elif before in "%$\\/{":
            continue
        out.append((pos, char))
    return out


def catalog_marker(sources: Iterable[str], min_share: float = 0.01, min_count: int = 3
                   ) -> str | None:
    """The accelerator marker most source strings use at the start of a word (None when none
    reaches ``min_share`` of the strings and ``min_count`` strings)."""
    counts = dict.fromkeys(MARKERS, 0)
    total = 0
    for text in sources:
        total += 1
        for m in MARKERS:  # evidence: an accelerator at the start of a word (_Open, Save _As)
            if any(pos == 0 or not text[pos - 1].isalnum() for pos, _ in accelerators(text, m)):
                counts[m] += 1
    best = max(MARKERS, key=lambda m: counts[m])
    if counts[best] >= max(min_count, min_share * total):
        return best
    return None
