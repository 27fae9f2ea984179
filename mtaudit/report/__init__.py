"""Report model and renderers. Renderers are looked up by format name and imported lazily."""

from __future__ import annotations

import importlib

from mtaudit.core.errors import ConfigError
from mtaudit.report.model import SCHEMA_ID, AuditReport

# format name -> "module:function"; function(report: AuditReport, **opts) -> str
FORMATS: dict[str, str] = {
    "json": "mtaudit.report.json_format:render",
    "terminal": "mtaudit.report.terminal:render",
    "html": "mtaudit.report.html:render",
    "md": "mtaudit.report.markdown:render",
    "sarif": "mtaudit.report.sarif:render",
    "junit": "mtaudit.report.junit:render",
    "github": "mtaudit.report.github:render",
}


def render(report: AuditReport, fmt: str, **opts: object) -> str:
    try:
        target = FORMATS[fmt]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ConfigError(f"unknown report format {fmt!r}; known: {known}") from None
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)(report, **opts)


__all__ = ["FORMATS", "SCHEMA_ID", "AuditReport", "render"]
