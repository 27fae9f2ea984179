"""Code in software strings: the parts of a message that are not prose of any language.

Software catalogs mix prose with text that must stay as it is: printf and other placeholders
(``%s``, ``%1$s``, ``%(name)s``, ``{0}``, ``${VAR}``), markup (``<b>``, ``&amp;``), command-line
options (``--width``, ``-x``, ``-t, --target-directory``), metavariables (``FILE``, ``<file>``,
``NAME=VALUE``), identifiers (``snake_case``, ``camelCase``, ``Type::member``, ``func()``), URLs,
e-mail addresses and paths. :func:`code_spans` finds them by their shape alone (no word list);
:func:`mask_code` blanks them with spaces (offsets kept), so language identification reads only
the prose. Upper-case metavariables are code only when the source has the same word in upper
case (``source=``): an upper-case word of the translation alone may be an acronym of prose.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mtaudit.core.types import AlignedPair, Segment

_PATTERNS: tuple[str, ...] = (
    # printf (with positions, flags, width, precision, length), Python %(name)s, Qt %1, %%
    r"%(?:\d+\$)?(?:\([\w.-]{1,40}\))?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
    r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[A-Za-z%@]",  # any letter: printf, strftime (%H %Y)
    r"%\d+", r"%\{[\w.-]{1,40}\}", r"\\[A-Za-z]",  # Qt %1, %{name}, escapes \L \u
    # brace placeholders {0}, {name}, {name:>10}, ICU {count, plural, ...} heads; ${VAR}, $VAR
    r"\$?\{[\w.\-:!>< ,#]{0,60}\}", r"\$[A-Za-z_]\w*",
    # markup: tags, entities, <metavariable>
    r"</?[A-Za-z][\w:.-]*(?:\s[^<>]{0,200})?/?>", r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]\w*);",
    r"<[\w.:/ |-]{1,40}>",
    # URLs, e-mail addresses, paths
    r"\b(?:https?|ftp|file|mailto):[^\s<>\"'»”]+", r"\bwww\.[\w.-]+\.[a-z]{2,}[^\s<>\"'»”]*",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"(?<![\w/])(?:~|\.{1,2})?/[\w.+~@%-]+(?:/[\w.+~@%*-]*)*",
    # command-line options: --long[=ARG], -x, +x
    r"(?<![\w-])--?[A-Za-z0-9?][\w-]*(?:\[?=[^\s,;)]*\]?)?",
    # identifiers: snake_case, camelCase/PascalCase with an inner capital, a::b, a.b.c, f()
    r"\b\w+(?:::[\w-]+)+", r"\b[A-Za-z]\w*_\w*", r"\b[a-z]+[A-Z]\w*",
    r"\b[A-Z]+[a-z0-9]+[A-Z]\w*", r"\b[A-Za-z_]\w*\([^()\s]{0,40}\)?",
    r"\b[A-Za-z]\w*(?:\.[A-Za-z]\w*){2,}", r"\b[\w-]+\.(?:[a-z0-9]{1,5})\b(?!\.)(?=[\s,;:)»\"']|$)",
    # NAME=VALUE
    r"\b[A-Z][A-Z0-9_]*=[^\s,;)]*",
)
_CODE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
# Quoted text, bracketed syntax and whole lines: code when the source has them verbatim.
_QUOTED = re.compile(r"[«‹]\s*([^«»‹›\n]{1,80}?)\s*[»›]|“([^“”\n]{1,80})”|‘([^‘’\n]{1,80})’"
                     r"|`([^`'\n]{1,80})'|'([^'\n]{1,80})'|\"([^\"\n]{1,80})\"|`([^`\n]{1,80})`")
# A comma list of single tokens (keywords, values): "none, off, numbered" / "a, b, or c".
_LIST = re.compile(r"([\w-]+(?:[ \t]*,[ \t]*[\w-]+)+)(?:,?[ \t]+[^\W\d_]{1,3}"
                   r"[ \t]+[\w-]+)?")
_ITEM = re.compile(r"[\w-]+")
_SYNTAX_TOKEN = re.compile(r"\S*[/\[\]|=<>{}]\S*")
_CAPS = re.compile(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b")
_DOTTED_WORDS = re.compile(r"^[\w-]+\.[a-z]{1,4}$")


def code_spans(text: str, source: str | None = None) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of ``text`` that are code, not prose;
    with ``source``, upper-case words that the source has in upper case too (metavariables)."""
    spans = [(m.start(), m.end()) for m in _CODE.finditer(text) if m.end() > m.start()
             and not _sentence_join(text, m.start(), m.end())]
    if source:
        caps = set(_CAPS.findall(source))
        spans += [(m.start(), m.end()) for m in _CAPS.finditer(text) if m.group() in caps]
        spans += _copied_code(text, source)
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _copied_code(text: str, source: str) -> list[tuple[int, int]]:
    """Text the translation must keep as the source has it: quoted literals (``'apt install'``,
    « always »), syntax tokens (``[-d delim]``, ``a/b/c``) and whole lines with code, each found
    verbatim in the source."""
    out: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        k = next(i for i in range(1, 8) if m.group(i) is not None)
        inner = m.group(k).strip()
        if inner and inner in source:
            out.append((m.start(k), m.end(k)))
    out += [(m.start(), m.end()) for m in _SYNTAX_TOKEN.finditer(text) if m.group() in source]
    items = {w for m in _LIST.finditer(source) if m.group(1).count(",") >= 2
             for w in _ITEM.findall(m.group())}
    for m in _LIST.finditer(text):
        out += [(m.start() + w.start(), m.start() + w.end())
                for w in _ITEM.finditer(m.group()) if w.group() in items]
    src_lines = {ln.strip() for ln in source.splitlines() if ln.strip()}
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body in src_lines and (_CODE.search(body) or _SYNTAX_TOKEN.search(body)):
            a = pos + line.index(body)
            out.append((a, a + len(body)))
        pos += len(line)
    return out


def _sentence_join(text: str, a: int, b: int) -> bool:
    """``word.Next`` glued at a sentence end is prose (only file-name-like ``x.ext`` kept)."""
    chunk = text[a:b]
    return "." in chunk and bool(_DOTTED_WORDS.match(chunk)) and chunk.split(".")[-1][0].isupper()


def mask_code(text: str, source: str | None = None) -> str:
    """``text`` with its code spans (:func:`code_spans`) replaced by spaces, same length."""
    if not text:
        return text
    chars = list(text)
    for a, b in code_spans(text, source):
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def code_share(text: str, source: str | None = None) -> float:
    """Share of the letters of ``text`` inside code spans."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    masked = mask_code(text, source)
    return 1 - sum(1 for ch in masked if ch.isalpha()) / letters


def mask_pair(pair: AlignedPair) -> AlignedPair:
    """The pair with the code of both sides blanked out (offsets kept; target metavariables
    judged against the source)."""
    src = mask_code(pair.source_text)
    tgt = mask_code(pair.target_text, pair.source_text)

    def segs(side: tuple[Segment, ...], text: str, base: int) -> tuple[Segment, ...]:
        return tuple(replace(s, text=text[s.start - base:s.end - base])
                     if len(text[s.start - base:s.end - base]) == len(s.text) else s
                     for s in side)

    return replace(pair, source_text=src, target_text=tgt,
                   source=segs(pair.source, src, pair.source_start),
                   target=segs(pair.target, tgt, pair.target_start))


__all__ = ["code_share", "code_spans", "mask_code", "mask_pair"]
