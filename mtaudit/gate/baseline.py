"""Baselines: the flags already known when the gate was adopted, so only new ones fail.

``mtaudit gate --update-baseline`` writes ``.mtaudit-baseline.json`` (stable, sorted, no
timestamps, so it diffs well in review)::

    {"version": 2, "tool": "mtaudit",
     "files": {"docs/fr/a.md": [{"fingerprint": "…", "category": "name",
                                 "severity": "major", "detector": "names", "text": "…"}]}}

Flags are matched by fingerprint (:mod:`mtaudit.gate.fingerprint`), which survives text being
added or removed elsewhere in the file. Version 2 fingerprints a catalog's flags with their
unit's identity (``msgctxt::msgid`` or the unit id), so a new flag never matches another
unit's old flag of the same text; documents' fingerprints are the same in both versions. A
version 1 baseline is still read: its catalog flags are matched by their old (unit-blind)
fingerprints until ``--update-baseline`` writes version 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtaudit.core.atomic import write_text_atomic
from mtaudit.core.errors import ConfigError
from mtaudit.core.types import Flag

BASELINE_VERSION = 2
READABLE_VERSIONS = (1, 2)


@dataclass(frozen=True)
class Baseline:
    """The known flags: file -> fingerprints (and the recorded entries)."""

    files: Mapping[str, frozenset[str]] = field(default_factory=dict)
    entries: Mapping[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    version: int = BASELINE_VERSION

    def known(self, file: str, fingerprint: str) -> bool:
        """Whether the flag ``fingerprint`` of ``file`` is recorded."""
        return fingerprint in self.files.get(file, frozenset())

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """The baseline in ``path``; an empty one when the file does not exist."""
        p = Path(path)
        if not p.is_file():
            return cls()
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(f"cannot read baseline {p}: {exc}") from None
        if not isinstance(data, dict) or data.get("version") not in READABLE_VERSIONS \
                or not isinstance(data.get("files"), dict):
            raise ConfigError(f"{p} is not an mtaudit baseline (version {BASELINE_VERSION})")
        entries = {f: tuple(e for e in v if isinstance(e, dict) and "fingerprint" in e)
                   for f, v in data["files"].items()}
        return cls({f: frozenset(e["fingerprint"] for e in v) for f, v in entries.items()},
                   entries, int(data["version"]))


def baseline_entry(fingerprint: str, flag: Flag) -> dict[str, Any]:
    return {"fingerprint": fingerprint, "category": flag.category, "severity": flag.severity,
            "detector": flag.detector, "text": flag.text[:200]}


def baseline_text(files: Mapping[str, Iterable[tuple[str, Flag]]]) -> tuple[str, int]:
    """The baseline file's text for ``files`` (file -> (fingerprint, flag)) and its flag count."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(files):
        items = sorted({fp: baseline_entry(fp, f) for fp, f in files[name]}.values(),
                       key=lambda e: (e["category"], e["text"], e["fingerprint"]))
        if items:
            out[name] = items
    text = json.dumps({"version": BASELINE_VERSION, "tool": "mtaudit", "files": out},
                      ensure_ascii=False, indent=2, sort_keys=True)
    return text + "\n", sum(len(v) for v in out.values())


def write_baseline(path: str | Path, files: Mapping[str, Iterable[tuple[str, Flag]]]) -> int:
    """Write the baseline for ``files`` (file -> (fingerprint, flag)); returns the flag count."""
    text, n = baseline_text(files)
    write_text_atomic(path, text)
    return n
