"""Renderers on a hand-built report: HTML, Markdown, SARIF, JUnit, GitHub annotations."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_fixtures import TARGET, make_report

from mtaudit.core.locations import TextLocator
from mtaudit.report import formats, render
from mtaudit.report.model import AuditReport
from mtaudit.report.sarif import load_schema


@pytest.fixture()
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditReport:
    monkeypatch.chdir(tmp_path)
    return make_report(tmp_path)


def test_all_formats_registered() -> None:
    assert {"html", "md", "sarif", "junit", "github", "json", "terminal"} <= set(formats())


# ----- HTML ------------------------------------------------------------------------------------
class _Marks(HTMLParser):
    """Collects <mark> elements (attributes and text), dir of columns, and external refs."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.dirs: list[str | None] = []
        self.external: list[str] = []
        self.scripts = 0
        self._in: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "mark":
            self._in, self._text = a, ""
        if tag == "div" and "col" in (a.get("class") or "").split():
            self.dirs.append(a.get("dir"))
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href"):
            if a.get(k) and re.match(r"(https?:)?//", a[k] or ""):
                self.external.append(a[k] or "")

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._in is not None:
            self.marks.append((self._in, self._text))
            self._in = None


def test_html_highlights_escapes_and_is_self_contained(report: AuditReport) -> None:
    page = render(report, "html")
    p = _Marks()
    p.feed(page)
    texts = [t for _, t in p.marks]
    # every flagged span is highlighted, with its message on hover
    assert "Portnikov" in texts
    assert "<script>alert(1)</script>" in texts  # shown as text...
    assert "<script>alert" not in page           # ...never as markup
    assert p.scripts == 1                        # only our own filter script
    name = next(a for a, t in p.marks if t == "Portnikov")
    assert "sev-critical" in (name["class"] or "")
    assert "name differs from the source" in (name["title"] or "")
    # overlapping flags: the overlap lists both flags and takes the worse colour
    added = next(a for a, t in p.marks if t == "added")
    assert len((added["data-flags"] or "").split()) == 2 and "sev-major" in (added["class"] or "")
    # source side (omission) highlighted in the right-to-left Arabic column
    assert "قال ا" in texts
    assert "rtl" in p.dirs and "ltr" in p.dirs
    # no network: nothing loaded from outside, CSP forbids it
    assert p.external == []
    assert "default-src 'none'" in page
    # summary: counts table, inline SVG chart with one bar per category, filters
    assert "<svg" in page and page.count('class="bar sev-') == 5
    for cat in ("untranslated", "name", "addition", "omission", "mistranslation"):
        assert f'name="category" value="{cat}"' in page
    assert "a notice &lt;i&gt;with&lt;/i&gt; markup" in page
    assert "85.00" in page  # MQM score


def test_html_without_flags_and_without_paths() -> None:
    empty = make_report()
    empty = AuditReport(empty.source, empty.target,
                        tuple(type(r)(r.pair) for r in empty.results), empty.signature)
    page = render(empty, "html")
    assert "No flags." in page and "<mark" not in page


def test_html_shows_the_retranslation_column(tmp_path: Path) -> None:
    page = render(make_report(retranslation="Il a <dit> que…"), "html")
    assert page.count('class="col rt"') == 3 and "Il a &lt;dit&gt; que…" in page
    assert "No re-translation in this report" not in page
    assert "No re-translation in this report" in render(make_report(), "html")


# ----- Markdown --------------------------------------------------------------------------------
def test_markdown_escapes_untrusted_text(report: AuditReport) -> None:
    md = render(report, "md")
    assert "| category |" in md and "| **total** | **1** | **2** | **2** | **5** |" in md
    assert "**Portnikov**" in md
    # links, HTML, mentions and table pipes from the translation are neutralised
    assert "[la coopération](http" not in md and r"\[la coopération\]" in md
    assert "<script>" not in md and r"\<script\>" in md
    assert not re.search(r"(?<!\\)@someone", md) and r"\@someone" in md
    table_rows = [ln for ln in md.splitlines() if ln.startswith("| 2 |")]
    assert table_rows and all(ln.count(" | ") == 5 for ln in table_rows)


# ----- SARIF -----------------------------------------------------------------------------------
def test_sarif_validates_against_the_official_schema(report: AuditReport) -> None:
    import jsonschema

    log = json.loads(render(report, "sarif"))
    schema = load_schema()
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [e.message for e in validator.iter_errors(log)]
    assert errors == []
    # and the check has teeth
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))


def test_sarif_regions_point_at_the_flagged_text(report: AuditReport) -> None:
    log = json.loads(render(report, "sarif"))
    lines = TARGET.split("\n")
    results = log["runs"][0]["results"]
    assert len(results) == len(report.flags)
    for res in results:
        loc = res["locations"][0]["physicalLocation"]
        reg = loc["region"]
        text = (Path(loc["artifactLocation"]["uri"]).read_text(encoding="utf-8")).split("\n")
        assert reg["startLine"] == reg["endLine"]
        line = text[reg["startLine"] - 1]
        assert line[reg["startColumn"] - 1: reg["endColumn"] - 1] == reg["snippet"]["text"]
    name = next(r for r in results if r["ruleId"] == "name")
    assert name["level"] == "error"
    assert name["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert lines[3].startswith("Portnikov")
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_approximate_when_file_differs(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rep = make_report(tmp_path)
    # the file on disk has an extra first line: offsets no longer match, the text is searched
    (tmp_path / "tgt.fr.txt").write_text("# header\n" + TARGET, encoding="utf-8")
    log = json.loads(render(rep, "sarif"))
    name = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "name")
    assert name["properties"]["locationApproximate"] is True


def test_text_locator() -> None:
    loc = TextLocator("ab\ncd\n\nef")
    assert loc.line_col(0) == (1, 1)
    assert loc.line_col(3) == (2, 1)
    assert loc.line_col(4) == (2, 2)
    assert loc.line_col(7) == (4, 1)
    assert loc.line_col(9) == (4, 3)


# ----- JUnit, GitHub ---------------------------------------------------------------------------
def test_junit_parses_and_fails_on_policy(report: AuditReport) -> None:
    root = ET.fromstring(render(report, "junit").encode("utf-8"))
    cases = root.findall(".//testcase")
    assert len(cases) == 1 and cases[0].get("name") == "tgt.fr.txt"
    failure = cases[0].find("failure")
    assert failure is not None and "critical" in (failure.get("message") or "")
    assert root.get("failures") == "1"


def test_github_annotations_escape_and_end_with_summary(report: AuditReport) -> None:
    out = render(report, "github").splitlines()
    assert out[-1].startswith("mtaudit gate: FAILED")
    name = next(ln for ln in out if "title=mtaudit name" in ln)
    assert name.startswith("::error file=tgt.fr.txt,line=4,col=1,endLine=4,endColumn=10,")
    assert all(ln.startswith("::") for ln in out[:-1])


def test_github_escaping() -> None:
    from mtaudit.report.github import escape_data, escape_property

    assert escape_data("a%b\nc\r::x") == "a%25b%0Ac%0D::x"
    assert escape_property("a,b:c") == "a%2Cb%3Ac"


# ----- mtaudit render ----------------------------------------------------------------------------
def test_render_command_round_trips_json(report: AuditReport, tmp_path: Path) -> None:
    from mtaudit.cli import cli

    (tmp_path / "r.json").write_text(report.to_json(), encoding="utf-8")
    res = CliRunner().invoke(cli, ["render", "r.json", "--format", "html", "-o", "r.html"])
    assert res.exit_code == 0, res.output
    assert render(report, "html") == (tmp_path / "r.html").read_text(encoding="utf-8")
    res = CliRunner().invoke(cli, ["render", "r.json", "--format", "md"])
    assert res.exit_code == 0 and "## mtaudit report" in res.output
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    res = CliRunner().invoke(cli, ["render", "bad.json"])
    assert res.exit_code == 2 and "not an mtaudit report" in res.output


def test_markdown_orders_worst_pairs_by_the_reports_weights() -> None:
    """The worst pairs come first by MQM points, with the weights the report was scored with
    (its signature), the defaults when it records none."""
    from dataclasses import replace

    def worst_first(rep: AuditReport) -> list[str]:
        md = render(rep, "md")
        return re.findall(r"^\*\*Pair (\d)\*\*", md, flags=re.MULTILINE)

    rep = make_report()
    assert worst_first(rep) == ["2", "0", "1"]  # the critical name flag weighs most (25)
    heavy = {"minor": 1.0, "major": 5.0, "critical": 25.0, "mistranslation:minor": 100.0}
    rep = replace(rep, signature={**rep.signature, "mqm_weights": heavy})
    assert worst_first(rep) == ["1", "2", "0"]


def test_plain_renderers_do_not_need_the_gate() -> None:
    """report/ renders an AuditReport on its own: no renderer imports mtaudit.gate."""
    import subprocess
    import sys

    code = ("import sys\nfrom report_fixtures import make_report\n"
            "from mtaudit.report import formats, render\n"
            "rep = make_report()\n"
            "for fmt in formats():\n    render(rep, fmt)\n"
            "gate = sorted(m for m in sys.modules if m.startswith('mtaudit.gate'))\n"
            "assert not gate, gate\n")
    tests = str(Path(__file__).resolve().parent)
    proc = subprocess.run([sys.executable, "-c", code], cwd=tests, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
