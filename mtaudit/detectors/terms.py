"""Terminology: source terms of a user glossary whose accepted translation is missing.

Needs a glossary (``resources["glossary"]``: TSV ``source<TAB>target1|target2[<TAB>severity]``
or TBX, see :mod:`mtaudit.entities.glossary`); without one it refuses to run (ConfigError)
rather than silently finding nothing, which is why it is not among the default detectors.

Per aligned pair with a source and a target: every glossary term found in the source (Arabic
after normalisation and clitic removal) must have one of its accepted translations in the target
(case/accent-insensitive, French elision and plural tolerated).  Otherwise a "term" flag with
the entry's severity (default ``major``) and the first accepted translation as suggestion.  The
span is the target word(s) most similar to an accepted translation when one is similar enough
(``locate_threshold``: "terroristes" for "terrorisme"), else the pair's whole target text, and
the message says which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from mtaudit.core.errors import ConfigError
from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import DetectorContext, PairDetector, Setup
from mtaudit.entities.glossary import (
    Glossary,
    GlossaryEntry,
    TermToken,
    display,
    find_term,
    load_glossary,
    term_key,
    text_tokens,
)
from mtaudit.lang.latin import fold


class _Compiled:
    """A glossary with its match keys, indexed by the first source key."""

    def __init__(self, glossary: Glossary, src_lang: str, tgt_lang: str) -> None:
        self.glossary = glossary
        self.items: list[tuple[GlossaryEntry, tuple[str, ...], list[tuple[str, ...]]]] = []
        self.by_first: dict[str, list[int]] = {}
        for e in glossary.entries:
            key = term_key(e.source, src_lang)
            if not key:
                continue
            self.by_first.setdefault(key[0], []).append(len(self.items))
            self.items.append((e, key, [term_key(t, tgt_lang) for t in e.targets]))

    def in_source(self, tokens: list[TermToken]) -> list[int]:
        found: list[int] = []
        for i, tok in enumerate(tokens):
            for k in tok.keys:
                for idx in self.by_first.get(k, ()):
                    if idx not in found and find_term(self.items[idx][1],
                                                      tokens[i:i + len(self.items[idx][1])]):
                        found.append(idx)
        return found


@lru_cache(maxsize=16)
def _compiled(path: str, mtime: float, src_lang: str, tgt_lang: str) -> _Compiled:
    return _Compiled(load_glossary(path, src_lang, tgt_lang), src_lang, tgt_lang)


@dataclass(frozen=True)
class TermsOptions(Options):
    severity: str = "major"  # for entries that do not set their own
    locate_threshold: float = 0.7  # similarity for pointing at the mistranslated word


class TermsDetector(PairDetector):
    name: ClassVar[str] = "terms"
    categories: ClassVar[tuple[str, ...]] = ("term",)
    Options = TermsOptions
    resources = ("glossary",)

    def prepare(self, setup: Setup) -> _Compiled:
        """The glossary, read and checked before any document work."""
        path = setup.resources.get("glossary")
        if not path:
            raise ConfigError("detector 'terms' needs a glossary (TSV or TBX): pass --glossary "
                              "FILE or resources={'glossary': path}")
        p = Path(path)
        mtime = p.stat().st_mtime if p.is_file() else 0.0
        return _compiled(str(p), mtime, setup.src_lang, setup.tgt_lang)

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        glossary = prepared if prepared is not None else self.prepare(ctx.setup())
        return super().detect(ctx, glossary)

    def detect_pair(self, pair: AlignedPair, ctx: DetectorContext,
                    prepared: Any = None) -> Iterable[Flag]:
        if not pair.source or not pair.target or not pair.target_text.strip():
            return []
        g = prepared
        found = g.in_source(text_tokens(pair.source_text, ctx.src_lang))
        if not found:
            return []
        tgt_tokens = text_tokens(pair.target_text, ctx.tgt_lang)
        flags = []
        for idx in found:
            entry, _key, target_keys = g.items[idx]
            if any(find_term(k, tgt_tokens) for k in target_keys if k):
                continue
            flags.append(self._flag(pair, entry, target_keys, tgt_tokens))
        return flags

    def _flag(self, pair: AlignedPair, entry: GlossaryEntry, target_keys: list[tuple[str, ...]],
              tokens: list[TermToken]) -> Flag:
        severity = entry.severity or self.options.severity
        accepted = " | ".join(display(t) for t in entry.targets)
        suggestion = display(entry.targets[0])
        span = _locate(pair.target_text, entry.targets, tokens,
                       float(self.options.locate_threshold))
        where = f" (glossary line {entry.line})" if entry.line else ""
        if span is not None:
            a, b = span
            message = (f"source term '{display(entry.source)}' should be translated "
                       f"'{accepted}'{where}; found '{pair.target_text[a:b]}'")
            confidence = 0.8
        else:
            a, b = 0, len(pair.target_text)
            message = (f"source term '{display(entry.source)}' should be translated "
                       f"'{accepted}'{where}; no accepted translation and no similar word in the "
                       f"target (span = whole segment)")
            confidence = 0.6
        return Flag.on_pair(pair, a, b, category="term", severity=severity, message=message,
                            detector=self.name, suggestion=suggestion, confidence=confidence)


def _locate(text: str, targets: tuple[str, ...], tokens: list[TermToken],
            threshold: float) -> tuple[int, int] | None:
    """The target word window most similar to an accepted term, if similar enough."""
    best: tuple[float, int, int] | None = None
    for term in targets:
        want = fold(display(term))
        n = max(1, len(term.split()))
        for size in {n, n + 1, max(1, n - 1)}:
            for i in range(len(tokens) - size + 1):
                a, b = tokens[i].start, tokens[i + size - 1].end
                ratio = SequenceMatcher(None, want, fold(text[a:b])).ratio()
                if best is None or ratio > best[0]:
                    best = (ratio, a, b)
    if best is None or best[0] < threshold:
        return None
    return best[1], best[2]
