"""Layout lines: photo credits, captions and other page furniture recognised by their shape."""

from __future__ import annotations

import re

_CREDIT = re.compile(
    r"(?:\(\s*[A-Z][A-Za-z.&]{0,14}(?:\s*[/,]\s*[A-Z][A-Za-z.&]{0,14})*\s*\)\s*$)"
    r"|©|(?:https?://|www\.)\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")
# (the e-mail address starts only where a run of non-space characters or an "@" does: with a
# bare "\S+@" every start inside a long run rescanned the run, quadratic in its length)


def looks_like_credit(text: str) -> bool:
    """A caption/credit-shaped line: ends with a parenthesised credit code, has © or a URL."""
    return bool(_CREDIT.search(text.strip()))
