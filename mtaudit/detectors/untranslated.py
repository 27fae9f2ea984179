"""Untranslated text: passages of the target left in the source language (or English).

How it works, per aligned pair that has both a source and a target:

1. Span-level language identification of each target segment of the pair
   (:func:`mtaudit.analysis.langid.language_spans`): Unicode scripts first (Arabic script left in a
   French target is found by script alone), then lingua restricted to the languages in play
   (target, source, and ``extra_langs``, English by default) for languages sharing a script.
2. Each span not in the target language is trimmed to its first and last word (edge
   punctuation dropped) and judged:

   * **critical**: a whole sentence or more -- the span holds at least ``critical_words``
     words, or ``critical_coverage`` of the letters of its target segment (a name-like
     span -- a Title Case headline -- also needs ``name_min_confidence``, and ``major_words``
     words for the coverage rule: "WRITTEN BY" is no sentence);
   * **major**: a clause of at least ``major_words`` words;
   * **minor**: ``min_words`` to ``major_words - 1`` words, only when not name-like;
   * **minor** also: a name-like span of ``name_min_words`` or more words that lingua finds
     clearly of the other language (``name_min_confidence``): institution names and titles
     made of ordinary words ("Department of Homeland Security") usually have a translation;
   * shorter spans are names or terms left as is and are not flagged -- except a verbatim
     copy of the source that contains ordinary lower-case words (source and target sharing a
     script), or text in the source's script when it differs from the target's.

   A span is **name-like** when most of its words are capitalised, upper-case or digits
   ("Interfax", "NATO", "WRITTEN BY"): names, acronyms and titles are left as is in
   news, so only a whole sentence of them is flagged.
   For same-script languages, lingua must also be confident: the wrong language's confidence
   on the span must reach ``min_confidence`` (guards against loanwords such as "shopping").

**Code is not prose** (software strings): placeholders and the letters after ``%``, markup,
command-line options, metavariables (upper-case words the source has too, ``<file>``,
``NAME=VALUE``), identifiers, URLs, e-mail addresses and paths are blanked out before the
languages are identified (:func:`mtaudit.analysis.code_spans.mask_code`), and words are
counted on what is left. Text in the source's script left in a target of another script (Latin
words in Arabic) is flagged only when it reads as prose: ``min_words`` words or more not
name-like, or ``other_script_min_words`` ordinary lower-case words copied from the source;
names, product names and acronyms kept as they are (``PDF``, ``gzip``, ``Page Up``) are not.
A short unit (``short_unit_words`` words or fewer) needs stronger evidence: the wrong
language's confidence must reach ``short_min_confidence``.

Pairs without a source (0-1 beads: captions, site boilerplate) are skipped: text with no
source is the target-only detector's business, not an untranslated passage.
The re-translation, when given, is not needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from mtaudit.analysis.code_spans import mask_pair
from mtaudit.core.options import Options
from mtaudit.core.text import base_lang
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import DetectorContext, PairDetector, Setup
from mtaudit.lang.arabic_norm import normalize_for_comparison

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` to start at its first letter/digit and end after its last one."""
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not text[b - 1].isalnum():
        b -= 1
    return a, b


def _name_like_share(words: list[str]) -> float:
    if not words:
        return 1.0
    caps = sum(1 for w in words if w[0].isupper() or w.isupper() or not w[0].isalpha())
    return caps / len(words)


def _norm(text: str) -> str:
    return " ".join(_words(text.lower()))


def _ordinary(words: list[str]) -> bool:
    """Most words are ordinary lower-case words of three letters or more (prose, not names)."""
    return sum(1 for w in words if w.islower() and len(w) >= 3) * 2 > len(words)


@dataclass(frozen=True)
class UntranslatedOptions(Options):
    extra_langs: tuple[str, ...] = ("en",)  # languages besides source and target looked for
    min_words: int = 3  # shorter spans are names/terms left as is
    major_words: int = 4  # a clause this long in the wrong language is major
    critical_words: int = 12  # ... this long (or covering a sentence) is critical
    critical_coverage: float = 0.6  # share of the segment's letters that makes it critical
    name_like_share: float = 0.6  # spans with this share of capitalised words are names
    min_confidence: float = 0.8  # lingua confidence of the wrong language on the span
    name_min_words: int = 3  # name-like spans this long may be translatable titles...
    name_min_confidence: float = 0.95  # ... when made of words this clearly of the language
    skip_target_only: bool = True  # ignore pairs without a source (0-1 beads)
    mask_code: bool = True  # blank placeholders, options, identifiers... before language id
    other_script_min_words: int = 2  # ordinary words of the source's script copied: prose
    copy_min_words: int = 2  # a shorter verbatim copy of the source is a keyword or a name
    short_unit_words: int = 2  # a unit this short (prose words) needs...
    short_min_confidence: float = 0.99  # ... this confidence of the wrong language


class UntranslatedDetector(PairDetector):
    name: ClassVar[str] = "untranslated"
    categories: ClassVar[tuple[str, ...]] = ("untranslated",)
    Options = UntranslatedOptions
    default = True

    def prepare(self, setup: Setup) -> tuple[str, ...]:
        """Languages in play; the source and target must be ones lingua knows (ConfigError,
        before any document work), extra languages it does not know are left out."""
        from mtaudit.analysis.langid import is_supported, lingua_language

        for code in (setup.src_lang, setup.tgt_lang):
            lingua_language(code)
        langs = [base_lang(setup.tgt_lang), base_lang(setup.src_lang),
                 *(base_lang(x) for x in self.options.extra_langs)]
        return tuple(c for c in dict.fromkeys(langs) if is_supported(c))

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        langs = prepared if prepared is not None else self.prepare(ctx.setup())
        return super().detect(ctx, langs)

    def detect_pair(self, pair: AlignedPair, ctx: DetectorContext,
                    prepared: Any = None) -> Iterable[Flag]:
        from mtaudit.analysis.langid import script_of_lang

        if not pair.target_text.strip() or (self.options.skip_target_only and not pair.source):
            return []
        original = pair
        if self.options.mask_code:
            pair = mask_pair(pair)
        text = pair.target_text
        unit_words = len(_words(text))
        tgt = base_lang(ctx.tgt_lang)
        src = base_lang(ctx.src_lang)
        langs = prepared
        if tgt not in langs or len(langs) < 2:
            return []
        flags: list[Flag] = []
        src_norm: str | None = None
        for a, b, lang in self._spans(pair, langs):
            if lang == tgt or lang.startswith("script:") or lang == "und":
                continue
            a, b = _trim(text, a, b)
            if a >= b:
                continue
            other_script = script_of_lang(lang) != script_of_lang(tgt)
            confidence = self._confidence(text[a:b], lang, langs, other_script)
            if not other_script and len(_words(text[a:b])) < self.options.critical_words:
                a, b, confidence = self._tighten(text, a, b, lang, langs, confidence)
            span = text[a:b]
            words = _words(span)
            n = len(words)
            if not other_script and confidence < self.options.min_confidence:
                continue
            if (not other_script and unit_words <= self.options.short_unit_words
                    and confidence < self.options.short_min_confidence):
                continue
            coverage = self._coverage(pair, a, b)
            what = ""
            name_like = _name_like_share(words) >= self.options.name_like_share
            clear_name = confidence >= self.options.name_min_confidence
            whole = coverage >= self.options.critical_coverage and (
                n >= self.options.min_words if not name_like else
                n >= self.options.major_words and clear_name)
            if (n >= self.options.critical_words and (not name_like or clear_name)) or whole:
                severity = "critical"
            elif n >= self.options.major_words and not name_like:
                severity = "major"
            elif n >= self.options.min_words and not name_like:
                severity = "minor"
            elif (name_like and not other_script and n >= self.options.name_min_words
                  and clear_name):
                severity, what = "minor", "name"
            elif other_script and lang == src:
                # a script with letter case (Latin in Arabic): names and acronyms are kept
                cased = any(w.lower() != w.upper() for w in words)
                if cased and (name_like or n < self.options.other_script_min_words or not (
                        self._copied(pair, span) and _ordinary(words))):
                    continue
                severity = "minor" if n < self.options.major_words else "major"
            else:
                # Short span: flag only a verbatim copy of the source made of ordinary words.
                if src_norm is None:
                    src_norm = " " + _norm(pair.source_text) + " "
                copied = bool(words) and (" " + _norm(span) + " ") in src_norm
                if not (copied and not name_like and n >= self.options.copy_min_words
                        and any(len(w) >= 3 and w.islower() for w in words)):
                    continue
                severity = "minor"
            flags.append(self._flag(original, a, b, severity, lang, n, tgt, confidence, what))
        return flags

    @staticmethod
    def _copied(pair: AlignedPair, span: str) -> bool:
        return (" " + _norm(span) + " ") in (" " + _norm(pair.source_text) + " ")

    # ----- helpers ---------------------------------------------------------------------------
    def _confidence(self, span: str, lang: str, langs: tuple[str, ...], other_script: bool
                    ) -> float:
        if other_script:
            return 1.0
        from mtaudit.analysis.langid import detector_for, script_of_lang

        same = [c for c in langs if script_of_lang(c) == script_of_lang(lang)]
        if len(same) < 2:
            return 1.0
        from mtaudit.analysis.langid import lingua_language

        return float(detector_for(same).compute_language_confidence(
            normalize_for_comparison(span), lingua_language(lang)))

    @staticmethod
    def _spans(pair: AlignedPair, langs: tuple[str, ...]) -> list[tuple[int, int, str]]:
        """Language spans of the pair's target, segment by segment (offsets in target_text):
        a span never runs from one sentence or line into the next."""
        from mtaudit.analysis.langid import language_spans

        text = pair.target_text
        if not pair.target:
            return language_spans(text, langs)
        out: list[tuple[int, int, str]] = []
        for seg in pair.target:
            off = seg.start - pair.target_start
            if seg.text and text[off:off + len(seg.text)] == seg.text:
                out.extend((off + a, off + b, lang)
                           for a, b, lang in language_spans(seg.text, langs))
        return out

    def _tighten(self, text: str, a: int, b: int, lang: str, langs: tuple[str, ...],
                 confidence: float) -> tuple[int, int, float]:
        """Drop edge words that do not belong to the span.

        lingua's span boundaries are often a word or two off ("Das Department of Homeland
        Security hat"): an edge word goes when dropping it makes the span clearly more
        ``lang`` (+0.05), or when the word alone leans to another language (< 0.5) and dropping
        it costs nothing.
        """
        def conf(x: int, y: int) -> float:
            return self._confidence(text[x:y], lang, langs, False)

        while True:
            words = list(_WORD.finditer(text, a, b))
            if len(words) < 2:
                return a, b, confidence
            options = []
            for edge, (x, y) in ((words[0], (words[1].start(), b)),
                                 (words[-1], (a, words[-2].end()))):
                rest = conf(x, y)
                alone = conf(edge.start(), edge.end())
                if rest > confidence + 0.05 or (alone < 0.5 and rest >= confidence - 0.005):
                    options.append((rest, x, y))
            if not options:
                return self._drop_glue(text, a, b, lang, langs, confidence)
            confidence, a, b = max(options)

    def _drop_glue(self, text: str, a: int, b: int, lang: str, langs: tuple[str, ...],
                   confidence: float) -> tuple[int, int, float]:
        """A name with lower-case words of the target glued on ("Biased Chains, und es"):
        drop the lower-case edge words when the rest is name-like and they lean elsewhere."""
        words = list(_WORD.finditer(text, a, b))
        i, j = 0, len(words)
        while i < j and words[i].group()[0].islower():
            i += 1
        while j > i and words[j - 1].group()[-1].islower() and words[j - 1].group()[0].islower():
            j -= 1
        if i == j or (i == 0 and j == len(words)):
            return a, b, confidence
        if _name_like_share([w.group() for w in words[i:j]]) < self.options.name_like_share:
            return a, b, confidence
        glue = [(words[0].start(), words[i - 1].end())] if i else []
        if j < len(words):
            glue.append((words[j].start(), words[-1].end()))
        glue_text = " ".join(text[x:y] for x, y in glue)
        if self._confidence(glue_text, lang, langs, False) >= 0.6:
            return a, b, confidence
        x, y = words[i].start(), words[j - 1].end()
        return x, y, self._confidence(text[x:y], lang, langs, False)

    @staticmethod
    def _coverage(pair: AlignedPair, a: int, b: int) -> float:
        """Share of the letters of the target segments overlapping ``[a, b)`` inside it."""
        base = pair.target_start
        inside = sum(1 for ch in pair.target_text[a:b] if ch.isalpha())
        total = 0
        for seg in pair.target:
            s0, s1 = seg.start - base, seg.end - base
            if s1 > a and s0 < b:
                total += sum(1 for ch in seg.text if ch.isalpha())
        if not pair.target:
            total = sum(1 for ch in pair.target_text if ch.isalpha())
        return inside / total if total else 0.0

    def _flag(self, pair: AlignedPair, a: int, b: int, severity: str, lang: str, n: int,
              tgt: str, confidence: float, what: str = "") -> Flag:
        from mtaudit.analysis.langid import language_name

        lname, tname = language_name(lang), language_name(tgt)
        words = f"{n} word{'s' * (n != 1)}"
        if what == "name":
            message = (f"{lname} name or title left as is ({words}) in the {tname} "
                       "translation; it is made of ordinary words")
            suggestion = f"use the established {tname} form of this name, or translate it"
        else:
            what = {"critical": "passage", "major": "clause", "minor": "words"}[severity]
            message = f"{lname} {what} left untranslated ({words}) in the {tname} translation"
            these = "these" if what == "words" else "this"
            suggestion = f"translate {these} {lname} {what} into {tname}"
        return Flag.on_pair(pair, a, b, category="untranslated", severity=severity,
                            message=message, detector=self.name, suggestion=suggestion,
                            confidence=round(confidence, 3))
