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
    ("unknown report format ...; known: ...").

    ``opts`` are hints a renderer may take (``color``: the terminal can show colours); each
    renderer is given only the ones its function accepts. A third party's renderer that raises
    is a PluginError naming it, not an internal error of mtaudit.
    """
    fn = plugins.load(PLUGIN_KIND, fmt)
    given = _accepted(fn, opts)
    text = plugins.guarded(PLUGIN_KIND, fmt, lambda: fn(report, **given))
    if not isinstance(text, str):
        raise plugins.PluginError(f"{PLUGIN_KIND} plugin {fmt!r} returned "
                                  f"{type(text).__name__}, not text")
    return text


def _accepted(fn: Any, opts: dict[str, Any]) -> dict[str, Any]:
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return opts
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return opts
    names = {p.name for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
    return {k: v for k, v in opts.items() if k in names}


def __getattr__(name: str) -> Any:
    # FORMATS (the format names) is kept for callers of the former static table; read lazily
    # so that importing the package does not read the entry points.
    if name == "FORMATS":
        return formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SCHEMA_ID", "AuditReport", "formats", "render"]
