"""Gate policy: what makes a translated file fail the build.

Read from ``[tool.mtaudit.gate]`` in ``pyproject.toml`` or ``[gate]`` in ``mtaudit.toml``
(the first found, walking up from the working directory), then overridden by command-line
options::

    [tool.mtaudit.gate]
    max_critical = 0            # most new critical flags allowed per file (default 0)
    max_major = 0               # (default 0)
    max_minor = 20              # (default: no limit)
    min_chrf = 45.0             # corpus chrF of each file (needs a re-translation or reference)
    min_mqm = 80.0              # MQM score of each file, counting only its new flags
    ignore_categories = ["punctuation"]
    baseline = ".mtaudit-baseline.json"

    [[tool.mtaudit.gate.overrides]]   # per-file overrides, first matching glob wins
    files = "docs/fr/legal/*.md"
    max_major = 2
    ignore_categories = ["name"]

    [[tool.mtaudit.gate.suppress]]    # accepted cases (inline markers: mtaudit.report.inline)
    file = "docs/fr/intro.md"
    category = "untranslated"
    text = "machine learning"         # optional: only flags whose text contains this
    reason = "English term kept on purpose"
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError
from mtaudit.core.fingerprint import normalise_span
from mtaudit.core.types import CATEGORIES
from mtaudit.gate.safe_load import loads_toml, read_text
from mtaudit.report.checks import DEFAULT_LIMITS

# Tables mtaudit reads from its config file / [tool.mtaudit]; anything else there is a mistake.
_SECTIONS = ("gate",)

# Keys a policy (or a per-file override) may set.
LIMIT_KEYS = ("max_critical", "max_major", "max_minor", "min_chrf", "min_mqm",
              "ignore_categories")


@dataclass(frozen=True)
class SuppressRule:
    """An accepted case from the policy: flags of ``category`` in files matching ``file``."""

    file: str = "*"
    category: str | None = None
    text: str | None = None
    reason: str = ""

    def matches(self, path: str, category: str, norm_text: str) -> bool:
        if not fnmatch.fnmatchcase(path, self.file):
            return False
        if self.category is not None and self.category != category:
            return False
        return self.text is None or normalise_span(self.text) in norm_text


@dataclass(frozen=True)
class Policy:
    """What makes a file fail: limits, ignored categories, baseline file, per-file overrides
    and accepted cases. The severity limits default to :data:`DEFAULT_LIMITS`."""

    max_critical: int | None = DEFAULT_LIMITS["critical"]
    max_major: int | None = DEFAULT_LIMITS["major"]
    max_minor: int | None = DEFAULT_LIMITS["minor"]
    min_chrf: float | None = None
    min_mqm: float | None = None
    ignore_categories: tuple[str, ...] = ()
    baseline: str | None = ".mtaudit-baseline.json"
    overrides: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    suppress: tuple[SuppressRule, ...] = ()
    origin: str = "defaults"  # where it was read from, for messages

    def for_file(self, path: str) -> Policy:
        """The policy for one target file: the first override whose glob matches applies."""
        for pattern, changes in self.overrides:
            if fnmatch.fnmatchcase(path, pattern):
                return replace(self, **_checked(changes, f"override {pattern!r}"))
        return self

    def with_options(self, **options: Any) -> Policy:
        """Command-line overrides (None values are ignored)."""
        changes = {k: v for k, v in options.items() if v is not None}
        return replace(self, **_checked(changes, "command line")) if changes else self

    def limits(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in LIMIT_KEYS}


def _checked(d: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in d.items():
        if key not in LIMIT_KEYS:
            raise ConfigError(f"{where}: unknown gate setting {key!r}; known: "
                              f"{', '.join(LIMIT_KEYS)}")
        if key.startswith("max_"):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 0):
                raise ConfigError(f"{where}: {key} must be a non-negative integer, not {value!r}")
        elif key.startswith("min_"):
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, (int, float))):
                raise ConfigError(f"{where}: {key} must be a number, not {value!r}")
            value = None if value is None else float(value)
        elif key == "ignore_categories":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: ignore_categories must be a list of category names")
            unknown = sorted(set(value) - set(CATEGORIES))
            if unknown:
                raise ConfigError(f"{where}: unknown categor{'y' if len(unknown) == 1 else 'ies'} "
                                  f"{', '.join(unknown)}; known: {', '.join(CATEGORIES)}")
            value = tuple(value)
        out[key] = value
    return out


def policy_from_mapping(table: Mapping[str, Any], origin: str = "mapping") -> Policy:
    """Build a policy from a ``[tool.mtaudit.gate]``-shaped mapping."""
    table = dict(table)
    overrides_raw = table.pop("overrides", [])
    suppress_raw = table.pop("suppress", [])
    baseline = table.pop("baseline", Policy.baseline)
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(f"{origin}: baseline must be a file path or omitted")
    overrides: list[tuple[str, Mapping[str, Any]]] = []
    for k, o in enumerate(_table_list(overrides_raw, f"{origin}: overrides")):
        o = dict(o)
        files = o.pop("files", None)
        if not isinstance(files, str):
            raise ConfigError(f"{origin}: overrides[{k}] needs files = \"<glob>\"")
        _checked(o, f"{origin}: overrides[{k}]")
        overrides.append((files, o))
    rules = []
    for k, s in enumerate(_table_list(suppress_raw, f"{origin}: suppress")):
        unknown = set(s) - {f.name for f in fields(SuppressRule)}
        if unknown:
            raise ConfigError(f"{origin}: suppress[{k}]: unknown key(s) {sorted(unknown)}")
        for key, value in s.items():
            if not isinstance(value, str) and not (value is None and key in ("category", "text")):
                raise ConfigError(f"{origin}: suppress[{k}].{key} must be a string")
        rules.append(SuppressRule(**s))
    return Policy(**_checked(table, origin), baseline=baseline, overrides=tuple(overrides),
                  suppress=tuple(rules), origin=origin)


def _table_list(value: Any, where: str) -> Sequence[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{where} must be a list of tables")
    return value


def find_policy_file(start: str | Path = ".") -> Path | None:
    """The nearest ``mtaudit.toml``, or ``pyproject.toml`` with a ``[tool.mtaudit]`` table."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        cand = folder / "mtaudit.toml"
        if cand.is_file():
            return cand
        cand = folder / "pyproject.toml"
        if cand.is_file() and "mtaudit" in _read_toml(cand).get("tool", {}):
            return cand
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's TOML, read with the size and depth limits of :mod:`mtaudit.gate.safe_load`."""
    return loads_toml(read_text(path, "policy file"), path)


def load_policy(path: str | Path | None = None, *, start: str | Path = ".") -> Policy:
    """The gate policy from ``path`` (or the nearest config file); defaults when none."""
    p = Path(path) if path is not None else find_policy_file(start)
    if p is None:
        return Policy()
    if not p.is_file():
        raise ConfigError(f"policy file not found: {p}")
    data = _read_toml(p)
    section = data.get("tool", {}).get("mtaudit", {}) if p.name == "pyproject.toml" else data
    where = "[tool.mtaudit]" if p.name == "pyproject.toml" else "the top level"
    if isinstance(section, dict):
        stray = sorted(k for k in section if k not in _SECTIONS)
        if stray:
            table_name = "[tool.mtaudit.gate]" if p.name == "pyproject.toml" else "[gate]"
            raise ConfigError(f"{p}: {', '.join(map(repr, stray))} at {where} is not read; "
                              f"gate settings go under {table_name}")
    table = section.get("gate", {}) if isinstance(section, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{p}: the gate settings must be a table")
    return policy_from_mapping(table, origin=str(p))
