"""Numbers: a number of the source that is missing or different in the translation.

Numbers are read in each language's conventions:

* digits: Western, Arabic-Indic (٠-٩) and Persian (۰-۹);
* separators: fr/ru/... use a space, a no-break space or a narrow no-break space for thousands
  and a comma for decimals, en the reverse, de/es/it... ``.`` and ``,``, ar ``٬`` and ``٫`` (and
  the Western ones). ``1,200`` and ``1.200`` are ambiguous: both readings are kept as match keys;
* a scale word after the digits (``2,5 milliards``, ``3 ملايين``) adds the scaled value as a key;
* percentages (``%``, ``٪``, ``pour cent``, ``في المائة``...), years (1000-2100), digit ordinals
  (``1er``, ``2e``, ``21st``);
* written-out numbers in common cases (fr ``cent cinquante``, en ``two hundred``, ar
  ``مائة وخمسين``, ``ثلاثة آلاف``), composed with the usual hundreds/thousands rule;
* times of day (``13:30``, ``13 h 30``, ``1.30pm``, ``3 p.m.``; a 12-hour time also matches
  its 24-hour form);
* month names and ordinal words (``vingtième``, ``zwanzigsten``, ``twentieth``, ``الثالث``)
  are read too, but only to absorb a number of the other side (``17/4/2025`` → ``17 avril
  2025``): they are never flagged themselves.

Matching is a multiset match on value keys per aligned pair (required numbers first, against
real numbers; month names and ordinal words only absorb what is left). Some numbers may match
but are never required: the value 1 (``شهر واحد`` → ``un mois``, "one of", "l'un des": the
article is not a number), the word "two" (rendered "both", "the pair", an Arabic dual), round
words with no count ("a million", "des milliers"), number words inside compound adjectives
("three-dimensional"), digits glued to letters ("3D", "G7"), and measures in imperial units
(often converted: "200 feet" → "60 m"). German compounds are split ("einundzwanzig",
"zehnmal", "zweieinhalb"); "and a half" / "et demi" / "ونصف" / "½" add 0.5. Phone-like
tokens (three or more digit groups that are not thousands groups, 8+ digits) are compared as
digit strings.

Flags, all category "number":

* a source number whose value has no counterpart, while the target has an unmatched number of
  the same class (year/non-year): **major**, on the wrong target number, with the source value
  as suggestion (minor when the source number was a word: word numbers are less certain);
* a source number with no counterpart: **major** on the source span (``side="source"``); minor
  when the source number is a word. When the target language has no number-word list here
  (fr, en, de, ar have one), source words and digits below 13 are not required (the target
  may spell them out);
* a target number in digits that nothing in the source explains: **minor** (``flag_extra``),
  except in a caption/credit-shaped segment, next to a unit conversion (200 feet → 60 m), or
  when the source language's number words are unknown here.

Measured against human MQM spans (a flag counts as confirmed when a rater marked an accuracy
error on a span holding a digit in that translation): dev WMT21 TED en-de, 7,406
translations: 4 flags; test WMT23 en-de, 1,040 paragraph translations: 38 flags, 16 confirmed;
reading the 22 others: 7 real number omissions/changes the raters did not mark; 15 false: 11
minor flags on 12-hour → 24-hour times ("1.30pm" → "13.30 Uhr", not understood yet), 2 on a
pounds → kilograms range, 2 on German words not read ("siebenmonatigen", "zehnten").
WMT23 zh-en (digits only; Chinese numerals are not read): 19 flags, all on real errors by
reading (7 confirmed, 12 on two outputs that dropped a timestamp). Times of day and ordinal
words were added after this test run; the figures above are not re-measured with them.

Before blaming the translation, the ``window`` neighbouring pairs are searched: a number found
there means the aligner slipped a sentence, not that the number is wrong. Unaligned (0-1, 1-0)
pairs are left to the omission detector.

Reading numbers is :mod:`mtaudit.analysis.numbers`, pairing them
:mod:`mtaudit.analysis.number_match`, the per-language tables :mod:`mtaudit.lang.numbers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mtaudit.analysis.layout import looks_like_credit
from mtaudit.analysis.number_match import NumberMatch, match_numbers
from mtaudit.analysis.numbers import NumberMention, extract_numbers, format_number
from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import Detector, DetectorContext
from mtaudit.lang.numbers import has_number_words


@dataclass(frozen=True)
class NumbersOptions(Options):
    flag_extra: bool = True  # target numbers nothing in the source explains (minor)
    window: int = 2  # neighbouring pairs searched before blaming an alignment slip


class NumbersDetector(Detector):
    name = "numbers"
    categories = ("number",)
    Options = NumbersOptions
    default = True

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        pairs = list(ctx.pairs)
        src = [extract_numbers(p.source_text, ctx.src_lang) if p.source else [] for p in pairs]
        tgt = [extract_numbers(p.target_text, ctx.tgt_lang) if p.target else [] for p in pairs]
        w = int(self.options.window)

        def near(side: list[list[NumberMention]], k: int, keys: frozenset[float]) -> bool:
            """Whether a neighbouring pair holds the value (the aligner slipped a sentence)."""
            return any(keys & n.keys for j in range(max(0, k - w), min(len(pairs), k + w + 1))
                       if j != k for n in side[j])

        flags: list[Flag] = []
        for k, pair in enumerate(pairs):
            if not (pair.source and pair.target) or not (src[k] or tgt[k]):
                continue  # unaligned text is the omission detector's business
            flags.extend(self._pair_flags(pair, ctx, src[k], match_numbers(src[k], tgt[k]),
                                          lambda keys, k=k: near(tgt, k, keys),
                                          lambda keys, k=k: near(src, k, keys)))
        return flags

    def _pair_flags(self, pair: AlignedPair, ctx: DetectorContext,
                    src_mentions: list[NumberMention], m: NumberMatch,
                    in_near_target: Callable[[frozenset[float]], bool],
                    in_near_source: Callable[[frozenset[float]], bool]) -> list[Flag]:
        flags: list[Flag] = []
        lang = ctx.tgt_lang
        for s, t in m.different:
            if in_near_target(s.keys) and in_near_source(t.keys):
                continue
            flags.append(Flag.on_pair(
                pair, t.start, t.end, category="number",
                severity="minor" if s.is_word else "major",
                message=f"number differs from the source: {s.text.strip()!r} "
                        f"({format_number(s.value, lang)}) rendered as {t.text!r}",
                detector=self.name, suggestion=format_number(s.value, lang),
                confidence=0.6 if s.is_word else 0.9))
        reads_words = has_number_words(lang)
        for s in m.missing:
            if in_near_target(s.keys):
                continue
            if not reads_words and (s.is_word or s.value < 13):
                continue  # the target may spell it out in words we cannot read
            flags.append(Flag.on_pair(
                pair, s.start, s.end, category="number",
                severity="minor" if s.is_word else "major", side="source",
                message=f"number {s.text.strip()!r} of the source is missing from the "
                        "translation", detector=self.name, suggestion=format_number(s.value, lang),
                confidence=0.5 if s.is_word else 0.8))
        # a target number may come from a source number word we cannot read: extras are
        # only claimed when the source language's number words are known here
        if self.options.flag_extra and has_number_words(ctx.src_lang):
            converted = any(s.unit == "imperial" for s in src_mentions)
            for t in m.extra:
                if in_near_source(t.keys) or _in_credit_line(pair, t):
                    continue
                if converted and t.unit == "metric":
                    continue  # a unit conversion (200 feet -> 60 m)
                flags.append(Flag.on_pair(
                    pair, t.start, t.end, category="number", severity="minor",
                    message=f"number {t.text!r} in the translation has no counterpart in the "
                            "source", detector=self.name, confidence=0.5))
        return flags


def _in_credit_line(pair: AlignedPair, n: NumberMention) -> bool:
    """Whether the mention sits in a target segment shaped like a caption/credit line."""
    for seg in pair.target:
        a, b = seg.start - pair.target_start, seg.end - pair.target_start
        if a <= n.start < b:
            return looks_like_credit(seg.text)
    return False
