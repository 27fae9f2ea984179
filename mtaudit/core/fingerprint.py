"""Flag fingerprints: stable identities for flags across runs (gate baselines, SARIF
``partialFingerprints``).

A fingerprint hashes the category, the detector, the side, the normalised flagged text and the
occurrence index of that combination in document order. It does not contain offsets, so editing
another part of the file does not change it, and a second identical error gets a new one.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

from mtaudit.core.types import Flag


def normalise_span(text: str) -> str:
    """Flagged text as compared across runs: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document_order(flags: Iterable[Flag]) -> list[Flag]:
    """``flags`` in document order (target side first): the order fingerprints are taken in."""
    return sorted(flags, key=lambda f: (f.side != "target", f.doc_start, f.doc_end,
                                        f.category, f.detector, f.pair_index))


def flag_fingerprints(flags: Iterable[Flag]) -> list[str]:
    """One fingerprint per flag of ``flags`` (given in document order)."""
    seen: dict[tuple[str, str, str, str], int] = {}
    out: list[str] = []
    for f in flags:
        key = (f.category, f.detector, f.side, normalise_span(f.text))
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\x1f".join((*key, str(n)))
        out.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32])
    return out


def fingerprinted_flags(flags: Iterable[Flag]) -> list[tuple[str, Flag]]:
    """``flags`` in document order, each with its fingerprint."""
    ordered = document_order(flags)
    return list(zip(flag_fingerprints(ordered), ordered, strict=True))


__all__ = ["document_order", "fingerprinted_flags", "flag_fingerprints", "normalise_span"]
