"""The detection step of the pipeline: detectors made and prepared before any document work,
run over the document, their flags checked against their declared categories, and flags inside
a critical flag dropped (MQM counts one error per problem)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mtaudit.app.config import AuditConfig
from mtaudit.core.errors import ConfigError
from mtaudit.core.types import Flag
from mtaudit.detectors import (
    Detector,
    DetectorContext,
    Setup,
    checked_flags,
    default_detectors,
    get_detector,
)

# progress(stage, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Prepared:
    """A detector with what its ``prepare`` step loaded."""

    detector: Detector
    state: Any


def load_detectors(config: AuditConfig) -> list[Prepared]:
    """The detectors to run, made from their options and prepared (every resource loaded and
    checked) before any document work: a bad option or a glossary that does not parse fails
    here, not after alignment and re-translation."""
    from mtaudit.detectors import registered

    known = registered()
    names = config.detectors if config.detectors is not None else default_detectors()
    if config.detectors is None and config.resources.get("glossary") and "terms" not in names:
        names = (*names, "terms")  # a glossary given means: check it
    for name in config.detector_options:
        if name not in known:
            raise ConfigError(f"options given for unknown detector {name!r}; known: "
                              f"{', '.join(sorted(known))}")
        if name not in names:
            raise ConfigError(f"options given for detector {name!r}, which does not run "
                              f"(running: {', '.join(names)})")
    detectors = [get_detector(n, config.detector_options.get(n)) for n in names]
    setup = Setup(config.src_lang, config.tgt_lang, dict(config.resources))
    return [Prepared(d, d.prepare(setup)) for d in detectors]


def detect(detectors: Sequence[Prepared], ctx: DetectorContext,
           progress: Progress | None) -> list[Flag]:
    flags: list[Flag] = []
    for k, p in enumerate(detectors):
        flags.extend(checked_flags(p.detector, p.detector.detect(ctx, p.state)))
        if progress:
            progress("detect", k + 1, len(detectors))
    flags = drop_subsumed(flags)
    # Deterministic order: by pair, then side, then position.
    flags.sort(key=lambda f: (f.pair_index, f.side != "target", f.start, f.end, f.category,
                              f.detector))
    return flags


def drop_subsumed(flags: Sequence[Flag]) -> list[Flag]:
    """Drop flags lying inside a critical flag's span on the same side of the same pair.

    A passage left untranslated (critical) makes every word-level flag inside it (a name, a
    number, a divergence from the re-translation) a consequence of the same error: MQM counts
    one error per problem, so only the enclosing flag is kept.
    """
    critical = [f for f in flags if f.severity == "critical"]
    return [f for f in flags
            if f.severity == "critical" or not any(
                c.pair_index == f.pair_index and c.side == f.side and c.start <= f.start
                and f.end <= c.end for c in critical)]
