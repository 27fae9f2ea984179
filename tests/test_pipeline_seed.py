"""End to end on the seed pair (Arabic source -> noisy French), offline, with no MT model."""

import json
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

import mtaudit
from mtaudit.cli import cli

ENGLISH_START = "In addition to a number of political reasons"
ENGLISH_END = "neighboring areas"


@pytest.fixture(scope="module")
def seed_report(seed_paths):
    return mtaudit.audit(*seed_paths, src_lang="ar", tgt_lang="fr")


def _schema():
    return json.loads(resources.files("mtaudit").joinpath("schemas/report.schema.json").read_text())


def test_report_validates_against_schema(seed_report):
    jsonschema.validate(json.loads(seed_report.to_json()), _schema())


def test_english_paragraph_is_one_critical_flag_with_exact_span(seed_report, seed_paths):
    target = seed_paths[1].read_text(encoding="utf-8")
    start = target.index(ENGLISH_START)
    end = target.index(ENGLISH_END) + len(ENGLISH_END)
    hits = [f for f in seed_report.flags if f.category == "untranslated"
            and f.doc_start < end and f.doc_end > start]
    assert len(hits) == 1, hits
    f = hits[0]
    assert f.severity == "critical"
    assert (f.doc_start, f.doc_end) == (start, end), (target[f.doc_start:f.doc_end])
    assert target[f.doc_start:f.doc_end] == f.text


def test_no_french_sentence_flagged_untranslated(seed_report):
    english = [f for f in seed_report.flags if f.category == "untranslated"]
    assert all(ENGLISH_START in f.text or "Arabic" in f.message for f in english), english


def test_every_source_segment_is_paired_and_target_only_beads_exist(seed_report):
    kinds = seed_report.summary()["bead_kinds"]
    assert kinds.get("0-1", 0) >= 3  # captions and site boilerplate have no source
    src_covered = sorted(s.index for r in seed_report.results for s in r.pair.source)
    assert src_covered == list(range(len(src_covered)))
    # Captions carry an agency credit like "(AP)" at the end: none may be glued to a 1-1 bead.
    for r in seed_report.results:
        if r.pair.source:
            assert not r.pair.target_text.rstrip().endswith("(AP)"), r.pair.target_text


def test_signature_and_notices(seed_report):
    sig = seed_report.signature
    assert sig["mtaudit"] == mtaudit.__version__ and sig["pair"] == "ar-fr"
    assert sig["embedder"] and sig["aligner"] and {"name": "untranslated"} in sig["detectors"]
    assert sig["retranslation"] is None
    assert any("re-translation" in n for n in seed_report.notices)
    assert seed_report.signature_string().startswith(f"mtaudit:{mtaudit.__version__}|pair:ar-fr")


def test_deterministic(seed_report, seed_paths):
    again = mtaudit.audit(*seed_paths, src_lang="ar", tgt_lang="fr")
    a, b = seed_report.to_dict(), again.to_dict()
    a.pop("created"), b.pop("created")
    assert a == b


def test_dataframes(seed_report):
    df = seed_report.to_dataframe()
    assert len(df) == len(seed_report.results) and {"kind", "similarity", "n_flags"} <= set(df)
    fdf = seed_report.flags_dataframe()
    assert len(fdf) == len(seed_report.flags) and "critical" in set(fdf["severity"])


def test_cli_json_output_validates(seed_paths, tmp_path):
    out = tmp_path / "r.json"
    res = CliRunner().invoke(cli, ["audit", *map(str, seed_paths), "--format", "json", "-o",
                                   str(out)])
    assert res.exit_code == 0, res.output
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), _schema())


def test_cli_terminal_report(seed_paths):
    res = CliRunner().invoke(cli, ["audit", *map(str, seed_paths)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "critical" in out and ENGLISH_START in out and "target only" in out
    assert "mtaudit:" + mtaudit.__version__ in out  # the signature line
    assert "re-translation" in out
