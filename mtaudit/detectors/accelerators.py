"""Keyboard accelerators of UI strings, per the catalog's convention (``accelerators``).

The marker (``_`` in GTK, ``&`` in Qt/KDE/Windows, ``~`` in LibreOffice) is the one most of the
catalog's source strings use (:func:`mtaudit.lang.accelerators.catalog_marker`, at least 1 % of
the units and 3 units; option ``marker`` fixes it, ``"none"`` turns the check off). Then, for
every unit and plural form of a catalog (PO, XLIFF, TMX; other inputs give no flag), category
``accelerator``:

* the source has an accelerator and the translation none: **major**, on the source's
  accelerator (``side="source"``): the control can no longer be reached from the keyboard;
* the translation has more accelerators than the source: **minor**, on the extra one (a
  stray marker shows as a literal ``_`` or steals a key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtaudit.core.types import Flag
from mtaudit.detectors.base import CatalogOptions, Detector, DetectorContext
from mtaudit.lang.accelerators import MARKERS, accelerators, catalog_marker


@dataclass(frozen=True)
class AcceleratorsOptions(CatalogOptions):
    marker: str = "auto"  # "auto" (the catalog's convention), "_", "&", "~" or "none"


class AcceleratorsDetector(Detector):
    name = "accelerators"
    categories = ("accelerator",)
    Options = AcceleratorsOptions
    default = True

    def prepare(self, setup: Any) -> Any:
        from mtaudit.core.errors import ConfigError

        if self.options.marker not in ("auto", "none", *MARKERS):
            raise ConfigError(f"detector 'accelerators': marker must be auto, none or one of "
                              f"{' '.join(MARKERS)}, not {self.options.marker!r}")
        return None

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        if ctx.target.fmt not in self.options.formats or self.options.marker == "none":
            return []
        marker = self.options.marker
        if marker == "auto":
            marker = catalog_marker(p.source_text for p in ctx.pairs if p.source)
        if marker is None:
            return []
        flags: list[Flag] = []
        for pair in ctx.pairs:
            if not (pair.source and pair.target):
                continue
            src = accelerators(pair.source_text, marker)
            tgt = accelerators(pair.target_text, marker)
            if src and not tgt:
                pos, char = src[0]
                flags.append(Flag.on_pair(
                    pair, pos, pos + len(marker) + 1, category="accelerator", severity="major",
                    message=f"accelerator {marker}{char} of the source has none in the "
                            "translation", detector=self.name, side="source", confidence=0.85))
            elif len(tgt) > max(1, len(src)):
                for pos, char in tgt[max(1, len(src)):]:
                    flags.append(Flag.on_pair(
                        pair, pos, pos + len(marker) + 1, category="accelerator",
                        severity="minor", message=f"extra accelerator {marker}{char} (the "
                        f"source has {len(src)})", detector=self.name, confidence=0.8))
            elif tgt and not src:
                pos, char = tgt[0]
                flags.append(Flag.on_pair(
                    pair, pos, pos + len(marker) + 1, category="accelerator", severity="minor",
                    message=f"accelerator {marker}{char} where the source has none",
                    detector=self.name, confidence=0.8))
        return flags
