"""Name consistency: one source word rendered by different spellings (Lavrov / Lavroff).

A :class:`Rendering` is a target name linked to the source word it renders.  Among the
renderings of one source word, the minority spellings that are variants of the preferred one
(:func:`~mtaudit.entities.nearmiss.spelling_variants`) are flagged (category ``consistency``)
with as suggestion the authority's spelling when one of them is accepted, else the majority (or
first) spelling.  :func:`consistency_flags` does it for renderings collected by the names
detector within a document; :func:`corpus_consistency` collects them across documents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtaudit.core.errors import ConfigError
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.entities.authority import AuthorityIndex
from mtaudit.entities.extract import Mention, find_names_many
from mtaudit.entities.linking import best_link, linkable, source_words
from mtaudit.entities.name_resources import NameResources, renders_name
from mtaudit.entities.nearmiss import case_like, spelling_variants
from mtaudit.lang.latin import plural_insensitive


@dataclass(frozen=True)
class Rendering:
    """A target name linked to the source word it renders."""

    doc: int
    pair: AlignedPair
    mention: Mention
    key: str            # the source word (normalised, no clitics/article)
    source: str         # the source word as written


def consistency_flags(renderings: Sequence[Rendering], authorities: AuthorityIndex | None,
                      detector: str = "names", severity: str = "minor",
                      n_docs: int = 1) -> list[list[Flag]]:
    """Flags (one list per document) for source words rendered by different spellings."""
    out: list[list[Flag]] = [[] for _ in range(n_docs)]
    groups: dict[str, list[Rendering]] = defaultdict(list)
    for r in renderings:
        groups[r.key].append(r)
    accepted_by_key: dict[str, tuple[str, ...]] = {}
    if authorities is not None:
        for a in authorities.items:
            if len(a.key) == 1:
                accepted_by_key[a.key[0]] = a.accepted
    for key, group in groups.items():
        counts = Counter(plural_insensitive(r.mention.text) for r in group)
        if len(counts) < 2:
            continue
        first_surface = {}
        for r in group:
            first_surface.setdefault(plural_insensitive(r.mention.text), r.mention.text)
        accepted = {plural_insensitive(a): a for a in accepted_by_key.get(key, ())}
        authoritative = [s for s in counts if s in accepted]
        if authoritative:
            preferred = max(authoritative, key=lambda s: counts[s])
            shown = accepted[preferred]
            why = "accepted spelling"
        else:
            order = list(first_surface)
            preferred = max(order, key=lambda s: (counts[s], -order.index(s)))
            shown = first_surface[preferred]
            why = "majority spelling" if counts[preferred] > 1 else "first spelling"
        for r in group:
            surface = plural_insensitive(r.mention.text)
            if surface == preferred:
                continue
            if not spelling_variants(r.mention.text, first_surface[preferred]):
                continue
            others = ", ".join(f"'{first_surface[s]}' ×{c}" for s, c in counts.items())
            out[r.doc].append(Flag.on_pair(
                r.pair, r.mention.start, r.mention.end, category="consistency",
                severity=severity,
                message=(f"source name {r.source} is rendered several ways ({others}); "
                         f"{why}: '{shown}'"),
                detector=detector, suggestion=case_like(r.mention.text, shown), confidence=0.7))
    return out


def corpus_consistency(documents: Sequence[Sequence[AlignedPair]], src_lang: str,
                       tgt_lang: str, *, resources: Mapping[str, Any] | None = None,
                       use_ner: bool = True, max_link_cost: float = 0.6,
                       severity: str = "minor") -> list[list[Flag]]:
    """Name consistency across several documents, each given as its aligned pairs.

    Returns one list of "consistency" flags per document, in the order given; each flag's
    ``pair_index`` refers to its own document.  Raises :class:`ConfigError` without languages,
    and the entity list's errors (``resources["entities"]``) before any document work.
    """
    if not src_lang or not tgt_lang:
        raise ConfigError("corpus_consistency needs src_lang and tgt_lang")
    doc_pairs = [list(d) for d in documents]
    res = NameResources(src_lang, tgt_lang, dict(resources or {}), True)
    flat = [(i, p) for i, pairs in enumerate(doc_pairs) for p in pairs if p.source and p.target]
    mentions = find_names_many([p.target_text for _, p in flat], tgt_lang, use_ner=use_ner)
    renderings = []
    for (doc, pair), ms in zip(flat, mentions, strict=True):
        words = source_words(pair.source_text, src_lang) if linkable(src_lang) else []
        if not words:
            continue
        for m in ms:
            if not renders_name(m, 4, res):
                continue
            lk = best_link(m.text, words, src_lang)
            if lk is not None and lk.cost <= max_link_cost:
                renderings.append(Rendering(doc, pair, m, lk.stem, lk.word.text))
    return consistency_flags(renderings, res.authorities, "names", severity, len(doc_pairs))
