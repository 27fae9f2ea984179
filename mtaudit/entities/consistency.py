"""Name consistency: one source word rendered by different spellings (Medvedev / Medvedeff).

A :class:`Rendering` is a target name linked to the source word it renders.  Among the
renderings of one source word, the spellings that are variants of the preferred one
(:func:`~mtaudit.entities.nearmiss.spelling_variants`) are flagged (category ``consistency``)
with the preferred one as suggestion: the authority's spelling when one of them is accepted,
else the clearly better attested one (``attest``: a Zipf value, the related documents'
spellings counting as very common; itself attested, at least :data:`MIN_ATTESTED`, and at least
:data:`DECISIVE_GAP` above every other), else the strict majority, else the one spelling that
the detector did not find garbled (``dubious``: the spellings it flagged as likely garbled).
When nothing decides, every spelling is flagged, with no suggestion: the order of appearance
says nothing about which is right, nor does a weak attestation (two rare spellings of a rare
name, one of them barely listed).  :func:`consistency_flags` does it for
renderings collected by the names detector within a document; :func:`corpus_consistency`
collects them across documents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
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

DECISIVE_GAP = 1.0  # Zipf difference that makes one spelling the attested one
MIN_ATTESTED = 2.0  # ... which must itself be at least this common (a rare name's two rare
#                     spellings are not decided by which one a frequency list barely knows)


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
                      n_docs: int = 1, attest: Callable[[str], float] | None = None,
                      dubious: Collection[str] = ()) -> list[list[Flag]]:
    """Flags (one list per document) for source words rendered by different spellings;
    ``attest`` gives how attested a spelling is (a Zipf value); ``dubious`` holds the
    spellings (:func:`~mtaudit.lang.latin.plural_insensitive`) flagged as likely garbled."""
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
        scores = {s: attest(first_surface[s]) for s in counts} if attest else {}
        ranked = sorted(scores, key=lambda s: -scores[s])
        order = list(first_surface)
        top = max(order, key=lambda s: (counts[s], -order.index(s)))
        preferred: str | None
        if authoritative:
            preferred = max(authoritative, key=lambda s: counts[s])
            shown, why = accepted[preferred], "accepted spelling"
        elif (ranked and scores[ranked[0]] >= MIN_ATTESTED
              and scores[ranked[0]] - scores[ranked[1]] >= DECISIVE_GAP):
            preferred = ranked[0]
            shown = first_surface[preferred]
            why = "attested spelling (" + ", ".join(
                f"'{first_surface[s]}' zipf {scores[s]:.1f}" for s in ranked) + ")"
        elif sorted(counts.values())[-1] > sorted(counts.values())[-2]:
            preferred, why = top, "majority spelling"
            shown = first_surface[preferred]
        elif len(sound := [s for s in counts if s not in dubious]) == 1:
            preferred, why = sound[0], "the other spellings look garbled"
            shown = first_surface[preferred]
        else:
            preferred, shown, why = None, "", ""
        others = ", ".join(f"'{first_surface[s]}' ×{c}" for s, c in counts.items())
        for r in group:
            surface = plural_insensitive(r.mention.text)
            if surface == preferred:
                continue
            if preferred is None:
                if not any(spelling_variants(r.mention.text, first_surface[s])
                           for s in counts if s != surface):
                    continue
                out[r.doc].append(Flag.on_pair(
                    r.pair, r.mention.start, r.mention.end, category="consistency",
                    severity=severity,
                    message=(f"source name {r.source} is rendered several ways ({others}); "
                             "neither attestation nor a majority says which is right"),
                    detector=detector, confidence=0.5))
                continue
            if not spelling_variants(r.mention.text, first_surface[preferred]):
                continue
            out[r.doc].append(Flag.on_pair(
                r.pair, r.mention.start, r.mention.end, category="consistency",
                severity=severity,
                message=(f"source name {r.source} is rendered several ways ({others}); "
                         f"{why}: '{shown}'"),
                detector=detector, suggestion=case_like(r.mention.text, shown), confidence=0.7))
    return out


def corpus_consistency(documents: Sequence[Sequence[AlignedPair]], src_lang: str,
                       tgt_lang: str, *, resources: Mapping[str, Any] | None = None,
                       use_ner: bool | str = True, max_link_cost: float = 0.6,
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
    from mtaudit.entities.garbling import evidence

    return consistency_flags(renderings, res.authorities, "names", severity, len(doc_pairs),
                             attest=lambda s: evidence(s, res))
