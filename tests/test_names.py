"""Names detector on small hand-made pairs (not the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.detectors import default_detectors, get_detector
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.names import NamesDetector
from mtaudit.entities.consistency import corpus_consistency
from mtaudit.entities.nearmiss import near_miss

DATA = Path(__file__).parent / "data" / "names"


def make_ctx(rows: list[tuple[str, str, str | None]], resources: dict | None = None,
             kind: str = "reference") -> DetectorContext:
    """One aligned 1-1 pair per row (source, target, re-translation or None)."""
    src_text = "\n".join(r[0] for r in rows)
    tgt_text = "\n".join(r[1] for r in rows)
    src, tgt = Document(src_text, "ar"), Document(tgt_text, "fr")
    pairs, s0, t0 = [], 0, 0
    for i, (s, t, _) in enumerate(rows):
        pairs.append(AlignedPair.from_segments(
            i, src, tgt, (Segment(s, s0, s0 + len(s), i),), (Segment(t, t0, t0 + len(t), i),)))
        s0 += len(s) + 1
        t0 += len(t) + 1
    refs = [r[2] for r in rows]
    has_ref = any(r is not None for r in refs)
    return DetectorContext(src, tgt, pairs, "ar", "fr",
                           retranslations=refs if has_ref else None,
                           retranslation_kind=kind if has_ref else None,
                           resources=resources or {})


def run(rows, resources=None, **opts):
    ctx = make_ctx(rows, resources)
    flags = NamesDetector(use_ner=False, **opts).run(ctx)
    for f in flags:  # spans are exact
        assert ctx.target.text[f.doc_start:f.doc_end] == f.text
    return flags


SRC = "وقال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين إن الاجتماع سيعقد في موسكو."


def test_registered_and_default():
    assert "names" in default_detectors()
    assert isinstance(get_detector("names"), NamesDetector)


def test_near_miss_of_reference_is_major_name_flag():
    flags = run([(SRC, "Le porte-parole du Kremlin, Dmitri Piskov, a dit aux journalistes que "
                       "la réunion aurait lieu à Moscou.",
                  "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré aux journalistes que "
                  "la réunion se tiendrait à Moscou.")])
    assert [(f.category, f.severity, f.text, f.suggestion) for f in flags] == [
        ("name", "major", "Piskov", "Peskov")]


@pytest.mark.parametrize("target", [
    # identical spelling
    "Le porte-parole du Kremlin, Dmitri Peskov, a dit aux journalistes que la réunion "
    "aurait lieu à Moscou.",
    # a spelling convention (-ff for -v), not an error
    "Le porte-parole du Kremlin, Dmitri Peskoff, a dit aux journalistes que la réunion "
    "aurait lieu à Moscou.",
])
def test_clean_pairs_with_reference_give_no_flag(target):
    ref = ("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré aux journalistes que la "
           "réunion se tiendrait à Moscou.")
    assert run([(SRC, target, ref)]) == []


def test_gazetteer_capital_misspelt_without_reference():
    src = "زار الوفد العاصمة الفرنسية باريس ثم توجه إلى ألمانيا."
    flags = run([(src, "La délégation a visité la capitale française, Parus, puis s'est "
                       "rendue en Allemagne.", None)])
    assert [(f.category, f.severity, f.text, f.suggestion) for f in flags] == [
        ("name", "major", "Parus", "Paris")]
    clean = run([(src, "La délégation a visité la capitale française, Paris, puis s'est "
                       "rendue en Allemagne.", None)])
    assert clean == []


def test_english_place_name_is_left_to_the_untranslated_detector():
    src = "زار الوفد العاصمة الفرنسية باريس ثم توجه إلى ألمانيا."
    assert run([(src, "La délégation a visité Paris puis s'est rendue en Germany.", None)]) == []


def test_user_entity_list_is_authoritative():
    entities = {"entities": str(DATA / "entities.tsv")}
    flags = run([(SRC, "Le porte-parole du Kremlin, Dmitri Peskof, a dit que la réunion aurait "
                       "lieu à Moscou.", None)], entities)
    assert [(f.text, f.suggestion) for f in flags] == [("Peskof", "Peskov")]
    assert "entity list" in flags[0].message
    # an accepted spelling is never flagged, even when the reference spells it otherwise
    ok = run([(SRC, "Le porte-parole du Kremlin, Dmitri Peskov, a dit que la réunion aurait "
                    "lieu à Moscou.", "Le porte-parole du Kremlin, Dmitri Peskow, a dit ...")],
             entities)
    assert ok == []


def test_consistency_within_document_suggests_majority():
    rows = [
        ("وقالت الناطقة زاخاروفا إن موسكو سترد.", "La porte-parole Zakharova a dit que Moscou "
         "répondrait.", None),
        ("وأضافت زاخاروفا أن الرد سيكون حازما.", "Selon Zakharova, la réponse sera ferme.", None),
        ("وختمت زاخاروفا بالقول إن الحوار ممكن.", "Pour conclure, Zakharowa a dit que le dialogue "
         "était possible.", None),
    ]
    flags = run(rows)
    assert [(f.category, f.pair_index, f.text, f.suggestion) for f in flags] == [
        ("consistency", 2, "Zakharowa", "Zakharova")]
    assert run(rows[:2]) == []


def test_skeleton_near_miss_without_reference():
    # ن read for ب (same letter shape, other dots): "Neskov" for بيسكوف
    flags = run([(SRC, "Le porte-parole du Kremlin, Dmitri Neskov, a dit que la réunion "
                       "aurait lieu à Moscou.", None)])
    assert [(f.category, f.severity, f.text, f.suggestion) for f in flags] == [
        ("name", "minor", "Neskov", "Beskov")]
    assert "same shape" in flags[0].message
    # b/p, f/v and vowels are not evidence against the Arabic; nor is a consonant that is no
    # dot-confusion (an unrelated word is likelier than an error): no flag
    for name in ("Peskov", "Peskof", "Piskow", "Pestov"):
        assert run([(SRC, f"Le porte-parole du Kremlin, Dmitri {name}, a dit que la réunion "
                          "aurait lieu à Moscou.", None)]) == [], name
    src2 = "وقال الرئيس بوتين إن فلاديمير سيحضر."
    assert run([(src2, "Le président Poutine a dit que Vladimir viendrait.", None)]) == []
    # b/p is no evidence against the Arabic, but "Boutine" is unattested in French while
    # "Poutine" is common (issue 11, mtaudit.entities.garbling): a garbled name
    garbled = run([(src2, "Le président Boutine a dit que Wladimir viendrait.", None)])
    assert [(f.category, f.text, f.suggestion) for f in garbled] == [
        ("name", "Boutine", "Poutine")]
    # ... but two spellings of one source name in one document are inconsistent
    both = run([(src2, "Le président Poutine a dit que Vladimir viendrait.", None),
                (src2, "Le président Poutine a dit que Wladimir viendrait.", None)])
    assert [(f.category, f.text, f.suggestion) for f in both] == [
        ("consistency", "Wladimir", "Vladimir")]


def test_corpus_consistency_across_documents():
    doc_a = make_ctx([("وقالت زاخاروفا إن موسكو سترد.", "Selon Zakharova, Moscou répondra.", None),
                      ("وأضافت زاخاروفا أن الرد حازم.", "Et Zakharova a ajouté que la réponse "
                       "serait ferme.", None)])
    doc_b = make_ctx([("وقالت زاخاروفا إن الحوار ممكن.", "Selon Zakharowa, le dialogue est "
                       "possible.", None)])
    per_doc = corpus_consistency([doc_a.pairs, doc_b.pairs], "ar", "fr", use_ner=False)
    assert per_doc[0] == []
    assert [(f.category, f.text, f.suggestion, f.pair_index) for f in per_doc[1]] == [
        ("consistency", "Zakharowa", "Zakharova", 0)]


def test_near_miss_rules():
    assert near_miss("Piskov", "Peskov") == 1
    assert near_miss("Kaboulov", "Kabulov") is None      # ou/u convention
    assert near_miss("Lavroff", "Lavrov") is None         # -ff/-v convention
    assert near_miss("Talibans", "Taliban") is None       # plural
    assert near_miss("Moscou", "Madrid") is None          # not a near miss


@pytest.mark.slow
def test_with_spacy_ner_sentence_initial_name():
    ctx = make_ctx([(SRC, "Piskov, porte-parole du Kremlin, a dit que la réunion aurait lieu à "
                          "Moscou.", "Peskov, porte-parole du Kremlin, a déclaré que la réunion "
                          "se tiendrait à Moscou.")])
    flags = NamesDetector().run(ctx)
    assert [(f.text, f.suggestion) for f in flags] == [("Piskov", "Peskov")]


def test_consistency_prefers_the_authority_over_the_majority():
    rows = [
        ("وقالت الناطقة زاخاروفا إن موسكو سترد.", "La porte-parole Zakharowa a dit que Moscou "
         "répondrait.", None),
        ("وأضافت زاخاروفا أن الرد سيكون حازما.", "Selon Zakharowa, la réponse sera ferme.", None),
        ("وختمت زاخاروفا بالقول إن الحوار ممكن.", "Pour conclure, Zakharova a dit que le dialogue "
         "était possible.", None),
    ]
    flags = run(rows, {"entities": str(DATA / "entities.tsv")})
    assert [(f.pair_index, f.text, f.suggestion) for f in flags] == [
        (0, "Zakharowa", "Zakharova"), (1, "Zakharowa", "Zakharova")]
    assert all("accepted spelling" in f.message for f in flags)


def test_mt_retranslation_gives_minor_flags():
    ctx = make_ctx([(SRC, "Le porte-parole du Kremlin, Dmitri Piskov, a dit que la réunion aurait "
                          "lieu à Moscou.", "Le porte-parole du Kremlin, Dmitri Peskov, a dit que "
                          "la réunion aurait lieu à Moscou.")], kind="mt")
    flags = NamesDetector(use_ner=False).run(ctx)
    assert [(f.text, f.severity, f.suggestion) for f in flags] == [("Piskov", "minor", "Peskov")]
    assert "re-translation" in flags[0].message


def test_corpus_consistency_on_the_pairs_of_audit_reports():
    from mtaudit.core.types import PairResult
    from mtaudit.report.model import AuditReport

    def report(rows):
        ctx = make_ctx(rows)
        return AuditReport({"lang": "ar"}, {"lang": "fr"},
                           tuple(PairResult(p) for p in ctx.pairs), {})

    a = report([("وقالت زاخاروفا إن موسكو سترد.", "Selon Zakharova, Moscou répondra.", None)])
    b = report([("وأضافت زاخاروفا أن الرد حازم.", "Et Zakharova a ajouté que non.", None)])
    c = report([("وقالت زاخاروفا إن الحوار ممكن.", "Selon Zakharowa, le dialogue est possible.",
                 None)])
    per_doc = corpus_consistency([[r.pair for r in d.results] for d in (a, b, c)], "ar", "fr",
                                 use_ner=False)
    assert [len(x) for x in per_doc] == [0, 0, 1]
    assert per_doc[2][0].suggestion == "Zakharova"


def test_entity_list_flags_conventional_variants_too():
    entities = {"entities": str(DATA / "entities.tsv")}
    row = ("وقالت الناطقة زاخاروفا إن موسكو سترد.",
           "La porte-parole Zakharowa a dit que Moscou répondrait.", None)
    assert near_miss("Zakharowa", "Zakharova") is None  # a convention, not a typo...
    flags = run([row], entities)
    # ... but the user's list is the house spelling
    assert [(f.text, f.suggestion, f.category) for f in flags] == [
        ("Zakharowa", "Zakharova", "name")]
    assert run([row]) == []  # without the list nothing says the spelling is wrong


def test_unusable_entity_list_fails_in_prepare(tmp_path):
    from mtaudit.core.errors import ConfigError, InputError, MtauditError
    from mtaudit.detectors.base import Setup

    bad = tmp_path / "bad.tsv"
    bad.write_text("Peskov\n", encoding="utf-8")  # no target column
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x81 not text")
    broken_tbx = tmp_path / "broken.tbx"
    broken_tbx.write_text("<martif><text><body>", encoding="utf-8")
    for path, error in ((tmp_path / "missing.tsv", InputError), (tmp_path, InputError),
                        (bad, ConfigError), (binary, InputError), (broken_tbx, InputError),
                        (42, ConfigError)):
        with pytest.raises(error) as exc:
            NamesDetector().prepare(Setup("ar", "fr", {"entities": path}))
        assert isinstance(exc.value, MtauditError), path
    with pytest.raises(ConfigError):
        corpus_consistency([], "ar", "fr", resources={"entities": bad})
    with pytest.raises(ConfigError):
        corpus_consistency([], "", "fr")
