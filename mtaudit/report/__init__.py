"""Report model and renderers.

Report formats are plugins (:mod:`mtaudit.core.plugins`, entry-point group
``mtaudit.reports``): each is a function ``render(report: AuditReport, **opts) -> str``,
imported only when its format is used. mtaudit's own (json, terminal, html, md, sarif, junit,
github) are registered in ``pyproject.toml`` like a third party's.
"""

from __future__ import annotations

from typing import Any

from mtaudit.core import plugins
from mtaudit.report.model import SCHEMA_ID, AuditReport

PLUGIN_KIND = "report format"


def formats() -> tuple[str, ...]:
    """The names of the registered report formats, sorted."""
    return plugins.names(PLUGIN_KIND)


def render(report: AuditReport, fmt: str, **opts: Any) -> str:
    """``report`` rendered in format ``fmt``. An unknown format is a ConfigError
    ("unknown report format ...; known: ...")."""
    return plugins.load(PLUGIN_KIND, fmt)(report, **opts)


def __getattr__(name: str) -> Any:
    # FORMATS (the format names) is kept for callers of the former static table; read lazily
    # so that importing the package does not read the entry points.
    if name == "FORMATS":
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SCHEMA_ID", "AuditReport", "formats", "render"]
