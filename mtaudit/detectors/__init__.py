"""Detectors, looked up in the plugin registry (entry-point group ``mtaudit.detectors``).

Built-in and third-party detectors are found the same way (:mod:`mtaudit.core.plugins`); a
detector's module is imported only when it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mtaudit.core import plugins
from mtaudit.core.options import Options
from mtaudit.detectors.base import (
    Detector,
    DetectorContext,
    PairDetector,
    Setup,
    checked_flags,
)

# The order in which the built-in default detectors run and appear in the signature.
BUILTIN_ORDER: tuple[str, ...] = ("untranslated", "numbers", "omission", "repetition",
                                  "garbled", "mistranslation", "names", "terms",
                                  "placeholders", "markup", "accelerators", "l10n_format",
                                  "catalog_status")
# Names that stand for a family of detectors in a detector list (like "default"). The catalog
# checks run by default and give no flag on inputs other than PO, XLIFF and TMX.
GROUPS: dict[str, tuple[str, ...]] = {
    "l10n": ("placeholders", "markup", "accelerators", "l10n_format", "catalog_status"),
}


def registered() -> tuple[str, ...]:
    """Every registered detector name: built-ins in their order, then the others sorted."""
    names = plugins.names("detector")
    return (*(n for n in BUILTIN_ORDER if n in names),
            *(n for n in names if n not in BUILTIN_ORDER))


def detector_class(name: str) -> type[Detector]:
    cls = plugins.load("detector", name)
    if not (isinstance(cls, type) and issubclass(cls, Detector)):
        raise plugins.PluginError(f"detector plugin {name!r} is not a Detector subclass")
    if cls.name != name:
        raise plugins.PluginError(f"detector plugin {name!r} declares the name {cls.name!r}")
    return cls


def default_detectors() -> tuple[str, ...]:
    """The detectors run when the user does not choose: mtaudit's own that declare
    ``default = True``. A third party's detector runs when it is asked for by name (so that
    installing a package never changes an audit silently, and a broken plugin that nobody asked
    for is never imported)."""
    return tuple(n for n in registered()
                 if plugins.builtin("detector", n) and detector_class(n).default)


def get_detector(name: str, options: Mapping[str, Any] | Options | None = None,
                 **kwargs: Any) -> Detector:
    return detector_class(name)(options, **kwargs)


__all__ = ["BUILTIN_ORDER", "GROUPS", "Detector", "DetectorContext", "PairDetector", "Setup",
           "checked_flags", "default_detectors", "detector_class", "get_detector",
           "registered"]
