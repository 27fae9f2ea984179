"""Garbled text in the translation: unbalanced quotes and brackets, mixed scripts, mojibake.

* quotes and brackets: a quote mark that no other closes (any language's convention: « », » «,
  „ “, “ ”, straight quotes; all styles count as one class, since MT often changes the style),
  or an unmatched ( ) [ ] { }, in a target paragraph read together with its sentences and
  ``paragraph_window`` (2) paragraphs either side (a quotation may open in one sentence or
  paragraph and close in a later one); flagged only when the source text aligned with those
  paragraphs is balanced. Category ``punctuation``, minor, on the unmatched mark. **Quotes are
  not checked at all when the source document has no quote mark**: the quotation marks are
  then the translator's own (classical Arabic, for one, has none) and the source cannot tell
  a slip from a house style. Measured: on the real Arabic→French translation of
  ``bench/realtext.py`` (8 chapters, 2,779 target sentences, no quote mark in the source)
  37 quote flags, all on quotations the translation opens and closes implicitly at a verse's
  end (0 MT-like errors); on the seed MT (source with balanced « ») the one quote flag is
  kept;
* mixed scripts inside one word (Latin + Cyrillic/Greek homoglyphs, Latin + Arabic...):
  ``garbled``, minor, with the Latin spelling as suggestion when every odd letter is a known
  homoglyph;
* mojibake: UTF-8 read as cp1252/latin-1 (``Ã©``, ``â€™``), verified by decoding it back;
  ``garbled``, minor, the repaired text as suggestion; U+FFFD replacement characters too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import Detector, DetectorContext
from mtaudit.lang.quotes import BRACKETS, QUOTE_PAIRS, QUOTES

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


@lru_cache(maxsize=8192)  # one entry per distinct character: a bounded, pure lookup
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


def quote_imbalance(text: str, rtl: bool = False) -> tuple[int, list[int]]:
    """Number of unmatched quote marks in ``text`` and their positions.

    A mark closes the innermost open one when it is a valid closer for it in some convention
    (“ closes „ in German and opens in English); otherwise it opens a new quote. "”" can only
    close, so a stray one is unmatched at once -- except in right-to-left text (``rtl``), where
    ”…“ is the usual order (the marks are mirrored when displayed right to left).
    """
    pairs = {**QUOTE_PAIRS, "”": "“"} if rtl else QUOTE_PAIRS
    stack: list[tuple[str, int]] = []
    bad: list[int] = []
    for i, ch in enumerate(text):
        if ch not in QUOTES:
            continue
        if stack and ch in pairs.get(stack[-1][0], ""):
            stack.pop()
        elif ch == "”" and not rtl:
            bad.append(i)
        else:
            stack.append((ch, i))
    bad.extend(i for _, i in stack)
    return len(bad), sorted(bad)


def is_rtl(lang: str) -> bool:
    """A language written right to left (its quotes may come as ”…“)."""
    from mtaudit.core.text import base_lang

    return base_lang(lang) in _RTL


_RTL = frozenset({"ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "dv", "ckb"})


def bracket_imbalance(text: str, rtl: bool = False) -> tuple[int, list[int]]:
    """Number of unmatched brackets in ``text`` and their positions (``rtl`` changes nothing:
    bracket characters are mirrored for display, not in the text)."""
    stack: list[tuple[str, int]] = []
    bad: list[int] = []
    closers = {v: k for k, v in BRACKETS.items()}
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            stack.append((ch, i))
        elif ch in closers:
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            else:
                bad.append(i)
    bad.extend(i for _, i in stack)
    return len(bad), sorted(bad)


@dataclass(frozen=True)
class GarbleOptions(Options):
    quotes: bool = True
    brackets: bool = True
    mixed_scripts: bool = True
    mojibake: bool = True
    paragraph_window: int = 2  # quotes and brackets may pair across this many paragraphs


class GarbleDetector(Detector):
    name = "garbled"
    categories = ("garbled", "punctuation")
    Options = GarbleOptions
    default = True

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        flags: list[Flag] = []
        for pair in ctx.pairs:
            if not pair.target:
                continue
            if self.options.mojibake:
                for a, b, fixed in find_mojibake(pair.target_text):
                    flags.append(Flag.on_pair(
                        pair, a, b, category="garbled", severity="minor", detector=self.name,
                        message="mis-decoded characters (UTF-8 read as cp1252/latin-1)"
                        if fixed else "replacement character: text lost in decoding",
                        suggestion=fixed or None, confidence=0.9))
            if self.options.mixed_scripts:
                for a, b, fix in find_mixed_scripts(pair.target_text):
                    flags.append(Flag.on_pair(
                        pair, a, b, category="garbled", severity="minor", detector=self.name,
                        message="word mixes letters of different scripts (look-alike "
                                "characters?)", suggestion=fix, confidence=0.8))
        flags.extend(self._paragraph_marks(ctx))
        return flags

    def _paragraph_marks(self, ctx: DetectorContext) -> list[Flag]:
        checks = []
        if self.options.quotes and any(ch in QUOTES for ch in ctx.source.text):
            checks.append(("quote", quote_imbalance))
        if self.options.brackets:
            checks.append(("bracket", bracket_imbalance))
        if not checks:
            return []
        # target paragraph -> its aligned pairs, in order
        by_par: dict[int, list[AlignedPair]] = {}
        for pair in ctx.pairs:
            if pair.source and pair.target:
                by_par.setdefault(pair.target[0].paragraph, []).append(pair)
        order = sorted(by_par)
        w = self.options.paragraph_window
        flags: list[Flag] = []
        for n, par in enumerate(order):
            # the paragraph with ``w`` paragraphs either side, joined with pair boundaries
            near = [p for q in order[max(0, n - w):n + w + 1] for p in by_par[q]]
            offsets, pos = [], 0
            for p in near:
                offsets.append(pos)
                pos += len(p.target_text) + 1
            t_all = "\n".join(p.target_text for p in near)
            s_all = "\n".join(p.source_text for p in near)
            mine = {k for k, p in enumerate(near) if p.target[0].paragraph == par}
            for what, fn in checks:
                n_t, bad = fn(t_all, is_rtl(ctx.tgt_lang))
                n_s, _ = fn(s_all, is_rtl(ctx.src_lang))
                if n_t == 0 or n_s > 0:
                    continue
                marks = QUOTES if what == "quote" else "()[]{}"
                where = ("the source is balanced here" if any(c in marks for c in s_all)
                         else "the source has no such mark here")
                for b in bad:
                    k = max(i for i, o in enumerate(offsets) if o <= b)
                    if k not in mine:
                        continue
                    local = b - offsets[k]
                    flags.append(Flag.on_pair(
                        near[k], local, local + 1, category="punctuation", severity="minor",
                        detector=self.name, confidence=0.7,
                        message=f"unmatched {what} mark {t_all[b]!r} ({where})"))
        return flags
