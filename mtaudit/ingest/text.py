"""Reading text files safely: size limit, binary detection, encodings, BOMs.

UTF-8 (with or without BOM) is read as is. UTF-16/UTF-32 files with a byte-order mark are
decoded and accepted. Anything else is refused with one line naming the file and, for
non-UTF-8 bytes, the likely encoding and the command that converts it.
The text is not otherwise changed (line ends included), so offsets in the Document are offsets
in the decoded file.

Only regular files are read (a FIFO, a device or a socket is refused before it is opened:
opening a FIFO blocks, reading ``/dev/zero`` never ends); ``-`` reads standard input, under
the same size limit. :class:`InputLimits` holds the limits every input is checked against
right after reading (bytes) and segmenting (characters, words, sentences, units).
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from mtaudit.core.errors import InputError
from mtaudit.core.text import base_lang

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class InputLimits:
    """What one input may hold; each limit is raised by the option named in its error.

    * ``max_bytes`` (``--max-size``, 20 MiB): bytes per file; about 10 million characters of
      Arabic or French, far beyond any one document and below what the audit handles in minutes.
    * ``max_segment_chars`` (``--max-segment``, 50,000): characters per sentence or unit. Long
      legal sentences run to a few thousand characters; a PO unit holding a whole licence
      (GPL v3: about 35,000 characters) still fits. Texts longer than the embedder can use are
      cut for embedding only (:data:`mtaudit.embed.base.MAX_EMBED_CHARS`).
    * ``max_word_chars`` (``--max-word``, 2,000): characters of one run without white space
      (CJK punctuation and zero-width spaces end a run too, so Chinese, Japanese or Thai prose
      passes). The longest real runs are URLs (about 2,000 characters is what browsers and
      servers reliably accept) and chemical names (a few hundred); a longer run is a base64
      blob, minified code or text that lost its spaces, not prose.
    * ``max_sentences`` (``--max-sentences``, 20,000): sentences per plain-text document. A
      6,000-verse book or a 150,000-word novel (about 10,000 sentences) fits. An audit grows
      linearly, about 0.1 CPU s and 0.1 MiB per sentence with ``--embedder use``
      (reports/bench_limits.md): about half an hour and 2.5 GB at the limit, not endless.
    * ``max_units`` (``--max-units``, 50,000): translation units per pre-aligned file; the
      largest software catalogs hold 10,000-20,000 messages (split a whole translation memory).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_segment_chars: int = 50_000
    max_word_chars: int = 2_000
    max_sentences: int = 20_000
    max_units: int = 50_000


DEFAULT_LIMITS = InputLimits()


class _Spanned(Protocol):
    text: str
    start: int


# What ends a "word" for max_word_chars: white space, zero-width space, CJK and full-width
# punctuation.
_RUN_BREAK = r"\s\u200b\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f"


@functools.lru_cache(maxsize=8)
def _long_run(limit: int) -> re.Pattern[str]:
    # anchored at the start of a run (the look-behind), so each run is scanned once
    return re.compile(rf"(?<![^{_RUN_BREAK}])[^{_RUN_BREAK}]{{{limit + 1}}}[^{_RUN_BREAK}]*")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def check_words(text: str, name: str, limits: InputLimits, where: str | None = None) -> None:
    """Refuse a run of more than ``limits.max_word_chars`` characters without white space
    (``where`` names the place, by default the line of ``text``)."""
    m = _long_run(limits.max_word_chars).search(text)
    if m is not None:
        at = where or f"line {_line(text, m.start())}"
        raise InputError(f"{name}: {at}: a word (characters without white space) of "
                         f"{m.end() - m.start():,} characters, over the "
                         f"{limits.max_word_chars:,}-character limit (raise it with "
                         "--max-word CHARS, AuditConfig(max_word_chars=...))")


def check_segment_length(length: int, name: str, where: str, limits: InputLimits) -> None:
    if length > limits.max_segment_chars:
        raise InputError(f"{name}: {where} is {length:,} characters long, over the "
                         f"{limits.max_segment_chars:,}-character limit (raise it with "
                         "--max-segment CHARS, AuditConfig(max_segment_chars=...))")


def check_sentences(text: str, segments: Iterable[_Spanned], name: str,
                    limits: InputLimits) -> None:
    """Refuse a document with too many sentences or one too long (after segmenting)."""
    n = 0
    for seg in segments:
        n += 1
        if len(seg.text) > limits.max_segment_chars:  # the line is counted only then
            check_segment_length(len(seg.text), name, f"the sentence at line "
                                 f"{_line(text, seg.start)}", limits)
    if n > limits.max_sentences:
        raise InputError(f"{name}: {n:,} sentences, over the {limits.max_sentences:,}-sentence "
                         "limit (split the document, or raise it with --max-sentences N, "
                         "AuditConfig(max_sentences=...))")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text (everything below 0x20 but \t \n \r \f \v, ESC).
_BAD_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}


def _mib(n: int) -> str:
    """A byte count in MiB with as many decimals as it takes to not show 0."""
    value = n / 2**20
    for digits in (1, 2, 3, 4, 5, 6):
        if round(value, digits) or value == 0:
            return f"{value:.{digits}f}"
    return f"{value:.2g}"


def display_name(path: str | os.PathLike[str]) -> str:
    """How messages name an input (standard input is ``<stdin>``)."""
    return STDIN_NAME if str(path) == STDIN else str(path)


def _too_big(name: str, size: int | None, max_bytes: int) -> InputError:
    what = f"file is {_mib(size)} MiB" if size is not None else "more than the limit"
    return InputError(f"{name}: {what}, over the {_mib(max_bytes)} MiB limit (split it, or "
                      "raise the limit with --max-size MIB, AuditConfig(max_input_mb=...))")


def _read_capped(fh: BinaryIO, max_bytes: int, name: str) -> bytes:
    """At most ``max_bytes`` bytes of ``fh``, read in chunks (a file may grow while read)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = fh.read(min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_big(name, None, max_bytes)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(name: str, mode: int) -> InputError:
    kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
    return InputError(f"{name}: is {kind}, not a regular file (give a file, or '-' to read "
                      "standard input)")


def read_bytes_checked(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES
                       ) -> bytes:
    """Bytes of ``path`` (``-``: standard input) after existence, file-type and size checks.
    Non-regular files are refused before they are opened."""
    if str(path) == STDIN:
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise InputError(f"{STDIN_NAME}: no standard input to read")
        return _read_capped(stdin, max_bytes, STDIN_NAME)
    p = Path(path)
    try:
        st = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{p}: no such file") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{p}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a directory, expected a text file")
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(str(p), st.st_mode)
    if st.st_size > max_bytes:
        raise _too_big(str(p), st.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # non-blocking: should the path have been swapped for a FIFO since the stat, opening
        # it does not wait for a writer, and the fstat below refuses it
        fd = os.open(p, flags)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(str(p), mode)
        try:
            return _read_capped(fh, max_bytes, str(p))
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None


def guess_encoding(data: bytes, lang: str | None = None) -> str:
    """Best guess of a legacy 8-bit encoding for bytes that are not UTF-8."""

    candidates: list[str] = []
    if lang and base_lang(lang) in ("ar", "fa", "ur"):
        candidates.append("cp1256")
    candidates += ["cp1252", "cp1256", "latin-1"]
    best, best_score = "latin-1", -1.0
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text if c.isalpha()]
        if not letters:
            continue
        if enc == "cp1256":
            arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)
            # Western text read as cp1256 turns accented letters into Arabic ones here and
            # there; real Arabic text is mostly Arabic letters.
            score = arabic if arabic > 0.3 else -1.0
        else:
            score = 0.5 - sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)
        if score > best_score:
            best, best_score = enc, score
    return best


_ENCODING_NAMES = {"cp1256": "cp1256 (Windows Arabic)",
                   "cp1252": "cp1252/latin-1 (Windows Western European)",
                   "latin-1": "latin-1 (ISO-8859-1)"}


def decode_text(data: bytes, name: str, lang: str | None = None) -> str:
    """Decode file bytes to text or raise :class:`InputError` (``name`` is used in messages)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc.upper()} byte-order mark but is "
                                 f"not valid {enc.upper()} (byte offset {exc.start})") from None
    if b"\x00" in data:
        nul_odd = data[1::2].count(0)
        nul_even = data[0::2].count(0)
        half = max(1, len(data) // 2)
        if max(nul_odd, nul_even) > 0.3 * half and min(nul_odd, nul_even) < 0.05 * half:
            raise InputError(f"{name}: looks like UTF-16 without a byte-order mark; save it as "
                             "UTF-8 (e.g. iconv -f UTF-16LE -t UTF-8)")
        raise InputError(f"{name}: looks like a binary file (NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        enc = guess_encoding(data, lang)
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); it "
            f"looks like {_ENCODING_NAMES.get(enc, enc)}: convert it with "
            f"iconv -f {enc.upper().replace('LATIN-1', 'ISO-8859-1')} -t UTF-8") from None
    sample = text[:100_000]
    bad = sum(1 for c in sample if ord(c) in _BAD_CONTROLS)
    if sample and bad / len(sample) > 0.01:
        raise InputError(f"{name}: looks like a binary file ({bad} control characters in the "
                         "first 100,000), expected UTF-8 text")
    return text


def read_text(path: str | os.PathLike[str], lang: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a UTF-8 text file (BOM tolerated) with the checks above; refuses blank files."""
    data = read_bytes_checked(path, max_bytes)
    name = display_name(path)
    if not data:
        raise InputError(f"{name}: file is empty")
    text = decode_text(data, name, lang)
    if not text.strip():
        raise InputError(f"{name}: file contains only white space")
    return text
