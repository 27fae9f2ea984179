"""Inline suppression markers: accepted cases written in the translated file itself.

Write ``mtaudit: ignore`` (every category) or ``mtaudit: ignore=untranslated,name`` (those
categories), optionally followed by ``-- reason``, in the translated file, usually inside a
comment of its format::

    <!-- mtaudit: ignore=untranslated -- product name kept in English -->   (Markdown, HTML)
    # mtaudit: ignore=name -- spelling agreed with the author                (PO translator comment)

* a marker on a line that has other text suppresses the flags that start on that line;
* a marker alone on its line (with only comment punctuation around it) suppresses the flags on
  its line and in the block that follows it, up to the next blank line (a paragraph, a PO entry).

Suppressed flags are still reported (SARIF ``suppressions``), they just do not fail a check:
the CI views of a report (:mod:`mtaudit.report.checks`) and the gate honour the markers. The
gate's policy rules do the same from outside the file (:mod:`mtaudit.gate.policy`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtaudit.core.locations import Region

MARKER = re.compile(r"mtaudit:\s*ignore(?:=(?P<cats>[\w\-]+(?:\s*,\s*[\w\-]+)*))?"
                    r"(?:\s+--\s*(?P<reason>.*?))?\s*(?:-->|\*/)?\s*$")
# What may surround a marker standing alone on its line: comment syntax of common formats.
_COMMENT_ONLY = re.compile(r"^\s*(?:<!--|#[.,:|~]?|//|/\*|;|%|--)?\s*$")


@dataclass(frozen=True)
class InlineSuppression:
    """One marker and the lines of the file it covers."""

    first_line: int  # 1-based, inclusive
    last_line: int
    categories: frozenset[str] | None  # None: every category
    reason: str
    marker_line: int
    standalone: bool = False  # the marker is alone on its line (with comment syntax only)

    def is_marker_itself(self, start_line: int | None, end_line: int | None) -> bool:
        """A flag on the marker's own line when the line holds nothing else: in a format with
        no comments (plain text) the marker line looks like an added sentence."""
        return (self.standalone and start_line == self.marker_line
                and end_line in (None, self.marker_line))

    def covers(self, line: int, category: str) -> bool:
        return (self.first_line <= line <= self.last_line
                and (self.categories is None or category in self.categories))

    def justification(self) -> str:
        return f"inline marker on line {self.marker_line}" + (f": {self.reason}"
                                                               if self.reason else "")


def find_inline_suppressions(text: str) -> list[InlineSuppression]:
    """The inline markers of a file and the lines each one covers."""
    lines = text.split("\n")
    out: list[InlineSuppression] = []
    for i, line in enumerate(lines):
        m = MARKER.search(line)
        if m is None:
            continue
        cats = (frozenset(c.strip() for c in m.group("cats").split(","))
                if m.group("cats") else None)
        reason = (m.group("reason") or "").strip()
        last = i
        standalone = bool(_COMMENT_ONLY.match(line[: m.start()]))
        if standalone:
            # alone on its line: covers the following block too
            j = i + 1
            while j < len(lines) and lines[j].strip():
                j += 1
            last = j - 1
        out.append(InlineSuppression(i + 1, last + 1, cats, reason, i + 1, standalone))
    return out


def inline_status(marks: list[InlineSuppression], region: Region, category: str
                  ) -> tuple[str, str] | None:
    """``("suppressed", why)`` when one of ``marks`` accepts a flag of ``category`` placed at
    ``region`` (or the flag is the marker line itself), else None."""
    itself = next((s for s in marks if s.is_marker_itself(region.start_line, region.end_line)),
                  None)
    if itself is not None:
        return "suppressed", f"the suppression marker on line {itself.marker_line} itself"
    if region.start_line is not None:
        line = region.start_line
        mark = next((s for s in marks if s.covers(line, category)), None)
        if mark is not None:
            return "suppressed", mark.justification()
    return None
