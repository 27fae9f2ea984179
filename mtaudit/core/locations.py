"""Where a flag lies in its file: 1-based line and column regions from document offsets.

Flags carry document offsets (``doc_start``/``doc_end``, code points). :class:`FileText` turns
them into a :class:`Region` (1-based ``start_line``/``start_column``, ``end_column`` exclusive)
against the text of the file on that side. The text is given, or read from the path the report
records, and used as is only when its SHA-256 matches the audited document's: when the file
differs from the audited text (e.g. a PO or XLIFF catalog, whose document is the extracted
units), the flagged text is searched in the file near the expected place and the region is
``approximate``; when it is not found, the region has no line (and :meth:`Region.where` names the
file alone: offsets into the audited text are never shown).

**PO catalogs** are placed exactly: given the side's unit segments (:func:`side_segments`), each
flag is found in its own unit (by the segment holding it) and its span of the unit's unescaped
text is mapped to the file span of the escape sequences holding it, in that unit's ``msgstr``
(target side) or ``msgid`` (source side) (:mod:`mtaudit.core.catalog_positions`). The region
then carries the file's offsets (``char_offset``/``char_length`` into the file), the raw file
text of the span (``snippet``) and the unit's id.

Columns count code points (SARIF ``columnKind: unicodeCodePoints``), not UTF-16 code units.
Used by the SARIF renderer (:mod:`mtaudit.report.sarif`), the CI views of a report
(:mod:`mtaudit.report.checks`) and the gate.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtaudit.core.catalog_positions import PoIndex
from mtaudit.core.types import Flag, Segment


class TextLocator:
    """Maps code-point offsets of a text to 1-based (line, column); lines end at ``\\n``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset`` (clamped into the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


@dataclass(frozen=True)
class Region:
    """Where a flag lies in a file. ``start_line`` is None when it could not be placed on a line;
    ``char_offset``/``char_length`` index the audited document (``in_file``: the file itself,
    for catalog regions, whose ``snippet`` is the file's text of the span)."""

    start_line: int | None
    start_column: int | None
    end_line: int | None
    end_column: int | None
    char_offset: int
    char_length: int
    approximate: bool = False
    in_file: bool = False
    snippet: str | None = None
    unit: str | None = None

    def where(self, file: str) -> str:
        """``file:line:column``, or the file alone when the region has no line."""
        if self.start_line is None:
            return file
        return f"{file}:{self.start_line}:{self.start_column}"

    @property
    def file_offsets(self) -> bool:
        """Whether ``char_offset``/``char_length`` index the file (exact documents, catalogs)."""
        return self.start_line is not None and not self.approximate


def text_sha256(text: str) -> str:
    """The hex SHA-256 of ``text`` in UTF-8 (as reports record their documents')."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class FileText:
    """The text of one side's file, and whether it is exactly the audited document."""

    text: str | None
    exact: bool
    _locator: TextLocator | None = field(default=None, repr=False)
    catalog: PoIndex | None = field(default=None, repr=False)
    segments: tuple[Segment, ...] = field(default=(), repr=False)

    @property
    def locator(self) -> TextLocator | None:
        if self._locator is None and self.text is not None:
            self._locator = TextLocator(self.text)
        return self._locator

    @classmethod
    def resolve(cls, meta: dict[str, Any], text: str | None = None,
                base: str | Path | None = None,
                segments: Sequence[Segment] | None = None) -> FileText:
        """The file text for a document described by ``meta`` (``path``, ``sha256``); a PO
        catalog with its unit ``segments`` is placed unit by unit."""
        found = cls._resolve(meta, text, base)
        if (segments and found.text is not None and not found.exact
                and meta.get("format") == "po"):
            found.catalog = PoIndex(found.text)
            found.segments = tuple(sorted(segments, key=lambda s: (s.start, s.end)))
        return found

    @classmethod
    def _resolve(cls, meta: dict[str, Any], text: str | None,
                 base: str | Path | None) -> FileText:
        want = meta.get("sha256")
        if text is not None:
            return cls(text, want is None or text_sha256(text) == want)
        path = meta.get("path")
        if not path:
            return cls(None, False)
        p = Path(path)
        if base is not None and not p.is_absolute():
            p = Path(base) / p
        try:
            raw = p.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return cls(None, False)
        for candidate in (raw, raw.replace("\r\n", "\n"), unicodedata.normalize("NFC", raw),
                          unicodedata.normalize("NFC", raw.replace("\r\n", "\n"))):
            if text_sha256(candidate) == want:
                return cls(candidate, True)
        return cls(raw, False)

    def region(self, flag: Flag, doc_chars: int | None = None) -> Region:
        """Where ``flag`` lies in this file (``doc_chars``: the audited document's length)."""
        start = max(flag.doc_start, 0)
        end = max(flag.doc_end, start)
        loc = self.locator
        if self.catalog is not None and loc is not None:
            placed = self._catalog_region(flag, loc)
            if placed is not None:
                return placed
        if loc is not None and self.exact:
            (l0, c0), (l1, c1) = loc.line_col(start), loc.line_col(end)
            return Region(l0, c0, l1, c1, start, end - start)
        if loc is not None and flag.text.strip():
            hit = _nearest_occurrence(loc.text, flag.text, start, doc_chars, flag.side)
            if hit is not None:
                (l0, c0), (l1, c1) = loc.line_col(hit), loc.line_col(hit + len(flag.text))
                return Region(l0, c0, l1, c1, start, end - start, approximate=True)
        return Region(None, None, None, None, start, end - start)

    def _catalog_region(self, flag: Flag, loc: TextLocator) -> Region | None:
        """The region of ``flag`` in its own unit's field of the PO file, or None."""
        assert self.catalog is not None
        starts = [s.start for s in self.segments]
        k = bisect.bisect_right(starts, max(flag.doc_start, 0)) - 1
        for seg in self.segments[max(k - 2, 0):k + 1][::-1]:
            if seg.start <= flag.doc_start and flag.doc_end <= seg.end:
                break
        else:
            return None
        a, b = flag.doc_start - seg.start, flag.doc_end - seg.start
        if not 0 <= a <= b <= len(seg.text):
            return None
        span = self.catalog.file_span(seg.unit_id, seg.text, a, b, flag.side, seg.index)
        if span is None:
            return None
        fa, fb = span
        (l0, c0), (l1, c1) = loc.line_col(fa), loc.line_col(fb)
        return Region(l0, c0, l1, c1, fa, fb - fa, in_file=True, snippet=loc.text[fa:fb],
                      unit=seg.unit_id)


def side_segments(results: Iterable[Any], side: str) -> list[Segment]:
    """The segments of one side of a report's pairs (``results``: its PairResults)."""
    out: dict[int, Segment] = {}
    for r in results:
        for s in (r.pair.target if side == "target" else r.pair.source):
            out.setdefault(s.index, s)
    return list(out.values())


def _nearest_occurrence(text: str, needle: str, doc_offset: int, doc_chars: int | None,
                        side: str = "target") -> int | None:
    """The occurrence of ``needle`` in ``text`` closest to the relative place of the flag.

    In bilingual catalogs the same words may stand in the source and the translation (an
    untranslated unit): occurrences inside the other side's field (PO ``msgid``/``msgstr``,
    XLIFF ``<source>``/``<target>``) are passed over when one on the flag's side exists.
    """
    expected = doc_offset if not doc_chars else doc_offset * len(text) / max(doc_chars, 1)
    hits = []
    i = text.find(needle)
    while i >= 0:
        hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        return None
    on_side = [h for h in hits if catalog_side(text, h) in (side, None)]
    return min(on_side or hits, key=lambda h: abs(h - expected))


_PO_KEY = re.compile(r"^\s*(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt)\b")
_XML_TAG = re.compile(r"<(/?)(source|target)\b")


def catalog_side(text: str, pos: int) -> str | None:
    """"source"/"target" when ``pos`` lies in a PO or XLIFF field of that side, else None."""
    line_start = text.rfind("\n", 0, pos) + 1
    # PO: walk up continuation lines ("...") to the keyword line
    start = line_start
    while True:
        line_end = text.find("\n", start)
        line = text[start: line_end if line_end >= 0 else len(text)]
        m = _PO_KEY.match(line)
        if m:
            return "target" if m.group(1).startswith("msgstr") else "source"
        if not line.lstrip().startswith('"') or start == 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    # XLIFF: the last <source>/<target> tag opened before pos and not closed
    last = None
    for m in _XML_TAG.finditer(text, max(0, pos - 20000), pos):
        last = m
    if last is not None and not last.group(1):
        return last.group(2)
    return None


__all__ = ["FileText", "Region", "TextLocator", "catalog_side", "side_segments", "text_sha256"]
