"""Repetitions in the translation.

``RepetitionDetector`` ("repetition"): a word or phrase repeated back to back
(``des pays des pays``): the smallest n-gram (n ≥ 1) immediately followed, after whitespace
only, by an identical copy (case-insensitive). The flag covers the extra copies; the suggestion
is the text with one copy. Not flagged:

* a copy separated by punctuation (``des pays, des pays`` may be deliberate), or a unit with
  punctuation inside (``pays, des pays, des`` is that comma list read one word later);
* a two-word unit of a word and a coordinating conjunction of the language (``faster and
  faster and``, ``encore et encore et encore``): the X-and-X reduplication (``COORDINATORS``);
* a repetition that the source itself contains verbatim (names kept as is);
* a capitalised single word repeated (names such as *Bora Bora*, *Sirhan Sirhan*);
* a single word whose first copy is joined by a hyphen to the word before it (a pronoun after
  an imperative: ``donnez-leur leur part``, ``dites-nous nous``), the one false alarm on the
  2,779 sentences of the quran-json development chapters (reports/bench_realtext.md);
* a metavariable in upper case followed by the same word in lower case (``OCTETS octets``: a
  placeholder name and its noun) when the source has that shape too (``BYTES bytes``);
* the language's legitimate reduplications, from a small list per language
  (``ALLOWED_DOUBLES``: fr *nous nous*, *vous vous* — reflexive verbs; en *had had*,
  *that that*; de *die die*, *das das* — article + relative pronoun; ar *رويدا رويدا*...).

Severity: minor; major when the repeated material is 4+ words long or appears 3+ times (a
decoder loop). A whole sentence of 3+ words repeated back to back (``Supprimer le fichier ?
Supprimer le fichier ?``; punctuation and case ignored) is major, unless the source repeats a
sentence too.

Quotes, brackets, mixed scripts and mojibake are :mod:`mtaudit.detectors.garbled`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mtaudit.core.options import Options
from mtaudit.core.text import base_lang, clip
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import DetectorContext, PairDetector
from mtaudit.lang.reduplication import ALLOWED_DOUBLES, COORDINATORS

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class RepetitionOptions(Options):
    max_n: int = 8
    allowed_doubles: tuple[str, ...] | None = None


class RepetitionDetector(PairDetector):
    name = "repetition"
    categories = ("repetition",)
    Options = RepetitionOptions
    default = True

    def detect_pair(self, pair: AlignedPair, ctx: DetectorContext,
                    prepared: Any = None) -> Iterable[Flag]:
        if not pair.target:
            return []
        allowed = self.options.allowed_doubles
        allowed = (frozenset(w.lower() for w in allowed) if allowed is not None
                   else ALLOWED_DOUBLES.get(ctx.tgt_lang, frozenset()))
        out = []
        for start, end, n, copies, unit in find_repetitions(
                pair.target_text, allowed, self.options.max_n,
                COORDINATORS.get(base_lang(ctx.tgt_lang), frozenset())):
            if _contains_repeat(pair.source_text, unit, copies):
                continue
            if _metavar_noun(pair.target_text, unit, start, end) \
                    and _has_metavar_noun(pair.source_text):
                continue  # "OCTETS octets": a placeholder name and its noun, as in the source
            sev = "major" if n >= 4 or copies >= 3 else "minor"
            what = "word" if n == 1 else f"{n}-word phrase"
            text = pair.target_text
            # remove the extra copies together with the whitespace before them
            first_end = start - len(text[:start]) + len(text[:start].rstrip())
            suggestion = text[:first_end] + text[end:]
            out.append(Flag.on_pair(
                pair, start, end, category="repetition", severity=sev, detector=self.name,
                message=f"{what} “{unit}” repeated {copies} times in a row",
                suggestion=suggestion.strip(), confidence=0.9))
        if not _has_repeated_sentence(pair.source_text, ctx.src_lang):
            text = pair.target_text
            for start, end, copies, unit in find_repeated_sentences(text, ctx.tgt_lang):
                prev_end = start - len(text[:start]) + len(text[:start].rstrip())
                out.append(Flag.on_pair(
                    pair, start, end, category="repetition", severity="major",
                    detector=self.name,
                    message=f"sentence “{clip(unit, 60)}” repeated {copies} times in a row",
                    suggestion=(text[:prev_end] + text[end:]).strip(), confidence=0.9))
        return out


_MIN_SENTENCE_WORDS = 3


def _sentence_key(text: str) -> str:
    return " ".join(m.group(0).casefold() for m in _TOKEN.finditer(text))




def find_repeated_sentences(text: str, lang: str, min_words: int = _MIN_SENTENCE_WORDS
                            ) -> list[tuple[int, int, int, str]]:
    """Whole sentences (``min_words``+ words) repeated back to back: (start, end) of the extra
    copies, copies, the sentence. Punctuation and case are ignored when comparing."""
    from mtaudit.analysis.segment import segment

    sents = segment(text, lang)
    keys = [_sentence_key(s.text) for s in sents]
    out = []
    i = 0
    while i < len(sents):
        j = i + 1
        while j < len(sents) and keys[j] == keys[i]:
            j += 1
        if j - i > 1 and keys[i] and len(keys[i].split()) >= min_words:
            out.append((sents[i + 1].start, sents[j - 1].end, j - i, sents[i].text))
        i = j
    return out


def _has_repeated_sentence(text: str, lang: str) -> bool:
    """Any sentence repeated in the source, however short ("Thank you. Thank you.")."""
    return bool(text.strip()) and bool(find_repeated_sentences(text, lang, min_words=1))


def _is_reduplication(a: str, b: str, coordinators: frozenset[str]) -> bool:
    """A two-word unit of a word (4+ letters) and a coordinating conjunction, in either order:
    "X and X and ..." is the X-and-X reduplication, not a duplicated phrase ("ministre de
    ministre de" is one: "de" is no coordinator)."""
    return ((b in coordinators and a not in coordinators and len(a) > 3)
            or (a in coordinators and b not in coordinators and len(b) > 3))


def find_repetitions(text: str, allowed: frozenset[str] = frozenset(),
                     max_n: int = 8, coordinators: frozenset[str] = frozenset()
                     ) -> list[tuple[int, int, int, int, str]]:
    """Back-to-back repeats in ``text``: (start, end) of the extra copies, n, copies, unit.
    ``coordinators``: the language's coordinating conjunctions (see :data:`COORDINATORS`)."""
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    low = [t[2].lower() for t in toks]
    out = []
    i = 0
    while i < len(toks):
        found = False
        for n in range(1, max_n + 1):
            if i + 2 * n > len(toks):
                break
            if low[i:i + n] != low[i + n:i + 2 * n]:
                continue
            if text[toks[i + n - 1][1]:toks[i + n][0]].strip():
                continue  # punctuation between the copies
            if any(text[toks[k][1]:toks[k + 1][0]].strip() for k in range(i, i + 2 * n - 1)):
                continue  # punctuation inside the unit: "pays, des pays, des" is a comma list
            if n == 2 and _is_reduplication(low[i], low[i + 1], coordinators):
                continue  # "faster and faster and", "encore et encore et encore"
            if not any(c.isalpha() for w in low[i:i + n] for c in w):
                continue  # numbers only
            if n == 1 and (low[i] in allowed or (toks[i][2][:1].isupper()
                                                 and toks[i + 1][2][:1].isupper())):
                continue
            if n == 1 and _hyphen_attached(text, toks[i][0]):
                continue  # "donnez-leur leur": the first copy belongs to the word before it
            copies = 2
            while (i + (copies + 1) * n <= len(toks)
                   and low[i + copies * n:i + (copies + 1) * n] == low[i:i + n]
                   and not text[toks[i + copies * n - 1][1]:toks[i + copies * n][0]].strip()):
                copies += 1
            start = toks[i + n][0]
            end = toks[i + copies * n - 1][1]
            unit = text[toks[i][0]:toks[i + n - 1][1]]
            out.append((start, end, n, copies, unit))
            i += copies * n
            found = True
            break
        if not found:
            i += 1
    return out


def _hyphen_attached(text: str, start: int) -> bool:
    """Whether the word at ``start`` is joined by a hyphen to a word before it."""
    return start >= 2 and text[start - 1] in "-\u2011" and text[start - 2].isalpha()


_SPACED_PAIR = re.compile(r"(?=\b(\w+)\s+(\w+)\b)")


def _has_metavar_noun(text: str) -> bool:
    """The source has the shape too: an upper-case word followed by the same word in lower
    case ("BYTES bytes"), or a metavariable of 3+ letters (``--certificate=FILE``) that the
    translation renamed ("FICHIER fichier")."""
    return any(a.isupper() and len(a) > 1 and b == a.lower()
               for a, b in _SPACED_PAIR.findall(text)) or bool(_METAVAR.search(text))


_METAVAR = re.compile(r"(?:=|\[|<|\s)[A-Z][A-Z_]{2,}\b")


def _metavar_noun(text: str, unit: str, start: int, end: int) -> bool:
    """A one-word unit in upper case whose copy is in lower case, or the other way round (a
    metavariable and its noun: "OCTETS octets", "la valeur VALEUR")."""
    copy = text[start:end]
    return len(unit) > 1 and ((unit.isupper() and copy == unit.lower())
                              or (copy.isupper() and unit == copy.lower()))


def _contains_repeat(source: str, unit: str, copies: int) -> bool:
    if not source:
        return False
    pattern = r"\s+".join([re.escape(unit)] * copies)
    return re.search(pattern, source, flags=re.IGNORECASE) is not None


# ----- garbling --------------------------------------------------------------------------------
# Quote marks and the marks that may close each one, in any language's convention: « » (fr),
# » « (de, da), „ “ (de), “ ” (en), ‹ ›, 「 」, and straight quotes closing themselves.
