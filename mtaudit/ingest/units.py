"""Readers of pre-aligned (unit-based) formats: TSV, JSONL, gettext PO, XLIFF 1.2/2.0, TMX.

Each reader returns a list of :class:`Unit` (id, source text, target text). A missing or empty
translation gives ``target == ""``: the unit is kept (see :mod:`mtaudit.ingest`).
PO, XLIFF and TMX are read with translate-toolkit by :mod:`mtaudit.ingest.catalog` (whatever it
raises on a hostile file becomes a one-line :class:`InputError`), keeping each unit's text as is
(whitespace is content), one unit per plural form, in the declared charset; TSV and JSONL
fields are stripped. Every unit is checked against the :class:`InputLimits`
(units per file, characters per unit, characters per word) and for lone surrogates (a JSON
``"\\ud800"`` escape is not a character) before any model is loaded.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mtaudit.core.errors import InputError
from mtaudit.ingest.catalog import UnitInfo
from mtaudit.ingest.text import (
    DEFAULT_MAX_BYTES,
    InputLimits,
    check_segment_length,
    check_words,
    decode_text,
    display_name,
    read_bytes_checked,
)

# File extension -> format name.
FORMATS: dict[str, str] = {
    ".tsv": "tsv", ".tab": "tsv",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".po": "po", ".pot": "po",
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff",
    ".tmx": "tmx",
}
_SURROGATE = re.compile("[\ud800-\udfff]")
HEADER_NAMES = frozenset({"source", "src", "target", "tgt", "translation", "mt", "hyp",
                          "hypothesis", "id"})


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str
    # catalog facts: status (translated/fuzzy/untranslated), plural form (ingest.catalog)
    info: UnitInfo = field(default_factory=UnitInfo)


def detect_format(path: str | os.PathLike[str]) -> str:
    """``"text"`` or one of the unit formats, from the file extension."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def read_units(path: str | os.PathLike[str], fmt: str, src_lang: str, tgt_lang: str, *,
               jsonl_keys: tuple[str, str, str] = ("source", "target", "id"),
               max_bytes: int = DEFAULT_MAX_BYTES,
               limits: InputLimits | None = None) -> list[Unit]:
    """The units of a pre-aligned file (``limits`` default to ``InputLimits(max_bytes)``)."""
    limits = limits or InputLimits(max_bytes=max_bytes)
    name = display_name(path)
    data = read_bytes_checked(path, limits.max_bytes)
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if fmt == "tsv":
        units = _read_tsv(decode_text(data, name), name)
    elif fmt == "jsonl":
        units = _read_jsonl(decode_text(data, name), name, jsonl_keys)
    elif fmt in ("po", "xliff", "tmx"):
        from mtaudit.ingest.catalog import read_catalog

        # the declared charset honoured; the same binary checks as any text file
        units = read_catalog(data, name, fmt, src_lang, tgt_lang)
    else:
        raise InputError(f"{name}: unknown pre-aligned format {fmt!r}")
    if not units:
        raise InputError(f"{name}: no translation units found")
    check_units(units, name, limits)
    seen: set[str] = set()
    for u in units:
        if u.id in seen:
            raise InputError(f"{name}: unit id {u.id!r} occurs twice")
        seen.add(u.id)
    if not any(u.source.strip() or u.target.strip() for u in units):
        raise InputError(f"{name}: all translation units are empty")
    return units


def check_units(units: list[Unit], name: str, limits: InputLimits) -> None:
    """Units per file, characters per unit and per word, no lone surrogates."""
    if len(units) > limits.max_units:
        raise InputError(f"{name}: {len(units):,} translation units, over the "
                         f"{limits.max_units:,}-unit limit (split the file, or raise it with "
                         "--max-units N, AuditConfig(max_units=...))")
    for u in units:
        for side, text in (("id", u.id), ("source", u.source), ("target", u.target)):
            if _SURROGATE.search(text):
                raise InputError(f"{name}: unit {_short(u.id)}: the {side} holds a lone UTF-16 "
                                 "surrogate (an unpaired \\ud800-\\udfff escape), not a "
                                 "character")
            if side != "id":
                where = f"unit {_short(u.id)} ({side})"
                check_segment_length(len(text), name, where, limits)
                check_words(text, name, limits, where)


def _short(uid: str) -> str:
    return repr(uid if len(uid) <= 40 else uid[:40] + "…")


def _clean(text: str) -> str:
    # A unit is one block of the joined document: blank lines inside it would read as a
    # paragraph break, and tabs/newlines inside TSV/JSON fields are content, kept as is.
    return text.strip()


def _read_tsv(text: str, name: str) -> list[Unit]:
    units: list[Unit] = []
    lines = text.splitlines()
    first = True
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError(f"{name}:{lineno}: expected two tab-separated columns "
                             "(source<TAB>target), found one")
        if len(cols) > 3:
            raise InputError(f"{name}:{lineno}: expected 2 or 3 tab-separated columns "
                             f"(source, target[, id]), found {len(cols)}")
        if first and all(c.strip().lower() in HEADER_NAMES for c in cols):
            first = False
            continue
        first = False
        uid = cols[2].strip() if len(cols) == 3 and cols[2].strip() else str(lineno)
        units.append(Unit(uid, _clean(cols[0]), _clean(cols[1])))
    return units


def _read_jsonl(text: str, name: str, keys: tuple[str, str, str]) -> list[Unit]:
    skey, tkey, ikey = keys
    units: list[Unit] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{lineno}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{name}:{lineno}: expected a JSON object per line")
        if skey not in obj and tkey not in obj:
            raise InputError(f"{name}:{lineno}: no {skey!r} or {tkey!r} key "
                             f"(keys: {', '.join(sorted(obj)) or 'none'})")
        src, tgt = obj.get(skey) or "", obj.get(tkey) or ""
        if not isinstance(src, str) or not isinstance(tgt, str):
            raise InputError(f"{name}:{lineno}: {skey!r} and {tkey!r} must be strings")
        uid = obj.get(ikey)
        for key, val in ((skey, src), (tkey, tgt), (ikey, uid)):
            if isinstance(val, str) and _SURROGATE.search(val):
                raise InputError(f"{name}:{lineno}: {key!r} holds a lone UTF-16 surrogate "
                                 "(an unpaired \\ud800-\\udfff escape), not a character")
        units.append(Unit(str(uid) if uid is not None else str(lineno), _clean(src),
                          _clean(tgt)))
    return units
