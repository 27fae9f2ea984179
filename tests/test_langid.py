"""Language identification: scripts, lingua spans with exact offsets, pair checks."""

from __future__ import annotations

import pytest

from mtaudit.analysis.langid import (
    char_script,
    check_pair_languages,
    detect_language,
    document_language_shares,
    language_spans,
)
from mtaudit.core.errors import ConfigError, InputError
from mtaudit.core.types import Document

AR = ("وتحدث المبعوث الرئاسي الخاص إلى أفغانستان عن تعاون ضد عدو مشترك والسعي إلى بناء شراكة "
      "كاملة. وقال في حديث لوكالة أنباء حكومية إن روسيا مستعدة للمساعدة في مكافحة الإرهاب.")
FR = ("Le ministre a déclaré mardi que la coopération entre les deux pays serait renforcée dans "
      "les prochains mois. Les négociations reprendront la semaine prochaine à Genève.\n\n"
      "Selon plusieurs diplomates, un accord pourrait être signé avant la fin de l'année, "
      "malgré les divergences qui subsistent sur plusieurs points importants.")
EN = ("The minister said on Tuesday that cooperation between the two countries would be "
      "strengthened in the coming months, and that talks would resume next week in Geneva.")


def test_char_script() -> None:
    assert char_script("a") == "Latin"
    assert char_script("é") == "Latin"
    assert char_script("ب") == "Arabic"
    assert char_script("Ж") == "Cyrillic"
    assert char_script("中") == "Han"
    assert char_script("5") is None and char_script(" ") is None


def test_detect_language() -> None:
    assert detect_language(AR) == "ar"
    assert detect_language(FR) == "fr"
    assert detect_language(EN) == "en"
    assert detect_language(EN, ["ar", "fr", "en"]) == "en"
    assert detect_language("12 345 !") is None
    # A script none of the languages uses.
    assert detect_language("Привет, как дела?", ["ar", "fr", "en"]) is None


def test_unknown_language_code() -> None:
    with pytest.raises(ConfigError):
        language_spans("bonjour tout le monde", ["fr", "xx"])


def test_language_spans_exact_offsets() -> None:
    text = ("Le ministre a parlé longuement hier soir devant le parlement. " + EN +
            " Ensuite la séance a été levée par le président de l'assemblée nationale.")
    spans = language_spans(text, ["ar", "fr", "en"])
    langs = [lang for _, _, lang in spans]
    assert langs == ["fr", "en", "fr"]
    a, b, _ = spans[1]
    assert text[a:b].startswith("The minister said") and text[a:b].endswith("Geneva.")
    for a, b, _ in spans:
        assert text[a:b] == text[a:b].strip()


def test_language_spans_script() -> None:
    text = "Il a cité le mot مواجهة الإرهاب dans son discours de clôture."
    spans = language_spans(text, ["ar", "fr", "en"])
    ar = [(a, b) for a, b, lang in spans if lang == "ar"]
    assert len(ar) == 1
    assert text[ar[0][0]:ar[0][1]] == "مواجهة الإرهاب"


def test_shares_robust_to_one_foreign_paragraph() -> None:
    text = FR + "\n\n" + EN + "\n\n" + FR
    shares = document_language_shares(text, ["fr", "en", "ar"])
    assert next(iter(shares)) == "fr"
    assert 0.1 < shares["en"] < 0.4


def test_check_pair_ok() -> None:
    check_pair_languages(Document(AR, "ar"), Document(FR + "\n\n" + EN, "fr"), "ar", "fr")


def test_check_pair_swapped() -> None:
    with pytest.raises(InputError, match="source looks French and target looks Arabic: swap"):
        check_pair_languages(Document(FR, "ar"), Document(AR, "fr"), "ar", "fr")


def test_check_pair_wrong_target_language() -> None:
    with pytest.raises(InputError, match="target looks English, expected fr"):
        check_pair_languages(Document(AR, "ar"), Document(EN, "fr"), "ar", "fr")


def test_check_pair_wrong_source_language() -> None:
    de = ("Der Minister erklärte am Dienstag, dass die Zusammenarbeit zwischen den beiden "
          "Ländern in den kommenden Monaten gestärkt werden solle.")
    with pytest.raises(InputError, match="source looks German, expected ar"):
        check_pair_languages(Document(de, "ar"), Document(FR, "fr"), "ar", "fr")


def test_check_seed_pair(seed_paths) -> None:
    src, tgt = seed_paths
    s = Document(src.read_text(encoding="utf-8"), "ar")
    t = Document(tgt.read_text(encoding="utf-8"), "fr")
    check_pair_languages(s, t, "ar", "fr")
    with pytest.raises(InputError, match="swap"):
        check_pair_languages(t, s, "ar", "fr")


def test_japanese_han_characters_are_not_chinese() -> None:
    text = "今日は東京で会議がありました。明日は大阪に行きます。"
    assert detect_language(text, ["ja", "zh", "en"]) == "ja"
    assert [lang for _, _, lang in language_spans(text, ["ja", "zh", "en"])] == ["ja"]
