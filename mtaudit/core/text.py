"""Small text helpers every layer uses: the base of a language code, and clipping for display."""

from __future__ import annotations


def base_lang(lang: str | None) -> str:
    """The primary subtag of a language code, lower case: ``"fr-CA"``, ``"fr_CA"``, ``"FR"`` →
    ``"fr"``; ``""`` for None or an empty code."""
    return (lang or "").strip().replace("_", "-").split("-")[0].lower()


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` with its white space collapsed, cut to at most ``limit`` characters; a cut text
    ends with ``ellipsis`` (counted in the limit)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:max(0, limit - len(ellipsis))] + ellipsis


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` narrowed past the white space at both ends of ``text[a:b]``."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
