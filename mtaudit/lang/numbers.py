"""Per-language number tables: digits, separators, number words, scale words, months and
ordinal words, and the words that may follow a number (percent, half, units, ordinal endings).

Data only (plus one lookup): reading numbers with these tables is
:mod:`mtaudit.analysis.numbers`' job.
"""

from __future__ import annotations

import re

# Arabic-Indic (٠-٩) and Persian (۰-۹) digits as Western digits.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Space-like thousands separators: space, no-break space, narrow no-break space, thin space.
SPACES = " \u00a0\u202f\u2009"

# Language conventions: (thousands separators, decimal separators). Both "," and "." are always
# tried in the other role as an alternative reading (the MT output may follow either habit).
CONVENTIONS: dict[str, tuple[str, str]] = {
    "en": (",", "."), "zh": (",", "."), "ja": (",", "."), "ko": (",", "."), "he": (",", "."),
    "fr": (SPACES + ".", ","), "ru": (SPACES, ","), "uk": (SPACES, ","), "pl": (SPACES, ","),
    "cs": (SPACES, ","), "sv": (SPACES, ","), "nb": (SPACES, ","), "fi": (SPACES, ","),
    "de": ("." + SPACES, ","), "es": (".", ","), "it": (".", ","), "pt": (".", ","),
    "nl": (".", ","), "tr": (".", ","), "ar": ("\u066c,", "\u066b."), "fa": ("\u066c,", "\u066b."),
}
DEFAULT_CONVENTION = (",", ".")

# Written-out numbers: word -> (value, role). Roles: "n" adds, "h" hundred (multiplies the
# current group), "m" multiplier (closes a group), "mp" plural multiplier (only after a number:
# "des milliers" / "آلاف" alone are vague), "one" the value 1, "art" the English article "a"
# (a number only before hundred/thousand...). A lone 1 is never required of the other side.
NUMBER_WORDS: dict[str, dict[str, tuple[float, str]]] = {
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
    NUMBER_WORDS["ar"][_unit + "مائة"] = (_v * 100, "n")
    NUMBER_WORDS["ar"][_unit + "مئة"] = (_v * 100, "n")

# Connectors allowed inside a written-out number.
JOINERS: dict[str, set[str]] = {"fr": {"et"}, "en": {"and"}, "ar": set(), "de": {"und"}}
# Languages that write compound numbers as one word ("einundzwanzig", "dreihundert"), and the
# endings a number word may carry there ("zehnmal", "millionenfach", "dreijährige").
COMPOUNDING: set[str] = {"de", "nl", "sv", "nb", "da"}
_DE_SUFFIXES = ("mal fach fache fachen facher faches jährig jährige jährigen jähriger jähriges "
                "tägig tägige tägigen stündig stündige stündigen köpfig köpfige köpfigen "
                "stellig stellige stelligen prozentig prozentige prozentigen")
COMPOUND_SUFFIXES: dict[str, frozenset[str]] = {"de": frozenset(_DE_SUFFIXES.split())}

# Words that only absorb a number of the other side (months, ordinal words): never flagged.
ABSORB_WORDS: dict[str, dict[str, int]] = {
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
# Month names shared by two months (first/second of the pair): absorb either value.
MONTH_ALIASES: dict[str, tuple[int, ...]] = {"كانون": (1, 12), "تشرين": (10, 11)}

# Units after a number. Imperial measures are often converted (200 feet -> 60 m): a source
# number with one is not required, and a target number with a metric unit is then no extra.
IMPERIAL_AFTER = re.compile(
    r"[\s\-\u00a0]*(?:feet|foot|ft|miles?|mi|pounds?|lbs?|inch(?:es)?|yards?|gallons?|"
    r"ounces?|oz|acres?|fahrenheit|°\s?F|mph)\b", re.IGNORECASE)
METRIC_AFTER = re.compile(
    r"[\s\-\u00a0]*(?:k?m|cm|mm|kg|g|km/h|°\s?C|celsius|ha|t|"
    r"(?:kilo|centi|milli)?m[eè]t(?:er|re)s?n?|(?:kilo)?gramm?e?s?|kilos?|lit(?:er|re)s?|"
    r"hektar|hectares?|tonnes?|tonnen)\b", re.IGNORECASE)

# What may follow a number: "and a half" (adds 0.5), a percent sign or word, a digit
# ordinal's ending ("1er", "2e", "21st") and a scale word ("2,5 milliards", "3 ملايين").
HALF_AFTER = re.compile(r"\s?½|\s+and\s+a\s+half\b|\s+et\s+demie?\b|\s+ونصف")
PERCENT_AFTER = re.compile(
    r"\s?(?:%|٪|pour\s?cent\b|pourcent\b|per\s?cent\b|percent\b|في\s?الما?ئة|في\s?المئة|"
    r"بالما?ئة|بالمئة)", re.IGNORECASE)
ORDINAL_AFTER = re.compile(r"(?:er|re|e|ème|eme|ᵉ|ᵉʳ|st|nd|rd|th)\b")
SCALES: dict[str, dict[str, float]] = {
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
    "de": {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9,
           "milliarden": 1e9, "mrd": 1e9},
    "en": {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
           "trillion": 1e12},
    "ar": {"ألف": 1e3, "الف": 1e3, "آلاف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6,
           "مليار": 1e9, "مليارات": 1e9, "بليون": 1e9},
}

# Ordinal word endings per language; the stem is read as a number word ("vingtième",
# "zwanzigsten", "twentieth"); stems that change form are listed.
ORDINAL_ENDINGS: dict[str, tuple[str, ...]] = {
    "fr": ("ième", "ieme"), "en": ("ieth", "th"),
    "de": ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te")}
ORDINAL_STEMS: dict[str, dict[str, str]] = {
    "fr": {"cinqu": "cinq", "neuv": "neuf"},
    "en": {"twent": "twenty", "thirt": "thirty", "fort": "forty", "fift": "fifty",
           "sixt": "sixty", "sevent": "seventy", "eight": "eight",
           "eighty": "eighty", "nin": "nine", "ninet": "ninety", "twelf": "twelve"},
    "de": {"drit": "drei", "sieb": "sieben", "ach": "acht", "ers": "eins"}}

UNITS_FIRST = {"ar", "fa", "he", "de", "nl"}  # languages that say "five and twenty"
TENS = {20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0}


def has_number_words(lang: str) -> bool:
    """Whether ``lang``'s written-out numbers are read here (fr, en, de, ar)."""
    return lang in NUMBER_WORDS
