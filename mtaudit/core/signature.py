"""Run signatures: how a report was made, in the spirit of sacrebleu's signatures.

The signature is a plain dict (stored in every report) plus a compact one-line string form::

    mtaudit:0.1.0|pair:ar-fr|seg:rules/1|emb:use-multilingual-v3|align:...|det:untranslated|mt:none|mqm:1/5/25
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Short keys of the one-line form, in order.
_ORDER: tuple[tuple[str, str], ...] = (
    ("mtaudit", "mtaudit"),
    ("pair", "pair"),
    ("segmenter", "seg"),
    ("embedder", "emb"),
    ("aligner", "align"),
    ("detectors", "det"),
    ("retranslation", "mt"),
    ("scoring", "score"),
    ("mqm_weights", "mqm"),
)


def _short(key: str, value: Any) -> str:
    if value is None:
        return "none"
    if key == "detectors":
        return "+".join(detector_label(d) for d in value) if value else "none"
    if key == "mqm_weights" and isinstance(value, Mapping):
        return "/".join(f"{value[s]:g}" for s in ("minor", "major", "critical") if s in value)
    if key == "retranslation" and isinstance(value, Mapping):
        if value.get("kind") == "reference":  # the file's name and the start of its sha256
            ident = str(value.get("path") or "?").replace("\\", "/").rsplit("/", 1)[-1]
            rev = str(value.get("sha256") or "")[:8]
        else:
            ident = value.get("model") or value.get("kind", "?")
            rev = value.get("revision")
        return f"{value.get('kind', 'mt')}:{ident}" + (f"@{rev}" if rev else "")
    if key == "scoring" and isinstance(value, Mapping):
        return ",".join(sorted(value)) if value else "none"
    return str(value)


def detector_label(entry: Any) -> str:
    """The display form of one structured detector entry: ``name(key=value,...)``, or
    ``name/N`` for a check across N documents. (Reports written before detectors were
    recorded as data hold plain strings; they are shown as they are.)"""
    if not isinstance(entry, Mapping):
        return str(entry)
    label = str(entry.get("name", "?"))
    if entry.get("documents"):
        label += f"/{entry['documents']}"
    options = entry.get("options") or {}
    if options:
        label += "(" + ",".join(f"{k}={_option(v)}" for k, v in sorted(options.items())) + ")"
    return label


def _option(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(str(v) for v in value) + "]"
    return str(value)


def detector_entries(sig: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The signature's detectors as structured entries (name, options); a legacy plain-string
    entry gives its name only when it carries no options, and is skipped otherwise."""
    out: list[dict[str, Any]] = []
    for d in sig.get("detectors") or ():
        if isinstance(d, Mapping):
            out.append(dict(d))
        elif isinstance(d, str) and d.isidentifier():
            out.append({"name": d})
    return out


def format_signature(sig: Mapping[str, Any]) -> str:
    return "|".join(f"{short}:{_short(key, sig.get(key))}" for key, short in _ORDER if key in sig)
