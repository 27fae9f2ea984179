"""JUnit XML: one test case per audited file, failing when the file fails the gate policy.

Understood by most CI systems (GitLab, Jenkins, Azure, GitHub test-report actions). The
failure text lists the policy violations and the new flags with their line and column.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from mtaudit.report.model import AuditReport

if TYPE_CHECKING:
    from mtaudit.gate.runner import FileOutcome, GateResult

# Characters XML 1.0 cannot carry at all.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _BAD_XML.sub("\ufffd", text)


def _case(suite: ET.Element, o: FileOutcome) -> tuple[int, int]:
    case = ET.SubElement(suite, "testcase", classname="mtaudit.gate", name=_clean(o.key),
                         file=_clean(o.key))
    if o.error is not None:
        ET.SubElement(case, "error", message=_clean(o.error), type="not-audited").text = \
            _clean(o.error)
        return 0, 1
    lines = [f"{g.location()}: {g.flag.severity} {g.flag.category}: {g.flag.message} "
             f"[{' '.join(g.flag.text.split())[:120]}]" for g in o.new]
    counts = {s: len(o.by_status(s)) for s in ("new", "baselined", "suppressed", "ignored")}
    out = ET.SubElement(case, "system-out")
    out.text = _clean(", ".join(f"{v} {k}" for k, v in counts.items()) + "\n" + "\n".join(lines))
    if o.violations:
        msg = "; ".join(o.violations)
        ET.SubElement(case, "failure", message=_clean(msg), type="mtaudit-policy").text = \
            _clean(msg + "\n" + "\n".join(lines))
        return 1, 0
    return 0, 0


def render_gate(result: GateResult, *, name: str = "mtaudit", **_: Any) -> str:
    root = ET.Element("testsuites", name=name)
    suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(result.outcomes)))
    failures = errors = 0
    for o in result.outcomes:
        f, e = _case(suite, o)
        failures, errors = failures + f, errors + e
    for el in (root, suite):
        el.set("tests", str(len(result.outcomes)))
        el.set("failures", str(failures))
        el.set("errors", str(errors))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def render(report: AuditReport, **_: Any) -> str:
    """One test case for one report (``mtaudit audit --format junit``), default policy."""
    from mtaudit.gate.runner import GateResult, outcome_for_report

    return render_gate(GateResult((outcome_for_report(report),)))
