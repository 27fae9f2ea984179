"""Untrusted text made safe to print: control characters are shown, never obeyed.

A translation, a file name or a crafted report can hold terminal escape sequences (``ESC [2J``
clears the screen, ``ESC ]52;c;...BEL`` writes the clipboard, ``ESC ]8;;URL`` makes a link),
carriage returns that overwrite a line, bidi overrides (U+202E) that show text in another order
than it is stored (*Trojan Source*), or lone surrogates that cannot be written as UTF-8 at all.
:func:`visible` writes each such character as an escape (``\\x1b``, ``\\u202e``, ``\\ud800``),
so the output shows what the text holds; everything else, tab included, is kept.

:func:`github_data` and :func:`github_property` escape values of GitHub Actions workflow
commands (``::error file=...::message``); :func:`xml_text` keeps XML 1.0 well-formed.
"""

from __future__ import annotations

import re

# C0 controls but TAB and LF, DEL, C1 controls, line/paragraph separators, bidi embeddings,
# overrides and isolates (the marks LRM/RLM/ALM are ordinary in RTL text and kept), surrogates
# (a lone one cannot be encoded) and the two noncharacters XML cannot hold.
_UNSAFE = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
           "\ud800-\udfff\ufffe\uffff")
_KEEP_LF = re.compile(f"[{_UNSAFE}]")
_NO_LF = re.compile(f"[\n{_UNSAFE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def escape_char(ch: str) -> str:
    """The visible escape of one character: ``\\n``, ``\\r``, ``\\x1b``, ``\\u202e``."""
    o = ord(ch)
    return _NAMED.get(ch) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")


def visible(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (LF kept with
    ``keep_newlines``); None is the empty string."""
    s = "" if text is None else str(text)
    pattern = _KEEP_LF if keep_newlines else _NO_LF
    return pattern.sub(lambda m: escape_char(m.group()), s)


def visible_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`visible` (no newlines kept), and where each offset of ``text`` (0 to its length,
    both included) lands in the result, so that spans can be moved onto it."""
    if not _NO_LF.search(text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for ch in text:
        offsets.append(pos)
        piece = escape_char(ch) if _NO_LF.match(ch) else ch
        out.append(piece)
        pos += len(piece)
    offsets.append(pos)
    return "".join(out), offsets


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point (not valid Unicode text)."""
    return _SURROGATE.search(text) is not None


def no_surrogates(text: str) -> str:
    """``text`` with each surrogate code point written as its escape (``\\ud800``)."""
    return _SURROGATE.sub(lambda m: escape_char(m.group()), text)


def json_safe(json_text: str) -> str:
    """JSON text (``ensure_ascii=False``) that can be encoded: a surrogate can only stand in a
    string, where it becomes the escaped text ``\\\\udXXX`` (a backslash and its code)."""
    return _SURROGATE.sub(lambda m: "\\" + escape_char(m.group()), json_text)


def github_data(value: object) -> str:
    """A workflow command's message: controls but CR and LF shown, then ``%``, CR and LF
    escaped as the runner expects (``%25``, ``%0D``, ``%0A``)."""
    text = "\r".join(visible(part, keep_newlines=True)
                     for part in ("" if value is None else str(value)).split("\r"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: object) -> str:
    """A workflow command's property value (``file=``, ``title=``): as :func:`github_data`,
    and ``:`` and ``,`` escaped too."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold (element text or attribute): controls shown, LF kept."""
    return visible(value, keep_newlines=True)


__all__ = ["escape_char", "github_data", "github_property", "has_surrogate", "json_safe",
           "no_surrogates", "visible", "visible_offsets", "xml_text"]
