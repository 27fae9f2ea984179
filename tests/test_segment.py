"""Sentence segmentation: exact offsets and the hard cases of ar/fr/en news text."""

from __future__ import annotations

import pytest

from mtaudit.analysis.segment import paragraph_spans, segment


def texts(text: str, lang: str) -> list[str]:
    segs = segment(text, lang)
    for k, s in enumerate(segs):
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.index == k
    return [s.text for s in segs]


def test_offsets_and_paragraphs() -> None:
    text = "  Premier. Deuxième !\n\n\nTroisième ?\r\n\r\nQuatrième\nCinquième.  "
    segs = segment(text, "fr")
    assert [s.text for s in segs] == ["Premier.", "Deuxième !", "Troisième ?", "Quatrième",
                                      "Cinquième."]
    assert [s.paragraph for s in segs] == [0, 0, 1, 2, 2]
    assert all(text[s.start:s.end] == s.text for s in segs)
    assert paragraph_spans(text) == [(2, 21), (24, 35), (39, 59)]


def test_empty_and_blank() -> None:
    assert segment("", "fr") == []
    assert segment(" \n\n \t ", "ar") == []


def test_single_newline_ends_a_sentence() -> None:
    # A headline or sub-title line without final punctuation, then the paragraph.
    assert texts("Un titre sans point\nLa suite commence ici.", "fr") == [
        "Un titre sans point", "La suite commence ici."]


def test_wide_spaces_split_scraped_lists() -> None:
    assert texts("Titre un    Titre deux\tTitre trois", "fr") == [
        "Titre un", "Titre deux", "Titre trois"]


@pytest.mark.parametrize("text", [
    "M. Lavrov a rencontré Mme Dupont hier.",
    "Le Dr Martin et le Pr. Durand sont venus.",
    "Il a vu J. F. Kennedy à Dallas.",
    "Le taux est de 3.5 % et 1.200 personnes sont venues.",
    "Des pays (p. ex. la France) ont voté.",
    "Des fruits, des légumes, etc. et du pain.",
    "Il hésita... puis repartit.",
    "Selon lui […] la question reste ouverte.",
    "Le président à Kaboul ... Afghanistan 30 avril 2025 (AP)",
    "« Nous partirons. Nous reviendrons », a-t-il dit.",
    "Il a dit : « Je pars. Tu restes. Nous verrons » avant de partir.",
])
def test_french_no_split(text: str) -> None:
    assert texts(text, "fr") == [text]


@pytest.mark.parametrize("text,expected", [
    ("Il est parti. Elle est restée.", ["Il est parti.", "Elle est restée."]),
    ("Quoi ? Vraiment ! Oui.", ["Quoi ?", "Vraiment !", "Oui."]),
    ("Il a dit : « Je pars. » Puis il est parti.", ["Il a dit : « Je pars. »",
                                                   "Puis il est parti."]),
    ('Il a dit "C\'est fini." Ensuite rien.', ['Il a dit "C\'est fini."', "Ensuite rien."]),
    ("Il attendit… Rien ne vint.", ["Il attendit…", "Rien ne vint."]),
    ("Des fruits, des légumes, etc. Puis du pain.", ["Des fruits, des légumes, etc.",
                                                     "Puis du pain."]),
    ("Le score est de 3 à 1. Le match est fini.", ["Le score est de 3 à 1.",
                                                   "Le match est fini."]),
])
def test_french_split(text: str, expected: list[str]) -> None:
    assert texts(text, "fr") == expected


def test_english_abbreviations() -> None:
    assert texts("Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5. They talked.", "en") == [
        "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5.", "They talked."]
    assert texts("Prices rose, e.g. bread. Wages did not.", "en") == [
        "Prices rose, e.g. bread.", "Wages did not."]


def test_arabic_comma_is_not_a_terminator() -> None:
    text = "قال الوزير، في مؤتمر صحفي، إن الوضع مستقر. وأضاف أن المحادثات مستمرة؟ نعم!"
    assert texts(text, "ar") == ["قال الوزير، في مؤتمر صحفي، إن الوضع مستقر.",
                                 "وأضاف أن المحادثات مستمرة؟", "نعم!"]


def test_arabic_semicolon_ends_a_sentence() -> None:
    assert texts("انتهى الاجتماع؛ وغادر الوفد.", "ar") == ["انتهى الاجتماع؛", "وغادر الوفد."]


def test_arabic_quotation_kept_whole() -> None:
    text = "وزاد أن «هذا التنظيم متطرف. وهذه الجماعة عدو مشترك». وانتهى اللقاء."
    assert texts(text, "ar") == ["وزاد أن «هذا التنظيم متطرف. وهذه الجماعة عدو مشترك».",
                                 "وانتهى اللقاء."]


def test_unclosed_quote_does_not_block_splitting() -> None:
    assert texts("Il a ajouté que «cette idée est fausse. Ce groupe est dangereux.", "fr") == [
        "Il a ajouté que «cette idée est fausse.", "Ce groupe est dangereux."]


def test_generic_language_and_cjk() -> None:
    assert texts("Hei maailma. Toinen lause!", "fi") == ["Hei maailma.", "Toinen lause!"]
    assert texts("今天下雨。明天晴天！", "zh") == ["今天下雨。", "明天晴天！"]


def test_list_item_number_is_not_a_sentence() -> None:
    assert texts("1. Premier point de la liste.", "fr") == ["1. Premier point de la liste."]


def test_seed_arabic_source(seed_paths) -> None:
    src, _ = seed_paths
    text = src.read_text(encoding="utf-8")
    segs = texts(text, "ar")
    assert len(segs) == 24
    assert segs[0].endswith("في مواجهة الإرهاب")           # headline line, no terminator
    assert segs[1].endswith("«شراكة كاملة»")                # sub-title line
    assert not any(s.endswith("،") for s in segs)


def test_seed_french_target_keeps_english_paragraph_in_one_segment(seed_paths) -> None:
    _, tgt = seed_paths
    text = tgt.read_text(encoding="utf-8")
    segs = texts(text, "fr")
    english = [s for s in segs if s.startswith("In addition to a number")]
    assert len(english) == 1 and english[0].endswith("attaques en Russie.")


def test_other_scripts_terminators() -> None:
    assert texts("यह पहला वाक्य है। यह दूसरा है।", "hi") == ["यह पहला वाक्य है।", "यह दूसरा है।"]
