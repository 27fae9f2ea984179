"""Reference-mode name flags against human MQM spans (shared/bench/mqm/original).

For each rated system output, the human reference of the same segment (TED ``ref``, WMT23
en-de ``refA``) is given to the names detector as re-translation; every flag is checked against
the error spans raters marked in that output (any category, and Accuracy/Terminology/Spelling).
The base rate is the share of all name mentions (capitalised words) that lie in a marked span.
These sets have few transliterated names, so the figure mainly measures false alarms.

Run: ``.venv/bin/python bench/names_refmode.py [--bench-dir DIR]``; writes
``reports/bench_names_refmode.md``.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import tarfile
from collections import defaultdict
from pathlib import Path

from measure import results_caches_off

from mtaudit.core.atomic import write_text_atomic
from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.detectors.base import DetectorContext
from mtaudit.detectors.names import NamesDetector
from mtaudit.entities.extract import find_names_many

results_caches_off()

# The shared benchmark data beside the repository (../shared/bench); MTAUDIT_BENCH_DIR overrides.
SHARED = Path(os.environ.get("MTAUDIT_BENCH_DIR") or
              Path(__file__).resolve().parents[2] / "shared" / "bench")

SETS = [("ted/zhen/mqm_ted_zhen.tsv", "zh", "en", "ref"),
        ("ted/ende/mqm_ted_ende.tsv", "en", "de", "ref"),
        ("generalMT2023/ende/sxs_mqm_generalMT2023_ende.3ratingsPerSegment.tsv.tar.gz", "en", "de",
         "refA")]


def read_rows(path: Path):
    if path.name.endswith(".tar.gz"):
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith(".tsv"))
            text = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    else:
        text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader)
    for row in reader:  # both layouts start: system doc position segment rater source target
        system, _doc, _pos, seg, _rater, source, target, cat, sev = row[:9]
        yield system, seg, source, target, cat, sev


def evaluate(path: Path, src_lang: str, tgt_lang: str, ref_system: str) -> str:
    segs: dict[tuple[str, str], dict] = defaultdict(lambda: {"spans": []})
    for system, seg, source, target, cat, sev in read_rows(path):
        clean = target.replace("<v>", "").replace("</v>", "").replace("\n", " ")
        s = segs[(system, seg)]
        s["text"], s["source"] = clean, source.replace("<v>", "").replace("</v>", "")
        m = re.search(r"<v>(.*?)</v>", target)
        if m and sev not in ("No-error", "Neutral", "HOTW-test") and cat != "No-error":
            s["spans"].append((m.start(), m.start() + len(m.group(1)), cat))
    refs = {seg: v["text"] for (system, seg), v in segs.items() if system == ref_system}
    by_system: dict[str, list[dict]] = defaultdict(list)
    for (system, seg), v in sorted(segs.items()):
        if system != ref_system and seg in refs:
            by_system[system].append({**v, "ref": refs[seg]})
    det = NamesDetector(use_ner=False, consistency=False)
    n_flags = hit = hit_acc = n_mentions = m_hit = 0
    for items in by_system.values():
        src = Document("\n".join(i["source"].replace("\n", " ") for i in items), src_lang)
        tgt = Document("\n".join(i["text"] for i in items), tgt_lang)
        pairs, s0, t0 = [], 0, 0
        for k, i in enumerate(items):
            s, t = i["source"].replace("\n", " "), i["text"]
            pairs.append(AlignedPair.from_segments(k, src, tgt, (Segment(s, s0, s0 + len(s), k),),
                                                   (Segment(t, t0, t0 + len(t), k),)))
            s0, t0 = s0 + len(s) + 1, t0 + len(t) + 1
        ctx = DetectorContext(src, tgt, pairs, src_lang, tgt_lang,
                              retranslations=[i["ref"] for i in items],
                              retranslation_kind="reference")
        for f in det.run(ctx):
            over = [c for a, b, c in items[f.pair_index]["spans"] if a < f.end and b > f.start]
            n_flags += 1
            hit += bool(over)
            hit_acc += any(c.startswith(("Accuracy", "Terminology")) or "Spelling" in c
                           for c in over)
        for i, ms in zip(items, find_names_many([i["text"] for i in items], tgt_lang,
                                                use_ner=False), strict=True):
            n_mentions += len(ms)
            m_hit += sum(any(a < m.end and b > m.start for a, b, _ in i["spans"]) for m in ms)
    outputs = sum(len(v) for v in by_system.values())
    return (f"{path.name}: {outputs} outputs, {n_flags} flags, in a rater span {hit} "
            f"(accuracy/terminology/spelling {hit_acc}); base rate of name mentions in a span "
            f"{m_hit}/{n_mentions} = {m_hit / max(n_mentions, 1):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-dir", default=str(SHARED / "mqm" / "original"))
    args = ap.parse_args()
    lines = []
    for rel, src, tgt, ref in SETS:
        lines.append(evaluate(Path(args.bench_dir) / rel, src, tgt, ref))
        print(lines[-1])
    out = Path(__file__).resolve().parent.parent / "reports" / "bench_names_refmode.md"
    head = ["# Names, reference mode, against human MQM spans", "",
            "Generated by `bench/names_refmode.py` (do not edit by hand). Each rated system "
            "output is audited by the names detector with the human reference as "
            "re-translation; a flag counts as a hit when it overlaps a span the raters marked. "
            "These sets have few transliterated names: the figures mainly measure false alarms.",
            ""]
    write_text_atomic(out, "\n".join(head + [f"- {line}" for line in lines]) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
