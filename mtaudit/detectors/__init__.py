"""Detector registry: name -> "module:Class", imported only when the detector is used."""

from __future__ import annotations

import importlib
from typing import Any

from mtaudit.core.errors import ConfigError
from mtaudit.detectors.base import Detector, DetectorContext, PairDetector

REGISTRY: dict[str, str] = {
    "untranslated": "mtaudit.detectors.untranslated:UntranslatedDetector",
    "numbers": "mtaudit.detectors.numbers:NumbersDetector",
    "omission": "mtaudit.detectors.omission:OmissionDetector",
    "repetition": "mtaudit.detectors.repetition:RepetitionDetector",
    "garbled": "mtaudit.detectors.repetition:GarbleDetector",
    "mistranslation": "mtaudit.detectors.mistranslation:MistranslationDetector",
    "names": "mtaudit.detectors.names:NamesDetector",
    "terms": "mtaudit.detectors.terms:TermsDetector",
}

# Registered detectors that run only when asked for (they need a user resource).
OPT_IN: frozenset[str] = frozenset({"terms"})

# Detectors run when the user does not choose.
DEFAULT_DETECTORS: tuple[str, ...] = tuple(n for n in REGISTRY if n not in OPT_IN)


def get_detector(name: str, **options: Any) -> Detector:
    try:
        target = REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise ConfigError(f"unknown detector {name!r}; known: {known}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)(**options)


__all__ = ["DEFAULT_DETECTORS", "REGISTRY", "Detector", "DetectorContext", "PairDetector",
           "get_detector"]
