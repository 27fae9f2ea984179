"""XML/HTML tags and entities of software strings: missing, extra or changed (``markup``).

For every unit and plural form of a catalog (PO, XLIFF, TMX; other inputs give no flag), the
tags (known HTML/Pango/DocBook names, or any name the string closes: ``<file>`` alone is a
metavariable and is translated) and entities (``&amp;``, ``&#169;``) of the source and the
translation are compared by their text (translatable attributes such as ``alt`` and ``title``
aside), with translate-toolkit's tag and entity patterns (:mod:`mtaudit.lang.placeholders`).
Broken markup shows as raw text or breaks rendering: **major**, category ``markup``; a missing
tag is flagged on the source's tag (``side="source"``), an extra or changed one on the
translation's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtaudit.core.types import Flag
from mtaudit.detectors.base import CatalogOptions, Detector, DetectorContext, catalog_pairs
from mtaudit.lang.placeholders import compare_tokens, markup_tokens


@dataclass(frozen=True)
class MarkupOptions(CatalogOptions):
    pass


class MarkupDetector(Detector):
    name = "markup"
    categories = ("markup",)
    Options = MarkupOptions
    default = True

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        flags: list[Flag] = []
        for pair in catalog_pairs(ctx, self.options.formats):
            src = markup_tokens(pair.source_text)
            tgt = markup_tokens(pair.target_text)
            if not (src or tgt):
                continue
            for f in compare_tokens(src, tgt):
                t, kind = f.token, "entity" if f.token.kind == "entity" else "tag"
                if f.what == "missing":
                    flags.append(Flag.on_pair(
                        pair, t.start, t.end, category="markup", severity="major",
                        message=f"{kind} {t.text} of the source is missing in the translation",
                        detector=self.name, side="source", confidence=0.9))
                else:
                    where = f" where the source has {f.other.text}" if f.other else \
                        " not in the source"
                    flags.append(Flag.on_pair(
                        pair, t.start, t.end, category="markup", severity="major",
                        message=f"{kind} {t.text}{where}", detector=self.name,
                        suggestion=f.other.text if f.other else None, confidence=0.9))
        return flags
