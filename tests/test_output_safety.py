"""Untrusted report text in every output: Markdown cannot inject HTML, links or table cells,
the terminal and CI logs show control characters instead of obeying them, HTML/SARIF/JUnit stay
well-formed, and a malformed report is refused with one line naming the file and the field."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_fixtures import TARGET, make_report

from mtaudit.core.escape import (
    github_data,
    github_property,
    json_safe,
    visible,
    visible_offsets,
    xml_text,
)
from mtaudit.report import render
from mtaudit.report.model import AuditReport

# Everything at once: HTML, code-span and table breakers, links, images, an entity, a mention,
# a newline, clipboard write (OSC 52), a link (OSC 8), screen clear (CSI), a bidi override.
PAYLOAD = ("<img src=x onerror=alert(1)> `tick` a|b [l](http://e.x) ![i](http://e.x/i.png) "
           "&amp; @user\nINJECTED \x1b]52;c;QUJD\x07 \x1b]8;;http://e.x\x1b\\ \x1b[2J \u202eRLO")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
TAGS = re.compile(r"</?(?:details|summary|sub|code)>")


# ----- escape.py ------------------------------------------------------------------------------
def test_visible_shows_controls_and_keeps_text() -> None:
    assert visible("café\tok ‏عربي") == "café\tok ‏عربي"            # tab and RLM kept
    assert visible("a\x1b[2Jb\x07\x00\x7f\x85") == "a\\x1b[2Jb\\x07\\x00\\x7f\\x85"
    assert visible("x\u202ey\u2066\ud800") == "x\\u202ey\\u2066\\ud800"
    assert visible("a\nb\rc") == "a\\nb\\rc"
    assert visible("a\nb\rc", keep_newlines=True) == "a\nb\\rc"
    assert visible(None) == "" and visible(3) == "3"


def test_visible_offsets_map_spans_onto_the_escaped_text() -> None:
    text = "ab\x1bcd\u202ee"
    shown, at = visible_offsets(text)
    assert shown == "ab\\x1bcd\\u202ee" and len(at) == len(text) + 1
    assert shown[at[3]:at[5]] == "cd" and shown[at[6]:at[7]] == "e"
    assert visible_offsets("plain") == ("plain", [0, 1, 2, 3, 4, 5])


def test_github_and_xml_and_json_helpers() -> None:
    assert github_data("50% a\r\nb\x1b") == "50%25 a%0D%0Ab\\x1b"
    assert github_property("a,b:c\n") == "a%2Cb%3Ac%0A"
    assert xml_text("a\x01\nb\ufffe") == "a\\x01\nb\\ufffe"
    text = json_safe(json.dumps({"k": "a\ud800b"}, ensure_ascii=False))
    assert json.loads(text) == {"k": "a\\ud800b"}
    text.encode("utf-8")


# ----- Markdown -------------------------------------------------------------------------------
def _raw(line: str, table: bool) -> list[str]:
    """The characters of a Markdown line that are syntax: not backslash-escaped, not in a code
    span (in a GFM table row an unescaped pipe splits cells even inside a code span)."""
    out, i, code = [], 0, False
    while i < len(line):
        c = line[i]
        if c == "\\" and (not code or (table and line[i + 1:i + 2] == "|")):
            i += 2
            continue
        if c == "`":
            code = not code
        elif not code or (table and c == "|"):
            out.append(c)
        i += 1
    return out


def assert_safe_markdown(md: str) -> None:
    assert not CONTROLS.search(md), "a control character reached the Markdown"
    widths: list[int] = []
    for line in md.split("\n"):
        assert not line.startswith("INJECTED"), "a newline in report text started a line"
        table = line.startswith("|")
        line = TAGS.sub("", re.sub(r"^(#+ |> )", "", line))
        raw = _raw(line, table)
        bad = [c for c in raw if c in "<>&[]!@~$`"]
        assert not bad, f"unescaped {bad} in {line!r}"
        if table:
            widths.append(raw.count("|"))
            assert len(set(widths)) == 1, f"a cell was split: {line!r}"
        else:
            widths = []


def test_code_is_a_code_span_only_for_plain_text() -> None:
    from mtaudit.report.markdown import code, code_cell

    assert code("docs/fr/a b.md") == "`docs/fr/a b.md`" and code("a|b") == "`a|b`"
    assert code_cell("a|b") == "<code>a\\|b</code>"
    assert code("x`<img src=y>\n&\x1b") == "<code>x\\`\\<img src=y\\> \\&\\\\x1b</code>"
    assert code("") == "<code></code>"


def _set(d: dict[str, Any], path: str, value: Any) -> None:
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for k in keys[:-1]:
        d = d[k]
    d[keys[-1]] = value


# (field, shown in Markdown): every string field of a report
FIELDS = [("source.path", True), ("target.path", True), ("source.lang", True),
          ("target.lang", True), ("source.format", False), ("created", False),
          ("notices.0", True), ("signature.mtaudit", True), ("signature.pair", True),
          ("signature.segmenter", True), ("signature.embedder", True),
          ("signature.aligner", True), ("signature.detectors.0", True),
          ("results.0.pair.source_text", True), ("results.1.pair.target_text", True),
          ("results.1.pair.target.0.text", False), ("results.2.retranslation", True),
          ("results.1.flags.0.category", True), ("results.1.flags.0.message", True),
          ("results.1.flags.0.suggestion", True), ("results.1.flags.0.detector", False),
          ("results.1.flags.0.text", False)]


@pytest.mark.parametrize(("field", "shown"), FIELDS)
def test_every_string_field_is_escaped_in_markdown(field: str, shown: bool) -> None:
    d = make_report().to_dict()
    _set(d, field, "ZQX " + PAYLOAD)
    md = render(AuditReport.from_dict(d), "md")
    assert_safe_markdown(md)
    assert ("ZQX" in md) == shown


def test_signature_detectors_corpus_scores_and_mt_are_escaped_in_markdown() -> None:
    d = make_report().to_dict()
    d["signature"]["detectors"] = [{"name": PAYLOAD, "options": {PAYLOAD: PAYLOAD, "x": [PAYLOAD]}}]
    d["signature"]["retranslation"] = {"kind": "mt", "model": PAYLOAD, "revision": PAYLOAD}
    d["signature"]["scoring"] = {PAYLOAD: "x"}
    d["corpus_scores"] = {PAYLOAD: {"score": 50.0, "ci95": [40.0, 60.0]}}
    d["results"][0]["flags"][0]["start"] = d["results"][0]["flags"][0]["end"] = 0
    _set(d, "results.0.flags.0.text", PAYLOAD)  # an empty span shows its text
    md = render(AuditReport.from_dict(d), "md")
    assert_safe_markdown(md)
    assert md.count("onerror") >= 6


def test_the_gate_summary_escapes_paths_and_flags(tmp_path: Path, monkeypatch) -> None:
    from mtaudit.gate import PairSpec, Policy, run_gate
    from mtaudit.gate import render_markdown as gate_md
    from mtaudit.gate.render_github import render as gate_github
    from mtaudit.gate.render_junit import render as gate_junit
    from mtaudit.gate.render_text import text_lines

    monkeypatch.chdir(tmp_path)
    name = "t|x[bold]`<img src=x>\n\x1b]52;c;QQ\x07\u202e,a:b%.txt"
    rep = make_report(tmp_path, tgt_name=name, target=TARGET.replace("Monday", PAYLOAD
                                                                     .replace("\n", " ")))
    result = run_gate([PairSpec("src.ar.txt", name)], Policy(), audit_fn=lambda *a: rep)
    assert_safe_markdown(gate_md.render(result))
    lines = text_lines(result, show_known=True)
    assert len(lines) == 1 + len(rep.flags) and lines[0].startswith("FAIL t|x[bold]")
    assert not any(CONTROLS.search(ln) or "\n" in ln for ln in lines)
    _check_annotations(gate_github(result))
    ET.fromstring(gate_junit(result).encode("utf-8"))


# ----- terminal and CI logs ----------------------------------------------------------------
def _hostile_report(tmp_path: Path | None = None) -> AuditReport:
    target = TARGET.replace("He added", "He added \x1b]52;c;QUJD\x07 \u202eevil\x1b[2J")
    d = make_report(target=target).to_dict()
    d["source"]["path"] = "x[/b].txt"
    d["target"]["path"] = "y[bold red]\x1b]8;;http://e.x\x1b\\.txt"
    d["notices"] = ["[/] note \x1b[2J"]
    d["results"][1]["flags"][0]["message"] = "msg [/b] \x1b[31m\nforged line"
    d["results"][1]["flags"][0]["category"] = "[bold]cat"
    return AuditReport.from_dict(d)


@pytest.mark.parametrize("color", [False, True])
def test_terminal_prints_markup_as_text_and_controls_escaped(color: bool) -> None:
    out = render(_hostile_report(), "terminal", color=color)
    assert "x[/b].txt" in out and "y[bold red]\\x1b]8;;http" in out and "[bold]cat" in out
    assert "\\x1b]52;c;QUJD\\x07" in out and "\\u202eevil\\x1b[2J" in out
    assert "msg [/b] \\x1b[31m\\nforged line" in out and "[/] note" in out
    for bad in ("\x1b]", "\x07", "\x1b[2J", "\x1b[31m", "\u202e", "\nforged"):
        assert bad not in out
    if not color:
        assert "\x1b" not in out


def _check_annotations(text: str) -> None:
    lines = text.rstrip("\n").split("\n")
    for line in lines[:-1]:
        assert not CONTROLS.search(line)
        m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        assert m, line
        for prop in m.group(2).split(","):
            assert re.fullmatch(r"(file|line|col|endLine|endColumn|title)=[^,:]*", prop), prop
    assert not lines[-1].startswith("::")


def test_github_annotations_escape_messages_and_properties() -> None:
    text = render(_hostile_report(), "github")
    _check_annotations(text)
    assert "\\x1b]52;c;QUJD\\x07" in text and "forged line" in text


# ----- HTML, SARIF, JUnit stay well-formed ----------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)


def test_html_sarif_junit_stay_well_formed_with_hostile_text() -> None:
    nasty = "]]> <script>alert(1)</script> \x00\x01\x1b[2J\x7f\x85 [b]x[/b] \u202e"
    clean = make_report()
    rep = make_report(target=TARGET.replace("Monday", nasty), retranslation=nasty + "\ud800")
    # a document cannot hold a lone surrogate (its sha256 needs UTF-8), report text can
    rep = replace(rep, results=tuple(replace(r, flags=tuple(
        replace(f, message=f.message + nasty + "\udfff") for f in r.flags))
        for r in rep.results), notices=(nasty + "\ud800",))
    for fmt in ("html", "sarif", "junit", "json", "md", "terminal", "github"):
        render(rep, fmt).encode("utf-8")                   # a lone surrogate never crashes
    tags, clean_tags = _Tags(), _Tags()
    tags.feed(render(rep, "html"))
    clean_tags.feed(render(clean, "html"))
    assert tags.tags.count("script") == clean_tags.tags.count("script")
    sarif = json.loads(render(rep, "sarif"))
    assert len(sarif["runs"][0]["results"]) == len(rep.flags)
    root = ET.fromstring(render(rep, "junit").encode("utf-8"))
    assert "]]> <script>" in "".join(root.itertext())


# ----- reading a report -----------------------------------------------------------------------
def _cli(tmp_path: Path, data: Any, raw: str | None = None) -> tuple[int, str]:
    from mtaudit.cli import cli

    path = tmp_path / "report.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    res = CliRunner().invoke(cli, ["render", str(path), "--format", "md"])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stderr


BASE = make_report().to_dict()


@pytest.mark.parametrize(("change", "where", "why"), [
    (lambda d: _set(d, "results.1.flags.0.confidence", "high"),
     "results[1].flags[0].confidence", "expected a number or null, got 'high'"),
    (lambda d: d["results"][0]["pair"].pop("index"), "results[0].pair.index", "missing"),
    (lambda d: d.pop("results"), "results", "missing"),
    (lambda d: _set(d, "results.0.pair.index", "1"), "results[0].pair.index", "expected"),
    (lambda d: _set(d, "source.chars", True), "source.chars", "got True"),
    (lambda d: _set(d, "target.chars", "<img src=x onerror=alert(1)>"), "target.chars",
     "expected a whole number >= 0, got '<img"),
    (lambda d: _set(d, "notices", "text"), "notices", "expected a list"),
    (lambda d: _set(d, "results.1.flags.0.severity", "fatal"), "severity", "one of"),
    (lambda d: _set(d, "results.1.flags.0.end", 999), "results[1].flags[0]", "not within"),
    (lambda d: _set(d, "results.1.flags.0.colour", 1), "colour", "unexpected field"),
    (lambda d: _set(d, "signature.mqm_weights", {"minor": "1"}), "mqm_weights.minor",
     "expected a number"),
    (lambda d: _set(d, "corpus_scores", {"chrf": {"score": "x"}}), "corpus_scores.chrf.score",
     "expected"),
    (lambda d: _set(d, "signature.detectors", [{"name": 1}]), "detectors[0].name", "expected"),
    (lambda d: _set(d, "schema", "other/1"), "schema", "not an mtaudit report"),
])
def test_a_malformed_report_is_one_line_and_exit_2(tmp_path: Path, change, where, why) -> None:
    d = copy.deepcopy(BASE)
    change(d)
    code, err = _cli(tmp_path, d)
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"mtaudit: error: {tmp_path / 'report.json'}: ")
    assert where in err and why in err


@pytest.mark.parametrize(("raw", "why"), [
    ('[1, 2]', "expected a JSON object, got list"),
    ("{", "is not JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_not_a_report_is_one_line_and_exit_2(tmp_path: Path, raw: str, why: str) -> None:
    code, err = _cli(tmp_path, None, raw)
    assert code == 2 and err.count("\n") == 1 and why in err, err


def test_an_error_message_shows_controls_escaped(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["signature"]["mqm_weights"] = {"\x1b]52;c;QQ\x07": "x"}
    code, err = _cli(tmp_path, d)
    assert code == 2 and "mqm_weights.\\x1b]52;c;QQ\\x07: expected a number" in err
    assert not CONTROLS.search(err)


def test_a_lone_surrogate_is_refused_with_its_field(tmp_path: Path) -> None:
    raw = json.dumps(BASE).replace("He added", "He \\ud800added", 1)
    code, err = _cli(tmp_path, None, raw)
    assert code == 2 and err.count("\n") == 1, err
    assert "report.json: results[1].pair.target" in err and "holds a lone surrogate" in err


def test_a_crafted_but_well_formed_report_renders_escaped(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["source"]["path"] = d["notices"][0] = PAYLOAD
    code, _ = _cli(tmp_path, d)
    assert code == 0
    from mtaudit.cli import cli

    (tmp_path / "report.json").write_text(json.dumps(d), encoding="utf-8")
    out = CliRunner().invoke(cli, ["render", str(tmp_path / "report.json"), "-f", "md"]).output
    assert_safe_markdown(out)
    assert "\\<img src=x onerror" in out
