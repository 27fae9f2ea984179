"""SARIF 2.1.0 output: one result per flag, located on the exact line and column of the file.

Flags carry document offsets (``doc_start``/``doc_end``, code points). They are turned into
SARIF regions (1-based ``startLine``/``startColumn``, ``endColumn`` exclusive) against the text
of the file on that side. The text is passed in (``target_text=``/``source_text=``) or read
from the path in the report, and used only when its SHA-256 matches the audited document's: when
the file differs from the audited text (e.g. a PO or XLIFF catalog, whose document is the
extracted units), the flagged text is searched in the file near the expected place and the
result says ``"locationApproximate": true``; when it is not found, the region has character
offsets only (into the audited text) and no line.

``columnKind`` is ``unicodeCodePoints``: columns count characters, not UTF-16 code units.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtaudit.core.types import CATEGORIES, Flag
from mtaudit.core.version import __version__
from mtaudit.report.model import AuditReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SCHEMA_PATH = Path(__file__).parent / "assets" / "sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "mtauditFlag/v1"

# MQM severity -> SARIF level
LEVELS: dict[str, str] = {"critical": "error", "major": "error", "minor": "warning"}


# ----------------------------------------------------------------------------------------------
# Locations
# ----------------------------------------------------------------------------------------------
class TextLocator:
    """Maps code-point offsets of a text to 1-based (line, column); lines end at ``\\n``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


@dataclass(frozen=True)
class Region:
    """Where a flag lies in a file. ``line`` is None when it could not be placed on a line."""

    start_line: int | None
    start_column: int | None
    end_line: int | None
    end_column: int | None
    char_offset: int
    char_length: int
    approximate: bool = False

    def to_sarif(self, snippet: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.start_line is not None:
            out.update(startLine=self.start_line, startColumn=self.start_column,
                       endLine=self.end_line, endColumn=self.end_column)
        if not self.approximate:
            out.update(charOffset=self.char_offset, charLength=self.char_length)
        if snippet is not None:
            out["snippet"] = {"text": snippet}
        return out


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class FileText:
    """The text of one side's file, and whether it is exactly the audited document."""

    text: str | None
    exact: bool
    _locator: TextLocator | None = field(default=None, repr=False)

    @property
    def locator(self) -> TextLocator | None:
        if self._locator is None and self.text is not None:
            self._locator = TextLocator(self.text)
        return self._locator

    @classmethod
    def resolve(cls, meta: dict[str, Any], text: str | None = None,
                base: str | Path | None = None) -> FileText:
        """The file text for a document described by ``meta`` (``path``, ``sha256``)."""
        want = meta.get("sha256")
        if text is not None:
            return cls(text, want is None or _sha(text) == want)
        path = meta.get("path")
        if not path:
            return cls(None, False)
        p = Path(path)
        if base is not None and not p.is_absolute():
            p = Path(base) / p
        try:
            raw = p.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return cls(None, False)
        for candidate in (raw, raw.replace("\r\n", "\n"), unicodedata.normalize("NFC", raw),
                          unicodedata.normalize("NFC", raw.replace("\r\n", "\n"))):
            if _sha(candidate) == want:
                return cls(candidate, True)
        return cls(raw, False)

    def region(self, flag: Flag, doc_chars: int | None = None) -> Region:
        start = max(flag.doc_start, 0)
        end = max(flag.doc_end, start)
        loc = self.locator
        if loc is not None and self.exact:
            (l0, c0), (l1, c1) = loc.line_col(start), loc.line_col(end)
            return Region(l0, c0, l1, c1, start, end - start)
        if loc is not None and flag.text.strip():
            hit = _nearest_occurrence(loc.text, flag.text, start, doc_chars, flag.side)
            if hit is not None:
                (l0, c0), (l1, c1) = loc.line_col(hit), loc.line_col(hit + len(flag.text))
                return Region(l0, c0, l1, c1, start, end - start, approximate=True)
        return Region(None, None, None, None, start, end - start)


def _nearest_occurrence(text: str, needle: str, doc_offset: int, doc_chars: int | None,
                        side: str = "target") -> int | None:
    """The occurrence of ``needle`` in ``text`` closest to the relative place of the flag.

    In bilingual catalogs the same words may stand in the source and the translation (an
    untranslated unit): occurrences inside the other side's field (PO ``msgid``/``msgstr``,
    XLIFF ``<source>``/``<target>``) are passed over when one on the flag's side exists.
    """
    expected = doc_offset if not doc_chars else doc_offset * len(text) / max(doc_chars, 1)
    hits = []
    i = text.find(needle)
    while i >= 0:
        hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        return None
    on_side = [h for h in hits if catalog_side(text, h) in (side, None)]
    return min(on_side or hits, key=lambda h: abs(h - expected))


_PO_KEY = re.compile(r"^\s*(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt)\b")
_XML_TAG = re.compile(r"<(/?)(source|target)\b")


def catalog_side(text: str, pos: int) -> str | None:
    """"source"/"target" when ``pos`` lies in a PO or XLIFF field of that side, else None."""
    line_start = text.rfind("\n", 0, pos) + 1
    # PO: walk up continuation lines ("...") to the keyword line
    start = line_start
    while True:
        line_end = text.find("\n", start)
        line = text[start: line_end if line_end >= 0 else len(text)]
        m = _PO_KEY.match(line)
        if m:
            return "target" if m.group(1).startswith("msgstr") else "source"
        if not line.lstrip().startswith('"') or start == 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    # XLIFF: the last <source>/<target> tag opened before pos and not closed
    last = None
    for m in _XML_TAG.finditer(text, max(0, pos - 20000), pos):
        last = m
    if last is not None and not last.group(1):
        return last.group(2)
    return None


# ----------------------------------------------------------------------------------------------
# SARIF log
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SarifFile:
    """One audited file pair for a SARIF log: its report and where its flags go.

    ``flags`` defaults to all the report's flags; ``baseline_state`` maps a fingerprint to
    "new"/"unchanged" (from a gate baseline); ``suppressed`` lists suppressed fingerprints.
    """

    report: AuditReport
    target_uri: str | None = None
    source_uri: str | None = None
    target_text: str | None = None
    source_text: str | None = None
    flags: tuple[Flag, ...] | None = None
    baseline_state: dict[str, str] = field(default_factory=dict)
    suppressed: dict[str, str] = field(default_factory=dict)  # fingerprint -> justification
    base: str | None = None


def _rules(categories: Sequence[str]) -> list[dict[str, Any]]:
    rules = []
    for cat in categories:
        mqm = CATEGORIES.get(cat, "Other")
        rules.append({
            "id": cat,
            "name": "".join(w.capitalize() for w in cat.replace("_", "-").split("-")),
            "shortDescription": {"text": f"MQM {mqm}"},
            "fullDescription": {"text": f"Translation error of category {cat!r} "
                                        f"(MQM typology: {mqm})."},
            "defaultConfiguration": {"level": "error"},
            "properties": {"mqmCategory": mqm, "tags": ["translation", "mqm"]},
        })
    return rules


def _message(f: Flag) -> str:
    msg = f"[{f.severity}] {f.message}"
    if f.suggestion:
        msg += f" Suggestion: {f.suggestion}"
    return msg


def build_sarif(files: Sequence[SarifFile]) -> dict[str, Any]:
    """A SARIF 2.1.0 log (as a dict) with one run and one result per flag."""
    from mtaudit.gate.fingerprint import flag_fingerprints, ordered_flags

    all_flags = [(sf, f) for sf in files
                 for f in (sf.flags if sf.flags is not None else ordered_flags(sf.report))]
    known = list(CATEGORIES)
    cats = sorted({f.category for _, f in all_flags},
                  key=lambda c: (known.index(c) if c in known else len(known), c))
    rule_index = {c: i for i, c in enumerate(cats)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}

    def artifact(uri: str, meta: dict[str, Any]) -> int:
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            entry: dict[str, Any] = {"location": {"uri": uri}}
            if meta.get("sha256"):
                entry["hashes"] = {"sha-256": meta["sha256"]}
            if meta.get("lang"):
                entry["properties"] = {"language": meta["lang"]}
            artifacts.append(entry)
        return artifact_index[uri]

    results = []
    for sf in files:
        rep = sf.report
        sides = {
            "target": (sf.target_uri or rep.target.get("path") or "target",
                       FileText.resolve(rep.target, sf.target_text, sf.base), rep.target),
            "source": (sf.source_uri or rep.source.get("path") or "source",
                       FileText.resolve(rep.source, sf.source_text, sf.base), rep.source),
        }
        flags = list(sf.flags) if sf.flags is not None else ordered_flags(rep)
        in_order = ordered_flags(rep)
        fp_of = {id(f): fp for f, fp in zip(in_order, flag_fingerprints(in_order), strict=True)}
        for f in flags:
            uri, ftext, meta = sides[f.side]
            region = ftext.region(f, meta.get("chars"))
            fp = fp_of.get(id(f)) or flag_fingerprints([f])[0]
            res: dict[str, Any] = {
                "ruleId": f.category,
                "ruleIndex": rule_index[f.category],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri, "index": artifact(uri, meta)},
                    "region": region.to_sarif(f.text),
                }}],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
                "properties": {
                    "severity": f.severity, "mqmCategory": f.mqm_category,
                    "detector": f.detector, "pair": f.pair_index, "side": f.side,
                    "docStart": f.doc_start, "docEnd": f.doc_end,
                    **({"suggestion": f.suggestion} if f.suggestion else {}),
                    **({"confidence": f.confidence} if f.confidence is not None else {}),
                    **({"locationApproximate": True} if region.approximate else {}),
                },
            }
            if fp in sf.baseline_state:
                res["baselineState"] = sf.baseline_state[fp]
            if fp in sf.suppressed:
                res["suppressions"] = [{"kind": "inSource" if sf.suppressed[fp].startswith(
                    "inline") else "external", "justification": sf.suppressed[fp]}]
            results.append(res)

    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "mtaudit", "version": __version__, "semanticVersion": __version__,
            "informationUri": "https://pypi.org/project/mtaudit/",
            "rules": _rules(cats),
        }},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    if files:
        run["properties"] = {"mtaudit": [
            {"source": sf.report.source.get("path"), "target": sf.report.target.get("path"),
             "summary": {k: v for k, v in sf.report.summary().items()
                         if k in ("pairs", "flags", "by_severity")},
             "mqm": sf.report.mqm} for sf in files]}
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(report: AuditReport, *, target_text: str | None = None,
           source_text: str | None = None, target_uri: str | None = None,
           source_uri: str | None = None, **_: Any) -> str:
    """SARIF 2.1.0 for one report (``mtaudit audit --format sarif``)."""
    log = build_sarif([SarifFile(report, target_uri, source_uri, target_text, source_text)])
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON schema (OASIS, errata 01), vendored with the package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


__all__ = ["FINGERPRINT_KEY", "LEVELS", "FileText", "Region", "SarifFile", "TextLocator",
           "build_sarif", "load_schema", "render"]
