"""The HTML report in a real browser (headless Chromium): scripts run, spans are highlighted."""

from __future__ import annotations

import os
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_fixtures import make_report

from mtaudit.report import render

# The Chromium driver is a development script, not part of the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshot import dump_dom, find_chromium, screenshot

if find_chromium() is None:
    if os.environ.get("CI"):
        pytest.fail("headless Chromium is required in CI (apt-get install chromium)",
                    pytrace=False)
    pytestmark = pytest.mark.skip(reason="chromium not installed (apt-get install chromium)")


class _DomMarks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.body: dict[str, str | None] = {}
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self._cur: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.body = dict(attrs)
        if tag == "mark":
            self._cur, self._text = dict(attrs), ""

    def handle_data(self, data: str) -> None:
        if self._cur is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._cur is not None:
            self.marks.append((self._cur, self._text))
            self._cur = None


def test_chromium_renders_highlighted_spans(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = make_report(tmp_path)
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    dom = _DomMarks()
    dom.feed(dump_dom(page))
    # the filter script ran despite the strict CSP (it is allowed by its hash) ...
    assert dom.body.get("data-filters") == "ready"
    texts = {t for _, t in dom.marks}
    assert {"Portnikov", "<script>alert(1)</script>", "added", "قال ا"} <= texts
    # ... and left every flag visible (all filters checked)
    assert not any("off" in (a.get("class") or "").split() for a, _ in dom.marks)
    assert all(a.get("title") for a, _ in dom.marks)
    png = tmp_path / "shot.png"
    screenshot(page, png, width=900, height=600)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_filters_hide_unchecked_severities(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # the page opens with "minor" unticked and "only flagged pairs" ticked
    html = render(make_report(tmp_path), "html", hide_severities=("minor",), only_flagged=True)
    assert 'value="minor">' in html and 'id="only-flagged" checked>' in html
    page = tmp_path / "filtered.html"
    page.write_text(html, encoding="utf-8")
    dom_text = dump_dom(page)
    dom = _DomMarks()
    dom.feed(dom_text)
    state = {t: "off" in (a.get("class") or "").split() for a, t in dom.marks}
    assert state["<script>alert(1)</script>"] is True   # minor only: switched off
    assert state["Portnikov"] is False                   # critical: still lit
    assert state["added"] is False                       # minor overlapping a major: still lit
    assert 'id="shown-count">3<' in dom_text             # every pair has a major+ flag


def test_committed_seed_report_in_chromium() -> None:
    import json

    from mtaudit.report.model import AuditReport

    reports = Path(__file__).resolve().parent.parent / "reports"
    report = AuditReport.from_dict(
        json.loads((reports / "seed_report.json").read_text(encoding="utf-8")))
    dom = _DomMarks()
    dom.feed(dump_dom(reports / "seed_report.html"))
    assert dom.body.get("data-filters") == "ready"
    lit = {fid for a, _ in dom.marks for fid in (a.get("data-flags") or "").split()}
    spans = [f"f{i}" for i, f in enumerate(report.flags) if f.end > f.start]
    assert spans and set(spans) <= lit  # every flagged span is highlighted
    marked = "".join(t for _, t in dom.marks)  # document order: split pieces stay adjacent
    untranslated = [f.text for f in report.flags if f.category == "untranslated"]
    assert untranslated and all(t in marked for t in untranslated)
