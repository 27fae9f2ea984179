"""SARIF 2.1.0 output: one result per flag, located on the exact line and column of the file.

Flags carry document offsets (``doc_start``/``doc_end``, code points). They are turned into
SARIF regions (1-based ``startLine``/``startColumn``, ``endColumn`` exclusive) against the text
of the file on that side (:mod:`mtaudit.core.locations`). The text is passed in
(``target_text=``/``source_text=``) or read from the path in the report, and used only when its
SHA-256 matches the audited document's: when the file differs from the audited text (e.g. a PO
or XLIFF catalog, whose document is the extracted units), the flagged text is searched in the
file near the expected place and the result says ``"locationApproximate": true``; when it is not
found, the region has character offsets only (into the audited text) and no line.

``columnKind`` is ``unicodeCodePoints``: columns count characters, not UTF-16 code units.
Messages show control characters and bidi overrides as escapes; a lone surrogate anywhere is
written as its escape text (:func:`mtaudit.core.escape.json_safe`), so the log is UTF-8 JSON.
:func:`build_sarif` takes any number of files with their baseline states and suppressions; the
gate's SARIF (:mod:`mtaudit.gate.render_sarif`) is built with it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtaudit.core.escape import json_safe, visible
from mtaudit.core.fingerprint import document_order, flag_fingerprints, pair_units
from mtaudit.core.locations import FileText, Region, side_segments
from mtaudit.core.types import CATEGORIES, Flag
from mtaudit.core.version import __version__
from mtaudit.report.model import AuditReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SCHEMA_PATH = Path(__file__).parent / "assets" / "sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "mtauditFlag/v1"

# MQM severity -> SARIF level
LEVELS: dict[str, str] = {"critical": "error", "major": "error", "minor": "warning"}


def sarif_region(region: Region, snippet: str | None = None) -> dict[str, Any]:
    """A SARIF ``region`` object: lines and columns when known, character offsets when they
    index the file (never offsets into the audited document of a catalog). The snippet is the
    file's own text of the region when known (a catalog's escaped text), else ``snippet``."""
    out: dict[str, Any] = {}
    if region.start_line is not None:
        out.update(startLine=region.start_line, startColumn=region.start_column,
                   endLine=region.end_line, endColumn=region.end_column)
    if region.file_offsets:
        out.update(charOffset=region.char_offset, charLength=region.char_length)
    text = region.snippet if region.snippet is not None else snippet
    if text is not None:
        out["snippet"] = {"text": text}
    return out


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
    return visible(msg, keep_newlines=True)


def build_sarif(files: Sequence[SarifFile]) -> dict[str, Any]:
    """A SARIF 2.1.0 log (as a dict) with one run and one result per flag."""
    all_flags = [(sf, f) for sf in files
                 for f in (sf.flags if sf.flags is not None else document_order(sf.report.flags))]
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
                       FileText.resolve(rep.target, sf.target_text, sf.base,
                                        side_segments(rep.results, "target")), rep.target),
            "source": (sf.source_uri or rep.source.get("path") or "source",
                       FileText.resolve(rep.source, sf.source_text, sf.base,
                                        side_segments(rep.results, "source")), rep.source),
        }
        in_order = document_order(rep.flags)
        flags = list(sf.flags) if sf.flags is not None else in_order
        units = pair_units(rep.results)
        fp_of = {id(f): fp for f, fp in zip(in_order, flag_fingerprints(in_order, units),
                                            strict=True)}
        for f in flags:
            uri, ftext, meta = sides[f.side]
            region = ftext.region(f, meta.get("chars"))
            fp = fp_of.get(id(f)) or flag_fingerprints([f], units)[0]
            offsets = ({"docStart": f.doc_start, "docEnd": f.doc_end} if ftext.exact
                       else {})
            res: dict[str, Any] = {
                "ruleId": f.category,
                "ruleIndex": rule_index[f.category],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri, "index": artifact(uri, meta)},
                    "region": sarif_region(region, f.text),
                }}],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
                "properties": {
                    "severity": f.severity, "mqmCategory": f.mqm_category,
                    "detector": f.detector, "pair": f.pair_index, "side": f.side,
                    **offsets,
                    **({"unit": region.unit} if region.unit is not None else {}),
                    **({"flaggedText": f.text} if region.snippet is not None else {}),
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
    return dumps(log)


def dumps(log: dict[str, Any]) -> str:
    """A SARIF log as JSON text that can always be written as UTF-8."""
    return json_safe(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"


def load_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON schema (OASIS, errata 01), vendored with the package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


__all__ = ["FINGERPRINT_KEY", "LEVELS", "SarifFile", "build_sarif", "dumps", "load_schema",
           "render", "sarif_region"]
