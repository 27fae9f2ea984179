"""Sentence segmentation with exact character offsets.

``segment(text, lang)`` returns :class:`~mtaudit.core.types.Segment` objects such that
``text[s.start:s.end] == s.text`` and ``s.text`` is stripped of surrounding whitespace.

Rules (decided on what news text, including scraped pages, looks like):

* **Paragraphs** are separated by blank lines; ``Segment.paragraph`` counts them from 0.
* **A single newline ends a sentence.** Scraped news puts headlines, sub-titles, captions and
  paragraphs on their own lines, often without final punctuation (the Arabic seed's sub-title
  line has none), so a line never continues into the next one.
* **A tab or a run of three or more spaces inside a line ends a sentence** (scraped menus and
  headline lists are glued that way).
* **Terminators**: ``. ! ? …`` everywhere; Arabic script adds ``؟`` and ``؛`` (``،`` is a comma,
  never a terminator) and Urdu ``۔``; Devanagari ``।``, Armenian ``։`` and Ethiopic ``።`` are
  terminators too; CJK ``。！？`` end a sentence without a following space. A terminator
  ends a sentence only when followed by white space (or the end of the line), after any closing
  quotes or brackets.
* **No split** after an abbreviation of the language (``M.``, ``Mme``, ``Dr.``, ``p. ex.``,
  ``U.S.``...), after a single-letter initial (``J. F. Kennedy``), inside a number (``3.5``,
  ``1.200``: no space follows), before a lower-case letter (``etc. et``), at an ellipsis that
  is spaced off from the previous word (``Bagdad ... Irak``) or bracketed (``[…]``), and
  inside a quotation (``«…»``, ``“…”``, paired ``"…"``) unless the terminator is followed by
  the closing quote.
* Other languages get the same rules without an abbreviation list.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from mtaudit.core.text import base_lang, strip_span
from mtaudit.core.types import Segment

_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v\u00a0\u2000-\u200b\u3000]*\n\s*")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n|\t|[ \u00a0]{3,}|\u2028|\u2029")
_CLOSERS = "\"'»”’)]}›」』"
_TERM = re.compile(r"(?:\.{2,}|[.!?…؟؛۔।॥։።。！？‼⁇⁈⁉]+)")
_CJK_TERMS = set("。！？")
_WORD_BEFORE = re.compile(r"(\S+)$")

# Abbreviations after which a period does not end a sentence (lower-cased, without the final
# period). Titles and abbreviations that are always followed by more of the sentence.
def _fs(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ABBREV: dict[str, frozenset[str]] = {
    "fr": _fs("""m mm mme mmes mlle mlles dr drs pr prof me mgr st ste sts stes
        p pp ex cf env av apr n° no nos vol vols éd ed chap art al fig coll dir réf
        janv févr avr juil sept oct nov déc lun mar mer jeu ven sam dim hab tél
        gén col cdt lt sgt adj cap capt ltd inc cie etc"""),
    "en": _fs("""mr mrs ms messrs dr drs prof st sr jr gen col lt sgt capt cmdr adm
        gov sen rep pres rev hon fr mt ft ave blvd rd no nos vol vols fig figs p pp
        ed eds ch art dept univ co corp inc ltd bros vs v approx est jan feb mar apr
        jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun e.g i.e cf al
        etc"""),
    "de": _fs("""hr hrn fr dr prof nr st bzw ca vgl z.b d.h u.a usw etc bzw evtl
        ggf inkl max min jan feb märz apr jun jul aug sep sept okt nov dez"""),
    "es": _fs("""sr sra srta dr dra dña d lic ud uds av pág p núm no vol etc"""),
    "it": _fs("""sig sigra dott prof avv ing on p pag n vol ecc"""),
    "pt": _fs("""sr sra dr dra prof av p pág n nº vol etc"""),
}
# Abbreviations that may end a sentence when an upper-case word follows ("etc. Puis").
_MAY_END = frozenset({"etc", "inc", "ltd", "co", "corp", "al", "usw", "ecc"})
_OPEN_CLOSE = {"«": "»", "“": "”", "„": "“", "‹": "›", "「": "」", "『": "』"}


def segment(text: str, lang: str) -> list[Segment]:
    """Split ``text`` into sentences with exact offsets, sentence index and paragraph number."""
    base = base_lang(lang)
    abbrev = _ABBREV.get(base, frozenset())
    out: list[Segment] = []
    for paragraph, (p0, p1) in enumerate(_paragraphs(text)):
        for l0, l1 in _pieces(text, p0, p1, _LINE_SPLIT):
            for s0, s1 in _sentences(text, l0, l1, abbrev):
                s0, s1 = strip_span(text, s0, s1)
                if s0 < s1:
                    out.append(Segment(text[s0:s1], s0, s1, len(out), paragraph))
    return out


def segment_lines(text: str) -> list[Segment]:
    """One segment per non-blank line, as given (``--segmented``: one sentence per line, the
    Bleualign/vecalign input format): no re-splitting; white space at either end is outside
    the span; ``paragraph`` is the line number (0-based), so beads can be written with line
    numbers even when blank lines are skipped."""
    out: list[Segment] = []
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        s0, s1 = strip_span(text, pos, pos + len(line))
        if s0 < s1:
            out.append(Segment(text[s0:s1], s0, s1, len(out), line_no))
        pos += len(line) + 1
    return out


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each non-blank paragraph (blocks separated by blank lines)."""
    return list(_paragraphs(text))


# ----- internals -----------------------------------------------------------------------------

def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    for a, b in _pieces(text, 0, len(text), _PARA_SPLIT):
        a, b = strip_span(text, a, b)
        if a < b:
            yield a, b


def _pieces(text: str, a: int, b: int, sep: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    pos = a
    for m in sep.finditer(text, a, b):
        yield pos, m.start()
        pos = m.end()
    yield pos, b


def _quote_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Matched quotations in ``text[a:b]`` as ``(open index, close index)``."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: int | None = None
    for i in range(a, b):
        ch = text[i]
        if ch in _OPEN_CLOSE and not (ch == "“" and stack and stack[-1][0] == "„"):
            stack.append((ch, i))
        elif stack and ch == _OPEN_CLOSE[stack[-1][0]]:
            spans.append((stack.pop()[1], i))
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                spans.append((straight, i))
                straight = None
    spans.sort()
    return spans


def _sentences(text: str, a: int, b: int, abbrev: frozenset[str]) -> Iterator[tuple[int, int]]:
    a, b = strip_span(text, a, b)
    if a >= b:
        return
    quotes = _quote_spans(text, a, b)
    start = a
    for m in _TERM.finditer(text, a, b):
        t0, t1 = m.span()
        end = _after_closers(text, t1, b)
        cjk = text[t1 - 1] in _CJK_TERMS
        if end < b and not text[end].isspace() and not cjk:
            continue  # "3.5", "U.S.A", "word.word": no space follows
        if not _is_break(text, start, t0, t1, end, b, abbrev, quotes):
            continue
        yield start, end
        start = end
    if start < b:
        yield start, b


def _after_closers(text: str, i: int, b: int) -> int:
    """Index after the closing quotes/brackets that follow a terminator ending at ``i``.

    French guillemets may be spaced off: ``« Je pars. »``.
    """
    while i < b:
        j = i
        while j < b and text[j] in " \u00a0\u202f\u2009":
            j += 1
        if j < b and text[j] in _CLOSERS and (j == i or text[j] in "»›"):
            i = j + 1
        else:
            break
    return i


def _next_char(text: str, i: int, b: int) -> str:
    while i < b and text[i].isspace():
        i += 1
    return text[i] if i < b else ""


def _is_break(text: str, start: int, t0: int, t1: int, end: int, b: int,
              abbrev: frozenset[str], quotes: list[tuple[int, int]]) -> bool:
    term = text[t0:t1]
    nxt = _next_char(text, end, b)
    if nxt == "":
        return True
    if nxt.islower():
        return False  # "etc. et", "… a-t-il ajouté", «Il a dit.» a-t-il
    ellipsis = "…" in term or ".." in term
    if ellipsis:
        if t0 == start or text[t0 - 1].isspace():
            return False  # spaced ellipsis: a pause inside the sentence
        if t0 > start and text[t0 - 1] in "[(" and end > t1:
            return False  # "[…]" / "(...)": an omission mark
    elif term == ".":
        word_m = _WORD_BEFORE.search(text, max(start, t0 - 64), t0)
        word = word_m.group(1) if word_m else ""
        core = word.lstrip("\"'«“(‹[").lower()
        if core and len(core) == 1 and core.isalpha() and word_m is not None:
            return False  # initial: "J. F. Kennedy", "M. Dupont"
        if re.fullmatch(r"(?:\w\.)+\w", core):
            return False  # dotted abbreviation: "U.S.", "p.ex.", "e.g."
        if core in abbrev and not (core in _MAY_END and nxt.isupper()):
            return False
        if core.isdigit() and len(core) <= 2 and word_m.start() == start:
            return False  # list item "1. ..."
    # Inside a quotation: split only where the quote closes right after the terminator.
    # Quotations are sorted by where they open; look at the nearest ones opening before t0.
    k = bisect.bisect_left(quotes, (t0, -1))
    return not any(q0 < t0 < q1 and not (t1 <= q1 < end)
                   for q0, q1 in quotes[max(0, k - 64):k])


__all__ = ["paragraph_spans", "segment"]
