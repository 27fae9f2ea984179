"""Fingerprints of a report's flags: stable identities across runs, which baselines record.

The computation (category, detector, side, normalised text and occurrence index; no offsets)
is :mod:`mtaudit.core.fingerprint`, shared with the SARIF renderer's ``partialFingerprints``;
this module applies it to a whole report.
"""

from __future__ import annotations

from mtaudit.core.fingerprint import (
    document_order,
    fingerprinted_flags,
    flag_fingerprints,
    normalise_span,
)
from mtaudit.core.types import Flag
from mtaudit.report.model import AuditReport


def ordered_flags(report: AuditReport) -> list[Flag]:
    """All flags of the report in document order (target side first)."""
    return document_order(report.flags)


def fingerprinted(report: AuditReport) -> list[tuple[str, Flag]]:
    """The report's flags in document order with their fingerprints."""
    return fingerprinted_flags(report.flags)


__all__ = ["fingerprinted", "flag_fingerprints", "normalise_span", "ordered_flags"]
