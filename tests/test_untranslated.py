"""The untranslated-span detector on the seed pair and on small hand-made pairs."""

from __future__ import annotations

import pytest

from mtaudit.analysis.segment import segment
from mtaudit.core.errors import ConfigError
from mtaudit.core.types import AlignedPair, Document, Flag
from mtaudit.detectors import get_detector
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.untranslated import UntranslatedDetector


def run(src_text: str, tgt_text: str, src_lang: str = "ar", tgt_lang: str = "fr",
        **options) -> tuple[Document, list[Flag]]:
    """Segment both sides and pair target segment k with a source segment (1-1 per target)."""
    src, tgt = Document(src_text, src_lang), Document(tgt_text, tgt_lang)
    ss, ts = segment(src_text, src_lang), segment(tgt_text, tgt_lang)
    pairs = [AlignedPair.from_segments(k, src, tgt, (ss[min(len(ss) - 1, k * len(ss) // len(ts))],),
                                       (t,)) for k, t in enumerate(ts)]
    ctx = DetectorContext(src, tgt, pairs, src_lang, tgt_lang)
    flags = UntranslatedDetector(**options).run(ctx)
    for f in flags:
        assert tgt_text[f.doc_start:f.doc_end] == f.text
        assert f.category == "untranslated" and f.detector == "untranslated"
    return tgt, flags


AR = "وقال كابولوف في حديث لوكالة أنباء «نوفوستي» الحكومية إن روسيا مستعدة لمساعدة «طالبان»."


def test_registered() -> None:
    assert isinstance(get_detector("untranslated"), UntranslatedDetector)


def test_seed_pair_one_critical_flag_on_the_english_paragraph(seed_paths) -> None:
    src, tgt = seed_paths
    tgt_text = tgt.read_text(encoding="utf-8")
    _, flags = run(src.read_text(encoding="utf-8"), tgt_text)
    assert len(flags) == 1, [f.text for f in flags]
    f = flags[0]
    assert f.severity == "critical"
    assert f.text.startswith("In addition to a number of political reasons")
    assert f.text.endswith("from Afghanistan and neighboring areas")
    assert "Dans les républiques" not in f.text
    start = tgt_text.index("In addition to a number")
    end = tgt_text.index("neighboring areas") + len("neighboring areas")
    assert (f.doc_start, f.doc_end) == (start, end)
    assert "English" in f.message and "French" in (f.suggestion or "")


def test_clean_french_with_names_is_not_flagged() -> None:
    fr = ("Kabulov a déclaré à l'agence de presse Novosti que la Russie était prête à aider "
          "les talibans.\nSelon lui, l'organisation ISIS Khorasan reste une menace pour la "
          "région.\nLe Kremlin n'a pas commenté.\n")
    _, flags = run(AR + "\n" + AR + "\n" + AR, fr)
    assert flags == []


def test_english_sentence_is_critical() -> None:
    fr = ("La Russie a proposé son aide.\nThe Kremlin has not commented on the report so far "
          "and declined to answer questions.\nLe ministre est reparti hier.")
    _, flags = run(AR + "\n" + AR + "\n" + AR, fr)
    assert [f.severity for f in flags] == ["critical"]
    assert flags[0].text == ("The Kremlin has not commented on the report so far and declined to "
                             "answer questions")


def test_english_clause_inside_french_is_major() -> None:
    fr = ("Le ministre a déclaré mardi devant le parlement réuni en séance plénière que la "
          "coopération entre les deux pays serait renforcée, which was widely expected by "
          "observers, dans les prochains mois selon un calendrier qui reste à préciser.")
    _, flags = run(AR, fr)
    assert [f.severity for f in flags] == ["major"]
    assert flags[0].text.startswith("which was widely expected")


def test_arabic_script_left_in_french_target() -> None:
    fr = "Le ministre a parlé de la coopération مواجهة الإرهاب avec les autorités afghanes."
    _, flags = run(AR, fr)
    assert len(flags) == 1
    assert flags[0].text == "مواجهة الإرهاب"
    assert "Arabic" in flags[0].message


def test_target_only_pair_is_skipped() -> None:
    src, tgt = Document(AR, "ar"), Document("WRITTEN BY John Smith and his team of writers", "fr")
    t = segment(tgt.text, "fr")
    pair = AlignedPair.from_segments(0, src, tgt, (), tuple(t))
    assert UntranslatedDetector().run(DetectorContext(src, tgt, [pair], "ar", "fr")) == []


def test_copied_source_words_en_de() -> None:
    src = "The government announced the new policy on Monday after long negotiations."
    de = "Die Regierung hat am Montag nach langen Verhandlungen the new policy angekündigt."
    _, flags = run(src, de, "en", "de")
    assert len(flags) == 1
    assert flags[0].text == "the new policy" and flags[0].severity == "minor"


def test_copied_names_en_de_not_flagged() -> None:
    src = "Police in Merseyside said the President's Cup was cancelled by the DOJ."
    de = "Die Polizei in Merseyside sagte, der President's Cup sei vom DOJ abgesagt worden."
    _, flags = run(src, de, "en", "de")
    assert flags == []


def test_clean_zh_en_pair() -> None:
    src = "夏立言表示，两岸关系正在改善。"
    en = "Xia Liyan said that relations across the Strait are improving."
    _, flags = run(src, en, "zh", "en")
    assert flags == []
    _, flags = run(src, "Xia Liyan said that 两岸关系 are improving.", "zh", "en")
    assert [f.text for f in flags] == ["两岸关系"]


def test_unsupported_language_is_an_error() -> None:
    src, tgt = Document("abc", "xx"), Document("Bonjour tout le monde.", "fr")
    pair = AlignedPair.from_segments(0, src, tgt, tuple(segment("abc", "xx")),
                                     tuple(segment(tgt.text, "fr")))
    with pytest.raises(ConfigError, match="'xx'"):
        UntranslatedDetector().run(DetectorContext(src, tgt, [pair], "xx", "fr"))


def test_boilerplate_lines_in_a_multi_segment_pair_not_flagged() -> None:
    # An aligner may put site boilerplate into a bead with a source: "Y" / "WRITTEN BY".
    src = Document(AR, "ar")
    tgt = Document("Les cercles de sécurité russes ont souligné la menace.\n«);\nY\nWRITTEN BY\n",
                   "fr")
    pair = AlignedPair.from_segments(0, src, tgt, tuple(segment(AR, "ar")),
                                     tuple(segment(tgt.text, "fr")))
    assert len(pair.target) == 4
    assert UntranslatedDetector().run(DetectorContext(src, tgt, [pair], "ar", "fr")) == []


def test_english_segment_inside_a_multi_segment_pair_is_cut_at_the_segment() -> None:
    src = Document(AR, "ar")
    tgt = Document("La Russie a proposé son aide.\nThe Kremlin has not commented on the report "
                   "so far.\nLe ministre est reparti hier.", "fr")
    pair = AlignedPair.from_segments(0, src, tgt, tuple(segment(AR, "ar")),
                                     tuple(segment(tgt.text, "fr")))
    flags = UntranslatedDetector().run(DetectorContext(src, tgt, [pair], "ar", "fr"))
    assert [(f.severity, f.text) for f in flags] == [
        ("critical", "The Kremlin has not commented on the report so far")]
    assert tgt.text[flags[0].doc_start:flags[0].doc_end] == flags[0].text


def test_title_case_headline_critical_but_name_list_not_flagged() -> None:
    _, flags = run(AR, "Russia Ready To Help The Taliban Fight Against Terrorism, Says Kremlin "
                       "Envoy")
    assert [f.severity for f in flags] == ["critical"]
    _, flags = run(AR, "Vladimir Putin, Zamir Kabulov, Sergei Lavrov, Alexander Bortnikov, "
                       "Maria Zakharova, Dmitry Peskov, Nikolai Patrushev")
    assert flags == []


def test_institution_name_of_ordinary_words_is_minor() -> None:
    _, flags = run(AR, "Le FSB a confirmé que le Federal Security Service avait arrêté les "
                       "suspects.")
    assert [(f.severity, f.text) for f in flags] == [("minor", "Federal Security Service")]
    assert "name" in flags[0].message
