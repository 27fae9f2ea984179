#!/usr/bin/env python3
"""Sentence-alignment benchmark on Bleualign Text+Berg de–fr (vecalign's test split).

Scores with the strict/lax precision/recall/F1 of Sennrich & Volk (2010) as defined by vecalign:
precision is over all predicted beads (0-1/1-0 included), recall over gold beads with both sides
non-empty (against predicted beads with both sides non-empty); a bead is strictly correct when an
identical bead is in the reference; laxly correct when some (source, target) sentence pair inside
it is also paired by a reference bead. Counts are summed over files (micro average).

Usage: python bench/align_textberg.py [--data DIR] [--out FILE.md] [--files test0 ...]
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/measure.py, also when imported
from measure import results_caches_off

results_caches_off()

# The shared benchmark data beside the repository (../shared/bench); MTAUDIT_BENCH_DIR overrides.
SHARED = Path(os.environ.get("MTAUDIT_BENCH_DIR") or
              Path(__file__).resolve().parents[2] / "shared" / "bench")

DATA = SHARED / "align" / "bleualign_textberg_de_fr"
TEST_FILES = [f"test{i}" for i in range(7)]
ROOT = Path(__file__).resolve().parent.parent

Bead = tuple[tuple[int, ...], tuple[int, ...]]

# Numbers quoted from ../shared/FINDINGS.md (prototype) and the vecalign / bertalign papers.
QUOTED = [
    ("FINDINGS prototype: USE, summed cosines + GC length, full DP", 0.899, 0.924, 0.911, 0.978),
    ("published: vecalign (LASER)", None, None, 0.902, 0.986),
    ("published: bertalign (LaBSE)", None, None, 0.936, 0.989),
]

# Configurations tuned on dev but not adopted as defaults, scored once on test for the record.
# Their code (lexical anchors, bootstrapped word translations) has since been removed, so they
# are no longer run: these are the test figures as measured then (strict P/R/F1, lax P/R/F1).
REMOVED_CANDIDATES = [
    ("round-2 candidate, not adopted: lexical anchors + beads up to n+m=6 (dev-tuned; "
     "measured with code since removed)", (0.901, 0.900, 0.901, 0.978, 0.987, 0.982)),
    ("round-3 candidate, not adopted: bootstrapped IBM-1 word translations (dev-tuned; "
     "measured with code since removed)", (0.905, 0.911, 0.908, 0.972, 0.987, 0.980)),
]


CACHE_DIR = ROOT / "bench" / ".data" / "embcache"


class DiskCachedEmbedder:
    """Wrap an embedder with a disk cache keyed by text (``bench/.data/embcache/``, gitignored):
    the tuning loops and reruns of this benchmark are then DP runs only. Same vectors as the
    wrapped embedder (its own cache is keyed the same way)."""

    def __init__(self, inner, cache_dir: Path = CACHE_DIR) -> None:
        import hashlib
        import pickle

        self.inner = inner
        self.name = getattr(inner, "name", "embedder")
        self.signature = inner.signature
        tag = hashlib.sha256(inner.signature.encode("utf-8")).hexdigest()[:12]
        self.path = cache_dir / f"{tag}.pkl"
        self._store: dict = {}
        if self.path.exists():
            with self.path.open("rb") as fh:
                self._store = pickle.load(fh)  # our own cache file
        self._dirty = False
        if getattr(inner, "join_vectors", None) is not None:  # joins from token features
            self.join_vectors = inner.join_vectors

    def encode(self, texts):
        import numpy as np

        todo = list(dict.fromkeys(t for t in texts if t not in self._store))
        if todo:
            self._store.update(zip(todo, self.inner.encode(todo), strict=True))
            self._dirty = True
        if not texts:
            return self.inner.encode([])
        return np.stack([self._store[t] for t in texts])

    def save(self) -> None:
        import pickle

        if self._dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(self._store, fh)
            tmp.replace(self.path)
            self._dirty = False


def read_lines(path: Path) -> list[str]:
    """One sentence per line (line numbers are the gold indices; no stripping of lines)."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def read_gold(path: Path) -> list[Bead]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            src, tgt = line.split(":")
            beads.append((tuple(ast.literal_eval(src)), tuple(ast.literal_eval(tgt))))
    return beads


def _key(b: Bead) -> tuple[frozenset, frozenset]:
    return frozenset(b[0]), frozenset(b[1])


def _counts(reference: list[Bead], predicted: list[Bead]) -> tuple[int, int, int, int]:
    """(strict right, strict wrong, lax right, lax wrong) of ``predicted`` vs ``reference``."""
    ref = {_key(b) for b in reference if b[0] or b[1]}
    paired: dict[int, set[int]] = defaultdict(set)
    for s, t in reference:
        for i in s:
            paired[i].update(t)
    sc = sw = lc = lw = 0
    for b in {_key(b) for b in predicted if b[0] or b[1]}:
        if b in ref:
            sc += 1
            lc += 1
            continue
        sw += 1
        linked = set().union(*(paired[i] for i in b[0])) if b[0] else set()
        if linked & b[1]:
            lc += 1
        else:
            lw += 1
    return sc, sw, lc, lw


@dataclass
class Counts:
    p: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    r: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    def add(self, gold: list[Bead], test: list[Bead]) -> None:
        for k, v in enumerate(_counts(gold, test)):
            self.p[k] += v
        both = [b for b in test if b[0] and b[1]]
        gold_both = [b for b in gold if b[0] and b[1]]
        for k, v in enumerate(_counts(both, gold_both)):
            self.r[k] += v

    def scores(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / (a + b) if a + b else 0.0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        ps, pl = ratio(self.p[0], self.p[1]), ratio(self.p[2], self.p[3])
        rs, rl = ratio(self.r[0], self.r[1]), ratio(self.r[2], self.r[3])
        return {"p_strict": ps, "r_strict": rs, "f1_strict": f1(ps, rs),
                "p_lax": pl, "r_lax": rl, "f1_lax": f1(pl, rl)}


def load(name: str, data: Path = DATA) -> tuple[list[str], list[str], list[Bead]]:
    return (read_lines(data / f"{name}.de"), read_lines(data / f"{name}.fr"),
            read_gold(data / f"{name}.defr"))


def run(names: list[str], config, embedder, data: Path = DATA) -> dict:
    """Align each file; return per-file and overall scores, timings and (bead, correct) pairs."""
    from mtaudit.align import align, embed_side

    total = Counts()
    per_file = {}
    emb_s, dp_s, calib = [], [], []
    for name in names:
        src, tgt, gold = load(name, data)
        t0 = time.perf_counter()
        if embedder is not None:
            embed_side(src, embedder, config.max_bead)
            embed_side(tgt, embedder, config.max_bead)
        t1 = time.perf_counter()
        beads = align(src, tgt, embedder=embedder, config=config)
        t2 = time.perf_counter()
        emb_s.append(t1 - t0)
        dp_s.append(t2 - t1)
        test = [(b.src, b.tgt) for b in beads]
        c = Counts()
        c.add(gold, test)
        total.add(gold, test)
        per_file[name] = c.scores()
        gold_keys = {_key(g) for g in gold}
        calib += [(b.confidence, _key((b.src, b.tgt)) in gold_keys) for b in beads]
    return {"files": per_file, "overall": total.scores(), "embed_s": emb_s, "dp_s": dp_s,
            "calibration": calib}


def run_bertalign(names: list[str], embedder, data: Path = DATA) -> dict:
    """Overall scores of the bertalign re-implementation (bench/bertalign_reimpl.py)."""
    from bertalign_reimpl import align as bertalign

    total = Counts()
    for name in names:
        src, tgt, gold = load(name, data)
        total.add(gold, bertalign(src, tgt, embedder))
    return total.scores()


def calibration_table(pairs: list[tuple[float, bool]]) -> list[tuple[str, int, float, float]]:
    bins = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01)]
    out = []
    for lo, hi in bins:
        sel = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if sel:
            out.append((f"[{lo:.2f}, {min(hi, 1.0):.2f}{')' if hi < 1 else ']'}", len(sel),
                        statistics.mean(c for c, _ in sel),
                        sum(ok for _, ok in sel) / len(sel)))
    return out


def scaling(config, embedder, reps: int, data: Path = DATA) -> dict:
    """Synthetic large pair: dev + test0-6 concatenated ``reps`` times (gold offsets shifted).

    Embeddings come from the cache filled by the per-file runs, so the time is DP only (bead
    costs, coarse-to-fine search, confidences); quality is scored against the shifted gold.
    """
    from mtaudit.align import align

    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    for _ in range(reps):
        for name in ["dev", *TEST_FILES]:
            s, t, g = load(name, data)
            gold += [(tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b))
                     for a, b in g]
            src += s
            tgt += t
    t0 = time.perf_counter()
    beads = align(src, tgt, embedder=embedder, config=config)
    dp = time.perf_counter() - t0
    c = Counts()
    c.add(gold, [(b.src, b.tgt) for b in beads])
    return {"n_src": len(src), "n_tgt": len(tgt), "dp_s": dp, "scores": c.scores()}


class _Counting:
    """Counts the characters an embedder is asked to embed."""

    def __init__(self, inner, features: bool = False) -> None:
        self.inner, self.signature, self.chars = inner, inner.signature, 0
        if features and getattr(inner, "join_vectors", None) is not None:
            self.join_vectors = inner.join_vectors  # joins from token features (USE)

    def encode(self, texts):
        self.chars += sum(map(len, texts))
        return self.inner.encode(texts)


def joins_rows(config, embedder, files: list[str], data: Path = DATA) -> list[str]:
    """Rows of the joins table: dev and the test files, refine against exact."""
    from dataclasses import replace

    from mtaudit.align import align

    rows = []
    for label, names in (("dev", ["dev"]), ("test0–6", files)):
        for mode in ("token features", "refine", "exact"):
            counting = _Counting(embedder, features=mode == "token features")
            total, chars = Counts(), 0
            cfg = config if mode == "token features" else replace(config, joins=mode)
            for name in names:
                src, tgt, gold = load(name, data)
                chars += sum(map(len, src + tgt))
                beads = align(src, tgt, embedder=counting, config=cfg)
                total.add(gold, [(b.src, b.tgt) for b in beads])
            s = total.scores()
            rows.append(f"| {label} | {mode} | {s['f1_strict']:.4f} | {s['f1_lax']:.4f} | "
                        f"{counting.chars / chars:.2f}× |")
    return rows


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


_SCORE_KEYS = ("p_strict", "r_strict", "f1_strict", "p_lax", "r_lax", "f1_lax")


def _row(name: str, s: dict) -> str:
    return (f"| {name} | {s['p_strict']:.3f} | {s['r_strict']:.3f} | {s['f1_strict']:.3f} "
            f"| {s['p_lax']:.3f} | {s['r_lax']:.3f} | {s['f1_lax']:.3f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "bench_align.md")
    ap.add_argument("--files", nargs="*", default=TEST_FILES)
    ap.add_argument("--embedder", default="use")
    ap.add_argument("--reps", type=int, default=7, help="copies in the synthetic large pair")
    ap.add_argument("--no-disk-cache", action="store_true",
                    help="embed afresh (honest embedding times) instead of bench/.data/embcache")
    args = ap.parse_args(argv)

    from mtaudit.align import AlignConfig, align_signature, embed_side
    from mtaudit.core.atomic import write_text_atomic
    from mtaudit.embed import get_embedder

    cfg = AlignConfig()
    t0 = time.perf_counter()
    emb = get_embedder(args.embedder)
    load_s = time.perf_counter() - t0
    if not args.no_disk_cache:
        emb = DiskCachedEmbedder(emb)
    ours = run(args.files, cfg, emb, args.data)
    bert = run_bertalign(args.files, emb, args.data)
    gc = run(args.files, cfg, None, args.data)
    n_sents = sum(len(load(n, args.data)[0]) + len(load(n, args.data)[1]) for n in args.files)
    rate = sum(ours["embed_s"]) / n_sents
    t0 = time.perf_counter()
    dev_src, dev_tgt, _ = load("dev", args.data)
    embed_side(dev_src, emb, cfg.max_bead)
    embed_side(dev_tgt, emb, cfg.max_bead)
    big = scaling(cfg, emb, args.reps, args.data)
    joins = joins_rows(cfg, emb, args.files, args.data)
    if isinstance(emb, DiskCachedEmbedder):
        emb.save()

    lines = [
        "# Sentence alignment: Bleualign Text+Berg de–fr (test0–test6)",
        "",
        "Generated by `bench/align_textberg.py` (do not edit by hand). Scorer: vecalign's "
        "definition of Sennrich & Volk (2010) strict/lax P/R/F1, re-implemented from the "
        "definition; counts summed over files. Parameters tuned on `dev` only, and from round 4 "
        "also on quran-json ar–fr chapters 2, 3, 4, 7 (see below). "
        "Timings on the shared 2-core machine (other jobs running), one thread.",
        "",
        f"Signature: `{align_signature(cfg, emb)}`",
        "",
        "## Overall (test0–test6: 991 de / 1011 fr sentences, 916 gold beads)",
        "",
        "| method | strict P | strict R | strict F1 | lax P | lax R | lax F1 |",
        "|---|---|---|---|---|---|---|",
        _row(f"**mtaudit align, {emb.signature}**", ours["overall"]),
        _row("Gale–Church length only (mtaudit, `embedder=None`)", gc["overall"]),
        _row(f"bertalign algorithm, re-implemented (`bench/bertalign_reimpl.py`), "
             f"{emb.signature} in place of LaBSE, its defaults (skip −0.1)", bert),
        *(_row(label, dict(zip(_SCORE_KEYS, scores, strict=True)))
          for label, scores in REMOVED_CANDIDATES),
    ]
    for name, p, r, f, lf in QUOTED:
        lines.append(f"| {name} (quoted) | {_fmt(p)} | {_fmt(r)} | {_fmt(f)} | | | {_fmt(lf)} |")
    lines += ["", "Goal (issue 13) is strict F1 ≥ 0.94 and lax F1 ≥ 0.99: not reached.", "",
              "## Per file", "",
              "| file | de | fr | strict F1 | lax F1 | Gale–Church strict F1 | lax F1 "
              "| embed s | joins + DP s |", "|---|---|---|---|---|---|---|---|---|"]
    for k, name in enumerate(args.files):
        src, tgt, _ = load(name, args.data)
        o, g = ours["files"][name], gc["files"][name]
        lines.append(f"| {name} | {len(src)} | {len(tgt)} | {o['f1_strict']:.3f} | "
                     f"{o['f1_lax']:.3f} | {g['f1_strict']:.3f} | {g['f1_lax']:.3f} | "
                     f"{ours['embed_s'][k]:.2f} | {ours['dp_s'][k]:.3f} |")
    bs = big["scores"]
    cache_note = ("cold cache" if args.no_disk_cache else "served from the disk cache "
                  "bench/.data/embcache, so near 0: run with --no-disk-cache for embedding times")
    lines += [
        "", "## Time", "",
        f"- Median seconds per test file: embedding {statistics.median(ours['embed_s']):.2f} s "
        f"({cache_note}; the timed runs embed every run of 1..{cfg.max_bead} consecutive "
        "sentences first, to fill the cache), "
        f"joins from USE token features + DP + confidences "
        f"{statistics.median(ours['dp_s']):.3f} s; Gale–Church only "
        f"{statistics.median(gc['dp_s']):.3f} s. Embedder load {load_s:.2f} s (once).",
        f"- Embedding rate: {1000 * rate:.1f} ms per sentence (all its joins included).",
        f"- Synthetic large pair (dev + test0–6 concatenated {args.reps}×, "
        f"{big['n_src']:,} × {big['n_tgt']:,} sentences, coarse-to-fine band): "
        f"**joins from USE token features + DP + confidences {big['dp_s']:.2f} s**; " + (
            f"embedding it from scratch would take about "
            f"{rate * (big['n_src'] + big['n_tgt']):.0f} s at the rate above (extrapolated: the "
            f"copies repeat sentences, which the embedder cache serves for free). "
            if args.no_disk_cache else "sentence embeddings from the disk cache, not timed; "
            "bench/speed_large.py times the whole alignment without any cache. ") +
        f"Quality on it: "
        f"strict F1 {bs['f1_strict']:.3f}, lax F1 {bs['f1_lax']:.3f} (per-file exact DP: "
        "see the overall table; dev is included here).",
        "", "## Joins: from token features, near the path, or all embedded (issue 14)", "",
        "*token features* (the default with USE, `mtaudit/embed/use_joins.py`: every join "
        "computed from the sentences' own pass, no joined text embedded) against "
        "`joins=\"refine\"` (what another embedder gets, `mtaudit/align/joins.py`: sentences "
        "embedded once, a joined text embedded only for beads within `join_gap` of the best "
        "path) and `joins=\"exact\"` (every run of 1..max_bead sentences embedded as text). "
        "*Text embedded* = characters sent to the embedder as text / characters of the "
        "sentences.", "",
        "| set | joins | strict F1 | lax F1 | text embedded |", "|---|---|---|---|---|",
        *joins,
        "", "## Confidence (test beads)", "",
        "Confidence = posterior probability of the bead under p(path) ∝ exp(−cost/T) "
        "(forward–backward over the search band), then a logistic recalibration fitted on dev.",
        "", "| confidence | beads | mean confidence | share strictly correct |",
        "|---|---|---|---|",
    ]
    for label, n, mc, acc in calibration_table(ours["calibration"]):
        lines.append(f"| {label} | {n} | {mc:.3f} | {acc:.3f} |")
    lines += ["", TUNING_NOTE.format(**cfg.to_dict())]
    text = "\n".join(lines) + "\n"
    print(text)
    write_text_atomic(args.out, text)
    return 0


TUNING_NOTE = """## Tuned values and how (dev only: 468 de / 554 fr sentences, 422 beads)

Final: skip_cost={skip_cost}, skip_slope={skip_slope}, len_weight={len_weight},
size_power={size_power}, margin={margin}, member_weight={member_weight},
member_floor={member_floor}, gain_weight={gain_weight}, extra_cost={extra_cost},
sim_offset={sim_offset}, max_bead={max_bead}, gc_variance={gc_variance},
split_weight={split_weight}, split_margin={split_margin}, cross_weight={cross_weight},
cross_floor={cross_floor}, margin_mode={margin_mode}; confidence:
temperature={temperature}, calib_a={calib_a}, calib_b={calib_b}; window={window},
full_dp_cells={full_dp_cells} (test files are small enough for the exact DP; the large pair
above uses the band).

How (round 1): successive small grid searches on dev strict F1 (lax F1 as
tie-break), each over 2–4 values per knob, about 200 configurations in all:
1. cost form: `(sim_offset − cos) · ((n+m)/2)^size_power`; sim_offset=1 (vecalign-like costs)
   glued sentences into large beads (dev strict F1 ≤ 0.52); summed cosines (sim_offset=0) 0.88.
2. skip_cost {{0, 0.05, 0.1, 0.15, 0.2, 0.3}} × extra_cost {{0, 0.05, 0.1}} × len_weight
   {{0.02, 0.05, 0.1, 0.2}} × gc_variance {{3, 6.8, 15}}: extra_cost=0, len_weight 0.02–0.05.
3. margin (vecalign's normalisation by similarity to 256 random sentences of the other side)
   with size_power {{0, 0.5, 1}}: margin=1, size_power=0.5 best (dev 0.885).
4. skip_slope {{0, 0.5, 1, 2}} × skip_cost {{0.1, 0.2, 0.3}} and member penalty
   weight {{0, 0.25, 0.5, 1}} × floor: dev-neutral within noise (0.877–0.885; ±0.01 is about
   4 beads on dev). They were kept (skip_slope=1, member_weight=1, floor=0) because they make
   the audit's cases right: an inserted caption or "read also" line is left as a 0-1 bead
   instead of being glued to a neighbour, short OCR/site junk is not glued onto a 1-1 bead, a
   dropped sentence is a 1-0 bead (tests/test_align.py). Dev then: strict F1 0.880, lax 0.993.
5. gain penalty (a many-sided bead costs gain_weight × how much better the bead matches without
   one of its end sentences): gain_weight {{0, 0.5, 1, 1.5, 2, 3, 4, 8}} × size_power
   {{0.4, 0.5, 0.6, 0.75, 1}} × skip_cost {{0.1, 0.2, 0.3}}: 2.0 / 0.5 / 0.2, dev strict F1
   0.894, lax 0.993 (plateau 0.894–0.895 for gain 1.5–3).
6. The character ratio of the Gale–Church term is re-estimated from the first alignment's
   non-empty beads and the pair realigned once when it moved by more than 2 % (text on one side
   only, such as captions, skews the whole-document ratio); dev unchanged (0.894).

Round 2 (mtaudit-align-2), tuned on dev only, starting from the defaults above (dev strict/lax
F1 0.894/0.993); **not adopted** (see below). Its code has since been removed; the figures
below were measured with it:
7. lexical anchors (`mtaudit/align/lexical.py`, since removed: numbers and accent-folded word
   prefixes shared by both sides, idf-weighted, added as lex_weight × their cosine): lex_weight
   {{0.05, 0.07, 0.1, 0.13, 0.15, 0.2, 0.3, 0.5}} × lex_prefix {{4, 5, 7}} × lex_min_word
   {{3, 4, 6}} × skip_cost {{0.15, 0.2, 0.25}}: 0.1 / 4 / 4 / 0.25, dev 0.902/0.993 (0.894 with
   skip_cost 0.25 alone; numbers only 0.893). The dev fixes are the intended ones: beads whose
   numbers or names cross a sentence boundary become the gold n-m bead.
8. max_bead {{3, 4, 5}} with the anchors: 3 loses 0.03 (dev 0.874), 5 (beads up to n + m = 6)
   gives dev 0.912/0.995 (plateau for lex_weight 0.1–0.13, gain_weight 2–3; capitalised words
   only 0.907; anchor hash size 128–1024 identical); len_weight × gc_variance × member_weight
   and skip_slope × skip_cost re-checks kept the round-1 values; temperature 0.03 and a new
   calibration fitted on dev. Tried and dropped (no dev gain): a penalty when adding a
   neighbouring sentence improves a bead; a higher size_power for beads many-sided on both
   sides; a discount for joining across fragment-like boundaries (a sentence ending in ":" or
   an abbreviation, or the next starting in lower case).
   On test, scored once at the end (the "round-2 candidate" row): strict F1 equal to the
   defaults' and lax F1 +0.002, for about 50 % more embedding time (joins of 5 sentences).
   The +0.018 dev gain did not carry over, so the defaults stay round 1's (the anchors were
   off by default, lex_weight=0; their code has since been removed). No other round-2
   configuration was scored on test.
9. confidence: temperature {{0.01, 0.02, 0.05, 0.1, 0.2}}: logistic fit of bead correctness on
   logit(posterior) over dev beads; best log-likelihood at T=0.05 (round 1).

Round 3, tuned on dev only, starting from the round-1 defaults (dev strict/lax F1
0.894/0.993); **not adopted** (see below). About 160 dev configurations in all. The code of
step 11 (`mtaudit/align/transmodel.py`) has since been removed; its figures were measured with it:
10. Why the FINDINGS prototype scored 0.911 on test and the aligner 0.901: its code was not
   kept, so its form was rebuilt from the description (summed cosines + Gale–Church length,
   beads 1-1 ... 1-4/4-1/2-3/3-2, which is max_bead=4's set, so the bead set is not the
   difference). Without margin, member penalty, gain penalty and adaptive skips: dev 0.874
   (size_power 0.5), 0.847 (0), 0.323 (1; cosines summed over bead size glue sentences into
   large beads), ≤ 0.29 with len_weight 0.05–0.1. Removing one term from the defaults: margin
   0.890, member 0.891, gain 0.882, size_power 1 0.408. Every difference from the prototype
   loses on dev, so dev gives no reason to move back towards it; the 0.010 test gap (about 9
   test beads) stays unexplained (the prototype's dev figure was not recorded).
11. Bootstrapped word translations (`mtaudit/align/transmodel.py`, hunalign / Bleualign style):
   after the first pass, IBM Model 1 (EM, NULL word, both directions) is trained on the
   pass's confident 1-1 beads over lower-cased, accent-folded word prefixes and digit runs;
   each sentence gets its translation into the other side's tokens, idf-weighted and hashed,
   and tm_weight × the cosine (mean of both directions) is added to sim; the pair is realigned
   once. tm_weight {{0.05, 0.1, 0.2, 0.3, 0.5}}: 0.887–0.891; tm_weight {{0.1, 0.2, 0.4}} ×
   skip_cost {{0.2, 0.3}} × tm_min_conf {{0.5, 0.9}} × tm_prefix {{4, whole words}}: best
   0.895/0.992 (0.4 / 0.3 / either / 4; skip_cost 0.3 alone 0.877); tm_weight {{0.3, 0.4, 0.5}}
   × tm_prefix {{3, 4, 6}} × EM iterations {{2, 5, 10}}: plateau 0.890–0.896; subtracting the
   model's own background cosine (like margin): no change; the model as a separate cost term
   tm_weight × (1 − cos) × ((n+m)/2)^p, {{0.05, 0.1, 0.2, 0.4}} × p {{0.5, 1, 1.5}}: ≤ 0.895;
   with round 2's max_bead=5: 0.901–0.903 (max_bead=5 alone 0.903) and it lowers round 2's
   anchor configuration (0.912 → 0.906/0.902). Oracle check: the same model trained on dev's
   own *gold* 1-1 beads (an upper bound for the bootstrap) gives 0.875–0.893, so the
   bootstrap's training set is not what limits it. The remaining dev errors are n-m beads
   whose sentence boundaries cross (a 2-2 split into two 1-1, a 1-4 as 0-1 + 1-3): a bag of
   translated words says the same as the embeddings there, and any added similarity favours
   the split (two beads collect it twice).
12. Other ideas, dev only, dropped: maximum-expected-accuracy decoding (path with the most
   expected exactly-right beads from the forward–backward posteriors), temperature
   {{0.02, 0.03, 0.05, 0.1, 0.2}} × per-bead penalty {{0, 0.1, 0.3, 0.5, 0.7, 0.9}}: best 0.897,
   low penalties / high temperatures down to 0.73; mixing in the cosine of the sum of member
   vectors (share {{0.2, 0.4, 0.6, 1}} × skip_cost {{0.2, 0.3}}): 0.880 down to 0.803; bead size
   in characters instead of sentences (size_power {{0.25, 0.5, 0.75, 1}} × skip_cost
   {{0.2, 0.3}}): ≤ 0.887; a bonus for n-m beads (n, m ≥ 2) whose first sentence on one side
   matches the last on the other (weight {{0.1, 0.2, 0.4, 0.8}} × floor {{0.1, 0.2, 0.3}}): ≤ 0.897
   (it fixes a crossing 2-2 and merges true 1-1 pairs: corner cosines of gold 2-2 beads are
   0.4–0.8, those of consecutive gold 1-1 pairs have median 0.14 but 95th percentile 0.40);
   a weighted Gale–Church bead prior, weight {{−0.02, −0.015, −0.0125, −0.01, −0.0075, −0.005,
   0.005, 0.01, 0.02, 0.04}}: a single spike at −0.0075 (0.902; −0.005 gives 0.897, −0.01 0.898,
   −0.0125 0.886), not a plateau. These were removed from the code again.
   On test, scored once at the end for the round-3 candidate only (tm_weight=0.4,
   skip_cost=0.3, tm_prefix=4, 5 EM iterations, tm_min_conf=0.9; the "round-3 candidate"
   row, measured with the code since removed): strict/lax F1 0.908/0.980 against the
   defaults' 0.901/0.980.
   The rule fixed before scoring was: adopt only with a dev gain of at least +0.01 strict F1
   and no test loss. The dev gain is +0.001 (one bead; a plateau, not a clear improvement), so
   the defaults stay round 1's whatever the test row says: a test-only difference is not
   something the choice may be made on (it is a few beads either way, like round 2's dev-only
   gain was). The model was off by default (tm_weight=0) and its code has since been
   removed. No other round-3 configuration was scored on test.
13. mtaudit-align-3 (2026-11-29, a robustness change, not tuning): text on one side only (a
   source that is an excerpt of a longer page, long boilerplate) can skew the whole-document
   length ratio so far (10× in a fuzzed case) that the first pass glues target sentences into
   1-4 beads. The first ratio now comes from anchors (sentences that are each other's nearest
   neighbour with cosine ≥ 0.6; median of their character ratios). Disclosure: applied always,
   it left dev unchanged (0.894/0.993) and scored 0.896/0.978 on test (−0.005 strict, test3
   and test6). It was then restricted to documents whose ratio is off by more than 1.5×
   from the anchors' (on ordinary pairs the two agree and the document ratio, with more text
   behind it, is kept): dev unchanged again, the Text+Berg files never trigger it, and the
   overall test row above is that shipped default's. tests/test_align.py has the excerpt case.
Round 4 (mtaudit-align-4, issue 13 item 3), tuned on Text+Berg dev and on the quran-json
ar–fr chapters 2, 3, 4, 7 (8 files; "q" below); chapters 16, 18, 19, 20 held out ("held").
Embeddings cached on disk (bench/.data/embcache), so each configuration is DP runs only.
Start (round-1 defaults): dev 0.894/0.993, q 0.834/0.988; test 0.901/0.980, held 0.817/0.990.
14. best-split rule (split_weight × max(0, best part sim + split_margin − sim(bead)), the best
   part taken over every smaller n'-m' block inside the bead, i.e. every content bead of a
   decomposition into smaller beads): weight {{1, 2}} × margin {{0, 0.05, 0.1}}: dev
   0.895/0.885/0.874 and 0.885/0.873/0.837; q 0.847/0.896/0.931 and 0.861/0.920/0.951. The
   margin trades de–fr (real crossing n-m beads) against ar–fr (verse merges that are wrong).
15. bertalign's neighbour margin (nb_weight × mean cosine to the sentences just outside the
   bead), nb_weight {{0.25, 0.5, 1}} × margin {{1, 0}}: dev 0.879/0.849/0.757 (with vecalign's
   margin) and 0.888/0.854/0.776 (without); q 0.780/0.767/0.784 and 0.889/0.855/0.669.
16. document-adaptive skip: skip base = skip_cost + skip_rel × quantile_q of the side's best
   1-1 similarities: skip_rel {{0.25, 0.5, 1}} × q {{0.25, 0.5}} × skip_cost {{0, 0.1}}: best
   dev-neutral 0.5/0.25/0 (dev 0.894/0.993, q 0.885/0.986); with the split rule, skip_rel
   {{0.4, 0.5, 0.6}} × q {{0.1, 0.25}} × split weight {{0, 1}} (margin 0.05): dev 0.877–0.894, q
   0.878–0.929; then weight {{0.5, 1, 3}} × margin {{0, 0.02, 0.03, 0.05}} × gain_weight {{1, 2}} ×
   nb_weight {{0, 0.25}} × margin {{0, 1}} (skip_rel 0.6, q 0.1, skip_cost 0): best by the mean of
   dev and q strict F1: weight 1, margin 0.05, gain 1 (dev 0.884/0.991, q 0.928/0.985).
   Scored on test and held-out (the first test look of round 4): test 0.896/0.974, held
   0.857/0.967: the lax loss (both sets) comes with the lower skip costs, so it was not adopted.
   Two dev-neutral variants were then scored on test too (disclosed: 3 test looks in all):
   split weight 1, margin 0, skips as before (dev 0.895/0.992, q 0.847/0.986): test
   0.901/0.978, held 0.823/0.990; the same with skip_rel 0.6, q 0.1, skip_cost 0 (dev
   0.895/0.992, q 0.882/0.985): test 0.901/0.978, held 0.830/0.969.
   Adopted: split_weight=1, split_margin=0 (the first of those two; the shipped row above).
   It is the issue's "a bead must beat its own best split" at margin 0: neutral on Text+Berg
   (test strict unchanged, lax −0.002, about 2 beads), +0.013 on q, +0.006 on held. It does not
   split the issue's own test1 example (merged 0.69 against its strong part 0.67): that
   needs margin ≥ 0.03, which costs dev and test lax. nb_weight and skip_rel stay 0 (off).
   Bertalign, re-implemented (bench/bertalign_reimpl.py) with USE: dev 0.860/0.982, test
   0.911/0.984 (the row above).
Round 5 (mtaudit-align-5, issue 13), same tuning sets (dev and q; test and held scored
once per idea's best setting: 6 configurations, one run each). Start (round-4 defaults,
current code): dev 0.895/0.992, q 0.847/0.986; test 0.898/0.978, held 0.823/0.990. Errors
on q: 56 of the 85 wrong beads are 2-2 / 2-3 / 3-2 merges of gold 1-1 pairs (q gold has no
bead many-sided on both sides; dev gold has 29, 14 found).
17. CSLS / LASER hubness margin: the background is the mean cosine with the k nearest
   other-side sentences instead of 256 random ones (margin_mode "knn": sim = cos − margin ×
   mean of the two kNN means; "knn_ratio": margin × (cos / that mean − 1)). knn, k {{4, 8}} ×
   margin {{0.5, 0.75, 1}} × skip_cost {{0.2, 0.3, 0.4, 0.6}}: dev 0.74–0.883 (best k=8, margin
   0.5, skip 0.4: dev 0.883/0.994, q 0.810/0.984; test 0.898/0.984, held 0.804/0.991);
   knn_ratio, margin {{0.25, 0.5}}, k {{4, 8}}: dev 0.71–0.81 (k 4, margin 0.25: dev
   0.811/0.962, q 0.878/0.991; test 0.841/0.951, held 0.873/0.990). A join's nearest sentences
   are its own parts' matches, so its kNN background is high and merges are penalised: q gains,
   dev's real n-m beads are lost. Variants, dev/q only, code removed: a join's background =
   mean of its members' kNN backgrounds, k {{4, 8}} × margin {{0.5, 1}} × skip_cost {{0.2, 0.3,
   0.4}}: dev ≤ 0.865, q ≤ 0.792; the random background plus w × the kNN mean, w {{0.1, 0.25,
   0.5}} × k {{4, 8}} × skip_cost {{0.1, 0.2, 0.3}}: dev ≤ 0.897 (w 0.1, skip 0.3: dev
   0.897/0.994, q 0.798/0.985; test 0.891/0.978, held 0.768/0.995), q up to 0.924 only where
   dev ≤ 0.857; on top of item 18's cross term, knn k {{4, 8}} × margin 0.5 × skip {{0.3,
   0.4}}: dev ≤ 0.892, q ≤ 0.909. Kept as margin_mode (default "random"), not adopted.
18. Per-type prior for beads many-sided on both sides. A constant cross_cost × (min(n, m) −
   1), cross_cost {{0.02, 0.05, 0.1, 0.15, 0.2, 0.3}}: dev 0.889/0.891/0.891/0.879/0.864/0.850,
   q 0.890/0.920/0.943/0.951/0.955/0.955 (best 0.1: test 0.904/0.973, held 0.929/0.987; code
   removed); extra_cost {{0.02, 0.05}} (all many-sided beads): dev 0.884/0.883. What separates
   the wrong q merges from dev's gold 2-2 beads is their own similarity (margin-adjusted
   cosine of the joins: q false 2-2 0.13–0.48, mean 0.28; dev gold 2-2 0.53–0.84): weak texts
   match better joined than apart (q's median best 1-1 sim is 0.24, dev's 0.54). Relative to
   the document's level (the median best 1-1 sim) the two overlap (about 1.15× and 1.2×), so
   the term is an absolute floor: cross_weight × max(0, cross_floor − sim), n, m ≥ 2;
   weight {{0.5, 1, 2, 4}} × floor {{0.4, 0.45, 0.5, 0.55, 0.6, 0.7}}: dev 0.895 unchanged up to
   floor 0.5 (0.894 at 0.55, 0.892–0.864 above), q 0.924–0.955 (0.954 at 1 / 0.5, saturating at
   0.955: no such beads at all). On top of it (dev/q): size_power {{0.4, 0.6}} 0.885/0.890
   dev; split_margin {{0.02, 0.05}} 0.888/0.883; gain_weight {{1, 3}} 0.891/0.887; skip_cost
   {{0.15, 0.25}} 0.885/0.899 (q 0.962/0.940); len_weight 0.04 0.894; max_bead 5 dev
   0.905/0.994, q 0.953/0.992 (test 0.902/0.975, held 0.930/0.987: test as with 4, for 50 %
   more bead types; not adopted). The coarse pass of large pairs (a coarse 2-2 is 4 sentences
   a side) runs without the term.
   Adopted: cross_weight=1, cross_floor=0.5 (dev unchanged 0.895/0.992, q 0.847/0.986 →
   0.954/0.992). Held out, scored once: test 0.898/0.978 → 0.902/0.975, held 0.823/0.990 →
   0.937/0.987: strict up on both, lax −0.002 and −0.003. The floor is on the
   USE similarity scale; another embedder may need it re-tuned.
19. bertalign's two-pass anchor scheme: not tried in this round (time).
Round 6 (issue 13), tuned on dev only; test and q scored once for each idea's best dev
setting. Start (round-5 defaults): dev 0.895/0.992, test 0.902/0.975, q 0.948/0.990 (q = all
quran-json development chapters, Arabic normalised, as bench/realtext.py's alignment row).
Error analysis (dev and test against the bertalign re-implementation): the lax errors are
nearly all false 0-1 / 1-0 beads (dev 6 of 7, test 26 of 30; test6 alone 13, most of them
inside gold beads that are not contiguous or not monotone, e.g. 98+102 : 100, which no
monotone aligner can output); dev's strict errors are mostly gold n-m beads we split into
1-1 pairs (2-2, 3-2) or that lie outside the bead set (1-5, 3-3, 4-3, 2-5).
20. bertalign's bead score as an extra cost term (bert_weight × −(cos − bert_nb × neighbour
   sim) × log2(1 + min/max length), bert_skip 0.1 per skip): weight {{0.25, 0.5, 1, 2}} ×
   bert_nb {{0, 1}}: dev 0.895/0.889/0.883/0.881 (nb 0) and 0.891/0.882/0.880/0.872 (nb 1).
   Best (0.25, nb 0: dev 0.895/0.993) on test 0.900/0.975, q 0.955/0.992. Off
   (bert_weight=0). Bertalign is itself worse on dev (0.860) than we are, so a pull towards
   its decisions costs dev.
21. corner bonus for beads many-sided on both sides (off_weight × max(0, off − off_floor), off =
   best margin-adjusted cosine of one side's first sentence with the other side's last: dev
   gold 2-2 beads have it 0.4–0.8 raw, consecutive gold 1-1 pairs median 0.14): weight
   {{0.5, 1, 2}} × floor {{0.2, 0.3, 0.35, 0.45}}: dev 0.70–0.891, never above the start
   (it makes false 2-2 beads of neighbouring 1-1 pairs on one topic). Best (0.5 / 0.35: dev
   0.891/0.992) on test 0.899/0.975, q 0.948/0.990. Off (off_weight=0).
22. skip_cost {{0.15, 0.2, 0.25}} × skip_slope {{0.5, 1, 1.5}} × len_weight {{0.01, 0.02, 0.035,
   0.05}}, then skip_slope {{0, 0.25, 0.75}} × skip_cost {{0.15, 0.2}}: dev 0.870–0.899 (the
   surface is jumpy: one skip decision moves its neighbours); best dev 0.899/0.993 at
   len_weight 0.02 with (skip_cost, skip_slope) (0.15, 0.5), (0.2, 0.5), (0.15, 0.25), (0.2,
   0.75), (0.25, 1). Best kept: skip_slope=0.5 (skip_cost 0.2): dev 0.895/0.992 →
   0.899/0.993, test 0.902/0.975 → 0.904/0.980, q 0.948/0.990 → 0.947/0.992. Not adopted:
   the gain is 1–2 dev beads (noise), q drops, and it moves 5 % of the beads of the
   400-verse quran-json audit pair, on which the false-alarm figures of reports/
   bench_realtext.md stand. Items 20 and 21 were measured with code since removed.
Disclosure: in round 1, midway (during step 4) test was scored for 4 configurations (strict F1
0.893–0.903); the step-4 choice followed dev and the audit cases above, and everything after
step 4 was chosen on dev only. Dev and test differences of ±0.005 are a few beads.
"""

if __name__ == "__main__":
    sys.exit(main())
