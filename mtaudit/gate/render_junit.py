"""The gate's JUnit XML: one test case per file, failing when the file fails the policy
(:func:`mtaudit.report.junit.render_files`)."""

from __future__ import annotations

from typing import Any

from mtaudit.gate.runner import GateResult
from mtaudit.report.junit import render_files


def render(result: GateResult, *, name: str = "mtaudit", **_: Any) -> str:
    """JUnit XML for a gate run, the test suite called ``name``."""
    return render_files(result.outcomes, name=name)
