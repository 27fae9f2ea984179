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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import Detector, DetectorContext

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = " \u00a0\u202f\u2009"

# Language conventions: (thousands separators, decimal separators). Both "," and "." are always
# tried in the other role as an alternative reading (the MT output may follow either habit).
_CONVENTIONS: dict[str, tuple[str, str]] = {
    "en": (",", "."), "zh": (",", "."), "ja": (",", "."), "ko": (",", "."), "he": (",", "."),
    "fr": (_SPACES + ".", ","), "ru": (_SPACES, ","), "uk": (_SPACES, ","), "pl": (_SPACES, ","),
    "cs": (_SPACES, ","), "sv": (_SPACES, ","), "nb": (_SPACES, ","), "fi": (_SPACES, ","),
    "de": ("." + _SPACES, ","), "es": (".", ","), "it": (".", ","), "pt": (".", ","),
    "nl": (".", ","), "tr": (".", ","), "ar": ("\u066c,", "\u066b."), "fa": ("\u066c,", "\u066b."),
}
_DEFAULT_CONVENTION = (",", ".")

# Written-out numbers: word -> (value, role). Roles: "n" adds, "h" hundred (multiplies the
# current group), "m" multiplier (closes a group), "mp" plural multiplier (only after a number:
# "des milliers" / "آلاف" alone are vague), "one" the value 1, "art" the English article "a"
# (a number only before hundred/thousand...). A lone 1 is never required of the other side.
_WORDS: dict[str, dict[str, tuple[float, str]]] = {
    "fr": {
        "un": (1, "one"), "une": (1, "one"), "deux": (2, "n"), "trois": (3, "n"),
        "quatre": (4, "n"), "cinq": (5, "n"), "six": (6, "n"), "sept": (7, "n"),
        "huit": (8, "n"), "neuf": (9, "n"), "dix": (10, "n"), "onze": (11, "n"),
        "douze": (12, "n"), "treize": (13, "n"), "quatorze": (14, "n"), "quinze": (15, "n"),
        "seize": (16, "n"), "vingt": (20, "n"), "vingts": (20, "n"), "trente": (30, "n"),
        "quarante": (40, "n"), "cinquante": (50, "n"), "soixante": (60, "n"),
        "septante": (70, "n"), "huitante": (80, "n"), "octante": (80, "n"), "nonante": (90, "n"),
        "quatrevingt": (80, "n"), "cent": (100, "h"),
        "cents": (100, "h"), "mille": (1000, "m"), "million": (1e6, "m"),
        "millions": (1e6, "mp"), "milliard": (1e9, "m"), "milliards": (1e9, "mp"),
    },
    "en": {
        "one": (1, "one"), "a": (1, "art"), "two": (2, "n"), "three": (3, "n"),
        "four": (4, "n"), "five": (5, "n"), "six": (6, "n"), "seven": (7, "n"),
        "eight": (8, "n"), "nine": (9, "n"), "ten": (10, "n"), "eleven": (11, "n"),
        "twelve": (12, "n"), "thirteen": (13, "n"), "fourteen": (14, "n"), "fifteen": (15, "n"),
        "sixteen": (16, "n"), "seventeen": (17, "n"), "eighteen": (18, "n"),
        "nineteen": (19, "n"), "twenty": (20, "n"), "thirty": (30, "n"), "forty": (40, "n"),
        "fifty": (50, "n"), "sixty": (60, "n"), "seventy": (70, "n"), "eighty": (80, "n"),
        "ninety": (90, "n"), "hundred": (100, "h"), "thousand": (1000, "m"),
        "thousands": (1000, "mp"), "million": (1e6, "m"), "millions": (1e6, "mp"),
        "billion": (1e9, "m"), "billions": (1e9, "mp"),
    },
    "de": {
        "ein": (1, "art"), "eine": (1, "art"), "einen": (1, "art"), "einem": (1, "art"),
        "einer": (1, "art"), "eins": (1, "one"), "zwei": (2, "n"), "drei": (3, "n"),
        "vier": (4, "n"), "fünf": (5, "n"), "sechs": (6, "n"), "sieben": (7, "n"),
        "acht": (8, "n"), "neun": (9, "n"), "zehn": (10, "n"), "elf": (11, "n"),
        "zwölf": (12, "n"), "dreizehn": (13, "n"), "vierzehn": (14, "n"), "fünfzehn": (15, "n"),
        "sechzehn": (16, "n"), "siebzehn": (17, "n"), "achtzehn": (18, "n"),
        "neunzehn": (19, "n"), "zwanzig": (20, "n"), "dreißig": (30, "n"), "vierzig": (40, "n"),
        "fünfzig": (50, "n"), "sechzig": (60, "n"), "siebzig": (70, "n"), "achtzig": (80, "n"),
        "neunzig": (90, "n"), "hundert": (100, "h"), "tausend": (1000, "m"),
        "tausende": (1000, "mp"), "million": (1e6, "m"), "millionen": (1e6, "mp"),
        "milliarde": (1e9, "m"), "milliarden": (1e9, "mp"), "zweier": (2, "n"),
        "dreier": (3, "n"), "einhalb": (0.5, "n"), "anderthalb": (1.5, "n"),
    },
    "ar": {
        "واحد": (1, "one"), "واحدة": (1, "one"), "أحد": (1, "one"), "إحدى": (1, "one"),
        "اثنان": (2, "n"), "اثنين": (2, "n"), "اثنتان": (2, "n"), "اثنتين": (2, "n"),
        "اثنا": (2, "n"), "اثني": (2, "n"), "اثنتا": (2, "n"), "اثنتي": (2, "n"),
        "ثلاث": (3, "n"), "ثلاثة": (3, "n"), "أربع": (4, "n"), "أربعة": (4, "n"),
        "اربع": (4, "n"), "اربعة": (4, "n"), "خمس": (5, "n"), "خمسة": (5, "n"),
        "ست": (6, "n"), "ستة": (6, "n"), "سبع": (7, "n"), "سبعة": (7, "n"),
        "ثمان": (8, "n"), "ثماني": (8, "n"), "ثمانية": (8, "n"), "تسع": (9, "n"),
        "تسعة": (9, "n"), "عشر": (10, "n"), "عشرة": (10, "n"),
        "عشرون": (20, "n"), "عشرين": (20, "n"), "ثلاثون": (30, "n"), "ثلاثين": (30, "n"),
        "أربعون": (40, "n"), "أربعين": (40, "n"), "اربعين": (40, "n"), "خمسون": (50, "n"),
        "خمسين": (50, "n"), "ستون": (60, "n"), "ستين": (60, "n"), "سبعون": (70, "n"),
        "سبعين": (70, "n"), "ثمانون": (80, "n"), "ثمانين": (80, "n"), "تسعون": (90, "n"),
        "تسعين": (90, "n"), "مائة": (100, "h"), "مئة": (100, "h"), "مائتان": (200, "n"),
        "مائتين": (200, "n"), "مئتان": (200, "n"), "مئتين": (200, "n"),
        "ألف": (1000, "m"), "الف": (1000, "m"), "آلاف": (1000, "mp"), "الاف": (1000, "mp"),
        "ألفان": (2000, "n"), "ألفين": (2000, "n"), "مليون": (1e6, "m"),
        "ملايين": (1e6, "mp"), "مليونان": (2e6, "n"), "مليونين": (2e6, "n"),
        "مليار": (1e9, "m"), "مليارات": (1e9, "mp"), "بليون": (1e9, "m"),
    },
}
for _unit, _v in (("ثلاث", 3), ("أربع", 4), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7),
                  ("ثمان", 8), ("ثماني", 8), ("تسع", 9)):
    _WORDS["ar"][_unit + "مائة"] = (_v * 100, "n")
    _WORDS["ar"][_unit + "مئة"] = (_v * 100, "n")

# Connectors allowed inside a written-out number.
_JOINERS = {"fr": {"et"}, "en": {"and"}, "ar": set(), "de": {"und"}}
# Languages that write compound numbers as one word ("einundzwanzig", "dreihundert"), and the
# endings a number word may carry there ("zehnmal", "millionenfach", "dreijährige").
_COMPOUNDING = {"de", "nl", "sv", "nb", "da"}
_DE_SUFFIXES = ("mal fach fache fachen facher faches jährig jährige jährigen jähriger jähriges "
                "tägig tägige tägigen stündig stündige stündigen köpfig köpfige köpfigen "
                "stellig stellige stelligen prozentig prozentige prozentigen")
_COMPOUND_SUFFIXES = {"de": frozenset(_DE_SUFFIXES.split())}

# Words that only absorb a number of the other side (months, ordinal words): never flagged.
_ABSORB: dict[str, dict[str, int]] = {
    "fr": {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
           "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
           "décembre": 12, "decembre": 12, "premier": 1, "première": 1, "deuxième": 2,
           "second": 2, "seconde": 2, "troisième": 3, "quatrième": 4, "cinquième": 5,
           "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10,
           "double": 2, "triple": 3, "couple": 2, "paire": 2,
           "dizaine": 10, "douzaine": 12, "vingtaine": 20, "centaine": 100, "millier": 1000},
    "en": {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
           "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
           "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "double": 2, "twice": 2,
           "triple": 3, "dozen": 12, "both": 2, "pair": 2, "couple": 2},
    "de": {"januar": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
           "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
           "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "dritte": 3,
           "dritten": 3, "vierte": 4, "fünfte": 5, "beide": 2, "beiden": 2, "beider": 2,
           "beides": 2, "doppelt": 2, "doppelte": 2, "dutzend": 12, "paar": 2},
    "ar": {"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
           "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8,
           "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
           "كانون": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
           "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "ايلول": 9, "تشرين": 10,
           "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
           "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10, "الحادي": 11, "الثانية": 2,
           "الثالثة": 3, "الرابعة": 4, "الخامسة": 5, "ضعف": 2, "كلا": 2, "كلتا": 2},
}
_MONTH_ALIASES = {"كانون": (1, 12), "تشرين": (10, 11)}  # first/second of the pair

# Units after a number. Imperial measures are often converted (200 feet -> 60 m): a source
# number with one is not required, and a target number with a metric unit is then no extra.
_IMPERIAL = re.compile(
    r"[\s\-\u00a0]*(?:feet|foot|ft|miles?|mi|pounds?|lbs?|inch(?:es)?|yards?|gallons?|"
    r"ounces?|oz|acres?|fahrenheit|°\s?F|mph)\b", re.IGNORECASE)
_METRIC = re.compile(
    r"[\s\-\u00a0]*(?:k?m|cm|mm|kg|g|km/h|°\s?C|celsius|ha|t|"
    r"(?:kilo|centi|milli)?m[eè]t(?:er|re)s?n?|(?:kilo)?gramm?e?s?|kilos?|lit(?:er|re)s?|"
    r"hektar|hectares?|tonnes?|tonnen)\b", re.IGNORECASE)

_TIME_RE = re.compile(
    r"(?<![\d.,:])(?P<h>\d{1,2})(?:\s?[:h]\s?(?P<m2>\d{2})|\.(?P<m>\d{2})(?=\s?(?:[ap]\.?m\b|"
    r"uhr\b|h\b)))?(?:\s?(?P<ap>[ap])\.?m\.?(?![\w]))?(?![\d])(?!\s?%)", re.IGNORECASE)
_HALF_AFTER = re.compile(r"\s?½|\s+and\s+a\s+half\b|\s+et\s+demie?\b|\s+ونصف")

_PERCENT_AFTER = re.compile(
    r"\s?(?:%|٪|pour\s?cent\b|pourcent\b|per\s?cent\b|percent\b|في\s?الما?ئة|في\s?المئة|"
    r"بالما?ئة|بالمئة)", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"(?:er|re|e|ème|eme|ᵉ|ᵉʳ|st|nd|rd|th)\b")
_SCALES: dict[str, dict[str, float]] = {
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
    "de": {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9,
           "milliarden": 1e9, "mrd": 1e9},
    "en": {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
           "trillion": 1e12},
    "ar": {"ألف": 1e3, "الف": 1e3, "آلاف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6,
           "مليار": 1e9, "مليارات": 1e9, "بليون": 1e9},
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CODE_RE = re.compile(r"(?<![\w.,])\+?\d{1,4}(?:[ .\-/]\d{1,4}){2,}(?![\w])")
_DATE_RE = re.compile(r"\d{4}[./\-]\d{1,2}[./\-]\d{1,2}|\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}")
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


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
        return self.kind == "word"


_PROCLITICS = frozenset("وبلفك")
_TATWEEL = "\u0640"


def _proclitic_before(text: str, a: int) -> bool:
    """Whether the letters glued before position ``a`` are one or two Arabic proclitics
    (optionally followed by tatweel) standing at the start of a word."""
    k = a
    while k > 0 and text[k - 1] == _TATWEEL:
        k -= 1
    n = 0
    while k > 0 and text[k - 1] in _PROCLITICS and n < 2:
        k -= 1
        n += 1
    return n > 0 and (k == 0 or not text[k - 1].isalpha())


def _r(x: float) -> float:
    return round(float(x), 6)


def _digit_pattern(lang: str) -> re.Pattern[str]:
    thousands, _ = _CONVENTIONS.get(lang, _DEFAULT_CONVENTION)
    seps = "".join(sorted(set(thousands + ",.\u066c")))
    seps_re = re.escape(seps)
    return re.compile(
        rf"(?<![\d])(?:\d{{1,3}}(?:[{seps_re}]\d{{3}})+(?![\d])(?:[.,\u066b]\d+)?"
        rf"|\d+(?:[.,\u066b]\d+)?)(?![\d])")


def _readings(raw: str, lang: str) -> tuple[float, set[float]]:
    """Value in the language's conventions plus alternative readings of a digit string."""
    thousands, decimals = _CONVENTIONS.get(lang, _DEFAULT_CONVENTION)
    seps = [(i, c) for i, c in enumerate(raw) if not c.isdigit()]
    if not seps:
        v = float(raw)
        return v, {v}
    last_i, last_c = seps[-1]
    tail = raw[last_i + 1:]
    thou = float("".join(c for c in raw if c.isdigit()))
    head = "".join(c for c in raw[:last_i] if c.isdigit())
    dec = float(f"{head or 0}.{tail}")
    if last_c in _SPACES or last_c == "\u066c":
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


def _strip_ar(word: str) -> list[str]:
    out = [word]
    for p in _AR_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            out.append(word[len(p):])
    return out


def _lookup(word: str, lang: str) -> tuple[float, str] | None:
    table = _WORDS.get(lang)
    if not table:
        return None
    if lang == "ar":
        for w in _strip_ar(word):
            if w in table:
                return table[w]
        return None
    return table.get(word.lower())


def _absorb_value(word: str, lang: str) -> int | None:
    table = _ABSORB.get(lang)
    if not table:
        return None
    if lang == "ar":
        for w in _strip_ar(word):
            if w in table:
                return table[w]
        return None
    hit = table.get(word.lower())
    return hit if hit is not None else _ordinal_word(word.lower(), lang)


# Ordinal word endings per language; the stem is read as a number word ("vingtième",
# "zwanzigsten", "twentieth"); stems that change form are listed.
_ORDINAL_ENDINGS = {"fr": ("ième", "ieme"), "en": ("ieth", "th"),
                    "de": ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te")}
_ORDINAL_STEMS = {"fr": {"cinqu": "cinq", "neuv": "neuf"},
                  "en": {"twent": "twenty", "thirt": "thirty", "fort": "forty", "fift": "fifty",
                         "sixt": "sixty", "sevent": "seventy", "eight": "eight",
                         "eighty": "eighty", "nin": "nine", "ninet": "ninety", "twelf": "twelve"},
                  "de": {"drit": "drei", "sieb": "sieben", "ach": "acht", "ers": "eins"}}


def _ordinal_word(word: str, lang: str) -> int | None:
    for end in _ORDINAL_ENDINGS.get(lang, ()):
        if not word.endswith(end) or len(word) - len(end) < 2:
            continue
        stem = word[: -len(end)]
        stem = _ORDINAL_STEMS.get(lang, {}).get(stem, stem)
        for cand in (stem, stem + "e"):
            parts = _word_parts(cand, lang)
            if parts:
                value = _compose(parts)
                if value is not None and value == int(value) and value > 1:
                    return int(value)
    return None


def _word_parts(word: str, lang: str) -> list[tuple[float, str]] | None:
    """The number parts of one word (``dix-sept`` gives two), or None."""
    hit = _lookup(word, lang)
    if hit is not None:
        return [hit]
    if lang == "fr":  # quatre-vingt(s) is one number word written with a hyphen
        word = re.sub(r"(?i)quatre-vingts?", "quatrevingt", word)
        if word.lower() == "quatrevingt":
            return [(80.0, "n")]
    if "-" in word:
        pieces = [_lookup(p, lang) for p in word.split("-")]
        if all(p is not None for p in pieces):
            return [p for p in pieces if p is not None]
    if lang in _COMPOUNDING and len(word) > 6:
        return _split_compound(word.lower(), lang)
    return None


def _split_compound(word: str, lang: str) -> list[tuple[float, str]] | None:
    """"einundzwanzig" -> [1, 20]; "dreihundertfünfzig" -> [3, 100h, 50] (longest pieces)."""
    table = _WORDS[lang]
    joiners = _JOINERS.get(lang, set())
    if not word or word in _COMPOUND_SUFFIXES.get(lang, ()):
        return []
    for n in range(len(word), 0, -1):
        head = word[:n]
        if head in joiners and n < len(word):
            rest = _split_compound(word[n:], lang)
            if rest:
                return rest
        hit = table.get(head)
        if hit is not None:
            rest = _split_compound(word[n:], lang)
            if rest is not None:  # an article-like "ein" inside a compound is the number one
                return [(1.0, "one") if hit[1] == "art" else hit, *rest]
    return None


_UNITS_FIRST = {"ar", "fa", "he", "de", "nl"}  # languages that say "five and twenty"
_TENS = {20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0}


def _continues(prev: tuple[float, str], nxt: tuple[float, str], lang: str) -> bool:
    """Whether number word ``nxt`` continues a number ending with ``prev`` in ``lang``."""
    pv, pr = prev
    nv, nr = nxt
    if nr == "art":
        return False
    if nr in ("h", "m", "mp"):
        return not (nr == pr and nv == pv)
    if pr in ("h", "m", "mp"):
        return nv < pv
    if lang in _UNITS_FIRST:
        return (pv < 10 and nv == 10) or (pv < 10 and nv in _TENS)  # ثلاثة عشر, خمسة وعشرين
    return ((pv in _TENS and nv < 10)            # vingt-deux, twenty one, vingt et un
            or (pv == 10 and nv < 10)             # dix-sept
            or (pv in (60.0, 80.0) and 10 <= nv < 20))  # soixante-dix, soixante et onze


def _compose(parts: list[tuple[float, str]]) -> float | None:
    if len(parts) == 1 and parts[0][1] == "mp":
        return None  # "thousands of", "des millions": vague
    total, current = 0.0, 0.0
    for value, role in parts:
        if role == "h":
            current = (current or 1) * value
        elif role in ("m", "mp"):
            total += (current or 1) * value
            current = 0.0
        else:
            current += value
    return total + current


def extract_numbers(text: str, lang: str) -> list[NumberMention]:
    """All number mentions of ``text`` read in ``lang``'s conventions, in text order."""
    norm = text.translate(_DIGITS)
    out: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

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
        taken.append((m.start(), m.end()))

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
        taken.append((m.start(), m.end()))

    scales = _SCALES.get(lang, {})
    for m in _digit_pattern(lang).finditer(norm):
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        raw = m.group(0)
        value, keys = _readings(raw, lang)
        kind = "digits"
        hm = _HALF_AFTER.match(norm, b)
        if hm:
            value, keys, b = value + 0.5, {k + 0.5 for k in keys}, hm.end()
        # Arabic proclitics (و ب ل ف ك, one or two, maybe with a connecting stroke) are
        # written glued to the number: "و٣٥" is "and 35", "بـ35" "with 35", "وب٣٥"
        proclitic = _proclitic_before(norm, a)
        glued = ((a > 0 and norm[a - 1].isalpha() and not proclitic)
                 or (b < len(norm) and norm[b].isalpha() and not _ORDINAL_AFTER.match(norm, b)))
        rest = norm[b:]
        pm = _PERCENT_AFTER.match(rest)
        if pm:
            kind, b = "percent", b + pm.end()
        else:
            om = _ORDINAL_AFTER.match(rest)
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
        unit = ("imperial" if _IMPERIAL.match(norm, b) else
                "metric" if _METRIC.match(norm, b) else "")
        out.append(NumberMention(a, b, text[a:b], _r(value),
                                 frozenset(_r(k) for k in keys), kind,
                                 required=unit != "imperial" and not glued, unit=unit))
        taken.append((a, b))

    # written-out numbers and absorb-only words
    joiners = _JOINERS.get(lang, set())
    words: list[tuple[int, int, str]] = []
    in_compound: set[int] = set()  # starts of number words inside "three-dimensional" & co.
    for wm in _WORD_RE.finditer(norm):
        w = wm.group(0)
        if "-" in w and _word_parts(w, lang) is None:  # "eight-foot", "three-dimensional"
            pos = wm.start()
            for piece in w.split("-"):
                words.append((pos, pos + len(piece), piece))
                in_compound.add(pos)
                pos += len(piece) + 1
        else:
            words.append((wm.start(), wm.end(), w))
    i = 0
    while i < len(words):
        a, b, w = words[i]
        parts = _word_parts(w, lang)
        if parts is None:
            absorbed = _absorb_value(w, lang)
            if absorbed is not None and free(a, b):
                vals = {float(v) for v in _MONTH_ALIASES.get(w, (absorbed,))}
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
                nxt = _word_parts(words[j + 1][2], lang)
                step = 2
            else:
                nxt = _word_parts(nw, lang)
            if nxt is None or not _continues(parts[-1], nxt[0], lang):
                break
            parts.extend(nxt)
            end = words[j + step - 1][1]
            j += step
        value = _compose(parts)
        if value is None and len(parts) == 1 and parts[0][1] == "mp" and free(a, end):
            # "des milliers", "Millionen", "آلاف": vague, but absorbs "a million" & co.
            out.append(NumberMention(a, end, text[a:end], parts[0][0],
                                     frozenset({_r(parts[0][0])}), "absorb"))
        elif value is not None and free(a, end):
            hm = _HALF_AFTER.match(norm, end)
            if hm:
                value, end = value + 0.5, hm.end()
            pm = _PERCENT_AFTER.match(norm[end:])
            if pm:
                end += pm.end()
            # round words with no digit count ("a million", "hundreds") are used loosely
            round_ = (all(r in ("art", "one", "h", "m", "mp") for _, r in parts)
                      and any(r in ("h", "m", "mp") for _, r in parts))
            unit = ("imperial" if _IMPERIAL.match(norm, end) else
                    "metric" if _METRIC.match(norm, end) else "")
            # a number word inside a compound adjective ("three-dimensional") or the word
            # "two" (rendered "both", "the pair", an Arabic dual...) is not required
            loose = round_ or a in in_compound or value == 2
            out.append(NumberMention(a, end, text[a:end], _r(value),
                                     frozenset({_r(value)}), "word",
                                     required=not loose and unit != "imperial", unit=unit))
            taken.append((a, end))
        i = j
    out.sort(key=lambda n: (n.start, n.end))
    return out


def _year_class(n: NumberMention) -> bool:
    return n.kind == "year"


def format_number(value: float, lang: str) -> str:
    """``value`` written with ``lang``'s separators (via babel when it knows the locale)."""
    if value == int(value) and 1000 <= value <= 2100:
        return str(int(value))
    try:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=lang.replace("-", "_"))
    except Exception:  # unknown locale: plain Python formatting
        return f"{value:g}" if value != int(value) else str(int(value))


@dataclass(frozen=True)
class NumberMatch:
    missing: tuple[NumberMention, ...]          # source mentions without a counterpart
    different: tuple[tuple[NumberMention, NumberMention], ...]  # (source, wrong target)
    extra: tuple[NumberMention, ...]            # target mentions nothing explains


def _rank(i: int, n: int) -> float:
    return i / (n - 1) if n > 1 else 0.5


def _digit_likeness(a: str, b: str) -> float:
    """1 − normalised edit distance of the two numbers' digit strings (0 when no digits)."""
    def digits(text: str) -> str:  # any script's digits (٣, ۳, 3) as 0-9
        return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit()
                       and unicodedata.digit(c, None) is not None)

    da, db = digits(a), digits(b)
    if not da or not db:
        return 0.0
    prev = list(range(len(db) + 1))
    for x, ca in enumerate(da, 1):
        cur = [x]
        for y, cb in enumerate(db, 1):
            cur.append(min(prev[y] + 1, cur[y - 1] + 1, prev[y - 1] + (ca != cb)))
        prev = cur
    return 1.0 - prev[-1] / max(len(da), len(db))


def match_numbers(src: list[NumberMention], tgt: list[NumberMention]) -> NumberMatch:
    """Multiset match of source and target mentions on their value keys."""
    used_t: set[int] = set()
    used_s: set[int] = set()
    # Required numbers first, against real numbers (not month names / ordinal words):
    # pass 1 equal best values, pass 2 any reading in common; pass 3 lets everything left,
    # absorb-only words included, match on any reading.
    for level in (1, 2, 3):
        for si, s in enumerate(src):
            if si in used_s or (level < 3 and not s.flaggable):
                continue
            for ti, t in enumerate(tgt):
                if ti in used_t or (level < 3 and t.kind == "absorb"):
                    continue
                ok = s.value == t.value if level == 1 else bool(s.keys & t.keys)
                if ok:
                    used_s.add(si)
                    used_t.add(ti)
                    break
    left_s = [s for si, s in enumerate(src) if si not in used_s and s.flaggable]
    left_t = [t for ti, t in enumerate(tgt) if ti not in used_t and t.flaggable]
    # Unmatched numbers are paired as "changed" by likeness: shared digits (20000 -> 2000)
    # and the same place among the unmatched numbers (the third one -> the third one). A year
    # pairs with a year, unless the digits are nearly the same (a dropped or doubled digit).
    options = []
    for i, s in enumerate(left_s):
        for j, t in enumerate(left_t):
            if "code" in (t.kind, s.kind) or t.is_word or s.is_word:
                continue
            likeness = _digit_likeness(s.text, t.text)
            if _year_class(t) != _year_class(s) and likeness < 0.75:
                continue
            place = 1.0 - abs(_rank(i, len(left_s)) - _rank(j, len(left_t)))
            options.append((-(likeness + place), i, j))
    options.sort()
    paired_s: dict[int, int] = {}
    taken_t: set[int] = set()
    for _, i, j in options:
        if i not in paired_s and j not in taken_t:
            paired_s[i] = j
            taken_t.add(j)
    different = [(s, left_t[paired_s[i]]) for i, s in enumerate(left_s) if i in paired_s]
    missing = [s for i, s in enumerate(left_s) if i not in paired_s]
    extra = [t for j, t in enumerate(left_t) if j not in taken_t and not t.is_word]
    return NumberMatch(tuple(missing), tuple(different), tuple(extra))


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
        reads_words = lang in _WORDS
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
        if self.options.flag_extra and ctx.src_lang in _WORDS:
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
    from mtaudit.analysis.layout import looks_like_credit

    for seg in pair.target:
        a, b = seg.start - pair.target_start, seg.end - pair.target_start
        if a <= n.start < b:
            return looks_like_credit(seg.text)
    return False
