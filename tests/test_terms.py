"""Terminology detector on small hand-made pairs with the test glossaries (TSV and TBX)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.detectors import default_detectors, get_detector
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.terms import TermsDetector
from mtaudit.entities.glossary import load_glossary

DATA = Path(__file__).parent / "data" / "terms"
TSV = DATA / "glossary.tsv"
TBX = DATA / "glossary.tbx"


def make_ctx(rows, glossary=TSV):
    src_text = "\n".join(r[0] for r in rows)
    tgt_text = "\n".join(r[1] for r in rows)
    src, tgt = Document(src_text, "ar"), Document(tgt_text, "fr")
    pairs, s0, t0 = [], 0, 0
    for i, (s, t) in enumerate(rows):
        pairs.append(AlignedPair.from_segments(
            i, src, tgt, (Segment(s, s0, s0 + len(s), i),), (Segment(t, t0, t0 + len(t), i),)))
        s0, t0 = s0 + len(s) + 1, t0 + len(t) + 1
    resources = {"glossary": str(glossary)} if glossary else {}
    return DetectorContext(src, tgt, pairs, "ar", "fr", resources=resources)


def run(rows, glossary=TSV, **opts):
    ctx = make_ctx(rows, glossary)
    flags = TermsDetector(**opts).run(ctx)
    for f in flags:
        assert ctx.target.text[f.doc_start:f.doc_end] == f.text
        assert f.category == "term"
    return flags


def test_registered_but_not_default_and_refuses_without_glossary():
    assert "terms" not in default_detectors()
    det = get_detector("terms")
    with pytest.raises(ConfigError, match="glossary"):
        det.run(make_ctx([("المحكمة العليا", "la Cour suprême")], glossary=None))


@pytest.mark.parametrize("src,tgt", [
    ("أصدرت المحكمة العليا قرارها.", "La Cour suprême a rendu sa décision."),
    # clitics on the Arabic side (li + al-), plural and accents on the French side
    ("وقدم الطلب للمحكمة العليا.", "La demande a été présentée aux cours supremes."),
    ("ودعت الأمم المتحدة إلى وقف إطلاق النار.", "L'ONU a appelé à un cessez-le-feu."),
    ("وتحدث عن حقوق الإنسان.", "Il a parlé des droits de l'homme."),
    ("وتحدث عن حقوق الانسان.", "Il a parlé des droits humains."),
    # no glossary term in the source: nothing to check
    ("وصل الوفد إلى المدينة.", "La délégation est arrivée en ville."),
])
def test_clean_pairs_give_no_flag(src, tgt):
    assert run([(src, tgt)]) == []


def test_each_violation_is_flagged_with_entry_severity_and_suggestion():
    flags = run([
        ("أصدرت المحكمة العليا قرارها.", "La Court suprême a rendu sa décision."),
        ("ودعت الأمم المتحدة إلى وقف إطلاق النار.", "Les Nations unies ont appelé à une trêve."),
        ("وتحدث عن حقوق الإنسان.", "Il a parlé des libertés."),
    ])
    got = [(f.pair_index, f.severity, f.suggestion, f.text) for f in flags]
    assert got == [
        (0, "major", "Cour suprême", "Court suprême"),   # located at the near-identical words
        (1, "major", "cessez-le-feu", "Les Nations unies ont appelé à une trêve."),  # whole
        (2, "minor", "droits de l'homme", "Il a parlé des libertés."),
    ]
    assert "whole segment" in flags[1].message and "whole segment" not in flags[0].message


def test_severity_option_is_the_default_for_entries_without_one():
    flags = run([("ودعت الأمم المتحدة إلى وقف إطلاق النار.", "L'ONU a appelé à une trêve.")],
                severity="minor")
    assert [f.severity for f in flags] == ["minor"]


def test_tbx_glossary():
    g = load_glossary(TBX, "ar", "fr")
    assert [(e.source, e.targets, e.severity) for e in g.entries] == [
        ("وقف إطلاق النار", ("cessez-le-feu", "trêve"), "critical"),
        ("اللاجئون", ("réfugiés",), None)]
    flags = run([("ودعا إلى وقف إطلاق النار.", "Il a appelé à une trêve."),
                 ("وعاد اللاجئون.", "Les exilés sont revenus."),
                 ("وعاد اللاجئون.", "Le réfugié est revenu.")], glossary=TBX)
    assert [(f.pair_index, f.severity, f.suggestion) for f in flags] == [(1, "major", "réfugiés")]


def test_glossary_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("المحكمة العليا\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.tsv:1"):
        load_glossary(bad)
    sev = tmp_path / "sev.tsv"
    sev.write_text("المحكمة العليا\tCour suprême\tfatal\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="severity"):
        load_glossary(sev)
    with pytest.raises(InputError):
        load_glossary(tmp_path / "missing.tsv")
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><text>", encoding="utf-8")
    with pytest.raises(InputError, match="TBX"):
        load_glossary(broken)


def test_a_glossary_for_no_running_detector_is_an_error():
    import mtaudit
    from mtaudit.core.errors import ConfigError

    data = Path(__file__).parent / "data"
    with pytest.raises(ConfigError, match="glossary was given but the 'terms' detector"):
        mtaudit.audit(data / "small.ar.txt", data / "small.fr.txt", detectors=["untranslated"],
                      resources={"glossary": str(data / "terms" / "glossary.tsv")})
    with pytest.raises(ConfigError, match="an entity list was given but the 'names' detector"):
        mtaudit.audit(data / "small.ar.txt", data / "small.fr.txt", detectors=["untranslated"],
                      resources={"entities": str(data / "names" / "entities.tsv")})
