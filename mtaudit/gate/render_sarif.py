"""The gate's SARIF 2.1.0 log: every audited file's flags but the ignored ones, with their
baseline state (``new``/``unchanged``) and suppressions, built by
:func:`mtaudit.report.sarif.build_sarif`."""

from __future__ import annotations

from typing import Any

from mtaudit.gate.runner import GateResult
from mtaudit.report.sarif import SarifFile, build_sarif, dumps


def sarif_files(result: GateResult) -> list[SarifFile]:
    """One SARIF file entry per audited file of the gate run."""
    files = []
    for o in result.outcomes:
        if o.report is None:
            continue
        files.append(SarifFile(
            o.report, target_uri=o.spec.target or o.spec.source, source_uri=o.spec.source,
            target_text=o.target_text, source_text=o.source_text,
            flags=tuple(g.flag for g in o.flags if g.status != "ignored"),
            baseline_state={g.fingerprint: ("unchanged" if g.status == "baselined" else "new")
                            for g in o.flags},
            suppressed={g.fingerprint: g.why for g in o.flags if g.status == "suppressed"}))
    return files


def build(result: GateResult) -> dict[str, Any]:
    """The SARIF log of a gate run, as a dict."""
    return build_sarif(sarif_files(result))


def render(result: GateResult, **_: Any) -> str:
    """The SARIF log of a gate run, as JSON text."""
    return dumps(build(result))
