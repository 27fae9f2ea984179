"""Detector registry: name -> "module:Class", imported only when the detector is used."""

from __future__ import annotations

import importlib
from typing import Any

from mtaudit.detectors.base import Detector, DetectorContext, PairDetector
from mtaudit.errors import ConfigError

REGISTRY: dict[str, str] = {
    "untranslated": "mtaudit.detectors.untranslated:UntranslatedDetector",
}

# Detectors run when the user does not choose.
DEFAULT_DETECTORS: tuple[str, ...] = tuple(REGISTRY)


def get_detector(name: str, **options: Any) -> Detector:
    try:
        target = REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unknown detector {name!r}; known: {', '.join(sorted(REGISTRY))}") from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)(**options)


__all__ = ["DEFAULT_DETECTORS", "REGISTRY", "Detector", "DetectorContext", "PairDetector",
           "get_detector"]
