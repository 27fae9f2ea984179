"""Headline figures and labels shared by the HTML and Markdown reports: the MQM and corpus
scores with their tooltips, what the third column holds, and the run signature as text."""

from __future__ import annotations

import json
import math
from typing import Any

from mtaudit.report.model import AuditReport

SCORE_LABELS = {"chrf": "chrF", "chrf++": "chrF++", "bleu": "BLEU", "ter": "TER"}
# MQM values shown as headline numbers (the rest go in their tooltip).
MQM_HEADLINE = (("score", "MQM score"), ("per_1000_words", "MQM points / 1000 words"))


def fmt_number(value: Any, digits: int = 1) -> str:
    """A score for display: ``digits`` decimals (whole floats bare when ``digits`` < 2),
    "–" for NaN; anything but a number as plain text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 and digits < 2:
        return str(int(value))
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def score_items(report: AuditReport) -> list[tuple[str, str, str]]:
    """(label, value, tooltip) for the headline numbers: MQM and corpus scores (not escaped)."""
    items: list[tuple[str, str, str]] = []
    numeric = {k: v for k, v in report.mqm.items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    tip = "MQM from the flags' severities: " + ", ".join(f"{k} {fmt_number(v, 2)}"
                                                         for k, v in numeric.items())
    headline = [(k, label) for k, label in MQM_HEADLINE if k in numeric]
    for key, label in headline or [(k, f"MQM {k}") for k in numeric]:
        items.append((label, fmt_number(numeric[key], 2 if key == "score" else 1), tip))
    sigs = report.corpus_scores.get("signatures") or {}
    n = report.corpus_scores.get("n")
    for name, val in report.corpus_scores.items():
        if isinstance(val, dict) and isinstance(val.get("score"), (int, float)):
            ci = val.get("ci95")
            tip = "; ".join(x for x in (
                f"95% CI [{ci[0]:.1f}, {ci[1]:.1f}]" if ci else "",
                f"{n} segments" if isinstance(n, int) else "",
                f"sacrebleu {sigs[name]}" if isinstance(sigs, dict) and name in sigs else "",
            ) if x)
            items.append((SCORE_LABELS.get(name, name), fmt_number(val["score"]), tip))
    return items


def retranslation_label(report: AuditReport) -> str:
    """What the third column holds: a reference translation or an MT re-translation."""
    rt = report.signature.get("retranslation")
    kind = rt.get("kind") if isinstance(rt, dict) else None
    return "reference" if kind == "reference" else "re-translation"


def signature_text(report: AuditReport) -> str:
    """The run signature as one line; a signature from another version is shown raw (JSON)
    rather than failing the render."""
    try:
        return report.signature_string()
    except Exception:
        return json.dumps(report.signature, ensure_ascii=False, sort_keys=True)


__all__ = ["MQM_HEADLINE", "SCORE_LABELS", "fmt_number", "retranslation_label", "score_items",
           "signature_text"]
