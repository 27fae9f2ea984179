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
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(\n|\Z)", re.S)
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
_LINK_DEST = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+)>")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


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
    for rx in (_COMMENT, _INLINE_CODE, _REF_DEF, _LINK_DEST, _AUTOLINK, _URL, _HTML_TAG):
        for m in rx.finditer(prose):
            _blank(text, m.start(), m.end(), out)
        prose = "".join(out)
    return prose


def is_markdown(path: str) -> bool:
    from pathlib import Path

    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES
