"""Placeholders of software strings: missing, extra, changed or reordered (``placeholders``).

For every unit and every plural form of a catalog (PO, XLIFF, TMX; other inputs give no flag),
the format placeholders of the source and the translation are compared
(:mod:`mtaudit.lang.placeholders`): printf (``%s``, ``%1$s``, ``%lu``, ``%<PRIu64>``), Python
(``%(name)s``, ``{name}``, ``{0}``, ``{}``), ICU MessageFormat (``{count, plural, …}``), Qt/Java
(``%1``, ``{0}``) and shell (``$VAR``, ``${VAR}``). A broken placeholder crashes the program or
corrupts its output, so every finding is **critical**, category ``placeholder``:

* missing: on the source's placeholder (``side="source"``);
* extra, changed (``%s`` → ``%d``, ``{name}`` → ``{nom}``), reordered without position
  (``%s … %d`` → ``%d … %s``: write ``%2$d … %1$s``), numbered and unnumbered mixed, a lone
  ``%`` in a printf string: on the translation's;
* ``%%`` missing or extra: **major** (no crash, a lost or doubled percent sign); an Arabic
  ``٪`` or full-width ``％`` in its place is a localised percent sign, not flagged.

Plural forms: a form the catalog's ``Plural-Forms`` uses for one ``n`` only may leave the count
out (``un fichier`` for ``%d file``) when that is the last unnumbered argument (or a named
one); and a placeholder of ``msgid_plural`` is not "extra" in ``msgstr[0]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtaudit.core.types import Flag
from mtaudit.detectors.base import CatalogOptions, Detector, DetectorContext, catalog_pairs
from mtaudit.ingest.catalog import UnitInfo, catalog_info
from mtaudit.lang.placeholders import Finding, compare_format, format_tokens

_WHAT = {
    "extra": "placeholder {t} is not in the source",
    "changed": "placeholder {t} where the source has {o}",
    "reordered": "placeholder {t} where the source has {o}: arguments reordered without "
                 "position numbers (write %N$ forms)",
    "mixed": "numbered and unnumbered printf placeholders mixed ({t})",
    "stray": "a lone % in a printf string (write %% for a percent sign)",
}


@dataclass(frozen=True)
class PlaceholdersOptions(CatalogOptions):
    pass


class PlaceholdersDetector(Detector):
    name = "placeholders"
    categories = ("placeholder",)
    Options = PlaceholdersOptions
    default = True

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        infos = catalog_info(ctx.target)
        flags: list[Flag] = []
        for pair in catalog_pairs(ctx, self.options.formats):
            info = infos.get(pair.target[0].unit_id or "", UnitInfo())
            also = frozenset(t.key for s in info.plural for t in format_tokens(s))
            found = compare_format(format_tokens(pair.source_text),
                                   format_tokens(pair.target_text), also_in=also,
                                   may_drop_count=info.single,
                                   target_text=pair.target_text)
            flags.extend(self._flag(pair, f) for f in found)
        return flags

    def _flag(self, pair: Any, f: Finding) -> Flag:
        t = f.token
        percent = t.kind == "percent"
        sev = "major" if percent else "critical"
        if f.what == "missing":
            msg = ("escaped percent %% of the source is missing" if percent else
                   f"placeholder {t.text} of the source is missing in the translation")
            return Flag.on_pair(pair, t.start, t.end, category="placeholder", severity=sev,
                                message=msg, detector=self.name, side="source",
                                confidence=0.95)
        msg = ("escaped percent %% not in the source" if percent
               else _WHAT[f.what].format(t=t.text, o=f.other.text if f.other else ""))
        return Flag.on_pair(pair, t.start, t.end, category="placeholder", severity=sev,
                            message=msg, detector=self.name,
                            suggestion=f.other.text if f.other else None, confidence=0.95)
