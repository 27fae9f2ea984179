"""The detector plug-in contract.

A detector is a class registered under the ``mtaudit.detectors`` entry-point group
(:mod:`mtaudit.core.plugins`) that declares:

- ``name``: its registered name (the entry point's name);
- ``categories``: every category it may emit; a flag of another category is a bug (the
  pipeline raises, the contract test ``tests/test_plugin_contract.py`` checks it);
- ``Options``: a frozen dataclass of typed options (:class:`mtaudit.core.options.Options`),
  validated once when the detector is made, with clear errors for unknown keys and wrong types;
- ``default``: whether it runs when the user does not choose the detectors;
- ``resources``: the user resources it reads (``"glossary"``, ``"entities"``);

and implements two steps:

- :meth:`Detector.prepare` loads and checks every resource it needs (a glossary, an entity
  list, a language table) **before any document work**, and returns what :meth:`detect` needs
  (any object; ``None`` when there is nothing to prepare). A missing or broken resource raises
  :class:`~mtaudit.core.errors.ConfigError` here, not after alignment and re-translation;
- :meth:`Detector.detect` reads a :class:`DetectorContext` (the aligned pairs plus whatever the
  audit has: re-translations or references, cross-lingual similarities, languages) and the
  prepared object, and returns :class:`~mtaudit.core.types.Flag` objects with exact spans. It
  keeps no state on the instance: the same detector may run on many documents, in any order.

Every detector must work without an MT model (``ctx.retranslations`` is ``None``) and may get
sharper when one is present. Heavy resources (spaCy, lingua...) are loaded lazily, on first use.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from mtaudit.core.errors import ConfigError
from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Document, Flag
from mtaudit.ingest.catalog import CATALOG_FORMATS


@dataclass(frozen=True)
class Setup:
    """What :meth:`Detector.prepare` may look at: the languages and the user's resources."""

    src_lang: str
    tgt_lang: str
    # User resources by name, e.g. {"glossary": Path(...), "entities": Path(...)}
    resources: Mapping[str, Any] = field(default_factory=dict)


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
    resources: Mapping[str, Any] = field(default_factory=dict)
    # The pipeline's sentence embedder (mtaudit.embed.Embedder), None when there is none.
    embedder: Any | None = None

    def retranslation(self, pair: AlignedPair) -> str | None:
        if self.retranslations is None:
            return None
        return self.retranslations[pair.index]

    def setup(self) -> Setup:
        return Setup(self.src_lang, self.tgt_lang, self.resources)


class Detector(ABC):
    """Base class; see the module docstring for the contract."""

    name: ClassVar[str] = ""
    categories: ClassVar[tuple[str, ...]] = ()
    Options: ClassVar[type[Options]] = Options
    default: ClassVar[bool] = False  # run when the user does not choose (built-ins say True)
    # The user resources it reads (keys of ``Setup.resources``, e.g. "glossary"); ``prepare``
    # must refuse one that is missing or does not parse.
    resources: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: Mapping[str, Any] | Options | None = None,
                 **kwargs: Any) -> None:
        if options is not None and kwargs:
            raise TypeError("give the options as one mapping or as keywords, not both")
        self.options = self.Options.parse(kwargs or options, owner=f"detector {self.name!r}")

    def prepare(self, setup: Setup) -> Any:
        """Load and check the resources :meth:`detect` needs; ``None`` by default."""
        return None

    @abstractmethod
    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        """Return the flags for the whole document pair."""

    def run(self, ctx: DetectorContext) -> list[Flag]:
        """``prepare`` then ``detect`` on one document pair (notebooks, tests); the pipeline
        prepares once, before any document work, and checks the categories."""
        return checked_flags(self, self.detect(ctx, self.prepare(ctx.setup())))

    def signature(self) -> dict[str, Any]:
        """The structured signature entry: name and non-default options."""
        entry: dict[str, Any] = {"name": self.name}
        changed = self.options.changed()
        if changed:
            entry["options"] = changed
        return entry


def checked_flags(detector: Detector, flags: Iterable[Flag]) -> list[Flag]:
    """The flags, or a ConfigError naming the detector that emitted an undeclared category."""
    flags = list(flags)
    declared = set(detector.categories)
    for f in flags:
        if f.category not in declared:
            raise ConfigError(f"detector {detector.name!r} emitted category {f.category!r}, "
                              f"which it does not declare ({', '.join(sorted(declared))})")
    return flags


class PairDetector(Detector):
    """A detector that looks at one aligned pair at a time."""

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        flags: list[Flag] = []
        for pair in ctx.pairs:
            flags.extend(self.detect_pair(pair, ctx, prepared))
        return flags

    @abstractmethod
    def detect_pair(self, pair: AlignedPair, ctx: DetectorContext,
                    prepared: Any = None) -> Iterable[Flag]:
        """Return the flags of one pair."""


# ----- catalog detectors (placeholders, markup, accelerators, l10n_format, catalog_status) ------


@dataclass(frozen=True)
class CatalogOptions(Options):
    """Options every catalog detector has: the input formats it checks (silent on others)."""

    formats: tuple[str, ...] = CATALOG_FORMATS  # input formats checked


def catalog_pairs(ctx: DetectorContext, formats: tuple[str, ...]) -> list[AlignedPair]:
    """The pairs with text on both sides when the input is one of ``formats``, else none."""
    if ctx.target.fmt not in formats:
        return []
    return [p for p in ctx.pairs if p.source and p.target]
