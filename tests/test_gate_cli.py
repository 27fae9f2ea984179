"""`mtaudit gate` end to end on three real pairs: the seed pair, a clean pair, and a pair with an
untranslated paragraph (tests/data/gate). Runs the real pipeline (USE embedder, detectors)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "gate"
MANIFEST = """src_lang = "ar"
tgt_lang = "fr"
[[pairs]]
source = "seeds/003_a11d716948e0df65.txt"
target = "seeds/000_446608ba329916e1.txt"
[[pairs]]
source = "pairs/*.ar.txt"
target = "pairs/*.fr.txt"
"""

pytestmark = pytest.mark.slow


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "seeds").mkdir()
    for name in ("003_a11d716948e0df65.txt", "000_446608ba329916e1.txt"):
        shutil.copy(REPO / "seeds" / name, tmp_path / "seeds" / name)
    shutil.copytree(DATA, tmp_path / "pairs", ignore=shutil.ignore_patterns("*.toml"))
    (tmp_path / "mtaudit-manifest.toml").write_text(MANIFEST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return tmp_path


def _gate(*args: str) -> tuple[int, list[str]]:
    res = CliRunner().invoke(cli, ["gate", "-m", "mtaudit-manifest.toml", *args])
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output.splitlines()


def test_gate_fails_then_passes_with_baseline_then_fails_on_a_new_flag(work: Path) -> None:
    import jsonschema

    from mtaudit.report.sarif import load_schema

    # 1. three pairs: the seed and the untranslated pair fail, the clean pair passes
    code, out = _gate("--sarif", "gate.sarif", "--junit", "gate.xml", "--markdown", "gate.md")
    assert code == 1, out
    status = {ln.split()[1]: ln.split()[0] for ln in out if ln.split()[:1] in (["FAIL"],
                                                                            ["pass"])}
    assert status == {"seeds/000_446608ba329916e1.txt": "FAIL",
                      "pairs/clean.fr.txt": "pass",
                      "pairs/untranslated.fr.txt": "FAIL"}, out
    # the failing file's flags are named with line:column, category and text
    assert any(ln.startswith("  pairs/untranslated.fr.txt:4:1: ") and " untranslated: " in ln
               and "The minister said" in ln for ln in out), out
    assert out[-1].startswith("mtaudit gate: FAILED: 3 files audited, 2 failed")
    # SARIF validates against the official schema and points at the untranslated paragraph
    log = json.loads((work / "gate.sarif").read_text(encoding="utf-8"))
    schema = load_schema()
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []
    regions = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"])
               for r in log["runs"][0]["results"] if r["ruleId"] == "untranslated"]
    lines = (work / "pairs" / "untranslated.fr.txt").read_text(encoding="utf-8").split("\n")
    hits = [reg for uri, reg in regions if uri == "pairs/untranslated.fr.txt"]
    assert hits and hits[0]["startLine"] == 4
    assert lines[3][hits[0]["startColumn"] - 1:].startswith(hits[0]["snippet"]["text"][:20])
    # JUnit: one test case per file, two failures
    junit = ET.parse(work / "gate.xml").getroot()
    cases = {c.get("name"): c.find("failure") is not None for c in junit.iter("testcase")}
    assert cases == {"seeds/000_446608ba329916e1.txt": True, "pairs/clean.fr.txt": False,
                     "pairs/untranslated.fr.txt": True}

    md = (work / "gate.md").read_text(encoding="utf-8")
    assert md.startswith("## mtaudit gate: ❌ failed")
    assert "| `pairs/clean.fr.txt` | ✅ pass | 0 |" in md
    assert "| `pairs/untranslated.fr.txt` | ❌ fail |" in md

    # 2. record the known flags: now the gate passes
    code, out = _gate("--update-baseline")
    assert code == 0 and "baseline .mtaudit-baseline.json written" in out[-1], out
    base = json.loads((work / ".mtaudit-baseline.json").read_text(encoding="utf-8"))
    assert set(base["files"]) == {"seeds/000_446608ba329916e1.txt", "pairs/untranslated.fr.txt"}
    code, out = _gate()
    assert code == 0, out
    assert out[-1].startswith("mtaudit gate: PASSED: 3 files audited, 0 failed, 0 new flags")

    # 3. a new error in the clean translation (a sentence left in English) fails again
    clean = work / "pairs" / "clean.fr.txt"
    clean.write_text(clean.read_text(encoding="utf-8").replace(
        "Les habitants espèrent que cette initiative encouragera les jeunes à lire.",
        "The residents hope that this new initiative will encourage young people to read "
        "more books."), encoding="utf-8")
    code, out = _gate("--format", "github")
    assert code == 1, out
    assert any(ln.startswith("::error file=pairs/clean.fr.txt,line=7,col=1,") and
               "untranslated" in ln for ln in out), out
    assert not any("file=pairs/untranslated.fr.txt,line" in ln for ln in out), out
    assert out[-1].startswith("mtaudit gate: FAILED: 3 files audited, 1 failed, ")


def test_gate_usage_and_input_errors_exit_2(work: Path) -> None:
    res = CliRunner().invoke(cli, ["gate"])
    assert res.exit_code == 2 and "nothing to gate" in res.output
    res = CliRunner().invoke(cli, ["gate", "pairs/clean.ar.txt", "pairs/missing.fr.txt"])
    assert res.exit_code == 2 and "file not found" in res.output
    (work / "bad.toml").write_text("[[pairs]]\nsource = 'nope/*.txt'\ntarget = 'x/*.txt'\n",
                                   encoding="utf-8")
    res = CliRunner().invoke(cli, ["gate", "-m", "bad.toml"])
    assert res.exit_code == 2 and "no file matches" in res.output
    assert res.output.splitlines()[-1].startswith("mtaudit gate: ERROR")


def test_gate_single_pair_with_limits(work: Path) -> None:
    args = ["gate", "pairs/untranslated.ar.txt", "pairs/untranslated.fr.txt"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1 and "FAIL pairs/untranslated.fr.txt" in res.output
    res = CliRunner().invoke(cli, [*args, "--ignore-category", "untranslated"])
    assert res.exit_code == 0, res.output
    assert re.search(r", [1-9]\d* ignored$", res.output.splitlines()[-1]), res.output


def test_gate_on_a_po_catalog_with_an_inline_suppression(work: Path) -> None:
    res = CliRunner().invoke(cli, ["gate", "pairs/catalog.fr.po", "--src-lang", "en",
                                   "--tgt-lang", "fr", "--show-known"])
    out = res.output.splitlines()
    assert res.exit_code == 1, res.output
    # the unit left in English is flagged on its msgstr line ...
    assert any(ln.startswith("  pairs/catalog.fr.po:17:9: critical untranslated") for ln in out)
    # ... and the one under a "# mtaudit: ignore=untranslated" comment is suppressed
    assert any(ln.startswith("  pairs/catalog.fr.po:14:9: ") and "(suppressed: inline marker "
               "on line 12: accepted for the demo)" in ln for ln in out), out
    assert out[-1] == ("mtaudit gate: FAILED: 1 file audited, 1 failed, 1 new flag, "
                       "0 baselined, 1 suppressed, 0 ignored")


def test_plain_text_marker_line_suppresses_and_is_not_a_flag_itself(work: Path) -> None:
    tgt = work / "pairs" / "untranslated.fr.txt"
    paras = tgt.read_text(encoding="utf-8").split("\n\n")
    english = next(i for i, p in enumerate(paras) if " the " in p)
    paras[english] = ("mtaudit: ignore=untranslated -- quoted in English on purpose\n"
                      + paras[english])
    tgt.write_text("\n\n".join(paras), encoding="utf-8")
    res = CliRunner().invoke(cli, ["gate", "pairs/untranslated.ar.txt", str(tgt.relative_to(work)),
                                   "--show-known"])
    assert res.exit_code == 0, res.output
    assert "inline marker on line" in res.output
    assert re.search(r"suppressed: the suppression marker on line \d+ itself", res.output)
    assert re.search(r", 0 new flags, ", res.output.splitlines()[-1]), res.output


def test_gate_unrelated_pair_and_no_check_related(work: Path) -> None:
    args = ["gate", "pairs/untranslated.ar.txt", "pairs/clean.fr.txt"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and "--no-check-related" in res.output, res.output
    assert res.output.splitlines()[-1].startswith("mtaudit gate: ERROR: 0 files audited")
    res = CliRunner().invoke(cli, [*args, "--no-check-related"])
    assert res.exit_code in (0, 1) and "not audited" not in res.output, res.output


def test_bad_settings_fail_once_before_any_file_is_audited(tmp_path, monkeypatch):
    """A bad detector option or a missing glossary is one error line and exit 2, not one
    'not audited' error per file of the manifest."""
    monkeypatch.chdir(DATA)
    runner = CliRunner()
    for extra, message in ((["--detector-option", "names.bogus=1"], "unknown option"),
                           (["--glossary", str(tmp_path / "none.tsv")], "glossary not found")):
        res = runner.invoke(cli, ["gate", "-m", "manifest.toml", *extra])
        assert res.exit_code == 2, res.output
        assert res.output.count(message) == 1, res.output
        assert "not audited" not in res.output
