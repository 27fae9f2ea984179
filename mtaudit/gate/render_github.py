"""The gate's GitHub Actions annotations (:mod:`mtaudit.report.github`): an error or warning
per new flag, an error per failing file, then the summary line."""

from __future__ import annotations

from typing import Any

from mtaudit.gate.runner import GateResult
from mtaudit.report.github import file_lines


def lines(result: GateResult, *, include_known: bool = False) -> list[str]:
    """The annotations (with ``include_known``, notices for accepted flags too), no summary."""
    return file_lines(result.outcomes, include_known=include_known)


def render(result: GateResult, *, include_known: bool = False, **_: Any) -> str:
    """The annotations and the summary line, as text."""
    return "\n".join([*lines(result, include_known=include_known),
                      result.summary_line()]) + "\n"
