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
