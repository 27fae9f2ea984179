"""Reading the numbers of a text in its language's conventions.

:func:`extract_numbers` finds digits (Western, Arabic-Indic, Persian) with the language's
thousands and decimal separators (ambiguous ``1,200`` / ``1.200`` keep both readings), phone-
like codes, times of day, percentages, years, digit ordinals, scale words after digits, and
written-out numbers (:mod:`mtaudit.analysis.number_words`); month names and ordinal words are
read as "absorb-only" mentions. :func:`format_number` writes a value back in a language's
conventions. The tables are in :mod:`mtaudit.lang.numbers`; pairing the numbers of a source
and a target is :mod:`mtaudit.analysis.number_match`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtaudit.analysis.number_words import absorb_value, compose, continues, word_parts
from mtaudit.lang.arabic import proclitics_before
from mtaudit.lang.arabic_norm import has_arabic, normalize_with_offsets, original_span
from mtaudit.lang.numbers import (
    CONVENTIONS,
    DEFAULT_CONVENTION,
    DIGITS,
    HALF_AFTER,
    IMPERIAL_AFTER,
    JOINERS,
    METRIC_AFTER,
    MONTH_ALIASES,
    ORDINAL_AFTER,
    PERCENT_AFTER,
    SCALES,
    SPACES,
)

# Times of day: "13:30", "13 h 30", "1.30pm", "3 p.m."; words (with hyphens); phone numbers
# and other codes (three or more digit groups); dates, which are not codes.
_TIME_RE = re.compile(
    r"(?<![\d.,:])(?P<h>\d{1,2})(?:\s?[:h]\s?(?P<m2>\d{2})|\.(?P<m>\d{2})(?=\s?(?:[ap]\.?m\b|"
    r"uhr\b|h\b)))?(?:\s?(?P<ap>[ap])\.?m\.?(?![\w]))?(?![\d])(?!\s?%)", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CODE_RE = re.compile(r"(?<![\w.,])\+?\d{1,4}(?:[ .\-/]\d{1,4}){2,}(?![\w])")
_DATE_RE = re.compile(r"\d{4}[./\-]\d{1,2}[./\-]\d{1,2}|\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}")


@dataclass(frozen=True)
class NumberMention:
    """A number found in a text: its span, best value and every value it may stand for."""

    start: int
    end: int
    text: str
    value: float
    keys: frozenset[float]
    kind: str  # "digits", "word", "percent", "year", "ordinal", "code", "absorb"
    required: bool = True  # False: may match, never flagged (imperial measures, round words)
    unit: str = ""         # "imperial" / "metric" when a unit follows

    @property
    def flaggable(self) -> bool:
        """False for mentions that only absorb (months, ordinal words) and for the value 1."""
        return self.required and self.kind != "absorb" and self.value != 1

    @property
    def is_word(self) -> bool:
        """A written-out number (less certain than digits)."""
        return self.kind == "word"


def _r(x: float) -> float:
    """A value rounded for use as a match key."""
    return round(float(x), 6)


def _digit_pattern(lang: str) -> re.Pattern[str]:
    """Digit strings with ``lang``'s thousands separators and any decimal separator."""
    thousands, _ = CONVENTIONS.get(lang, DEFAULT_CONVENTION)
    seps = "".join(sorted(set(thousands + ",.\u066c")))
    seps_re = re.escape(seps)
    return re.compile(
        rf"(?<![\d])(?:\d{{1,3}}(?:[{seps_re}]\d{{3}})+(?![\d])(?:[.,\u066b]\d+)?"
        rf"|\d+(?:[.,\u066b]\d+)?)(?![\d])")


def _readings(raw: str, lang: str) -> tuple[float, set[float]]:
    """Value in the language's conventions plus alternative readings of a digit string."""
    thousands, decimals = CONVENTIONS.get(lang, DEFAULT_CONVENTION)
    seps = [(i, c) for i, c in enumerate(raw) if not c.isdigit()]
    if not seps:
        v = float(raw)
        return v, {v}
    last_i, last_c = seps[-1]
    tail = raw[last_i + 1:]
    thou = float("".join(c for c in raw if c.isdigit()))
    head = "".join(c for c in raw[:last_i] if c.isdigit())
    dec = float(f"{head or 0}.{tail}")
    if last_c in SPACES or last_c == "\u066c":
        return thou, {thou}
    if last_c == "\u066b":
        return dec, {dec}
    if len(seps) > 1:
        if all(c == last_c for _, c in seps) and len(tail) == 3:
            return thou, {thou}  # 1.234.567
        return dec, {dec}  # 1 234,5 / 1,234.56: the last separator is the decimal one
    if len(tail) != 3:
        return dec, {dec}  # 3,5 / 2.75
    # one separator and a 3-digit tail: "1,200" / "1.200" are ambiguous between habits
    if last_c in decimals and last_c not in thousands:
        return dec, {dec, thou}
    return thou, {dec, thou}


def extract_numbers(text: str, lang: str) -> list[NumberMention]:
    """All number mentions of ``text`` read in ``lang``'s conventions, in text order."""
    norm = text.translate(DIGITS)
    out: list[NumberMention] = []
    # characters already read as part of a mention: one flag per character, so the overlap
    # test costs the mention's length, not the number of mentions so far (a table of 20,000
    # figures in one segment was quadratic)
    used = bytearray(len(norm) + 1)

    def free(a: int, b: int) -> bool:
        return used.find(1, a, b) < 0

    def take(a: int, b: int) -> None:
        used[a:b] = b"\x01" * (b - a)

    # phone numbers and other codes first (not dates, not thousands groups)
    for m in _CODE_RE.finditer(norm):
        raw = m.group(0)
        digits = "".join(c for c in raw if c.isdigit())
        groups = re.split(r"[ .\-/]", raw.lstrip("+"))
        if _DATE_RE.search(raw) or len(digits) < 8:  # dates (and times) are not phone numbers
            continue
        if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            continue  # 12 500 000: a number with thousands groups
        out.append(NumberMention(m.start(), m.end(), text[m.start():m.end()], float(digits),
                                 frozenset({float(digits)}), "code"))
        take(m.start(), m.end())

    # times of day: "13:30", "13 h 30", "1.30pm", "3 p.m." (12-hour clock read both ways)
    for m in _TIME_RE.finditer(norm):
        hh = int(m.group("h"))
        mm = int(m.group("m") or m.group("m2") or 0)
        ap = (m.group("ap") or "").lower()
        if hh > 24 or mm > 59 or not (m.group("m") or m.group("m2") or ap):
            continue
        if not free(m.start(), m.end()):
            continue
        hours = {hh}
        if ap == "p" and hh < 12:
            hours = {hh + 12}
        elif ap == "a" and hh == 12:
            hours = {0}
        keys = {float(h * 100 + mm) for h in hours} | {_r(h + mm / 100) for h in hours}
        if not m.group("m2"):  # "1.30" may also be read as the decimal 1.3
            keys |= {_r(hh + mm / 100)}
        out.append(NumberMention(m.start(), m.end(), text[m.start():m.end()],
                                 float(min(hours) * 100 + mm), frozenset(keys), "time"))
        take(m.start(), m.end())

    scales = SCALES.get(lang, {})
    for m in _digit_pattern(lang).finditer(norm):
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        raw = m.group(0)
        value, keys = _readings(raw, lang)
        kind = "digits"
        hm = HALF_AFTER.match(norm, b)
        if hm:
            value, keys, b = value + 0.5, {k + 0.5 for k in keys}, hm.end()
        # Arabic proclitics (و ب ل ف ك, one or two, maybe with a connecting stroke) are
        # written glued to the number: "و٣٥" is "and 35", "بـ35" "with 35", "وب٣٥"
        proclitic = proclitics_before(norm, a)
        glued = ((a > 0 and norm[a - 1].isalpha() and not proclitic)
                 or (b < len(norm) and norm[b].isalpha() and not ORDINAL_AFTER.match(norm, b)))
        rest = norm[b:]
        pm = PERCENT_AFTER.match(rest)
        if pm:
            kind, b = "percent", b + pm.end()
        else:
            om = ORDINAL_AFTER.match(rest)
            if om and raw.isdigit():
                kind, b = "ordinal", b + om.end()
            else:
                sm = re.match(r"\s+([^\W\d_]+)", rest)
                if sm and sm.group(1).lower() in scales:
                    scale = scales[sm.group(1).lower()]
                    keys = keys | {k * scale for k in keys}
                    value *= scale
                    b += sm.end()
        if kind == "digits" and raw.isdigit() and 1000 <= value <= 2100 and len(raw) == 4:
            kind = "year"
        unit = ("imperial" if IMPERIAL_AFTER.match(norm, b) else
                "metric" if METRIC_AFTER.match(norm, b) else "")
        out.append(NumberMention(a, b, text[a:b], _r(value),
                                 frozenset(_r(k) for k in keys), kind,
                                 required=unit != "imperial" and not glued, unit=unit))
        take(a, b)

    # written-out numbers and absorb-only words
    joiners = JOINERS.get(lang, set())
    words: list[tuple[int, int, str]] = []
    in_compound: set[int] = set()  # starts of number words inside "three-dimensional" & co.
    # Arabic words are read normalised (ثَلَاثَة is ثلاثة), their spans mapped back to the text
    wtext, woffs = normalize_with_offsets(norm, lang) if has_arabic(norm) else (norm, None)

    def span(x: int, y: int) -> tuple[int, int]:
        return (x, y) if woffs is None else original_span(woffs, x, y)

    for wm in _WORD_RE.finditer(wtext):
        w = wm.group(0)
        if "-" in w and word_parts(w, lang) is None:  # "eight-foot", "three-dimensional"
            pos = wm.start()
            for piece in w.split("-"):
                words.append((*span(pos, pos + len(piece)), piece))
                in_compound.add(words[-1][0])
                pos += len(piece) + 1
        else:
            words.append((*span(wm.start(), wm.end()), w))
    i = 0
    while i < len(words):
        a, b, w = words[i]
        parts = word_parts(w, lang)
        if parts is None:
            absorbed = absorb_value(w, lang)
            if absorbed is not None and free(a, b):
                vals = {float(v) for v in MONTH_ALIASES.get(w, (absorbed,))}
                out.append(NumberMention(a, b, text[a:b], float(absorbed),
                                         frozenset(vals), "absorb"))
            i += 1
            continue
        end, j = b, i + 1
        while j < len(words):
            na, nb, nw = words[j]
            if norm[end:na].strip():
                break
            step = 1
            if nw.lower() in joiners and j + 1 < len(words) \
                    and not norm[nb:words[j + 1][0]].strip():
                nxt = word_parts(words[j + 1][2], lang)
                step = 2
            else:
                nxt = word_parts(nw, lang)
            if nxt is None or not continues(parts[-1], nxt[0], lang):
                break
            parts.extend(nxt)
            end = words[j + step - 1][1]
            j += step
        value = compose(parts)
        if value is None and len(parts) == 1 and parts[0][1] == "mp" and free(a, end):
            # "des milliers", "Millionen", "آلاف": vague, but absorbs "a million" & co.
            out.append(NumberMention(a, end, text[a:end], parts[0][0],
                                     frozenset({_r(parts[0][0])}), "absorb"))
        elif value is not None and free(a, end):
            hm = HALF_AFTER.match(norm, end)
            if hm:
                value, end = value + 0.5, hm.end()
            pm = PERCENT_AFTER.match(norm[end:])
            if pm:
                end += pm.end()
            # round words with no digit count ("a million", "hundreds") are used loosely
            round_ = (all(r in ("art", "one", "h", "m", "mp") for _, r in parts)
                      and any(r in ("h", "m", "mp") for _, r in parts))
            unit = ("imperial" if IMPERIAL_AFTER.match(norm, end) else
                    "metric" if METRIC_AFTER.match(norm, end) else "")
            # a number word inside a compound adjective ("three-dimensional") or the word
            # "two" (rendered "both", "the pair", an Arabic dual...) is not required
            loose = round_ or a in in_compound or value == 2
            out.append(NumberMention(a, end, text[a:end], _r(value),
                                     frozenset({_r(value)}), "word",
                                     required=not loose and unit != "imperial", unit=unit))
            take(a, end)
        i = j
    out.sort(key=lambda n: (n.start, n.end))
    return out


def format_number(value: float, lang: str) -> str:
    """``value`` written with ``lang``'s separators (via babel when it knows the locale)."""
    if value == int(value) and 1000 <= value <= 2100:
        return str(int(value))
    try:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=lang.replace("-", "_"))
    except Exception:  # unknown locale: plain Python formatting
        return f"{value:g}" if value != int(value) else str(int(value))
