"""Benchmark the untranslated detector against human MQM labels (shared/bench/mqm).

Gold: ``has_untranslated_strict`` (Accuracy/Untranslated or Accuracy/Source language
fragment, any rater) and the ``untranslated_spans`` strings, for en->de (WMT23 side-by-side,
WMT21 TED) and zh->en (WMT23, WMT21 TED). One row = one system output for one segment; the
duplicated GPT4-5shot side-by-side rows are dropped (same system prefix, same segment, same
text).

Split: a document is **dev** when ``sha1(doc) % 3 == 0``, else **test**. Detector options and
the baseline's run length are tuned on dev (pooled over the files of each language pair:
F1 of segment-level detection), and everything is reported on test.

Measured per file (test):
* segment-level precision / recall / F1 (a segment is predicted positive when it gets a flag);
* gold-span recall: gold spans (found in the target text) overlapped by a flag, all spans and
  spans of >= 3 words;
* flag precision: flags that overlap a gold span.

Baseline "copy-from-source": flag maximal runs of >= k target words (words with a letter)
copied verbatim from the source.

Run: ``.venv/bin/python bench/untranslated_mqm.py [--bench-dir DIR] [--out FILE]``.
Writes the report atomically (mtaudit.core.atomic) and prints it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import results_caches_off  # noqa: E402 (bench/measure.py)

from mtaudit.core.atomic import write_text_atomic  # noqa: E402

results_caches_off()

# The shared benchmark data beside the repository (../shared/bench); MTAUDIT_BENCH_DIR overrides.
SHARED = Path(os.environ.get("MTAUDIT_BENCH_DIR") or
              Path(__file__).resolve().parents[2] / "shared" / "bench")

FILES: tuple[tuple[str, str, str], ...] = (
    ("wmt23_ende_sxs", "en", "de"), ("wmt21_ted_ende", "en", "de"),
    ("wmt23_zhen_sxs", "zh", "en"), ("wmt21_ted_zhen", "zh", "en"),
)
GRID: dict[str, tuple] = {
    "min_words": (3, 4),  # 2 flags two-word names ("beIN Stream") in French news
    "min_confidence": (0.7, 0.8, 0.9),
    "name_min_confidence": (0.9, 0.95, 0.98, 1.01),
    "name_like_share": (0.5, 0.6, 0.75),
}
_WORDISH = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass
class Row:
    file: str
    doc: str
    source: str
    target: str
    gold: bool
    spans: list[str]
    src_lang: str
    tgt_lang: str
    dev: bool


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    gold_spans: int = 0
    gold_hit: int = 0
    gold3: int = 0
    gold3_hit: int = 0
    flags: int = 0
    flags_on_gold: int = 0
    false_pos: list[str] = field(default_factory=list)
    missed3: list[str] = field(default_factory=list)

    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f1(self) -> float:
        p, r = self.p(), self.r()
        return 2 * p * r / (p + r) if p + r else 0.0


def load_rows(bench: Path) -> list[Row]:
    rows: list[Row] = []
    csv.field_size_limit(10**7)
    for name, sl, tl in FILES:
        seen: set[tuple[str, str, str]] = set()
        with open(bench / f"{name}.tsv", encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                key = (r["seg_id"], r["target"], r["system"].split("_with_")[0])
                if key in seen:
                    continue
                seen.add(key)
                spans = [s.strip() for s in r["untranslated_spans"].split("|||") if s.strip()]
                dev = int(hashlib.sha1(r["doc"].encode()).hexdigest(), 16) % 3 == 0
                rows.append(Row(name, r["doc"], r["source"], r["target"],
                                r["has_untranslated_strict"] == "1", spans, sl, tl, dev))
    return rows


def locate(text: str, span: str) -> list[tuple[int, int]]:
    out, i = [], text.find(span)
    while i >= 0:
        out.append((i, i + len(span)))
        i = text.find(span, i + 1)
    return out


def score(rows: Iterable[Row], predict: Callable[[Row], list[tuple[int, int]]]) -> Scores:
    sc = Scores()
    for row in rows:
        flags = predict(row)
        pred = bool(flags)
        if pred and row.gold:
            sc.tp += 1
        elif pred:
            sc.fp += 1
        elif row.gold:
            sc.fn += 1
        else:
            sc.tn += 1
        gold_ranges = []
        if row.gold:
            for span in row.spans:
                occ = locate(row.target, span)
                if not occ:
                    continue
                gold_ranges.extend(occ)
                hit = any(a < fb and fa < b for a, b in occ for fa, fb in flags)
                sc.gold_spans += 1
                sc.gold_hit += hit
                if len(span.split()) >= 3:
                    sc.gold3 += 1
                    sc.gold3_hit += hit
                    if not hit:
                        sc.missed3.append(span)
        for fa, fb in flags:
            sc.flags += 1
            if any(a < fb and fa < b for a, b in gold_ranges):
                sc.flags_on_gold += 1
            else:
                sc.false_pos.append(row.target[fa:fb])
    return sc


# ----- the detector -------------------------------------------------------------------------------

class DetectorRunner:
    """Runs UntranslatedDetector on one row at a time, with lingua results cached across
    option settings (the options only filter what lingua found)."""

    def __init__(self) -> None:
        import mtaudit.analysis.langid as langid
        from mtaudit.analysis.segment import segment
        from mtaudit.detectors import untranslated as ut

        cached_spans = _memo(langid.language_spans)
        ut_conf = ut.UntranslatedDetector._confidence
        conf_cache: dict[tuple, float] = {}

        def conf(self_, span, lang, langs, other_script):  # type: ignore[no-untyped-def]
            key = (span, lang, langs, other_script)
            if key not in conf_cache:
                conf_cache[key] = ut_conf(self_, span, lang, langs, other_script)
            return conf_cache[key]

        langid.language_spans = cached_spans  # type: ignore[assignment]
        ut.UntranslatedDetector._confidence = conf  # type: ignore[method-assign]
        self._segment = _memo(segment)
        self._ut = ut

    def predict(self, options: dict) -> Callable[[Row], list[tuple[int, int]]]:
        from mtaudit.core.types import AlignedPair, Document, Segment
        from mtaudit.detectors.base import DetectorContext, Setup

        det = self._ut.UntranslatedDetector(**options)
        prepared: dict[tuple[str, str], object] = {}  # prepared once per language pair

        def run(row: Row) -> list[tuple[int, int]]:
            src, tgt = Document(row.source, row.src_lang), Document(row.target, row.tgt_lang)
            segs = tuple(self._segment(row.target, row.tgt_lang))
            if not segs:
                return []
            pair = AlignedPair.from_segments(0, src, tgt,
                                             (Segment(row.source, 0, len(row.source)),), segs)
            ctx = DetectorContext(src, tgt, [pair], row.src_lang, row.tgt_lang)
            key = (row.src_lang, row.tgt_lang)
            if key not in prepared:
                prepared[key] = det.prepare(Setup(*key))
            return [(f.doc_start, f.doc_end) for f in det.detect_pair(pair, ctx, prepared[key])]

        return run


def _memo(fn: Callable) -> Callable:
    cache: dict = {}

    def wrapped(*args):  # type: ignore[no-untyped-def]
        key = tuple(tuple(a) if isinstance(a, list) else a for a in args)
        if key not in cache:
            cache[key] = fn(*args)
        return cache[key]

    return wrapped


# ----- the baseline ----------------------------------------------------------------------------

def copy_baseline(k: int) -> Callable[[Row], list[tuple[int, int]]]:
    def run(row: Row) -> list[tuple[int, int]]:
        src = row.source
        src_words = " " + " ".join(_WORDISH.findall(src)) + " "
        toks = [m for m in _WORDISH.finditer(row.target) if any(c.isalpha() for c in m.group())]
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            j = i
            while j < len(toks):
                cand = " ".join(t.group() for t in toks[i:j + 1])
                ok = cand in src if _CJK.search(cand) else f" {cand} " in src_words
                if not ok:
                    break
                j += 1
            if j - i >= k:
                out.append((toks[i].start(), toks[j - 1].end()))
            i = max(j, i + 1)
        return out

    return run


# ----- report ------------------------------------------------------------------------------------

def fmt_row(label: str, sc: Scores) -> str:
    fp = sc.flags - sc.flags_on_gold
    return (f"| {label} | {sc.tp + sc.fn} | {sc.tp + sc.fp} | {sc.p():.3f} | {sc.r():.3f} | "
            f"{sc.f1():.3f} | {sc.gold_hit}/{sc.gold_spans} | {sc.gold3_hit}/{sc.gold3} | "
            f"{sc.flags_on_gold}/{sc.flags} ({fp} off gold) |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, default=SHARED / "mqm")
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "bench_untranslated.md")
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = load_rows(args.bench_dir)
    runner = DetectorRunner()
    from mtaudit.detectors.untranslated import UntranslatedDetector

    defaults = UntranslatedDetector.Options().as_dict()
    pairs = sorted({(r.src_lang, r.tgt_lang) for r in rows})
    lines = ["# Untranslated-text detector vs human MQM labels", "",
             "Generated by `bench/untranslated_mqm.py` (do not edit by hand). Gold: "
             "`has_untranslated_strict` and `untranslated_spans` of ../shared/bench/mqm "
             "(see its README). Split by document: dev = sha1(doc) % 3 == 0, test = the rest. "
             "Tuning on dev only (segment-level F1 pooled per language pair); figures below "
             "are on **test**.", ""]
    tuned: dict[tuple[str, str], dict] = {}
    tuned_k: dict[tuple[str, str], int] = {}
    lines += ["## Tuning on dev", "",
              f"Grid: `{GRID}` (min_words stays ≥ 3: at 2 the detector flags two-word names "
              "such as 'beIN Stream' in French news, which the design must not).", ""]
    for sl, tl in pairs:
        dev = [r for r in rows if r.dev and (r.src_lang, r.tgt_lang) == (sl, tl)]
        best = None
        for values in itertools.product(*GRID.values()):
            opts = dict(zip(GRID, values, strict=True))
            sc = score(dev, runner.predict(opts))
            if best is None or sc.f1() > best[0] + 1e-9:
                best = (sc.f1(), opts, sc)
        assert best is not None
        tuned[(sl, tl)] = best[1]
        ks = {k: score(dev, copy_baseline(k)) for k in (1, 2, 3, 4)}
        tuned_k[(sl, tl)] = max(ks, key=lambda k: ks[k].f1())
        d_sc = score(dev, runner.predict({}))
        lines.append(f"- {sl}→{tl} ({len(dev)} dev rows, {sum(r.gold for r in dev)} positive): "
                     f"best detector options {best[1]} → dev F1 {best[0]:.3f} "
                     f"(shipped defaults: dev F1 {d_sc.f1():.3f}); "
                     f"baseline best k = {tuned_k[(sl, tl)]} → dev F1 "
                     f"{ks[tuned_k[(sl, tl)]].f1():.3f}")
    lines += ["", f"Shipped defaults: `{defaults}`", "", "## Test", "",
              "| system | gold + | pred + | P | R | F1 | gold spans hit | gold spans ≥3 words "
              "hit | flags on a gold span |", "|---|---|---|---|---|---|---|---|---|"]
    fps: dict[str, tuple[list[str], list[str]]] = {}
    for name, sl, tl in FILES:
        test = [r for r in rows if not r.dev and r.file == name]
        lines.append(f"| **{name}** ({sl}→{tl}, {len(test)} rows) | | | | | | | | |")
        d = score(test, runner.predict({}))
        t = score(test, runner.predict(tuned[(sl, tl)]))
        b = score(test, copy_baseline(tuned_k[(sl, tl)]))
        b1 = score(test, copy_baseline(1))
        lines += [fmt_row("detector, shipped defaults", d), fmt_row("detector, dev-tuned", t),
                  fmt_row(f"copy-from-source baseline, k={tuned_k[(sl, tl)]} (dev-tuned)", b)]
        if tuned_k[(sl, tl)] != 1:
            lines.append(fmt_row("copy-from-source baseline, k=1", b1))
        fps[name] = (d.false_pos, d.missed3)
    lines += ["", "## Flags off the gold spans (shipped defaults, test; distinct spans, "
              "most frequent first)", ""]
    for name, (items, _missed) in fps.items():
        if items:
            top = Counter(x[:80] for x in items).most_common(20)
            shown = "; ".join(f"`{x}`" + (f" ×{c}" if c > 1 else "") for x, c in top)
            lines.append(f"- {name} ({len(items)} flags, {len(set(items))} distinct): {shown}")
    lines += ["", "## Gold spans of ≥ 3 words missed (shipped defaults, test)", ""]
    for name, (_, missed) in fps.items():
        if missed:
            lines.append(f"- {name}: " + "; ".join(f"`{x[:80]}`" for x in sorted(set(missed))))
    lines += ["", "## Reading the figures", "",
              "- Segment-level F1 against these labels is low for every method: most gold "
              "spans are single names or acronyms left as is (en→de) or romanised names and "
              "digits (zh→en), which this detector deliberately does not flag (a name left as "
              "is is usually correct), while the copy-from-source baseline flags every copied "
              "name. Recall on gold spans of ≥ 3 words and the flags off the gold spans are "
              "the informative columns.",
              "- Most flags off the gold spans are English institution names and titles made "
              "of ordinary words, left in English in German output (minor, 'name or title "
              "left as is'); raters labelled the same kind of span elsewhere, so many are "
              "label misses rather than detector errors. Judge them from the list above.",
              "- zh→en: Chinese characters left in English are found by script alone; the "
              "test split has almost none, so its row says little.",
              ""]
    lines += ["", f"Runtime: {time.time() - t0:.0f} s on this machine.", ""]
    text = "\n".join(lines)
    write_text_atomic(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
