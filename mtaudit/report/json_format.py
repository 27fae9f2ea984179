"""JSON rendering of a report (schema ``mtaudit.report/2``, see mtaudit/schemas/)."""

from __future__ import annotations

from typing import Any

from mtaudit.report.model import AuditReport


def render(report: AuditReport, **_: Any) -> str:
    return report.to_json(indent=2)
