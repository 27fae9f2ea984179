"""On-disk cache of detector flags (SQLite, beside the other caches).

A built-in detector's flags are a pure function of what it is given: both documents, the
aligned pairs, the languages, the re-translations or reference, the pair similarities, the
user's resources (by content), the embedder (by signature), its own options -- and of the code
and data that run it (:func:`mtaudit.core.build_id.build_id`). The key hashes all of that, so a
repeat audit of the same documents with the same settings serves each detector's flags from
disk, and any change (an edited sentence, another option, another mtaudit) misses and runs the
detector. Third-party detectors are never cached (their code is not in the key), nor is a run
that warned (its warnings would be lost on the next run).

``MTAUDIT_DETECTION_CACHE=off`` turns it off. At most ``MAX_ENTRIES`` results are kept; past
that the oldest quarter is dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mtaudit.core.results_cache import ResultsCache, component_identity
from mtaudit.core.types import Flag

CACHE_FILE = "detections.sqlite3"
MAX_ENTRIES = 20_000


def _resource(value: Any) -> Any:
    """A resource as keyed: a file by its content's sha256 (also inside lists, tuples and
    mappings, e.g. several related documents), anything else by its repr."""
    if isinstance(value, (list, tuple)):
        return ["seq", [_resource(v) for v in value]]
    if isinstance(value, Mapping):
        return ["map", {str(k): _resource(v) for k, v in sorted(value.items(), key=str)}]
    if isinstance(value, (str, Path)):
        p = Path(value)
        try:
            if p.is_file():
                return ["file", hashlib.sha256(p.read_bytes()).hexdigest()]
        except (OSError, ValueError):
            pass
    return ["value", repr(value)]


def _document(doc: Any) -> dict[str, Any]:
    """A document as keyed: everything but where it was read from (no detector reads the path,
    and the same text at another path gives the same flags)."""
    return {k: v for k, v in doc.to_dict().items() if k != "path"}


def context_key(ctx: Any) -> str:
    """sha256 of everything a detector is given (:class:`~mtaudit.detectors.DetectorContext`)
    and of :func:`~mtaudit.core.build_id.build_id`."""
    from mtaudit.core.build_id import build_id

    doc = {
        "build": build_id(),
        "source": _document(ctx.source), "target": _document(ctx.target),
        "pairs": [p.to_dict() for p in ctx.pairs],
        "langs": [ctx.src_lang, ctx.tgt_lang],
        "retranslations": list(ctx.retranslations) if ctx.retranslations is not None else None,
        "kind": ctx.retranslation_kind,
        "similarities": list(ctx.similarities) if ctx.similarities is not None else None,
        "resources": {k: _resource(v) for k, v in sorted(dict(ctx.resources).items())},
        "embedder": component_identity(ctx.embedder),
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=repr)
                          .encode("utf-8", "surrogatepass")).hexdigest()


def detector_key(context: str, signature: Mapping[str, Any]) -> str:
    return hashlib.sha256(f"{context}\x00{json.dumps(signature, sort_keys=True, default=repr)}"
                          .encode()).hexdigest()


def open_cache() -> DetectionCache | None:
    """This process's detection cache in the cache folder, or None when it is off."""
    return DetectionCache.shared()


class DetectionCache(ResultsCache):
    """``get(key) -> flags or None`` and ``put(key, flags)``."""

    filename = CACHE_FILE
    label = "detection cache"
    table, column = "detections", "flags"
    switch = "MTAUDIT_DETECTION_CACHE"
    max_entries = MAX_ENTRIES

    def get(self, key: str) -> list[Flag] | None:
        value = self.get_json(key)
        if value is None:
            return None
        try:
            return [Flag.from_dict(d) for d in value]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # a damaged row: run the detector again

    def put(self, key: str, flags: Sequence[Flag]) -> None:
        self.put_json(key, [f.to_dict() for f in flags])


__all__ = ["CACHE_FILE", "DetectionCache", "context_key", "detector_key", "open_cache"]
