"""Typed plugin options: a frozen dataclass per plugin, validated once from a plain mapping.

A plugin declares its options as a frozen dataclass deriving from :class:`Options`, every
field with a default and a type annotation::

    @dataclass(frozen=True)
    class Options(Options):
        max_n: int = 8                         # not negative: its default is not
        severity: str = "major"                # a name ending in "severity" is a severity
        allowed: tuple[str, ...] | None = None # lists of strings become tuples

:meth:`Options.parse` turns ``{"max_n": "8"}``-like user input (from a TOML policy, a CLI
``NAME.KEY=VALUE`` or a Python dict) into that object, with one clear error for an unknown key,
a wrong type, a negative number where the default is not negative, or an unknown severity.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, get_type_hints

from mtaudit.core.errors import ConfigError
from mtaudit.core.types import SEVERITIES

T = TypeVar("T", bound="Options")
_LISTS = (list, tuple, frozenset, set)


@dataclass(frozen=True)
class Options:
    """Base class of a plugin's options (no fields of its own)."""

    @classmethod
    def parse(cls: type[T], values: Mapping[str, Any] | Options | None = None, *,
              owner: str = "") -> T:
        """The options from a mapping (missing keys take their defaults)."""
        if isinstance(values, cls):
            return values
        if isinstance(values, Options):
            raise ConfigError(f"{owner}: options of type {type(values).__name__} given where "
                              f"{cls.__name__} is expected")
        values = dict(values or {})
        spec = _spec(cls)
        unknown = set(values) - set(spec)
        if unknown:
            raise ConfigError(f"{owner}: unknown option(s) {sorted(unknown)}; "
                              f"known: {sorted(spec)}")
        checked = {k: _check(owner, k, v, *spec[k]) for k, v in values.items()}
        return cls(**checked)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def changed(self) -> dict[str, Any]:
        """The options that differ from their defaults (what a signature records)."""
        defaults = type(self)()
        return {k: v for k, v in self.as_dict().items()
                if v != _plain(getattr(defaults, k))}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, frozenset, set)) else value


@cache
def _spec(cls: type[Options]) -> dict[str, tuple[Any, tuple[type, ...], bool]]:
    """field -> (default, accepted types, None allowed)."""
    hints = get_type_hints(cls)
    out: dict[str, tuple[Any, tuple[type, ...], bool]] = {}
    for f in dataclasses.fields(cls):
        if f.default is dataclasses.MISSING:
            raise TypeError(f"{cls.__qualname__}.{f.name}: every option needs a default")
        accepted, optional = _accepted(hints[f.name])
        out[f.name] = (f.default, accepted, optional)
    return out


def _accepted(hint: Any) -> tuple[tuple[type, ...], bool]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        accepted: tuple[type, ...] = ()
        for a in args:
            accepted += _accepted(a)[0]
        return accepted, optional
    if origin in (tuple, list, frozenset, set):
        return _LISTS, False
    if hint is Any:
        return (object,), True
    return (hint,), False


def _check(owner: str, key: str, value: Any, default: Any, accepted: tuple[type, ...],
           optional: bool) -> Any:
    if key.endswith("severity") and value not in SEVERITIES:
        raise ConfigError(f"{owner}: option {key!r} must be one of "
                          f"{', '.join(SEVERITIES)}, got {value!r}")
    if value is None and optional:
        return None
    wants_list = set(accepted) <= set(_LISTS)
    if float in accepted and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    bad = not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted)
    if isinstance(value, _LISTS) and wants_list:
        bad = bad or not all(isinstance(v, str) for v in value)
    if bad:
        kind = ("a list of strings, e.g. '[\"de\"]'" if wants_list
                else f"of type {'/'.join(t.__name__ for t in accepted)}")
        raise ConfigError(f"{owner}: option {key!r} must be {kind} (default {default!r}), "
                          f"got {value!r}")
    if (isinstance(default, (int, float)) and not isinstance(default, bool) and default >= 0
            and value < 0):
        raise ConfigError(f"{owner}: option {key!r} cannot be negative, got {value!r}")
    return tuple(value) if wants_list else value
