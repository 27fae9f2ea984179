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

from collections.abc import Callable
from functools import cache
from importlib import metadata
from typing import Any, TypeVar

from mtaudit.core.errors import ConfigError, MtauditError

T = TypeVar("T")

# plugin kind -> entry-point group
GROUPS: dict[str, str] = {
    "detector": "mtaudit.detectors",
    "report format": "mtaudit.reports",
    "mt backend": "mtaudit.mt_backends",
    "embedder": "mtaudit.embedders",
}


class PluginError(ConfigError):
    """A plugin is unknown, registered twice, cannot be loaded, or failed while it ran."""


def guarded(kind: str, name: str, call: Callable[[], T]) -> T:
    """``call()``, for code of plugin ``name``. An exception from a third party's plugin (not
    one of mtaudit's errors) becomes a PluginError naming the plugin and its package, not an
    internal error of mtaudit; mtaudit's own plugins are called as they are."""
    if builtin(kind, name):
        return call()
    try:
        return call()
    except MtauditError:
        raise
    except Exception as exc:
        ep = _entry_points(_group(kind)).get(name)
        where = f" ({_dist_name(ep)}: {ep.value})" if ep is not None else ""
        raise PluginError(f"{kind} plugin {name!r}{where} failed: "
                          f"{type(exc).__name__}: {exc}") from exc


OWN = "mtaudit"  # the distribution whose plugins are the built-ins


def _dist_name(ep: metadata.EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return getattr(dist, "name", None) if dist is not None else None


@cache
def _entry_points(group: str) -> dict[str, metadata.EntryPoint]:
    """name -> entry point. A built-in name always belongs to mtaudit; a name that two other
    packages register is recorded as a clash (an error when that plugin is used)."""
    by_name: dict[str, list[metadata.EntryPoint]] = {}
    for ep in metadata.entry_points(group=group):
        seen = by_name.setdefault(ep.name, [])
        # the same package seen twice on the path (an editable install) is one registration
        if not any(_dist_name(o) == _dist_name(ep) and o.value == ep.value for o in seen):
            seen.append(ep)
    found: dict[str, metadata.EntryPoint] = {}
    for name, eps in by_name.items():
        own = [ep for ep in eps if _dist_name(ep) == OWN]
        if own:
            found[name] = own[0]
            if len(eps) > 1:
                _shadowed[(group, name)] = tuple(eps)
            continue
        found[name] = eps[0]
        if len(eps) > 1:
            _clashes[(group, name)] = tuple(eps)
    return found


# (group, name) -> the registrations of a name two other packages claim / one that a package
# tried to take from mtaudit (kept for the error messages)
_clashes: dict[tuple[str, str], tuple[metadata.EntryPoint, ...]] = {}
_shadowed: dict[tuple[str, str], tuple[metadata.EntryPoint, ...]] = {}


def _describe(eps: tuple[metadata.EntryPoint, ...]) -> str:
    return ", ".join(f"{_dist_name(ep) or '?'} ({ep.value})" for ep in eps)


def refresh() -> None:
    """Forget the entry points read so far (and the plugins loaded)."""
    _entry_points.cache_clear()
    _load.cache_clear()
    _clashes.clear()
    _shadowed.clear()


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
    return _dist_name(ep) if ep is not None else None


def package(kind: str, name: str) -> str | None:
    """``"dist==version"`` of a plugin that is not mtaudit's own (None for a built-in), for
    signatures: a report made with a third-party plugin says which release made it."""
    ep = _entry_points(_group(kind)).get(name)
    dist = getattr(ep, "dist", None)
    if ep is None or dist is None or _dist_name(ep) == OWN:
        return None
    return f"{dist.name}=={dist.version}"


def builtin(kind: str, name: str) -> bool:
    """Whether ``name`` is one of mtaudit's own plugins."""
    return distribution(kind, name) == OWN


def load(kind: str, name: str) -> Any:
    """The object (class or function) registered as ``name``; imported on first use."""
    group = _group(kind)
    if name not in _entry_points(group):
        known = ", ".join(names(kind)) or "none"
        raise PluginError(f"unknown {kind} {name!r}; known: {known}")
    if (group, name) in _clashes:
        raise PluginError(f"{kind} {name!r} is registered by several packages: "
                          f"{_describe(_clashes[(group, name)])}; uninstall all but one")
    return _load(group, name)


def shadowed() -> list[str]:
    """One line per plugin name a package tried to take from mtaudit's own (ignored)."""
    for group in GROUPS.values():
        _entry_points(group)
    return [f"{group}: {name!r} is mtaudit's own; the registration by "
            f"{_describe(tuple(ep for ep in eps if _dist_name(ep) != OWN))} is ignored"
            for (group, name), eps in sorted(_shadowed.items())]


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
