"""The detection step of the pipeline: detectors made and prepared before any document work,
run over the document, their flags checked against their declared categories, and flags inside
a critical flag dropped (MQM counts one error per problem)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mtaudit.app.config import AuditConfig
from mtaudit.core import plugins
from mtaudit.core.errors import ConfigError
from mtaudit.core.types import Flag
from mtaudit.detectors import (
    GROUPS,
    Detector,
    DetectorContext,
    Setup,
    checked_flags,
    default_detectors,
    detector_class,
    get_detector,
    registered,
)

# progress(stage, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Prepared:
    """A detector with what its ``prepare`` step loaded."""

    detector: Detector
    state: Any


def detector_names(config: AuditConfig) -> tuple[str, ...]:
    """The detectors to run: ``config.detectors`` (``"default"`` in it stands for the default
    ones, so ``("default", "exclaim")`` adds a plugin; ``"l10n"`` for the catalog checks,
    :data:`~mtaudit.detectors.GROUPS`), else the defaults plus ``terms`` when a
    glossary is given."""
    defaults = default_detectors()
    if config.detectors is None:
        names = defaults
        if config.resources.get("glossary") and "terms" not in names:
            names = (*names, "terms")  # a glossary given means: check it
        return names
    out: list[str] = []
    for name in config.detectors:
        for n in (defaults if name == "default" else GROUPS.get(name, (name,))):
            if n not in out:
                out.append(n)
    return tuple(out)


# How the errors name the resources of mtaudit's own detectors.
RESOURCE_NAMES = {"glossary": "a glossary", "entities": "an entity list"}


def load_detectors(config: AuditConfig) -> list[Prepared]:
    """The detectors to run, made from their options and prepared (every resource loaded and
    checked) before any document work: a bad option or a glossary that does not parse fails
    here, not after alignment and re-translation."""
    known = registered()
    names = detector_names(config)
    for name in names:
        if name not in known:
            raise ConfigError(f"unknown detector {name!r}; known: {', '.join(known)} "
                              "(and 'default' for the default ones)")
    for name in config.detector_options:
        if name not in known:
            raise ConfigError(f"options given for unknown detector {name!r}; known: "
                              f"{', '.join(sorted(known))}")
        if name not in names:
            raise ConfigError(f"options given for detector {name!r}, which does not run "
                              f"(running: {', '.join(names)})")
    detectors = [get_detector(n, config.detector_options.get(n)) for n in names]
    read = {r for d in detectors for r in d.resources}
    for resource, value in config.resources.items():
        if value and resource not in read:
            what = RESOURCE_NAMES.get(resource, f"resource {resource!r}")
            readers = [n for n in known if plugins.builtin("detector", n)
                       and resource in detector_class(n).resources]
            hint = (f"the {readers[0]!r} detector, which reads it, does not run"
                    if readers else "no detector reads it")
            raise ConfigError(f"{what} was given but {hint} (running: {', '.join(names)})"
                              + (f"; add it, e.g. --detectors default,{readers[0]}"
                                 if readers else ""))
    setup = Setup(config.src_lang, config.tgt_lang, dict(config.resources))
    return [Prepared(d, plugins.guarded("detector", d.name, lambda d=d: d.prepare(setup)))
            for d in detectors]


def detect(detectors: Sequence[Prepared], ctx: DetectorContext,
           progress: Progress | None) -> list[Flag]:
    flags: list[Flag] = []
    for k, p in enumerate(detectors):
        found = plugins.guarded("detector", p.detector.name,
                                lambda p=p: p.detector.detect(ctx, p.state))
        flags.extend(checked_flags(p.detector, found))
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
