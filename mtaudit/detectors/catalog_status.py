"""Empty and fuzzy catalog units, always reported with their status (``catalog_status``).

For a catalog (PO, XLIFF, TMX; other inputs give no flag), category ``untranslated``:

* an **empty** unit or plural form (``msgstr ""``, no XLIFF target): **major**, on the source
  (``side="source"``), "untranslated (empty)": the program shows the source text. (The omission
  detector may flag the same source-only unit; MQM counts the span once.)
* a **fuzzy** unit (``#, fuzzy``; XLIFF ``state="needs-…"``/``new``, 2.0 ``initial``):
  **major**, on the translation, "fuzzy (needs review)": ``msgfmt`` leaves fuzzy entries out,
  so the program shows the source text, and the translation is unreviewed.

Option ``fuzzy = false`` stops the fuzzy flags; ``severity`` changes both severities.
Statuses come from the catalog as read (:func:`mtaudit.ingest.catalog.catalog_info`); a
Document built by hand has none, and only its empty units are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtaudit.core.errors import ConfigError
from mtaudit.core.types import SEVERITIES, Flag
from mtaudit.detectors.base import CatalogOptions, Detector, DetectorContext, Setup
from mtaudit.ingest.catalog import catalog_info


@dataclass(frozen=True)
class CatalogStatusOptions(CatalogOptions):
    fuzzy: bool = True  # report fuzzy units
    severity: str = "major"


def _span(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return (start, end) if end > start else (0, len(text))


class CatalogStatusDetector(Detector):
    name = "catalog_status"
    categories = ("untranslated",)
    Options = CatalogStatusOptions
    default = True

    def prepare(self, setup: Setup) -> Any:
        if self.options.severity not in SEVERITIES:
            raise ConfigError(f"detector 'catalog_status': severity must be one of "
                              f"{', '.join(SEVERITIES)}, not {self.options.severity!r}")
        return None

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        if ctx.target.fmt not in self.options.formats:
            return []
        infos = catalog_info(ctx.target)
        sev = self.options.severity
        flags: list[Flag] = []
        for pair in ctx.pairs:
            if not pair.source or not pair.source_text.strip():
                continue
            if not pair.target or not pair.target_text:
                info = infos.get(pair.source[0].unit_id or "")
                form = f" plural form {info.form}" if info and info.form else ""
                s, e = _span(pair.source_text)
                flags.append(Flag.on_pair(
                    pair, s, e, category="untranslated", severity=sev, side="source",
                    message=f"untranslated (empty){form}: the program shows the source",
                    detector=self.name, confidence=1.0))
                continue
            uid = pair.target[0].unit_id
            info = infos.get(uid or "")
            if self.options.fuzzy and info is not None and info.status == "fuzzy":
                s, e = _span(pair.target_text)
                flags.append(Flag.on_pair(
                    pair, s, e, category="untranslated", severity=sev,
                    message="fuzzy (needs review): msgfmt leaves it out, the program shows "
                            "the source", detector=self.name, confidence=1.0))
        return flags

