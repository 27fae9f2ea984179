"""JUnit XML: one test case per audited file, failing when the file breaks its limits.

Understood by most CI systems (GitLab, Jenkins, Azure, GitHub test-report actions). The
failure text lists the violations and the new flags with their line and column.

:func:`render` makes one test case of one report checked with the default limits
(:func:`mtaudit.report.checks.check_report`); the gate's JUnit (:mod:`mtaudit.gate.render_junit`)
uses :func:`render_files` on its own checked files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from mtaudit.core.escape import visible, xml_text
from mtaudit.core.text import clip
from mtaudit.report.checks import FileVerdict, check_report
from mtaudit.report.model import AuditReport


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters (which it cannot, most of them), lone
    surrogates and bidi overrides shown as escapes (``\\x1b``); newlines kept."""
    return xml_text(text)


def _case(suite: ET.Element, o: FileVerdict) -> tuple[int, int]:
    """Add the test case of one file; returns its (failures, errors)."""
    case = ET.SubElement(suite, "testcase", classname="mtaudit.gate", name=_clean(o.key),
                         file=_clean(o.key))
    if o.error is not None:
        ET.SubElement(case, "error", message=_clean(o.error), type="not-audited").text = \
            _clean(o.error)
        return 0, 1
    lines = [f"{visible(g.location())}: {g.flag.severity} {visible(g.flag.category)}: "
             f"{visible(g.flag.message)} [{visible(clip(g.flag.text, 120, ellipsis=''))}]"
             for g in o.new]
    counts = {s: len(o.by_status(s)) for s in ("new", "baselined", "suppressed", "ignored")}
    out = ET.SubElement(case, "system-out")
    out.text = _clean(", ".join(f"{v} {k}" for k, v in counts.items()) + "\n" + "\n".join(lines))
    if o.violations:
        msg = "; ".join(o.violations)
        ET.SubElement(case, "failure", message=_clean(msg), type="mtaudit-policy").text = \
            _clean(msg + "\n" + "\n".join(lines))
        return 1, 0
    return 0, 0


def render_files(files: Sequence[FileVerdict], *, name: str = "mtaudit") -> str:
    """A JUnit XML document with one test suite ``name`` and one test case per file."""
    root = ET.Element("testsuites", name=_clean(name))
    suite = ET.SubElement(root, "testsuite", name=_clean(name), tests=str(len(files)))
    failures = errors = 0
    for o in files:
        f, e = _case(suite, o)
        failures, errors = failures + f, errors + e
    for el in (root, suite):
        el.set("tests", str(len(files)))
        el.set("failures", str(failures))
        el.set("errors", str(errors))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def render(report: AuditReport, **_: Any) -> str:
    """One test case for one report (``mtaudit audit --format junit``), default limits."""
    return render_files([check_report(report)])
