"""The plugin registry: detectors, report formats, MT backends and sentence embedders.

Every plugin, built-in or not, is an entry point of the installed distributions (as flake8
registers its own checkers), so a third party adds one by installing a package whose
``pyproject.toml`` declares, for example::

    [project.entry-points."mtaudit.detectors"]
    shouting = "mtaudit_shouting:ShoutingDetector"

The groups are in :data:`GROUPS`. Entry points are read once (``refresh()`` forgets them, for a
process that installs a plugin while it runs) and a plugin's module is imported only when that
plugin is used. Nothing here imports a plugin at import time.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from typing import Any

from mtaudit.core.errors import ConfigError

# plugin kind -> entry-point group
GROUPS: dict[str, str] = {
    "detector": "mtaudit.detectors",
    "report format": "mtaudit.reports",
    "mt backend": "mtaudit.mt_backends",
    "embedder": "mtaudit.embedders",
}


class PluginError(ConfigError):
    """A plugin is unknown, or it is registered but cannot be loaded."""


@cache
def _entry_points(group: str) -> dict[str, metadata.EntryPoint]:
    found: dict[str, metadata.EntryPoint] = {}
    for ep in metadata.entry_points(group=group):
        # The first distribution on the path wins, as for imports; a name is never taken twice.
        found.setdefault(ep.name, ep)
    return found


def refresh() -> None:
    """Forget the entry points read so far (and the plugins loaded)."""
    _entry_points.cache_clear()
    _load.cache_clear()


def names(kind: str) -> tuple[str, ...]:
    """The registered plugin names of ``kind``, sorted."""
    eps = _entry_points(_group(kind))
    if kind == "detector" and not eps:
        raise PluginError("no detector is registered: mtaudit's entry points are missing "
                          "(install the package, e.g. pip install -e .)")
    return tuple(sorted(eps))


def distribution(kind: str, name: str) -> str | None:
    """The name of the distribution that registers plugin ``name``, if known."""
    ep = _entry_points(_group(kind)).get(name)
    dist = getattr(ep, "dist", None)
    return getattr(dist, "name", None) if dist is not None else None


def load(kind: str, name: str) -> Any:
    """The object (class or function) registered as ``name``; imported on first use."""
    if name not in _entry_points(_group(kind)):
        known = ", ".join(names(kind)) or "none"
        raise PluginError(f"unknown {kind} {name!r}; known: {known}")
    return _load(_group(kind), name)


@cache
def _load(group: str, name: str) -> Any:
    ep = _entry_points(group)[name]
    try:
        return ep.load()
    except Exception as exc:  # a broken third-party plugin must not look like our bug
        kind = next(k for k, g in GROUPS.items() if g == group)
        raise PluginError(f"{kind} plugin {name!r} ({ep.value}) cannot be loaded: "
                          f"{type(exc).__name__}: {exc}") from exc


def _group(kind: str) -> str:
    try:
        return GROUPS[kind]
    except KeyError:
        raise ValueError(f"unknown plugin kind {kind!r}; known: {', '.join(GROUPS)}") from None
