"""The audit report: results per pair, corpus scores, summary and run signature."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtaudit.core.types import SEVERITIES, PairResult

if TYPE_CHECKING:  # pandas is imported only when a DataFrame is asked for
    import pandas as pd

SCHEMA_ID = "mtaudit.report/2"
# /1 recorded the signature's detectors as display strings ("names(use_ner=False)"); /2 records
# them as data ({"name": "names", "options": {"use_ner": false}}). Both are read.
_READABLE = (SCHEMA_ID, "mtaudit.report/1")


@dataclass(frozen=True)
class AuditReport:
    source: dict[str, Any]
    target: dict[str, Any]
    results: tuple[PairResult, ...]
    signature: dict[str, Any]
    corpus_scores: dict[str, Any] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    mqm: dict[str, float] = field(default_factory=dict)
    created: str = ""

    # ----- derived views -------------------------------------------------------------------
    @property
    def flags(self) -> list:
        return [f for r in self.results for f in r.flags]

    def summary(self) -> dict[str, Any]:
        kinds = Counter(r.pair.kind for r in self.results)
        by_sev = Counter(f.severity for f in self.flags)
        by_cat: dict[str, dict[str, int]] = {}
        for f in self.flags:
            by_cat.setdefault(f.category, {s: 0 for s in SEVERITIES})[f.severity] += 1
        return {
            "pairs": len(self.results),
            "bead_kinds": dict(sorted(kinds.items())),
            "source_segments": sum(len(r.pair.source) for r in self.results),
            "target_segments": sum(len(r.pair.target) for r in self.results),
            "flags": len(self.flags),
            "by_severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
            "by_category": dict(sorted(by_cat.items())),
            "flagged_pairs": sum(1 for r in self.results if r.flags),
        }

    def signature_string(self) -> str:
        from mtaudit.core.signature import format_signature

        return format_signature(self.signature)

    # ----- JSON ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "created": self.created,
            "signature": self.signature,
            "signature_string": self.signature_string(),
            "source": self.source,
            "target": self.target,
            "notices": list(self.notices),
            "summary": self.summary(),
            "mqm": self.mqm,
            "corpus_scores": self.corpus_scores,
            "results": [r.to_dict() for r in self.results],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, name: str = "report") -> AuditReport:
        """The report of a JSON object, checked first (:mod:`mtaudit.report.validate`): a
        wrong one is an InputError naming ``name`` (its file) and the field."""
        from mtaudit.core.errors import InputError
        from mtaudit.core.escape import visible
        from mtaudit.report.validate import validate_report

        name = visible(name)
        if not isinstance(d, dict):
            raise InputError(f"{name}: expected a JSON object, got {type(d).__name__}")
        if d.get("schema") not in _READABLE:
            raise InputError(f"{name}: schema: not an mtaudit report (expected "
                             f"{SCHEMA_ID!r}, got {d.get('schema')!r})")
        validate_report(d, name)
        return cls(d["source"], d["target"],
                   tuple(PairResult.from_dict(r) for r in d["results"]),
                   d["signature"], d.get("corpus_scores", {}), tuple(d.get("notices", ())),
                   d.get("mqm", {}), d.get("created", ""))

    def to_json(self, indent: int | None = 2) -> str:
        import json

        from mtaudit.core.escape import json_safe

        return json_safe(json.dumps(self.to_dict(), ensure_ascii=False, indent=indent))

    # ----- pandas ------------------------------------------------------------------------------
    def to_dataframe(self) -> pd.DataFrame:
        """One row per aligned pair."""
        import pandas as pd

        rows = []
        for r in self.results:
            row = {
                "pair": r.pair.index, "kind": r.pair.kind, "confidence": r.pair.confidence,
                "source": r.pair.source_text, "target": r.pair.target_text,
                "retranslation": r.retranslation, "similarity": r.similarity,
                "n_flags": len(r.flags),
                "worst_severity": next((s for s in SEVERITIES
                                        if any(f.severity == s for f in r.flags)), None),
                "categories": ",".join(sorted({f.category for f in r.flags})),
                "source_start": r.pair.source_start, "target_start": r.pair.target_start,
            }
            row.update({f"score_{k}": v for k, v in r.scores.items()})
            row.update({f"mqm_{k}": v for k, v in r.mqm.items()})
            rows.append(row)
        return pd.DataFrame(rows)

    def flags_dataframe(self) -> pd.DataFrame:
        """One row per flag."""
        import pandas as pd

        cols = ["pair", "category", "mqm_category", "severity", "side", "start", "end",
                "doc_start", "doc_end", "text", "message", "suggestion", "detector", "confidence"]
        rows = [{"pair": f.pair_index, "category": f.category, "mqm_category": f.mqm_category,
                 "severity": f.severity, "side": f.side, "start": f.start, "end": f.end,
                 "doc_start": f.doc_start, "doc_end": f.doc_end, "text": f.text,
                 "message": f.message, "suggestion": f.suggestion, "detector": f.detector,
                 "confidence": f.confidence} for f in self.flags]
        return pd.DataFrame(rows, columns=cols)
