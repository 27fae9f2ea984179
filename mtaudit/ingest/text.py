"""Reading text files safely: size limit, binary detection, encodings, BOMs.

UTF-8 (with or without BOM) is read as is. UTF-16/UTF-32 files with a byte-order mark are
decoded and accepted. Anything else is refused with one line naming the file and, for
non-UTF-8 bytes, the likely encoding and the command that converts it.
The text is not otherwise changed (line ends included), so offsets in the Document are offsets
in the decoded file.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from mtaudit.core.errors import InputError
from mtaudit.core.text import base_lang

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

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


def read_bytes_checked(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES
                       ) -> bytes:
    """Bytes of ``path`` after existence and size checks."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a text file")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(f"{p}: file is {_mib(size)} MiB, over the "
                         f"{_mib(max_bytes)} MiB limit (split it, or raise the limit with "
                         "--max-size MIB, AuditConfig(max_input_mb=...))")
    try:
        return p.read_bytes()
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
    if not data:
        raise InputError(f"{path}: file is empty")
    text = decode_text(data, str(path), lang)
    if not text.strip():
        raise InputError(f"{path}: file contains only white space")
    return text
