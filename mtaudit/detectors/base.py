"""The detector plug-in interface.

A detector reads a :class:`DetectorContext` (the aligned pairs plus whatever the audit has:
re-translations or references, cross-lingual similarities, languages, user resources) and
returns :class:`~mtaudit.core.types.Flag` objects with exact character spans.

Every detector must work without an MT model (``ctx.retranslations`` is ``None``) and may get
sharper when one is present. Heavy resources (spaCy, lingua...) are loaded lazily, on first use.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from mtaudit.core.types import AlignedPair, Document, Flag


@dataclass(frozen=True)
class DetectorContext:
    source: Document
    target: Document
    pairs: Sequence[AlignedPair]
    src_lang: str
    tgt_lang: str
    # One entry per pair (None where the pair has no source): MT re-translation or reference.
    retranslations: Sequence[str | None] | None = None
    retranslation_kind: str | None = None  # "mt" or "reference"
    # Cross-lingual similarity of source and target per pair (None where one side is empty).
    similarities: Sequence[float | None] | None = None
    # User resources by name, e.g. {"glossary": Path(...)}
    resources: dict[str, Any] = field(default_factory=dict)
    # The pipeline's sentence embedder (mtaudit.embed.Embedder), None when there is none.
    embedder: Any | None = None

    def retranslation(self, pair: AlignedPair) -> str | None:
        if self.retranslations is None:
            return None
        return self.retranslations[pair.index]


class Detector(ABC):
    """Base class. Subclasses set ``name`` and ``categories`` and implement :meth:`detect`.

    Options come from ``AuditConfig.detector_options[<name>]`` (CLI: ``--detector-option
    NAME.KEY=VALUE``) as keyword arguments;
    subclasses declare their defaults in ``defaults`` and read them from ``self.options``.
    """

    name: ClassVar[str] = ""
    categories: ClassVar[tuple[str, ...]] = ()
    defaults: ClassVar[dict[str, Any]] = {}
    # Types of options whose default is None (the others take their default's type).
    option_types: ClassVar[dict[str, tuple[type, ...]]] = {}

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(self.defaults)
        if unknown:
            from mtaudit.core.errors import ConfigError

            raise ConfigError(f"detector {self.name!r}: unknown option(s) {sorted(unknown)}; "
                              f"known: {sorted(self.defaults)}")
        for key, value in options.items():
            _check_option_type(self.name, key, value, self.defaults[key],
                               self.option_types.get(key))
        self.options: dict[str, Any] = {**self.defaults, **options}

    @abstractmethod
    def detect(self, ctx: DetectorContext) -> list[Flag]:
        """Return the flags for the whole document pair."""

    def signature(self) -> str:
        """Short description for the run signature: name plus non-default options."""
        changed = {k: v for k, v in self.options.items() if self.defaults.get(k) != v}
        if not changed:
            return self.name
        return self.name + "(" + ",".join(f"{k}={v}" for k, v in sorted(changed.items())) + ")"


_LISTS = (list, tuple, frozenset, set)


def _check_option_type(detector: str, key: str, value: Any, default: Any,
                       declared: tuple[type, ...] | None = None) -> None:
    """An option must have its default's type (an int where a float is expected is fine; a
    None default takes the detector's declared type, or anything); an option whose default is
    not negative cannot be; a ``*severity`` option is a severity; list options are lists of
    strings."""
    from mtaudit.core.errors import ConfigError
    from mtaudit.core.types import SEVERITIES

    if key.endswith("severity") and value not in SEVERITIES:
        raise ConfigError(f"detector {detector!r}: option {key!r} must be one of "
                          f"{', '.join(SEVERITIES)}, got {value!r}")
    if default is None and (declared is None or value is None):
        return
    expected: tuple[type, ...]
    if default is None:
        expected = declared or ()
    elif isinstance(default, bool):
        expected = (bool,)
    elif isinstance(default, (int, float)):
        expected = (int, float) if isinstance(default, float) else (int,)
    elif isinstance(default, (list, tuple, frozenset, set)):
        expected = (list, tuple, frozenset, set)
    else:
        expected = (type(default),)
    bad_type = not isinstance(value, expected) or (isinstance(value, bool)
                                                   and not isinstance(default, bool))
    if isinstance(value, _LISTS) and set(expected) <= set(_LISTS):
        bad_type = bad_type or not all(isinstance(v, str) for v in value)
    if bad_type:
        kind = ("a list of strings, e.g. '[\"de\"]'" if set(expected) <= set(_LISTS)
                else f"of type {'/'.join(t.__name__ for t in expected)}")
        raise ConfigError(f"detector {detector!r}: option {key!r} must be {kind} "
                          f"(default {default!r}), got {value!r}")
    if (isinstance(default, (int, float)) and not isinstance(default, bool) and default >= 0
            and value < 0):
        raise ConfigError(f"detector {detector!r}: option {key!r} cannot be negative, "
                          f"got {value!r}")


class PairDetector(Detector):
    """A detector that looks at one aligned pair at a time."""

    def detect(self, ctx: DetectorContext) -> list[Flag]:
        flags: list[Flag] = []
        for pair in ctx.pairs:
            flags.extend(self.detect_pair(pair, ctx))
        return flags

    @abstractmethod
    def detect_pair(self, pair: AlignedPair, ctx: DetectorContext) -> Iterable[Flag]:
        """Return the flags of one pair."""
