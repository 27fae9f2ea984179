"""Repetitions and garbling in the translation.

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
* the language's legitimate reduplications, from a small list per language
  (``ALLOWED_DOUBLES``: fr *nous nous*, *vous vous* — reflexive verbs; en *had had*,
  *that that*; de *die die*, *das das* — article + relative pronoun; ar *رويدا رويدا*...).

Severity: minor; major when the repeated material is 4+ words long or appears 3+ times (a
decoder loop). A whole sentence of 3+ words repeated back to back (``Supprimer le fichier ?
Supprimer le fichier ?``; punctuation and case ignored) is major, unless the source repeats a
sentence too.

``GarbleDetector`` ("garbled"):

* quotes and brackets: per target paragraph, a quote mark that no other closes (any language's
  convention: « », » «, „ “, “ ”, straight quotes; all styles count as one class, since MT
  often changes the style), or an unmatched ( ) [ ] { }; flagged only when the source text
  aligned with that paragraph is balanced (quotes that legitimately span paragraphs are
  balanced nowhere). Category
  ``punctuation``, minor, on the unmatched mark;
* mixed scripts inside one word (Latin + Cyrillic/Greek homoglyphs, Latin + Arabic...):
  ``garbled``, minor, with the Latin spelling as suggestion when every odd letter is a known
  homoglyph;
* mojibake: UTF-8 read as cp1252/latin-1 (``Ã©``, ``â€™``), verified by decoding it back;
  ``garbled``, minor, the repaired text as suggestion; U+FFFD replacement characters too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, ClassVar

from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import Detector, DetectorContext, PairDetector

# Words that may legitimately appear twice in a row, per language (lower case).
ALLOWED_DOUBLES: dict[str, frozenset[str]] = {
    "fr": frozenset({"nous", "vous", "si", "non", "oui", "très", "bla", "ha", "hé"}),
    "en": frozenset({"had", "that", "is", "very", "no", "yes", "bye", "so", "ha", "blah",
                     "bla", "knock", "chop"}),
    "de": frozenset({"die", "der", "das", "sie", "es", "ja", "nein"}),
    "es": frozenset({"no", "sí", "muy", "ya"}),
    "it": frozenset({"no", "sì", "molto", "piano"}),
    "ar": frozenset({"رويدا", "شيئا", "قليلا", "جدا", "لا", "نعم"}),
}

# Coordinating conjunctions ("and", "or") per language: "X and X" is a reduplication.
COORDINATORS: dict[str, frozenset[str]] = {
    "en": frozenset({"and", "or"}), "fr": frozenset({"et", "ou"}),
    "de": frozenset({"und", "oder"}), "es": frozenset({"y", "e", "o", "u"}),
    "it": frozenset({"e", "ed", "o", "od"}), "pt": frozenset({"e", "ou"}),
    "nl": frozenset({"en", "of"}), "ca": frozenset({"i", "o"}),
}

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class RepetitionDetector(PairDetector):
    name = "repetition"
    categories = ("repetition",)
    defaults: ClassVar[dict[str, Any]] = {"max_n": 8, "allowed_doubles": None}
    option_types: ClassVar[dict[str, tuple[type, ...]]] = {
        "allowed_doubles": (list, tuple, set, frozenset)}

    def detect_pair(self, pair: AlignedPair, ctx: DetectorContext) -> Iterable[Flag]:
        if not pair.target:
            return []
        allowed = self.options["allowed_doubles"]
        allowed = (frozenset(w.lower() for w in allowed) if allowed is not None
                   else ALLOWED_DOUBLES.get(ctx.tgt_lang, frozenset()))
        out = []
        for start, end, n, copies, unit in find_repetitions(
                pair.target_text, allowed, self.options["max_n"],
                COORDINATORS.get(ctx.tgt_lang.split("-")[0].lower(), frozenset())):
            if _contains_repeat(pair.source_text, unit, copies):
                continue
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
                    message=f"sentence “{_short(unit)}” repeated {copies} times in a row",
                    suggestion=(text[:prev_end] + text[end:]).strip(), confidence=0.9))
        return out


_MIN_SENTENCE_WORDS = 3


def _sentence_key(text: str) -> str:
    return " ".join(m.group(0).casefold() for m in _TOKEN.finditer(text))


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


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


def _contains_repeat(source: str, unit: str, copies: int) -> bool:
    if not source:
        return False
    pattern = r"\s+".join([re.escape(unit)] * copies)
    return re.search(pattern, source, flags=re.IGNORECASE) is not None


# ----- garbling --------------------------------------------------------------------------------
# Quote marks and the marks that may close each one, in any language's convention: « » (fr),
# » « (de, da), „ “ (de), “ ” (en), ‹ ›, 「 」, and straight quotes closing themselves.
_QUOTE_PAIRS = {"«": "»", "»": "«", "„": "“”", "“": "”“", "‹": "›", "›": "‹", "「": "」",
                "『": "』", '"': '"'}
_QUOTES = frozenset("«»„“”‹›「」『』\"")
_BRACKETS = {"(": ")", "[": "]", "{": "}"}

_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "ο": "o", "α": "a", "ι": "i", "ν": "v", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "Ο": "O",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "ARMENIAN", "GEORGIAN",
            "DEVANAGARI", "THAI", "HANGUL", "CJK", "HIRAGANA", "KATAKANA", "ETHIOPIC")
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(
    "(?:[\u00c2-\u00f4][\u0080-\u00bf" + re.escape(_CP1252_EXTRA) + "]{1,3})+")


# A single repaired character must be a common one (Latin-1, œ, typographic punctuation, €, ™,
# Arabic, Cyrillic): "Ä»" decodes to "Ļ" but is far more likely legitimate text.
_PLAUSIBLE = re.compile("[\u00a0-\u00ff\u0152\u0153\u2010-\u2030\u20ac\u2122"
                        "\u0400-\u04ff\u0600-\u06ff]")


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for s in _SCRIPTS:
        if name.startswith(s):
            return s
    return None


def _to_bytes(s: str) -> bytes | None:
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def find_mojibake(text: str) -> list[tuple[int, int, str]]:
    """Spans of UTF-8 text decoded as cp1252/latin-1, with the repaired text."""
    out = []
    for m in _MOJIBAKE.finditer(text):
        raw = _to_bytes(m.group(0))
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fixed != m.group(0) and (len(fixed) > 1 or _PLAUSIBLE.match(fixed)):
            out.append((m.start(), m.end(), fixed))
    for m in re.finditer("\ufffd+", text):
        out.append((m.start(), m.end(), ""))
    return sorted(out)


def find_mixed_scripts(text: str) -> list[tuple[int, int, str | None]]:
    """Words mixing letters of two scripts, with a Latin repair when one is obvious."""
    out = []
    for m in re.finditer(r"[^\W\d_]+", text):
        w = m.group(0)
        scripts = [_script(c) for c in w]
        kinds = {s for s in scripts if s}
        if len(kinds) < 2:
            continue
        fixed = w.translate(_HOMOGLYPHS)
        fix = fixed if {_script(c) for c in fixed if _script(c)} == {"LATIN"} else None
        out.append((m.start(), m.end(), fix))
    return out


def quote_imbalance(text: str) -> tuple[int, list[int]]:
    """Number of unmatched quote marks in ``text`` and their positions.

    A mark closes the innermost open one when it is a valid closer for it in some convention
    (“ closes „ in German and opens in English); otherwise it opens a new quote. "”" can only
    close, so a stray one is unmatched at once.
    """
    stack: list[tuple[str, int]] = []
    bad: list[int] = []
    for i, ch in enumerate(text):
        if ch not in _QUOTES:
            continue
        if stack and ch in _QUOTE_PAIRS.get(stack[-1][0], ""):
            stack.pop()
        elif ch == "”":
            bad.append(i)
        else:
            stack.append((ch, i))
    bad.extend(i for _, i in stack)
    return len(bad), sorted(bad)


def bracket_imbalance(text: str) -> tuple[int, list[int]]:
    """Number of unmatched brackets in ``text`` and their positions."""
    stack: list[tuple[str, int]] = []
    bad: list[int] = []
    closers = {v: k for k, v in _BRACKETS.items()}
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            stack.append((ch, i))
        elif ch in closers:
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            else:
                bad.append(i)
    bad.extend(i for _, i in stack)
    return len(bad), sorted(bad)


class GarbleDetector(Detector):
    name = "garbled"
    categories = ("garbled", "punctuation")
    defaults: ClassVar[dict[str, Any]] = {"quotes": True, "brackets": True,
                                          "mixed_scripts": True, "mojibake": True}

    def detect(self, ctx: DetectorContext) -> list[Flag]:
        flags: list[Flag] = []
        for pair in ctx.pairs:
            if not pair.target:
                continue
            if self.options["mojibake"]:
                for a, b, fixed in find_mojibake(pair.target_text):
                    flags.append(Flag.on_pair(
                        pair, a, b, category="garbled", severity="minor", detector=self.name,
                        message="mis-decoded characters (UTF-8 read as cp1252/latin-1)"
                        if fixed else "replacement character: text lost in decoding",
                        suggestion=fixed or None, confidence=0.9))
            if self.options["mixed_scripts"]:
                for a, b, fix in find_mixed_scripts(pair.target_text):
                    flags.append(Flag.on_pair(
                        pair, a, b, category="garbled", severity="minor", detector=self.name,
                        message="word mixes letters of different scripts (look-alike "
                                "characters?)", suggestion=fix, confidence=0.8))
        flags.extend(self._paragraph_marks(ctx))
        return flags

    def _paragraph_marks(self, ctx: DetectorContext) -> list[Flag]:
        checks = []
        if self.options["quotes"]:
            checks.append(("quote", quote_imbalance))
        if self.options["brackets"]:
            checks.append(("bracket", bracket_imbalance))
        if not checks:
            return []
        # target paragraph -> its aligned pairs, in order
        by_par: dict[int, list[AlignedPair]] = {}
        for pair in ctx.pairs:
            if pair.source and pair.target:
                by_par.setdefault(pair.target[0].paragraph, []).append(pair)
        flags: list[Flag] = []
        for pairs in by_par.values():
            # joined texts with pair boundaries, to map positions back to pairs
            t_parts, s_parts = [], []
            offsets = []
            pos = 0
            for p in pairs:
                offsets.append(pos)
                t_parts.append(p.target_text)
                s_parts.append(p.source_text)
                pos += len(p.target_text) + 1
            t_all, s_all = "\n".join(t_parts), "\n".join(s_parts)
            for what, fn in checks:
                n_t, bad = fn(t_all)
                n_s, _ = fn(s_all)
                if n_t == 0 or n_s > 0:
                    continue
                for b in bad:
                    k = max(i for i, o in enumerate(offsets) if o <= b)
                    p = pairs[k]
                    local = b - offsets[k]
                    ch = t_all[b]
                    flags.append(Flag.on_pair(
                        p, local, local + 1, category="punctuation", severity="minor",
                        detector=self.name, confidence=0.7,
                        message=f"unmatched {what} mark {ch!r} (the source is balanced here)"))
        return flags
