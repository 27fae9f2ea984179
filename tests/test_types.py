import json

import pytest

from mtaudit.core.types import AlignedPair, Bead, Document, Flag, PairResult, Segment
from mtaudit.report.model import AuditReport


def _pair() -> tuple[Document, Document, AlignedPair]:
    src = Document("Un. Deux.", "fr")
    tgt = Document("One. Two is here.", "en")
    pair = AlignedPair.from_segments(0, src, tgt, (Segment("Deux.", 4, 9, 1),),
                                     (Segment("Two is here.", 5, 17, 1),), 0.9)
    return src, tgt, pair


def test_document_hash_and_meta():
    d = Document("abc", "fr", path="x.txt")
    assert d.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert d.meta() == {"path": "x.txt", "lang": "fr", "format": "text", "sha256": d.sha256,
                        "chars": 3}


def test_pair_text_is_document_slice():
    _, _, pair = _pair()
    assert pair.source_text == "Deux." and pair.target_text == "Two is here."
    assert pair.kind == "1-1" and pair.target_start == 5


def test_flag_on_pair_maps_offsets_to_document():
    _, tgt, pair = _pair()
    f = Flag.on_pair(pair, 4, 6, category="repetition", severity="minor", message="m",
                     detector="d")
    assert f.text == "is" and tgt.text[f.doc_start:f.doc_end] == "is"
    assert f.mqm_category == "Fluency/Repetition"
    with pytest.raises(ValueError):
        Flag.on_pair(pair, 4, 60, category="x", severity="minor", message="m", detector="d")
    with pytest.raises(ValueError):
        Flag("x", "fatal", 0, 1, "a", "m", "d")


def test_json_round_trip():
    src, tgt, pair = _pair()
    flag = Flag.on_pair(pair, 0, 3, category="name", severity="major", message="m", detector="d",
                        suggestion="Three")
    result = PairResult(pair, (flag,), "Two here.", {"chrf": 50.0}, 0.8, {"points": 5.0})
    for obj, cls in ((pair, AlignedPair), (flag, Flag), (result, PairResult), (src, Document),
                     (Bead((1, 2), ()), Bead)):
        back = cls.from_dict(json.loads(json.dumps(obj.to_dict())))
        assert back == obj
    rep = AuditReport(src.meta(), tgt.meta(), (result,), {"mtaudit": "0"}, created="t")
    again = AuditReport.from_dict(json.loads(rep.to_json()))
    assert again.results == rep.results and again.summary() == rep.summary()
    assert rep.summary()["by_category"] == {"name": {"critical": 0, "major": 1, "minor": 0}}


def test_dataframes():
    src, tgt, pair = _pair()
    flag = Flag.on_pair(pair, 0, 3, category="name", severity="major", message="m", detector="d")
    rep = AuditReport(src.meta(), tgt.meta(), (PairResult(pair, (flag,)),), {})
    df = rep.to_dataframe()
    assert list(df["n_flags"]) == [1] and df.loc[0, "worst_severity"] == "major"
    fdf = rep.flags_dataframe()
    assert fdf.loc[0, "text"] == "Two" and fdf.loc[0, "mqm_category"].startswith("Accuracy")


def test_flags_inside_a_critical_span_are_dropped():
    from mtaudit.app.pipeline import drop_subsumed

    _, _, pair = _pair()
    crit = Flag.on_pair(pair, 0, 12, category="untranslated", severity="critical", message="m",
                        detector="u")
    inner = Flag.on_pair(pair, 4, 6, category="mistranslation", severity="major", message="m",
                         detector="x")
    other_side = Flag.on_pair(pair, 0, 4, category="omission", severity="major", message="m",
                              detector="o", side="source")
    assert drop_subsumed([crit, inner, other_side]) == [crit, other_side]
