"""Flag fingerprints: stable identities for flags across runs (gate baselines, SARIF
``partialFingerprints``).

A fingerprint hashes the category, the detector, the side, the normalised flagged text and the
occurrence index of that combination in document order. It does not contain offsets, so editing
another part of the file does not change it, and a second identical error gets a new one.

For catalogs (units paired by id) the unit's identity (``msgctxt::msgid``, or the unit id) is
hashed too, and the occurrence index counts within the unit: a flag on one unit never takes
the fingerprint of the same flag text on another unit. Documents (no unit ids) keep their
fingerprints.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from mtaudit.core.types import Flag


def normalise_span(text: str) -> str:
    """Flagged text as compared across runs: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document_order(flags: Iterable[Flag]) -> list[Flag]:
    """``flags`` in document order (target side first): the order fingerprints are taken in."""
    return sorted(flags, key=lambda f: (f.side != "target", f.doc_start, f.doc_end,
                                        f.category, f.detector, f.pair_index))


def pair_units(results: Iterable[Any]) -> dict[int, str]:
    """Pair index -> unit id, for the pairs of a report's results that come from units."""
    out: dict[int, str] = {}
    for r in results:
        seg = next((s for s in (*r.pair.target, *r.pair.source) if s.unit_id is not None), None)
        if seg is not None and seg.unit_id is not None:
            out[r.pair.index] = seg.unit_id
    return out


def flag_fingerprints(flags: Iterable[Flag], units: Mapping[int, str] | None = None
                      ) -> list[str]:
    """One fingerprint per flag of ``flags`` (given in document order); ``units`` (pair index
    -> unit id, :func:`pair_units`) adds the unit's identity for catalogs."""
    seen: dict[tuple[str, ...], int] = {}
    out: list[str] = []
    for f in flags:
        key: tuple[str, ...] = (f.category, f.detector, f.side, normalise_span(f.text))
        unit = units.get(f.pair_index) if units else None
        if unit is not None:
            key = (*key, "unit", unit)
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\x1f".join((*key, str(n)))
        out.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32])
    return out


def fingerprinted_flags(flags: Iterable[Flag], units: Mapping[int, str] | None = None
                        ) -> list[tuple[str, Flag]]:
    """``flags`` in document order, each with its fingerprint."""
    ordered = document_order(flags)
    return list(zip(flag_fingerprints(ordered, units), ordered, strict=True))


__all__ = ["document_order", "fingerprinted_flags", "flag_fingerprints", "normalise_span",
           "pair_units"]
