"""End punctuation and whitespace of software strings (``l10n_format``).

For every unit and plural form of a catalog (PO, XLIFF, TMX; other inputs give no flag; unit
text is read with its whitespace), all **minor**:

* category ``punctuation``: the source ends with an ellipsis (``...`` or ``…``: a dialog follows)
  or a colon (a label, a prompt) and the translation does not, or the reverse (a full-width
  ``：`` counts as a colon; French ``Nom :`` ends with a colon);
* category ``whitespace``: leading or trailing newlines that differ in number (``msgid`` ends
  with ``\\n`` → ``msgstr`` must too: the output runs into the next line otherwise), leading or
  trailing spaces/tabs present on one side only, and doubled spaces inside the translation
  where the source has none and no tab (a source with aligned columns may use them; a
  no-break space is not a space here: French uses one before ``:``).

A missing ending is flagged on the translation's last word (its first word for a missing
start), an extra one on the extra characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import CatalogOptions, Detector, DetectorContext

_LEAD = re.compile(r"^[ \t\n]*")
_TRAIL = re.compile(r"[ \t\n]*\Z")
_DOUBLE = re.compile(r"(?<=\S) {2,}(?=\S)")
_ELLIPSIS = ("...", "…")
_COLON = (":", "：")


@dataclass(frozen=True)
class L10nFormatOptions(CatalogOptions):
    ellipsis: bool = True
    colon: bool = True
    whitespace: bool = True
    double_spaces: bool = True


def _edge(text: str, last: bool) -> tuple[int, int]:
    words = list(re.finditer(r"\S+", text))
    if not words:
        return (0, len(text))
    m = words[-1] if last else words[0]
    return m.span()


class L10nFormatDetector(Detector):
    name = "l10n_format"
    categories = ("punctuation", "whitespace")
    Options = L10nFormatOptions
    default = True

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        if ctx.target.fmt not in self.options.formats:
            return []
        flags: list[Flag] = []
        for pair in ctx.pairs:
            if pair.source and pair.target and pair.source_text.strip() and \
                    pair.target_text.strip():
                flags.extend(self._pair(pair))
        return flags

    def _flag(self, pair: AlignedPair, span: tuple[int, int], cat: str, msg: str,
              suggestion: str | None = None) -> Flag:
        return Flag.on_pair(pair, span[0], span[1], category=cat, severity="minor",
                            message=msg, detector=self.name, suggestion=suggestion,
                            confidence=0.8)

    def _pair(self, pair: AlignedPair) -> Iterator[Flag]:
        src, tgt = pair.source_text, pair.target_text
        o = self.options
        s_end, t_end = src.rstrip(), tgt.rstrip()
        for on, marks, what in ((o.ellipsis, _ELLIPSIS, "an ellipsis"),
                                (o.colon, _COLON, "a colon")):
            if not on:
                continue
            s_has, t_has = s_end.endswith(marks), t_end.endswith(marks)
            if s_has and not t_has:
                yield self._flag(pair, _edge(tgt, True), "punctuation",
                                 f"the source ends with {what}, the translation does not")
            elif t_has and not s_has and not (what == "a colon" and s_end.endswith(_ELLIPSIS)):
                mark = next(m for m in marks if t_end.endswith(m))
                yield self._flag(pair, (len(t_end) - len(mark), len(t_end)), "punctuation",
                                 f"the translation ends with {what}, the source does not")
        if o.whitespace:
            yield from self._edges(pair, src, tgt)
        if o.double_spaces and not _DOUBLE.search(src) and "\t" not in src:
            for m in _DOUBLE.finditer(tgt):
                yield self._flag(pair, m.span(), "whitespace",
                                 "doubled space (the source has none)", " ")

    def _edges(self, pair: AlignedPair, src: str, tgt: str) -> Iterator[Flag]:
        for pat, last, where in ((_LEAD, False, "starts"), (_TRAIL, True, "ends")):
            sm, tm = pat.search(src), pat.search(tgt)
            assert sm is not None and tm is not None
            s_ws, t_ws = sm.group(), tm.group()
            s_nl, t_nl = s_ws.count("\n"), t_ws.count("\n")
            if s_nl != t_nl:
                span = tm.span() if t_nl > s_nl else _edge(tgt, last)
                yield self._flag(pair, span, "whitespace",
                                 f"the source {where} with {s_nl} newline(s), the translation "
                                 f"with {t_nl}")
                continue
            s_sp = bool(s_ws.replace("\n", ""))
            t_sp = bool(t_ws.replace("\n", ""))
            if s_sp != t_sp:
                span = tm.span() if t_sp else _edge(tgt, last)
                yield self._flag(pair, span, "whitespace",
                                 f"the {'translation' if t_sp else 'source'} {where} with a "
                                 f"space, the {'source' if t_sp else 'translation'} does not")
