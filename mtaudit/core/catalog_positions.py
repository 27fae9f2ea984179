"""Where each unit's text lies in a gettext PO file: a small scanner of the file's entries.

A PO catalog's audited document is its units' texts joined (unescaped, one unit per segment),
so a flag's document offsets say nothing about the file. :class:`PoIndex` reads the file text
entry by entry (comments, ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``/``msgstr[n]``,
continuation lines; obsolete ``#~`` entries and the header passed over) and records, for every
character of each field's unescaped text, the file offsets of the escape sequence it came from
(``\\n``, ``\\"``, ``\\\\``; any other ``\\X`` is read as ``X``, as translate-toolkit reads it, so
the texts match the units'). :meth:`PoIndex.file_span` turns a span of a unit's text
(as the audit saw it, e.g. stripped of edge white space) into the file span holding it, in the
unit's ``msgstr`` (target side) or ``msgid`` (source side).

Units are matched by id as the readers make them (``msgctxt::msgid``, or ``msgid``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]*(?=\")")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class PoField:
    """One field of an entry: its unescaped text and, per character, its file span."""

    keyword: str
    text: str = ""
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    first: int = -1  # file offset just after the first literal's opening quote
    tail: int = -1  # file offset of the last literal's closing quote

    def add_literal(self, line: str, quote: int, base: int) -> None:
        """Append the string literal opening at ``line[quote]`` (the line at file ``base``)."""
        if self.first < 0:
            self.first = base + quote + 1
        chars: list[str] = []
        i = quote + 1
        while i < len(line) and line[i] != '"':
            j = i + 1
            ch = line[i]
            if ch == "\\" and j < len(line):
                # as translate-toolkit reads it: \n \t \r \" \\, any other \X is X
                ch, j = _ESCAPES.get(line[j], line[j]), j + 1
            chars.append(ch)
            self.starts.append(base + i)
            self.ends.append(base + j)
            i = j
        self.text += "".join(chars)
        self.tail = base + i  # where an empty span at the end of the text goes

    def file_span(self, a: int, b: int) -> tuple[int, int]:
        """The file span ``[start, end)`` holding ``text[a:b]``."""
        n = len(self.text)
        if a >= n:
            pos = self.tail
            return pos, pos
        start = self.starts[a]
        end = self.ends[b - 1] if b > a else start
        return start, end


@dataclass
class PoEntry:
    fields: dict[str, PoField] = field(default_factory=dict)
    obsolete: bool = False
    line_start: int = 0  # file offset of the entry's first keyword

    @property
    def uid(self) -> str:
        ctx = self.fields.get("msgctxt")
        msgid = self.fields["msgid"].text if "msgid" in self.fields else ""
        return f"{ctx.text}::{msgid}" if ctx is not None and ctx.text else msgid

    def side_fields(self, side: str) -> list[PoField]:
        """The fields of one side, in the order a unit's text is looked for in them."""
        if side == "source":
            keys = ["msgid", "msgid_plural"]
        else:
            keys = sorted((k for k in self.fields if k.startswith("msgstr")),
                          key=lambda k: (k != "msgstr", k))
            keys += ["msgid", "msgid_plural"]  # monolingual files: the text is the msgid
        return [self.fields[k] for k in keys if k in self.fields]


def scan_po(text: str) -> list[PoEntry]:
    """The entries of a PO file's text, in file order (the header and obsolete ones too)."""
    entries: list[PoEntry] = []
    cur: PoEntry | None = None
    fld: PoField | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        base, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            cur, fld = None, None
            continue
        if stripped.startswith("#~"):
            if cur is None or cur.fields:
                cur = PoEntry(obsolete=True)
                entries.append(cur)
            cur.obsolete = True
            fld = None
            continue
        if stripped.startswith("#"):
            if cur is not None and any(k.startswith("msgstr") for k in cur.fields):
                cur = None  # a comment after a msgstr starts the next entry
            fld = None
            continue
        indent = len(line) - len(line.lstrip())
        m = _KEY.match(line, indent)
        if m is not None:
            key = m.group(1)
            if cur is None or (key in ("msgctxt", "msgid") and any(
                    k.startswith("msgstr") for k in cur.fields)) or key in cur.fields:
                cur = PoEntry(line_start=base + indent)
                entries.append(cur)
            fld = PoField(key)
            cur.fields[key] = fld
            fld.add_literal(line, m.end(), base)
        elif stripped.startswith('"') and fld is not None:
            fld.add_literal(line, indent, base)
    return entries


_SUFFIX = re.compile(r"(?:\[(\d+)\]|#(\d+))$")


class PoIndex:
    """The translatable entries of a PO file by unit id, and spans of units' texts in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entries = [e for e in scan_po(text) if not e.obsolete and "msgid" in e.fields
                        and e.fields["msgid"].text]
        self.by_id: dict[str, PoEntry] = {}
        for e in self.entries:
            self.by_id.setdefault(e.uid, e)

    def entry(self, uid: str | None, order: int | None = None) -> PoEntry | None:
        """The entry of unit ``uid`` (a plural-form suffix ``[n]``/``#n`` tolerated), else the
        ``order``-th translatable entry."""
        if uid is not None:
            if uid in self.by_id:
                return self.by_id[uid]
            m = _SUFFIX.search(uid)
            if m is not None and uid[:m.start()] in self.by_id:
                return self.by_id[uid[:m.start()]]
        if order is not None and 0 <= order < len(self.entries):
            return self.entries[order]
        return None

    def file_span(self, uid: str | None, unit_text: str, a: int, b: int, side: str,
                  order: int | None = None) -> tuple[int, int] | None:
        """The file span of ``unit_text[a:b]`` in the unit's field of ``side``, or None."""
        entry = self.entry(uid, order)
        if entry is None:
            return None
        plural = _SUFFIX.search(uid or "")
        fields = entry.side_fields(side)
        if plural is not None:
            n = plural.group(1) or plural.group(2)
            fields.sort(key=lambda f: f.keyword != f"msgstr[{n}]")
        # the field whose text is the unit's (maybe stripped of edge white space), else the
        # first that holds it
        found = [(f.text.strip() != unit_text.strip(), f.text != unit_text, k, f)
                 for k, f in enumerate(fields) if unit_text in f.text]
        if not found:
            return None
        f = min(found, key=lambda t: t[:3])[3]
        lead = f.text.find(unit_text)
        return f.file_span(lead + a, lead + b)


__all__ = ["PoEntry", "PoField", "PoIndex", "scan_po"]
