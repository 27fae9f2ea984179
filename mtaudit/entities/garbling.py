"""Garbled names without a model: attested spellings, related documents, places in context.

* :func:`attested_misses`: a target name that is unattested, or far rarer than a spelling one
  or two transliteration confusions away (:func:`~mtaudit.entities.attestation.confusions`)
  which is common and also renders the source word the name renders (skeleton model).  The
  spelling of the related documents counts as common.  A name that is itself well attested
  is never flagged here, nor one in scholarly transliteration (â, ā, ṭ...).  Frequency alone
  does not make a garble: unless the suggestion renders the source word better than the name
  (by more than an inserted vowel), the name must be unattested (Zipf < 1), the suggestion
  clearly common (Zipf >= 3) and one confusion away (correct rare names are mostly spelt as
  well as their common neighbours: Touri / Toure, Qato / Kato).
* :func:`related_misses`: a target name that the related documents spell otherwise (a
  confusion or a spelling variant of theirs that renders the same source word).
* :func:`used_as_person`: whether a target word matched to a gazetteer place stands in a
  person-name sequence (a given name followed by a surname...), or NER calls it a person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mtaudit.core.types import AlignedPair, Flag
from mtaudit.entities.attestation import attested_confusions, confusions, zipf, zipf_target
from mtaudit.entities.extract import Mention
from mtaudit.entities.linking import Link, SourceWord, best_link
from mtaudit.entities.name_resources import NameResources, RelatedSpelling
from mtaudit.entities.nearmiss import case_like, spelling_variants
from mtaudit.entities.skeleton import INSERT_VOWEL
from mtaudit.lang.latin import fold

RELATED_ZIPF = 6.0  # a related document's spelling counts as this common
UNATTESTED = 1.0  # below this Zipf value a spelling is as good as unattested
_PERSON_LABELS = frozenset({"PER", "PERSON"})
_PLACE_LABELS = frozenset({"LOC", "GPE"})


@dataclass(frozen=True)
class AttestationRule:
    max_zipf: float = 2.0    # a name at least this common is never flagged as garbled
    min_common: float = 2.5  # the attested spelling must be at least this common
    min_gap: float = 2.0     # ... and this much more common than the name
    max_link_cost: float = 0.6
    # When the suggestion renders the source word no better than the name (up to one inserted
    # vowel, which the skeleton model charges almost nothing for), frequency alone decides: the
    # name must be unattested, the suggestion clearly common and one confusion away.
    vowel_margin: float = INSERT_VOWEL
    tie_unattested: float = UNATTESTED
    tie_common: float = 3.0


def related_extra(res: NameResources) -> dict[str, float]:
    return {k: RELATED_ZIPF for k in res.related}


def evidence(spelling: str, res: NameResources) -> float:
    """How attested a spelling is: its Zipf value, or :data:`RELATED_ZIPF` when the related
    documents use it."""
    return RELATED_ZIPF if fold(spelling) in res.related else zipf(spelling, res.tgt_lang)


def dictionary_attests(arabic: str, latin: str, min_count: int = 3) -> bool:
    """Whether arabic-name-romanizer's dictionary (Wikidata, dzirinames) records ``latin`` for
    the Arabic name at least ``min_count`` times (its model's guesses are no attestation:
    they are letter-by-letter readings, the very garbles looked for here)."""
    try:
        from mtaudit.entities.translit import _transliterator, normalize_for_comparison

        cands = _transliterator().transliterate(normalize_for_comparison(arabic, "ar"), top_k=8)
    except Exception:  # a second opinion only
        return False
    key = fold(latin)
    return any(u.source == "dictionary" and u.count >= min_count and fold(u.latin) == key
               for c in cands for u in getattr(c, "units", ()))


def _related_note(r: RelatedSpelling) -> str:
    files = ", ".join(r.files[:3]) + (f" +{len(r.files) - 3}" if len(r.files) > 3 else "")
    return f"'{r.surface}' ×{r.count} in the related documents ({files})"


# A circumflex or macron marks a long vowel, a dot, cedilla or breve an emphatic or other
# consonant in scholarly transliteration (Sâmirî, Ṭāhā-like spellings are a translator's
# deliberate convention, not an MT slip): such names are not judged by frequency.
_SCHOLARLY = frozenset("âêîôûāēīōūḥṣḍṭẓţşḩḫẖġḏṯʿʾ")
_INITIAL_CLASSES = ("aeiouy", "bp", "fv", "kqcg")


def _skippable(m: Mention, res: NameResources, scholarly: bool = True) -> bool:
    """Names not judged; ``scholarly``: nor those in scholarly transliteration (a related
    document's other spelling is evidence even against those)."""
    return (len(m.text) < 4 or m.text.isupper() or m.folded in res.accepted_forms
            or m.folded in res.foreign_forms or not m.text.isalpha()
            or (scholarly and any(ch in _SCHOLARLY for ch in m.text.lower())))


def _same_shape(name: str, candidate: str) -> bool:
    """A suggestion keeps the name's length (one letter more or less) and its first letter up
    to the confusions Arabic script makes (vowels, b/p, f/v, k/q/c/g): measured on real
    scripture, the suggestions that broke this ('Mr' for a four-letter name, 'Blois' for one
    starting with a vowel) were all false."""
    a, b = fold(name), fold(candidate)
    if not a or not b or abs(len(a) - len(b)) > 1:
        return False
    return a[0] == b[0] or any(a[0] in c and b[0] in c for c in _INITIAL_CLASSES)


def attested_misses(pair: AlignedPair, mentions: Sequence[Mention], words: Sequence[SourceWord],
                    link: Callable[[Mention], Link | None], res: NameResources,
                    skip: set[tuple[int, int]], rule: AttestationRule, detector: str,
                    severity: str = "major") -> list[Flag]:
    """Flags for likely garbled names (see the module docstring); Arabic source only."""
    out: list[Flag] = []
    extra = related_extra(res)
    for m in mentions:
        if (m.start, m.end) in skip or _skippable(m, res) or m.folded in res.related:
            continue
        z_m = zipf(m.text, res.tgt_lang)
        if z_m >= rule.max_zipf:
            continue
        own = link(m)
        own_cost = own.cost if own is not None and own.cost <= rule.max_link_cost else None
        depth = 1 if len(m.text) <= 6 else 2  # short names: one confusion only
        near: set[str] | None = None
        for cand, z_c in attested_confusions(m.text, res.tgt_lang,
                                              max(rule.min_common, z_m + rule.min_gap), extra,
                                              depth=depth):
            if not _same_shape(m.text, cand):
                continue
            lk = best_link(cand, words, "ar")
            if lk is None or lk.cost > rule.max_link_cost:
                continue
            if own is not None and own_cost is not None and (
                    own.word.start != lk.word.start or lk.cost > own_cost + 0.05):
                # the name renders another source word, or renders this one better (a
                # letter the suggestion would leave out): a correct rare spelling
                continue
            if own_cost is not None and lk.cost >= own_cost - rule.vowel_margin - 1e-9:
                # no better rendering of the source: frequency alone must decide
                if near is None:
                    near = set(confusions(m.text, depth=1))
                if (z_m >= rule.tie_unattested or z_c < rule.tie_common
                        or cand not in near):
                    continue
            if dictionary_attests(lk.word.text, m.text):
                break  # an attested romanisation of the source name
            related = res.related.get(cand)
            shown = case_like(m.text, related.surface if related else cand)
            where = (_related_note(related) if related else
                     f"'{shown}' has zipf {zipf_target(cand, res.tgt_lang):.1f}")
            out.append(Flag.on_pair(
                pair, m.start, m.end, category="name", severity=severity,
                message=(f"'{m.text}' is unattested or rare (zipf {z_m:.1f}) while "
                         f"{where}, a transliteration variant that also renders source "
                         f"word {lk.word.text}: likely garbled"),
                detector=detector, suggestion=shown, confidence=0.7 if not related else 0.8))
            break
    return out


def related_misses(pair: AlignedPair, mentions: Sequence[Mention], words: Sequence[SourceWord],
                   src_lang: str, res: NameResources, skip: set[tuple[int, int]],
                   rule: AttestationRule, detector: str, severity: str = "major",
                   variant_severity: str = "minor") -> list[Flag]:
    """Target names spelt differently from the related documents' spelling of the same
    source word (major when the name is itself unattested, minor otherwise)."""
    if not res.related:
        return []
    out: list[Flag] = []
    extra = related_extra(res)
    for m in mentions:
        if (m.start, m.end) in skip or _skippable(m, res, False) or m.folded in res.related:
            continue
        cands = [c for c, _ in attested_confusions(m.text, res.tgt_lang, RELATED_ZIPF, extra)]
        if not cands:
            cands = [k for k, r in res.related.items()
                     if abs(len(k) - len(m.folded)) <= 2 and spelling_variants(m.text, r.surface)]
        for cand in cands:
            if cand not in res.related:
                continue
            lk = best_link(cand, words, src_lang)
            if lk is None or lk.cost > rule.max_link_cost:
                continue
            r = res.related[cand]
            z_m = zipf(m.text, res.tgt_lang)
            out.append(Flag.on_pair(
                pair, m.start, m.end, category="name",
                severity=severity if z_m < UNATTESTED else variant_severity,
                message=(f"'{m.text}' (zipf {z_m:.1f}) renders source word {lk.word.text}, "
                         f"which is spelt {_related_note(r)}"),
                detector=detector, suggestion=case_like(m.text, r.surface), confidence=0.8))
            break
    return out


def _adjacent(text: str, a: Mention, b: Mention) -> bool:
    between = text[a.end:b.start]
    return a.end <= b.start and len(between) <= 2 and between.strip(" -\u00a0") == ""


def used_as_person(text: str, m: Mention, mentions: Sequence[Mention], res: NameResources,
                   linked: Callable[[Mention], bool]) -> bool:
    """Whether the mention ``m`` (a near miss of a place name) is used as a person's name:
    NER labels it a person, or — unless NER labels it a place — it is followed or preceded by
    a capitalised name that is no place name and renders a source word (a surname)."""
    if m.label in _PERSON_LABELS:
        return True
    if m.label in _PLACE_LABELS:
        return False
    for other in mentions:
        if other is m or (other.initial and other.start > m.start):
            continue
        if not (_adjacent(text, m, other) or _adjacent(text, other, m)):
            continue
        if other.folded in res.accepted_forms or other.folded in res.foreign_forms:
            continue
        if linked(other):
            return True
    return False
