"""Numbers detector: reading numbers in each language's conventions, matching, flags."""

from __future__ import annotations

import pytest
from detector_ctx import make_ctx

from mtaudit.analysis.number_match import match_numbers
from mtaudit.analysis.numbers import extract_numbers
from mtaudit.detectors import get_detector


def values(text, lang, kinds=None):
    return [n.value for n in extract_numbers(text, lang)
            if n.kind != "absorb" and (kinds is None or n.kind in kinds) and n.value != 1]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("قتل ١٥٠ شخصا", "ar", [150]),                      # Arabic-Indic digits
    ("۱۲۳۴ نفر", "fa", [1234]),                          # Persian digits
    ("1 200 morts et 3,5 % des voix", "fr", [1200, 3.5]),
    ("1\u202f200 morts", "fr", [1200]),                  # narrow no-break space
    ("1,200 dead and 3.5% of votes", "en", [1200, 3.5]),
    ("١٬٢٠٠ قتيل و٣٫٥٪", "ar", [1200, 3.5]),             # Arabic separators
    ("2,5 milliards d'euros", "fr", [2.5e9]),
    ("cent cinquante personnes", "fr", [150]),
    ("quatre-vingt-dix-sept ans, soixante et onze, vingt et un", "fr", [97, 71, 21]),
    ("one hundred and fifty people, twenty two", "en", [150, 22]),
    ("مائة وخمسين شخصا", "ar", [150]),
    ("خمسة وعشرين وثلاثة آلاف", "ar", [25, 3000]),
    ("ثلاثمائة جندي", "ar", [300]),
    ("le 21e siècle", "fr", [21]),
])
def test_extract_values(text, lang, expected):
    assert values(text, lang) == pytest.approx(expected)


def test_kinds_and_ambiguous_separators():
    ns = extract_numbers("En 2024, 1.200 et 45 %", "fr")
    assert [n.kind for n in ns] == ["year", "digits", "percent"]
    assert 1200.0 in ns[1].keys and 1.2 in ns[1].keys          # both habits kept as keys
    assert ns[1].value == 1200.0                                # fr reading first
    phone = extract_numbers("Appelez le +33 1 23 45 67 89.", "fr")
    assert [n.kind for n in phone] == ["code"]


def test_vague_and_article_words_are_not_numbers():
    assert values("des milliers de personnes, l'un des pays", "fr") == []
    assert values("thousands of people, one of them, a day", "en") == []
    assert values("آلاف الأشخاص بعد شهر واحد", "ar") == []
    assert values("deux et trois", "fr") == [2, 3]              # not composed into 5


def test_dates_match_month_names():
    m = match_numbers(extract_numbers("في 17/4/2025", "ar"),
                      extract_numbers("le 17 avril 2025", "fr"))
    assert not m.missing and not m.different and not m.extra


def det(**opts):
    return get_detector("numbers", **opts)


def test_wrong_number_is_major_on_the_target_number():
    ctx = make_ctx([(["قتل 150 شخصا في الهجوم."], ["L'attaque a fait 105 morts."])])
    flags = det().run(ctx)
    assert len(flags) == 1
    f = flags[0]
    assert (f.category, f.severity, f.side, f.text, f.suggestion) == \
        ("number", "major", "target", "105", "150")
    assert ctx.target.text[f.doc_start:f.doc_end] == "105"


def test_missing_number_is_flagged_on_the_source():
    ctx = make_ctx([(["أصيب ٣٢ شخصا بجروح."], ["Des personnes ont été blessées."])])
    (f,) = det().run(ctx)
    assert (f.side, f.severity, f.text) == ("source", "major", "٣٢")
    assert ctx.source.text[f.doc_start:f.doc_end] == "٣٢"


def test_written_numbers_match_digits_and_word_misses_are_minor():
    ok = make_ctx([(["قتل مائة وخمسين شخصا."], ["150 personnes ont été tuées."]),
                   (["وصل ٣ وزراء."], ["Trois ministres sont arrivés."])])
    assert det().run(ok) == []
    miss = make_ctx([(["وصل ثلاثة وزراء."], ["Des ministres sont arrivés."])])
    (f,) = det().run(miss)
    assert (f.severity, f.side) == ("minor", "source")


def test_clean_pairs_produce_no_flag():
    ctx = make_ctx([
        (["بعد مرور شهر واحد على القرار."], ["Un mois après la décision."]),
        (["في مارس (آذار) 2024 قتل نحو 150 شخصا."],
         ["En mars 2024, environ 150 personnes sont mortes."]),
        (["ارتفع التضخم إلى 3.5 في المائة."], ["L'inflation est montée à 3,5 %."]),
        (["بلغت الخسائر 2.5 مليار دولار."], ["Les pertes ont atteint 2,5 milliards de dollars."]),
        (["وكان واحدا من أبرز القادة."], ["Il était l'un des principaux dirigeants."]),
    ])
    assert det().run(ctx) == []


def test_extra_target_number_is_minor_and_can_be_disabled():
    ctx = make_ctx([(["وصل الوزير أمس."], ["Le ministre est arrivé hier avec 40 gardes."])])
    (f,) = det().run(ctx)
    assert (f.severity, f.text) == ("minor", "40")
    assert det(flag_extra=False).run(ctx) == []


def test_alignment_slip_is_not_blamed_on_the_translation():
    # the number sits one pair further on the target side: an aligner slip, not an error
    ctx = make_ctx([(["قتل 150 شخصا."], ["Des personnes ont été tuées."]),
                    (["وأصيب آخرون."], ["Environ 150 morts et des blessés."])])
    assert det().run(ctx) == []
    assert len(det(window=0).run(ctx)) == 2


def test_unaligned_pairs_are_left_to_the_omission_detector():
    ctx = make_ctx([(["قتل 150 شخصا."], []), ([], ["Photo du 30 avril 2025 (AP)"])])
    assert det().run(ctx) == []


def test_loose_numbers_are_not_required():
    # unit conversion, compound adjective, glued digits, round words: no flag either way
    ctx = make_ctx([
        (["The iceberg rose 200 feet out of the water."], ["Der Eisberg ragte 60 Meter heraus."]),
        (["It moves in three-dimensional space."], ["Es bewegt sich im dreidimensionalen Raum."]),
        (["The output is shown in 3D."], ["Die Ausgabe wird räumlich dargestellt."]),
        (["It travelled a million light years."], ["Es reiste Millionen Lichtjahre."]),
    ], "en", "de")
    assert det().run(ctx) == []


def test_german_compounds_and_halves():
    assert values("einundzwanzig, zehnmal, zweieinhalb Millionen", "de") == [21, 10, 2.5e6]
    ctx = make_ctx([(["two and a half years, 2.5 million parts, 10 times the mass"],
                     ["zweieinhalb Jahre, zweieinhalb Millionen Teile, zehnmal die Masse"])],
                   "en", "de")
    assert det().run(ctx) == []


def test_month_and_ordinal_words_do_not_steal_a_real_match():
    # "third" (an absorb-only word worth 3) must not take the target "3,000"
    src = extract_numbers("the third largest group, with just over 3,000 people", "en")
    tgt = extract_numbers("die drittgrößte Gruppe, mit knapp über 3,000 Menschen", "de")
    m = match_numbers(src, tgt)
    assert not m.missing and not m.different


def test_times_of_day_and_ordinal_words():
    m = match_numbers(extract_numbers("around 1.30pm, then at 3 p.m.", "en"),
                      extract_numbers("gegen 13.30 Uhr, dann um 15 Uhr", "de"))
    assert not (m.missing or m.different or m.extra)
    m = match_numbers(extract_numbers("à 13h30", "fr"), extract_numbers("at 1:30 pm", "en"))
    assert not (m.missing or m.different or m.extra)
    ns = extract_numbers("le vingtième anniversaire, the twentieth, der zwanzigsten", "fr")
    assert [(n.text, n.value, n.kind) for n in ns][:1] == [("vingtième", 20.0, "absorb")]
    m = match_numbers(extract_numbers("the 10th championship", "en"),
                      extract_numbers("die zehnten Meisterschaften", "de"))
    assert not m.missing


def test_changed_numbers_are_paired_by_likeness_and_place():
    from mtaudit.analysis.number_match import match_numbers
    from mtaudit.analysis.numbers import extract_numbers

    src = extract_numbers("The library received 20000 books and opened 3 new rooms.", "en")
    tgt = extract_numbers("La bibliothèque a reçu 2000 livres et ouvert 5 nouvelles salles.",
                          "fr")
    m = match_numbers(src, tgt)
    assert [(s.text, t.text) for s, t in m.different] == [("20000", "2000"), ("3", "5")]
    assert not m.missing and not m.extra
    ar = extract_numbers("وصل ٢٠٠٠٠ كتاب و٣٥ غرفة.", "ar")
    fr = extract_numbers("Elle a reçu 2000 livres et 53 salles.", "fr")
    assert [(s.value, t.text) for s, t in match_numbers(ar, fr).different] == [
        (20000, "2000"), (35, "53")]


def test_arabic_proclitics_glued_to_numbers():
    from mtaudit.analysis.numbers import extract_numbers

    for text in ("و٣٥ غرفة", "بـ35 غرفة", "وب٣٥ غرفة", "ل2020", "فـ35"):
        [n] = [m for m in extract_numbers(text, "ar") if m.value in (35, 2020)]
        assert n.required, text
    # letters of a word glued to digits are not a proclitic: the number stays optional
    [n] = extract_numbers("كوفيد19", "ar")
    assert not n.required
