"""Exact locations of flags on PO catalogs: each SARIF region holds exactly its snippet, in the
flagged unit's own msgstr (msgid for source-side flags), with escapes and multi-line strings;
no offset into mtaudit's joined document in any output; unit-aware fingerprints."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mtaudit.core.catalog_positions import PoIndex
from mtaudit.core.fingerprint import flag_fingerprints, pair_units
from mtaudit.core.types import AlignedPair, Flag, PairResult
from mtaudit.gate.baseline import Baseline, baseline_text
from mtaudit.gate.manifest import PairSpec
from mtaudit.gate.policy import Policy
from mtaudit.gate.runner import classify
from mtaudit.ingest import load_pair
from mtaudit.report import github
from mtaudit.report.checks import check_report
from mtaudit.report.model import AuditReport
from mtaudit.report.sarif import SarifFile, build_sarif

PO = r'''# A catalog
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: fr\n"

#: src/a.c:10
msgid "Open the file"
msgstr "Open the file"

#, c-format
msgid ""
"Usage: %s [OPTION]... FILE\n"
"Copy \"SOURCE\" to DEST.\n"
msgstr ""
"Utilisation : %s [OPTION]... FICHIER\n"
"Copier « SOURCE » vers \"DEST\" et the rest of this line.\n"

msgctxt "menu"
msgid "Open the file"
msgstr "  Ouvrir	le fichier\\x"

msgid "Empty"
msgstr ""

#~ msgid "Old"
#~ msgstr "Ancien"

msgid "last"
msgstr "dernier \"mot\""
'''

_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape_region(raw: str) -> str:
    """The unescaped text of a PO file region (literals joined across lines)."""
    raw = re.sub(r'"\s*\n\s*"', "", raw)
    return re.sub(r"\\(.)", lambda m: _ESC.get(m.group(1), m.group(0)), raw)


def _report(po: Path, spans: list[tuple[int, str, int, int]]) -> AuditReport:
    """A report on ``po`` with flags (pair, side, start, end) on the given spans."""
    loaded = load_pair(po, None, "en", "fr")
    assert loaded.beads is not None and loaded.source_segments and loaded.target_segments
    pairs = [AlignedPair.from_segments(i, loaded.source, loaded.target,
                                       tuple(loaded.source_segments[j] for j in b.src),
                                       tuple(loaded.target_segments[j] for j in b.tgt))
             for i, b in enumerate(loaded.beads)]
    flags: dict[int, list[Flag]] = {}
    for pi, side, a, b in spans:
        flags.setdefault(pi, []).append(Flag.on_pair(
            pairs[pi], a, b, category="untranslated", severity="minor", message="m",
            detector="t", side=side))
    results = tuple(PairResult(p, tuple(flags.get(p.index, ()))) for p in pairs)
    return AuditReport(loaded.source.meta(), loaded.target.meta(), results, {})


def _all_spans(report: AuditReport) -> list[tuple[int, str, int, int]]:
    out = []
    for r in report.results:
        p = r.pair
        for side, text in (("target", p.target_text), ("source", p.source_text)):
            n = len(text)
            for a, b in {(0, n), (0, min(n, 4)), (max(n - 5, 0), n), (n // 3, n // 2),
                         (n // 2, n // 2)}:
                out.append((p.index, side, a, b))
    return out


def _entry_field_spans(text: str) -> list[tuple[str, str, int, int]]:
    """(msgid text, field keyword, file start, file end) of every field of every entry."""
    out = []
    for e in PoIndex(text).entries:
        for key, f in e.fields.items():
            if f.starts:
                out.append((e.uid, key, f.starts[0], f.ends[-1]))
    return out


def test_sarif_regions_hold_their_snippet_in_the_right_field(tmp_path: Path) -> None:
    po = tmp_path / "c.fr.po"
    po.write_text(PO, encoding="utf-8")
    report = _report(po, [])
    report = _report(po, _all_spans(report))
    text = PO
    lines = text.split("\n")
    log = build_sarif([SarifFile(report)])
    results = log["runs"][0]["results"]
    assert len(results) == len(report.flags) > 20
    fields = _entry_field_spans(text)
    line_starts = [0]
    for ln in lines:
        line_starts.append(line_starts[-1] + len(ln) + 1)
    for res in results:
        region = res["locations"][0]["physicalLocation"]["region"]
        props = res["properties"]
        assert "docStart" not in props and "docEnd" not in props
        start = line_starts[region["startLine"] - 1] + region["startColumn"] - 1
        end = line_starts[region["endLine"] - 1] + region["endColumn"] - 1
        assert (start, end - start) == (region["charOffset"], region["charLength"])
        snippet = region["snippet"]["text"]
        assert text[start:end] == snippet
        flagged = props["flaggedText"]
        assert _unescape_region(snippet) == flagged
        # the region lies in the flagged unit's own field of the flag's side
        want = ("msgid",) if props["side"] == "source" else ("msgstr",)
        inside = [(uid, key) for uid, key, a, b in fields if a <= start and end <= b
                  and (start < b or a == b == start)]
        if flagged:
            assert inside and inside[0][1] in want, (flagged, inside)
            assert inside[0][0] == props["unit"]


def test_sarif_on_an_audited_catalog(tmp_path: Path) -> None:
    """A real audit of the catalog: every SARIF result has a line and holds its snippet."""
    from mtaudit.app.pipeline import audit

    po = tmp_path / "c.fr.po"
    po.write_text(PO, encoding="utf-8")
    report = audit(po, None, src_lang="en", tgt_lang="fr", embedder="none",
                   check_related=False)
    assert report.flags
    log = build_sarif([SarifFile(report)])
    line_starts = [0]
    for ln in PO.split("\n"):
        line_starts.append(line_starts[-1] + len(ln) + 1)
    for res in log["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert "startLine" in region, res
        start = line_starts[region["startLine"] - 1] + region["startColumn"] - 1
        assert PO[start:start + region["charLength"]] == region["snippet"]["text"]
    checked = check_report(report)
    for g in checked.flags:
        assert re.fullmatch(r".+:\d+:\d+", g.location()), g.location()
    out = github.render(report)
    assert "@" not in "".join(re.findall(r"file=[^,]*", out))
    assert re.search(r",line=\d+,col=\d+", out)
    from mtaudit.report import terminal

    shown = terminal.render(report, color=False, width=200)
    assert re.search(r"c\.fr\.po:\d+:\d+", shown)


def test_fingerprints_include_the_unit(tmp_path: Path) -> None:
    """Two units share a flag text: baselining one does not hide a new flag on the other."""
    po = tmp_path / "c.fr.po"
    po.write_text(PO, encoding="utf-8")
    base = _report(po, [])
    # unit 0 and unit 2 both have the text "Open the file" on the source side
    old = _report(po, [(0, "source", 0, 4)])
    new = _report(po, [(2, "source", 0, 4)])
    assert old.flags[0].text == new.flags[0].text
    fp_old = flag_fingerprints(old.flags, pair_units(old.results))
    fp_new = flag_fingerprints(new.flags, pair_units(new.results))
    assert fp_old != fp_new
    spec = PairSpec(str(po), None)
    known = classify(old, spec, Policy(), Baseline(), None, None)
    text, n = baseline_text({spec.key: [(g.fingerprint, g.flag) for g in known]})
    bl_path = tmp_path / "b.json"
    bl_path.write_text(text, encoding="utf-8")
    baseline = Baseline.load(bl_path)
    assert [g.status for g in classify(old, spec, Policy(), baseline, None, None)] == \
        ["baselined"]
    assert [g.status for g in classify(new, spec, Policy(), baseline, None, None)] == ["new"]
    assert json.loads(text)["version"] == 2 and n == 1
    assert len(base.results) == 5


def test_documents_keep_their_fingerprints() -> None:
    from mtaudit.core.types import Document, Segment

    src, tgt = Document("a b", "en"), Document("x y", "fr")
    pair = AlignedPair.from_segments(0, src, tgt, (Segment("a b", 0, 3),),
                                     (Segment("x y", 0, 3),))
    f = Flag.on_pair(pair, 0, 1, category="name", severity="minor", message="m",
                     detector="names")
    assert pair_units([PairResult(pair, (f,))]) == {}
    assert flag_fingerprints([f], {}) == flag_fingerprints([f])
