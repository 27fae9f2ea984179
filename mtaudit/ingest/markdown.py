"""Markdown documents: only the prose is audited.

:func:`mask_markdown` blanks out what is not text to translate -- front matter, fenced code
blocks, inline code, HTML comments and tags, link and image destinations, reference
definitions, bare URLs -- by replacing each of its characters with a space (newlines kept).
The masked text has the same length and the same line breaks as the file, so every offset, line
and column the audit reports points at the file itself, and a code block turns into blank lines
(a paragraph break). Link texts, image alt texts, headings, lists and tables stay.

This is a light, line-based reading of CommonMark, not a full parser: indented code blocks are
not recognised (they are hard to tell from list continuations; use fenced blocks), and an
unclosed fence masks to the end of the file, as a Markdown renderer would show it.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdx"})

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# front matter: a fence at the very top, key: value lines (a horizontal rule has none), a fence
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?=[ \t]*[\w\"'-]+[ \t]*[:=])"
                           r".*?\n\1[ \t]*(\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK_DEST = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+)>")
# a URL's trailing punctuation belongs to the sentence ("see www.example.org.")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"
                  r"|\bwww\.[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
# HTML tags: known element names, bare or with name="value" attributes ("a <b and c> d" is prose)
_TAG_NAMES = ("a|abbr|article|aside|b|blockquote|br|center|code|dd|del|details|div|dl|dt|em|"
              "figcaption|figure|font|footer|h[1-6]|header|hr|i|iframe|img|ins|kbd|li|main|mark|"
              "nav|ol|p|picture|pre|q|s|samp|section|small|source|span|strike|strong|sub|"
              "summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var|video|wbr")
_ATTR = r"""\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+)"""
_HTML_TAG = re.compile(rf"</(?:{_TAG_NAMES})\s*>|<(?:{_TAG_NAMES})(?:{_ATTR})*\s*/?>",
                       re.IGNORECASE)


def _blank(text: str, start: int, end: int, out: list[str]) -> None:
    for k in range(start, end):
        if text[k] != "\n":
            out[k] = " "


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    spans = []
    pos, open_at, fence = 0, -1, ""
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if open_at < 0 and m:
            open_at, fence = pos, m.group(1)
        elif open_at >= 0 and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                and not line[m.end():].strip():
            spans.append((open_at, pos + len(line)))
            open_at = -1
        pos += len(line)
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans, as CommonMark pairs them: a run of n backticks opens a span that the
    next run of exactly n backticks in the same paragraph closes; runs with no closer are
    literal. One pass over the runs (no backtracking on crafted input)."""
    import bisect

    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)]
    para = [bisect.bisect_right(blanks, a) for a, _ in runs]
    next_same: list[int] = [-1] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        n = runs[i][1] - runs[i][0]
        next_same[i] = last.get(n, -1)
        last[n] = i
    spans = []
    i = 0
    while i < len(runs):
        j = next_same[i]
        if j >= 0 and para[j] == para[i]:
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
        else:
            i += 1
    return spans


def mask_markdown(text: str) -> str:
    """``text`` with every non-prose character replaced by a space (see the module doc)."""
    out = list(text)
    m = _FRONT_MATTER.match(text)
    if m:
        _blank(text, 0, m.end(), out)
    code = _fenced_blocks(text)
    for a, b in code:
        _blank(text, a, b, out)
    # the other rules look at the text outside code blocks only
    prose = "".join(out)
    for m in _COMMENT.finditer(prose):
        _blank(text, m.start(), m.end(), out)
    prose = "".join(out)
    for a, b in _code_spans(prose):
        _blank(text, a, b, out)
    prose = "".join(out)
    for rx in (_REF_DEF, _LINK_DEST, _AUTOLINK, _URL, _HTML_TAG):
        for m in rx.finditer(prose):
            _blank(text, m.start(), m.end(), out)
        prose = "".join(out)
    return prose


def is_markdown(path: str) -> bool:
    from pathlib import Path

    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES
