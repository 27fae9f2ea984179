"""A small hand-built AuditReport for renderer and gate tests (no pipeline, no models)."""

from __future__ import annotations

from pathlib import Path

from mtaudit.core.types import AlignedPair, Document, Flag, PairResult, Segment
from mtaudit.report.model import AuditReport

SOURCE = ("قال المتحدث إن الاجتماع سيعقد في موسكو.\n\n"
          "وأضاف أن الوفد سيصل يوم الاثنين.\n"
          "وقال بورتنيكوف إن التعاون مستمر.\n")
TARGET = ("Le porte-parole a dit que la réunion aura lieu à Moscou <script>alert(1)</script>.\n\n"
          "He added that the delegation will arrive on Monday.\n"
          "Portnikov a dit que [la coopération](http://evil.example/x) continue @someone | a.\n")


def _segments(text: str) -> list[Segment]:
    segs, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            segs.append(Segment(line, pos, pos + len(line), len(segs), i))
        pos += len(line) + 1
    return segs


def make_report(folder: Path | None = None, *, src_name: str = "src.ar.txt",
                tgt_name: str = "tgt.fr.txt", target: str = TARGET,
                retranslation: str | None = None) -> AuditReport:
    """The report; with ``folder``, the two documents are written there (paths relative)."""
    if folder is not None:
        (folder / src_name).write_text(SOURCE, encoding="utf-8")
        (folder / tgt_name).write_text(target, encoding="utf-8")
    src = Document(SOURCE, "ar", src_name if folder is not None else None)
    tgt = Document(target, "fr", tgt_name if folder is not None else None)
    ss, ts = _segments(SOURCE), _segments(target)
    pairs = [AlignedPair.from_segments(i, src, tgt, (ss[i],), (ts[i],), 0.9) for i in range(3)]
    results = []
    for p in pairs:
        flags: list[Flag] = []
        t = p.target_text
        if "He added" in t:
            flags.append(Flag.on_pair(p, 0, len(t), category="untranslated", severity="major",
                                      message="English sentence left untranslated",
                                      detector="untranslated", suggestion="Il a ajouté…"))
            flags.append(Flag.on_pair(p, 3, 8, category="mistranslation", severity="minor",
                                      message="overlapping <b>minor</b> flag",
                                      detector="test"))
        if t.startswith("Portnikov"):
            flags.append(Flag.on_pair(p, 0, 9, category="name", severity="critical",
                                      message="name differs from the source: بورتنيكوف",
                                      detector="names", suggestion="Bortnikov"))
        if "<script>" in t:
            k = t.index("<script>")
            flags.append(Flag.on_pair(p, k, k + 25, category="addition", severity="minor",
                                      message='text with no source "<&>"', detector="test"))
            flags.append(Flag.on_pair(p, 0, 5, category="omission", severity="major",
                                      message="source words missing", detector="test",
                                      side="source"))
        results.append(PairResult(p, tuple(flags), retranslation, {"chrf": 55.5}, 0.8,
                                  {"score": 90.0}))
    return AuditReport(src.meta(), tgt.meta(), tuple(results),
                       {"mtaudit": "0.1.0", "pair": "ar-fr", "detectors": ["test"]},
                       {}, ("a notice <i>with</i> markup",), {"score": 85.0, "penalty": 15.0},
                       "2026-01-01T00:00:00+00:00")
