"""The one-line run signature: one field per key, parseable back by splitting on "|" and ":"."""

from mtaudit.core.signature import format_signature

SIG = {
    "mtaudit": "0.1.0", "pair": "ar-fr", "segmenter": "rules/1",
    "embedder": "use-multilingual-v3@fast-use-0.2.1",
    "aligner": "mtaudit-align-3+use-multilingual-v3@fast-use-0.2.1+cfg=7694897e",
    "detectors": ["untranslated", "names"],
    "retranslation": {"kind": "reference", "path": "some/dir/ref.fr.txt",
                      "sha256": "1d0b5880a65b77bdb51dc76eb8ac33cdc22d71fa"},
    "scoring": {"bleu": "x", "chrf": "y"}, "mqm_weights": {"minor": 1, "major": 5, "critical": 25},
}


def test_fields_split_cleanly():
    line = format_signature(SIG)
    fields = dict(f.split(":", 1) for f in line.split("|"))
    assert list(fields) == ["mtaudit", "pair", "seg", "emb", "align", "det", "mt", "score", "mqm"]
    assert fields["align"] == SIG["aligner"]
    assert fields["det"] == "untranslated+names"
    assert fields["mt"] == "reference:ref.fr.txt@1d0b5880"
    assert fields["mqm"] == "1/5/25" and fields["score"] == "bleu,chrf"


def test_mt_model_with_revision_and_no_retranslation():
    mt = {**SIG, "retranslation": {"kind": "mt", "model": "Helsinki-NLP/opus-mt-ar-fr",
                                   "revision": "abc123"}}
    assert "|mt:mt:Helsinki-NLP/opus-mt-ar-fr@abc123|" in format_signature(mt)
    assert "|mt:none|" in format_signature({**SIG, "retranslation": None})


def test_detectors_are_data_and_legacy_strings_still_display():
    from mtaudit.core.signature import detector_entries, detector_label

    entry = {"name": "names", "options": {"use_ner": False, "extra": ["de", "en"]}}
    assert detector_label(entry) == "names(extra=[de,en],use_ner=False)"
    assert detector_label({"name": "names.corpus", "documents": 3}) == "names.corpus/3"
    # a mtaudit.report/1 report recorded display strings: shown as they are, and only a
    # plain name is taken as an entry (nothing parses a display string for its options)
    assert detector_label("names(use_ner=False)") == "names(use_ner=False)"
    sig = {"detectors": ["untranslated", "names(use_ner=False)", entry]}
    assert detector_entries(sig) == [{"name": "untranslated"}, entry]


def test_a_schema_1_report_is_still_read_and_rendered():
    import json
    from pathlib import Path

    from mtaudit.report import render
    from mtaudit.report.model import AuditReport

    d = json.loads((Path(__file__).parent.parent / "reports" / "seed_report.json")
                   .read_text(encoding="utf-8"))
    d["schema"] = "mtaudit.report/1"
    d["signature"]["detectors"] = ["untranslated", "names(use_ner=False)"]
    md = render(AuditReport.from_dict(d), "md")
    assert "det:untranslated+names(use_ner=False)" in md
