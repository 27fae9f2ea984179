"""Building blocks of the names and terms detectors."""

from __future__ import annotations

import pytest

from mtaudit.entities.extract import find_names
from mtaudit.entities.gazetteer import load_gazetteer, source_key
from mtaudit.entities.glossary import find_term, term_key, text_tokens
from mtaudit.entities.linking import best_link, source_words
from mtaudit.entities.nearmiss import spelling_variants
from mtaudit.entities.skeleton import match, skeleton
from mtaudit.lang.arabic import arabic_tokens, base_form, normalize_arabic, stems
from mtaudit.lang.latin import fold, french_stem, levenshtein, phonetic_key


def test_arabic_normalisation_and_clitics():
    assert normalize_arabic("إِرْهَابٌ") == "ارهاب"
    assert normalize_arabic("مدرســة") == "مدرسه"          # tatweel, ta marbuta
    assert normalize_arabic("مسؤول") == normalize_arabic("مسوول")
    assert "ارهاب" in stems("وبالإرهاب") and "ارهاب" in stems("للإرهاب")
    assert stems("كتاب")[0] == "كتاب"
    assert base_form("الأمم") == "امم"
    text = "قال: «المحكمة»"
    assert [text[s:e] for _, s, e in arabic_tokens(text)] == ["قال", "المحكمة"]


def test_latin_folding_distance_and_keys():
    assert fold("Écœuré") == "ecoeure"
    assert levenshtein("alexander", "alexandre") == 1          # transposition
    assert levenshtein("portnikov", "bortnikov") == 1
    assert phonetic_key("Kaboulov") == phonetic_key("Kabulov")
    assert phonetic_key("Lavroff") == phonetic_key("Lavrov")
    assert phonetic_key("Portnikov") != phonetic_key("Bortnikov")
    assert phonetic_key("Crocos") != phonetic_key("Crocus")
    assert french_stem("l'organisations") == "organisation"
    assert french_stem("généraux") == "general"


def test_skeleton_model():
    assert skeleton("بيسكوف") == "bskf"
    for latin in ("Peskov", "Beskov", "Peskof", "Pesskow"):   # b/p, f/v, doubling, w
        assert match("بيسكوف", latin).cost < 0.6, latin
    m = match("بيسكوف", "Pestov")                              # ك cannot be read as t
    assert [(o.kind, o.arabic) for o in m.hard_edits] == [("sub", "ك")]
    assert match("بيسكوف", "Paris").cost > 1.5


def test_linking_a_name_to_the_source_word():
    words = source_words("وقال المتحدث دميتري بيسكوف للصحفيين", "ar")
    link = best_link("Peskov", words, "ar")
    assert link is not None and link.word.text == "بيسكوف" and link.cost < 0.6


def test_gazetteer_countries_and_capitals():
    g = load_gazetteer("ar", "fr")
    assert {p.names["fr"][0] for p in g.lookup(source_key("روسيا", "ar"))} == {"Russie"}
    assert {p.names["fr"][0] for p in g.lookup(source_key("موسكو", "ar"))} == {"Moscou"}
    # one Arabic name, two places (country and capital)
    assert {p.names["fr"][0] for p in g.lookup(source_key("الجزائر", "ar"))} == {"Algérie",
                                                                                 "Alger"}
    assert "moscow" in g.forms("en") and "moscou" in g.forms("fr")
    # a capital naming no time zone: geonames alternate names, lenient
    beijing = g.lookup(source_key("بكين", "ar"))
    assert beijing and "Pékin" in next(iter(beijing)).names["fr"]


def test_term_matching():
    toks = text_tokens("وقدم الطلب للمحكمة العليا أمس", "ar")
    assert find_term(term_key("المحكمة العليا", "ar"), toks)
    toks = text_tokens("Les droits de l’homme et l'Organisation", "fr")
    assert find_term(term_key("droit de l'homme", "fr"), toks)
    assert find_term(term_key("organisations", "fr"), toks)


def test_name_mentions_heuristic():
    text = "Le ministre a rencontré Dmitri Peskov. Il a dit que L'Oriental était fermé."
    got = [m.text for m in find_names(text, "fr", use_ner=False)]
    assert got == ["Dmitri", "Peskov", "Oriental"]
    got = [(m.text, m.initial) for m in find_names(text, "fr", use_ner=False,
                                                   include_initial=True)]
    assert ("Le", True) not in got  # stop words never


def test_spelling_variants_one_letter_for_another_near_the_end():
    # a letter standing for another in a name of the same length is a variant (Bahia /
    # Bahaa, Kaki / Kake); a longer ending is inflection
    assert spelling_variants("Bahia", "Bahaa") and spelling_variants("Kaki", "Kake")
    assert not spelling_variants("Kurde", "Kurdes") and not spelling_variants("Suède", "Suédois")


def test_ner_runs_only_where_it_decides_something():
    """use_ner="auto" (the default): NER for German-like targets only; a French audit never
    imports spaCy; a value other than true/false/"auto" is refused before any work."""
    import subprocess
    import sys

    from mtaudit.core.errors import ConfigError
    from mtaudit.detectors.base import Setup
    from mtaudit.detectors.names import NamesDetector, NamesOptions
    from mtaudit.entities.extract import ner_wanted

    assert NamesOptions().use_ner == "auto"
    assert not ner_wanted("auto", "fr") and ner_wanted("auto", "de")
    assert ner_wanted(True, "fr") and not ner_wanted(False, "de")
    with pytest.raises(ConfigError, match="use_ner"):
        NamesDetector({"use_ner": "sometimes"}).prepare(Setup("ar", "fr"))
    code = ("import sys; from mtaudit.app.pipeline import audit; "
            "audit('tests/data/small.ar.txt', 'tests/data/small.fr.txt', mt_model='none'); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"})
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_fold_table_folds_like_fold():
    """The translate table used to fold whole frequency lists gives fold() exactly."""
    from wordfreq import get_frequency_dict

    from mtaudit.lang.latin import fold_table

    words = [*list(get_frequency_dict("fr", "best"))[::7], "Straße", "Œuvre", "ﬁnal",
             "İstanbul", "Ţahţā", "l’été", "Ǆemal", "ÆSIR", "naïve"]
    table = fold_table("".join(words))
    assert [w.translate(table) for w in words] == [fold(w) for w in words]


def test_attestation_table_keeps_each_folded_forms_highest_zipf(monkeypatch):
    """The folded table equals its definition: for every alphabetic word of the list, the
    Zipf value of the most frequent word with that folded form."""
    import math

    from wordfreq import get_frequency_dict

    import mtaudit.entities.attestation as attestation

    monkeypatch.setattr(attestation, "_cached_table", lambda lang: None)
    monkeypatch.setattr(attestation, "_store_table", lambda lang, out: None)
    attestation._table.cache_clear()
    try:
        table = attestation._table("fr")
    finally:
        attestation._table.cache_clear()
    expected: dict[str, float] = {}
    for word, freq in get_frequency_dict("fr", "best").items():
        if word.isalpha() and freq > 0:
            key, z = fold(word), round(math.log10(freq) + 9, 2)
            expected[key] = max(expected.get(key, 0.0), z)
    assert table == expected
