"""Gate logic on hand-built reports (fast): policy, manifest, baseline, suppressions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from report_fixtures import TARGET, make_report

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.core.types import Flag
from mtaudit.gate import (
    Baseline,
    PairSpec,
    Policy,
    fingerprinted,
    load_manifest,
    load_policy,
    policy_from_mapping,
    run_gate,
    write_baseline,
)
from mtaudit.report.model import AuditReport

SPEC = PairSpec("src.ar.txt", "tgt.fr.txt")


def _gate(report: AuditReport, policy: Policy, baseline: Baseline | None = None):
    return run_gate([SPEC], policy, baseline=baseline, audit_fn=lambda *a: report)


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_default_policy_fails_on_critical_and_major(here: Path) -> None:
    res = _gate(make_report(here), Policy())
    assert res.exit_code == 1
    o = res.outcomes[0]
    assert o.violations == ("1 new critical flag (max_critical = 0)",
                            "2 new major flags (max_major = 0)")
    assert res.summary_line().startswith("mtaudit gate: FAILED: 1 file audited, 1 failed, "
                                         "5 new flags")
    assert {g.location() for g in o.new} >= {"tgt.fr.txt:4:1", "src.ar.txt:1:1"}


def test_limits_ignore_and_per_file_overrides(here: Path) -> None:
    rep = make_report(here)
    assert _gate(rep, Policy(max_critical=1, max_major=2)).exit_code == 0
    res = _gate(rep, Policy(ignore_categories=("name", "untranslated", "omission")))
    assert res.exit_code == 0 and res.counts()["ignored"] == 3
    pol = policy_from_mapping({"max_major": 0, "overrides": [
        {"files": "tgt.*", "max_major": 5, "max_critical": 1}]})
    assert _gate(rep, pol).exit_code == 0
    assert _gate(rep, pol.with_options(max_minor=1)).exit_code == 1
    res = _gate(rep, Policy(max_critical=None, max_major=None, min_mqm=90.0))
    assert res.outcomes[0].violations == ("MQM score 85.00 (new flags) < min_mqm 90",)
    # accepted flags (baselined, ignored) cost no MQM points in the gate
    res = _gate(rep, Policy(max_critical=None, max_major=None, min_mqm=90.0,
                            ignore_categories=tuple({f.category for f in rep.flags})))
    assert res.exit_code == 0, res.outcomes[0].violations
    res = _gate(rep, Policy(max_critical=None, max_major=None, min_chrf=40.0))
    assert "chrF was not computed" in res.outcomes[0].violations[0]


def test_policy_files(here: Path) -> None:
    assert load_policy() == Policy()  # no file: defaults
    (here / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.mtaudit.gate]\nmax_major = 3\n'
        'ignore_categories = ["punctuation"]\n'
        '[[tool.mtaudit.gate.suppress]]\nfile = "*.fr.txt"\ncategory = "name"\n'
        'reason = "agreed"\n', encoding="utf-8")
    pol = load_policy()
    assert pol.max_major == 3 and pol.ignore_categories == ("punctuation",)
    assert pol.suppress[0].reason == "agreed"
    (here / "mtaudit.toml").write_text("[gate]\nmax_minor = 1\n", encoding="utf-8")
    assert load_policy().max_minor == 1  # mtaudit.toml wins in the same folder
    (here / "mtaudit.toml").write_text("max_critcal = 0\n[gate]\nmax_minor = 1\n",
                                       encoding="utf-8")
    with pytest.raises(ConfigError, match="'max_critcal' at the top level is not read; gate "
                                          "settings go under \\[gate\\]"):
        load_policy()
    (here / "mtaudit.toml").write_text("[gate]\nmax_mayor = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown gate setting 'max_mayor'"):
        load_policy()
    with pytest.raises(ConfigError, match="unknown category"):
        Policy().with_options(ignore_categories=("nonsense",))


def test_fingerprints_survive_offset_shifts(here: Path) -> None:
    before = fingerprinted(make_report(here))
    after = fingerprinted(make_report(here, target="Note : " + TARGET))
    assert [f.doc_start for _, f in before] != [f.doc_start for _, f in after]
    assert [fp for fp, _ in before] == [fp for fp, _ in after]
    assert len({fp for fp, _ in before}) == len(before)


def _with_extra_flag(rep: AuditReport) -> AuditReport:
    r0 = rep.results[0]
    k = r0.pair.target_text.index("Moscou")
    extra = Flag.on_pair(r0.pair, k, k + 6, category="name", severity="critical",
                         message="new error", detector="names")
    results = (replace(r0, flags=(*r0.flags, extra)), *rep.results[1:])
    return replace(rep, results=results)


def test_baseline_makes_known_flags_pass_and_new_ones_fail(here: Path) -> None:
    rep = make_report(here)
    first = _gate(rep, Policy())
    n = write_baseline(here / "b.json",
                       {o.key: [(g.fingerprint, g.flag) for g in o.flags]
                        for o in first.outcomes})
    assert n == 5
    base = Baseline.load(here / "b.json")
    res = _gate(rep, Policy(), base)
    assert res.exit_code == 0 and res.counts()["baselined"] == 5
    # known flags moved by an edit elsewhere are still known
    shifted = make_report(here, target="Note : " + TARGET)
    assert _gate(shifted, Policy(), base).exit_code == 0
    # a new error fails, and only it is new
    res = _gate(_with_extra_flag(rep), Policy(), base)
    assert res.exit_code == 1
    assert [g.flag.message for g in res.outcomes[0].new] == ["new error"]
    assert res.outcomes[0].violations == ("1 new critical flag (max_critical = 0)",)


def test_inline_marker_suppresses(here: Path) -> None:
    rep = make_report(here, target=TARGET.replace(
        "| a.\n", "| a. <!-- mtaudit: ignore=name -- spelling agreed -->\n"))
    res = _gate(rep, Policy(max_major=None))
    o = res.outcomes[0]
    name = next(g for g in o.flags if g.flag.category == "name")
    assert name.status == "suppressed" and "spelling agreed" in name.why
    assert res.exit_code == 0


def test_policy_suppression_rule(here: Path) -> None:
    pol = policy_from_mapping({"max_major": None, "suppress": [
        {"file": "*.fr.txt", "category": "name", "text": "PORTNIKOV", "reason": "ok"}]})
    res = _gate(make_report(here), pol)
    assert res.exit_code == 0 and res.counts()["suppressed"] == 1


def test_manifest_globs_and_errors(here: Path) -> None:
    for p in ("docs/ar/a.md", "docs/ar/sub/b.md", "docs/fr/a.md", "docs/fr/sub/b.md",
              "po/fr.po"):
        (here / p).parent.mkdir(parents=True, exist_ok=True)
        (here / p).write_text("x\n", encoding="utf-8")
    (here / "m.toml").write_text(
        'src_lang = "ar"\n[[pairs]]\nsource = "docs/ar/**/*.md"\ntarget = "docs/fr/**/*.md"\n'
        '[[pairs]]\ncatalog = "po/*.po"\ntgt_lang = "fr"\n', encoding="utf-8")
    specs, _root = load_manifest(here / "m.toml")
    assert [(s.source, s.target) for s in specs] == [
        ("docs/ar/a.md", "docs/fr/a.md"), ("docs/ar/sub/b.md", "docs/fr/sub/b.md"),
        ("po/fr.po", None)]
    assert specs[0].src_lang == "ar" and specs[2].tgt_lang == "fr"
    (here / "m.yaml").write_text("pairs:\n  - {source: docs/ar/a.md, target: docs/fr/a.md}\n",
                                 encoding="utf-8")
    assert len(load_manifest(here / "m.yaml")[0]) == 1
    (here / "bad.toml").write_text('[[pairs]]\nsource = "docs/ar/zz.md"\ntarget = "x.md"\n',
                                   encoding="utf-8")
    with pytest.raises(InputError, match="file not found"):
        load_manifest(here / "bad.toml")
    (here / "bad2.toml").write_text('[[pairs]]\nsource = "docs/ar/*.md"\ntarget = "x.md"\n',
                                    encoding="utf-8")
    with pytest.raises(ConfigError, match="same wildcards"):
        load_manifest(here / "bad2.toml")


def test_catalog_side_of_a_position() -> None:
    from mtaudit.core.locations import catalog_side

    po = 'msgid ""\nmsgstr ""\n\nmsgid "Hello there"\nmsgstr ""\n"Hello there"\n'
    assert catalog_side(po, po.index("Hello")) == "source"
    assert catalog_side(po, po.rindex("Hello")) == "target"
    xlf = "<unit><source>Hello</source><target>Hello</target></unit>"
    assert catalog_side(xlf, xlf.index("Hello")) == "source"
    assert catalog_side(xlf, xlf.rindex("Hello")) == "target"
    assert catalog_side("plain Hello", 6) is None


def test_suppress_rule_text_matches_inside_the_flagged_span() -> None:
    from mtaudit.core.fingerprint import normalise_span
    from mtaudit.gate.policy import SuppressRule

    rule = SuppressRule(file="docs/*.md", category="untranslated", text="Machine  learning")
    flagged = normalise_span("The machine learning team said it was ready.")
    assert rule.matches("docs/intro.md", "untranslated", flagged)
    assert not rule.matches("docs/intro.md", "name", flagged)
    assert not rule.matches("other/intro.md", "untranslated", flagged)
    assert not rule.matches("docs/intro.md", "untranslated", normalise_span("deep learning"))


def test_execute_gate_renders_without_writing(here: Path) -> None:
    """The gate's application logic takes plain arguments and returns what to write and print;
    it writes nothing itself (the CLI does)."""
    import json
    import xml.etree.ElementTree as ET

    from mtaudit.gate.app import execute_gate

    rep = make_report(here)
    run = execute_gate(source="src.ar.txt", target="tgt.fr.txt", no_baseline=True,
                       outputs=("sarif", "junit", "markdown"), audit_fn=lambda *a: rep)
    assert run.exit_code == 1 and run.baseline is None
    assert run.lines[0].startswith("FAIL tgt.fr.txt (source src.ar.txt): 5 new flags")
    assert run.lines[-1] == run.result.summary_line()
    assert set(run.outputs) == {"sarif", "junit", "markdown"}
    assert len(json.loads(run.outputs["sarif"])["runs"][0]["results"]) == 5
    assert ET.fromstring(run.outputs["junit"].encode("utf-8")).get("failures") == "1"
    assert run.outputs["markdown"].startswith("## mtaudit gate: ❌ failed")
    github = execute_gate(source="src.ar.txt", target="tgt.fr.txt", no_baseline=True,
                          fmt="github", audit_fn=lambda *a: rep)
    assert github.outputs == {} and all(ln.startswith("::") for ln in github.lines[:-1])
    # --update-baseline: the baseline text comes back, the file is not written here
    upd = execute_gate(source="src.ar.txt", target="tgt.fr.txt", update_baseline=True,
                       baseline_path="b.json", audit_fn=lambda *a: rep)
    assert upd.exit_code == 0 and upd.baseline is not None and not (here / "b.json").exists()
    path, text = upd.baseline
    assert path == "b.json" and len(json.loads(text)["files"]["tgt.fr.txt"]) == 5
    assert upd.lines == ("mtaudit gate: baseline b.json written: 5 known flags in 1 file",)
    with pytest.raises(ConfigError, match="exclude each other"):
        execute_gate(source="src.ar.txt", update_baseline=True, no_baseline=True)
    with pytest.raises(ConfigError, match="nothing to gate"):
        execute_gate()
    with pytest.raises(InputError, match="file not found"):
        execute_gate(source="src.ar.txt", target="missing.fr.txt")


def test_gate_renderers_match_the_plain_report_renderers(here: Path) -> None:
    """A plain report's CI formats are the gate's under the default policy, no baseline."""
    from mtaudit.gate import render_github, render_junit
    from mtaudit.report import render

    rep = make_report(here)
    res = _gate(rep, Policy())
    assert render_junit.render(res) == render(rep, "junit")
    assert render_github.render(res) == render(rep, "github")
