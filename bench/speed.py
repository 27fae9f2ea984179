#!/usr/bin/env python3
"""Speed benchmark (issue 14): whole audits cold and repeated, the audit after load beside the
floor of its parts, and the 10k × 10k alignment (``bench/speed_large.py``).

Pairs: the seed pair, and real pairs of growing size cut from the quran-json development
chapters (``bench/.data/realtext/clean``, built by ``bench/realtext_data.py``; chapters 2, 3,
4, 7, 16, 18, 19, 20 in that order, one verse per line). Each whole run is
``mtaudit audit SRC TGT --mt-model none -f json`` with the default embedder in a fresh process;
CPU (user + system) and peak RSS come from ``os.wait4`` on the child.

*After load*: one process audits a three-line pair first (every model and table loaded), then
the pair itself with the embedding caches off (memory and disk): the CPU seconds of that
second audit. *Floors*, in the same process: USE once per segmented sentence of both sides
(one batch, no cache), lingua's language spans of every target sentence (the untranslated
detector's languages), spaCy's NER pipeline over the target sentences.

Usage: python bench/speed.py [--sizes 100 400 1339] [--no-large] [--out reports/bench_speed.md]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import run_child  # bench/measure.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "003_a11d716948e0df65.txt", ROOT / "seeds" / "000_446608ba329916e1.txt")
CLEAN = ROOT / "bench" / ".data" / "realtext" / "clean"
CHAPTERS = ("002", "003", "004", "007", "016", "018", "019", "020")
LARGE = ROOT / "reports" / "bench_speed_large.json"
ROWS = ROOT / "bench" / ".data" / "speed_rows.json"  # the last measured rows (--render)


def _wait(cmd: list[str], env: dict[str, str]) -> tuple[dict[str, float], str]:
    r = run_child(cmd, env={**os.environ, "HF_HUB_OFFLINE": "1", **env})
    return {"rc": r.rc, "cpu": r.cpu, "wall": r.wall, "rss": r.rss_mib}, r.last_line()


def run(src: Path, tgt: Path, cache: str) -> dict[str, float]:
    out = Path(cache) / "report.json"
    return _wait([sys.executable, "-m", "mtaudit", "audit", str(src), str(tgt), "--mt-model",
                  "none", "-f", "json", "-o", str(out)], {"MTAUDIT_CACHE_DIR": cache})[0]


def quran_pair(n: int, folder: Path) -> tuple[Path, Path, int]:
    ar: list[str] = []
    fr: list[str] = []
    for ch in CHAPTERS:
        ar += (CLEAN / f"{ch}.ar.txt").read_text(encoding="utf-8").splitlines()
        fr += (CLEAN / f"{ch}.fr.txt").read_text(encoding="utf-8").splitlines()
    n = min(n, len(ar))
    s, t = folder / f"q{n}.ar.txt", folder / f"q{n}.fr.txt"
    s.write_text("\n".join(ar[:n]) + "\n", encoding="utf-8")
    t.write_text("\n".join(fr[:n]) + "\n", encoding="utf-8")
    return s, t, n


def edited(tgt: Path, folder: Path) -> Path:
    """A copy of ``tgt`` with one line in the middle changed (its first word dropped): the
    repeat of an edited document."""
    lines = tgt.read_text(encoding="utf-8").splitlines()
    mid = len(lines) // 2
    words = lines[mid].split(" ")
    lines[mid] = " ".join(words[1:]) if len(words) > 1 else lines[mid] + " !"
    out = folder / f"edited-{tgt.name}"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def child_warm(src: Path, tgt: Path) -> None:
    """In one process: load everything on a 3-line pair, then time the audit and the floors."""
    from mtaudit.analysis.langid import _language_spans, is_supported, language_spans
    from mtaudit.app.config import AuditConfig
    from mtaudit.app.pipeline import audit, load_inputs
    from mtaudit.embed import get_embedder
    from mtaudit.entities.extract import load_ner

    with tempfile.TemporaryDirectory() as tmp:
        s3, t3 = Path(tmp) / "s.txt", Path(tmp) / "t.txt"
        for a, b in ((src, s3), (tgt, t3)):
            b.write_text("\n".join(a.read_text(encoding="utf-8").splitlines()[:3]) + "\n",
                         encoding="utf-8")
        t0 = time.process_time()
        audit(s3, t3, mt_model="none")
        load_s = time.process_time() - t0
    use = get_embedder("use")
    use.clear_cache()
    t0 = time.process_time()
    report = audit(src, tgt, mt_model="none")
    after = time.process_time() - t0
    config = AuditConfig()  # the CLI's languages (ar -> fr), as in the audits above
    inputs = load_inputs(src, tgt, config)
    ssent = [s.text for s in inputs.source_segments]
    tsent = [s.text for s in inputs.target_segments]
    use.clear_cache()
    t0 = time.process_time()
    use.encode(ssent + tsent)
    f_use = time.process_time() - t0
    # the untranslated detector's languages: target, source, English (its default extra)
    langs = tuple(c for c in dict.fromkeys([config.tgt_lang, config.src_lang, "en"])
                  if is_supported(c))
    _language_spans.cache_clear()  # the audit above memoised these very spans
    t0 = time.process_time()
    for t in tsent:
        language_spans(t, langs)
    f_lingua = time.process_time() - t0
    nlp = load_ner(config.tgt_lang)
    t0 = time.process_time()
    if nlp is not None:
        list(nlp.pipe(tsent, batch_size=32))
    f_ner = time.process_time() - t0
    print(json.dumps({"load": load_s, "after": after, "src": len(ssent), "tgt": len(tsent),
                      "use": f_use, "lingua": f_lingua, "ner": f_ner,
                      "flags": sum(len(r.flags) for r in report.results)}))


def warm(src: Path, tgt: Path, cache: str) -> dict[str, float]:
    usage, out = _wait([sys.executable, __file__, "--child-warm", str(src), str(tgt)],
                       {"MTAUDIT_CACHE_DIR": cache, "MTAUDIT_EMBEDDING_CACHE": "off",
                        "MTAUDIT_ALIGNMENT_CACHE": "off", "MTAUDIT_DETECTION_CACHE": "off"})
    res = json.loads(out) if usage["rc"] == 0 else {}
    return {**res, "rss": usage["rss"], "rc": usage["rc"]}


def _table(rows: list[tuple[str, dict, dict, dict]]) -> list[str]:
    lines = ["| pair | exit | cold CPU s | cold wall s | cold RSS MiB | repeat CPU s | "
             "repeat wall s | repeat RSS MiB | repeat / cold CPU | one line edited: CPU s | "
             "edited / cold CPU |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, c, r, w in rows:
        e = w.get("edited") or {}
        ed = (f"{e['cpu']:.1f} | {e['cpu'] / c['cpu']:.2f}" if e.get("rc") == 0 else "— | —")
        lines.append(f"| {name} | {c['rc']} | {c['cpu']:.1f} | {c['wall']:.1f} | "
                     f"{c['rss']:.0f} | {r['cpu']:.1f} | {r['wall']:.1f} | {r['rss']:.0f} | "
                     f"{r['cpu'] / c['cpu']:.2f} | {ed} |")
    lines += ["", "After load, beside the floors (CPU s, one process):", "",
              "| pair | source / target sentences | load (3-line audit) | audit after load | "
              "sentences/s after load | floor: USE once | floor: lingua spans | floor: NER | "
              "sum of floors | after load / floors |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for name, _c, _r, w in rows:
        if not w.get("after"):
            lines.append(f"| {name} | (child failed, exit {w.get('rc')}) |||||||||")
            continue
        floors = w["use"] + w["lingua"] + w["ner"]
        n = w["src"] + w["tgt"]
        lines.append(f"| {name} | {w['src']} / {w['tgt']} | {w['load']:.1f} | "
                     f"{w['after']:.2f} | {n / w['after']:.0f} | {w['use']:.2f} | "
                     f"{w['lingua']:.2f} | {w['ner']:.2f} | {floors:.2f} | "
                     f"{w['after'] / floors:.1f} |")
    return lines


def _large_lines() -> list[str]:
    if not LARGE.exists():
        return ["", "10k × 10k pair: not measured (run `python bench/speed_large.py`)."]
    r = json.loads(LARGE.read_text(encoding="utf-8"))
    s, e = r["scores"], r["exact_scores"]
    return ["", "## 10k × 10k sentence pair (`bench/speed_large.py`)", "",
            f"Text+Berg de–fr dev + test0-6 repeated: {r['n_src']:,} × {r['n_tgt']:,} "
            "sentences; the embedder of the timed run has no cache (every text embedded, "
            "as distinct sentences would be). Load average at the end "
            f"{r['load_avg']:.1f}.", "",
            "| measure | value |", "|---|---|",
            f"| USE load (CPU s) | {r['load_s']:.1f} |",
            f"| alignment end to end, embedding included (CPU s) | {r['align_s']:.1f} |",
            f"| floor: USE once per sentence (CPU s) | {r['floor_use_s']:.1f} |",
            f"| text embedded as text / text of the sentences (joins: from token features) | "
            f"{r['chars'] / r['sentence_chars']:.2f} |",
            f"| peak RSS of the process (MiB) | {r['rss_mib']:.0f} |",
            f"| strict / lax F1 (default: joins from USE token features) | "
            f"{s['f1_strict']:.4f} / "
            f"{s['f1_lax']:.4f} |",
            f"| strict / lax F1, every joined text embedded (exact) | {e['f1_strict']:.4f} / "
            f"{e['f1_lax']:.4f} |",
            "", f"Goal: ≤ 120 s CPU, ≤ 1.5 GB, strict F1 within 0.005 of the exact computation: "
            f"{r['load_s'] + r['align_s']:.0f} s, {r['rss_mib']:.0f} MiB, "
            f"{s['f1_strict'] - e['f1_strict']:+.4f}."]


NOTES = (
    "Where the time goes (cProfile of the 400-verse pair after load, 9.4 s): the aligner 70 % "
    "-- USE's one pass over the sentences that gives every sentence and join vector "
    "(`mtaudit/embed/use_joins.py`, 53 %; the joins add about 1.0-1.4x the sentences' own "
    "pass), two DP solves (the second after the length ratio is re-estimated, 12 %) and the "
    "bead confidences (4 %) -- then the detectors 27 % (names 10 %, omission 6 %, "
    "untranslated's lingua 5 %). A repeat is served by the caches: no model loads, no search, "
    "no detector runs. An edited document embeds as text only its changed sentence, but the "
    "join features are computed over the whole document again and the pair is aligned and "
    "checked again: 0.5-1.0 of a cold run. The NER floor is listed as the issue defines the "
    "floors, but French audits no longer run NER (`names.use_ner=\"auto\"`), so the pipeline "
    "does not spend it. Re-translation speed at real model size is in "
    "reports/bench_retranslate.md (ctranslate2 int8 against transformers fp32).")


def _goals(rows: list[tuple[str, dict, dict, dict]]) -> list[str]:
    """The issue's goals, each with the measured figure and met / not met."""
    by = {name: (c, r, w) for name, c, r, w in rows}
    out = ["", "## Goals (issue 14)", ""]

    def line(goal: str, value: str, ok: bool) -> None:
        out.append(f"- {goal}: {value} — **{'met' if ok else 'not met'}**")

    if "seed pair" in by:
        c, r, _w = by["seed pair"]
        line("seed audit ≤ 5 s CPU, cold", f"{c['cpu']:.1f} s", c["cpu"] <= 5)
        line("seed audit ≤ 5 s CPU, repeat", f"{r['cpu']:.1f} s", r["cpu"] <= 5)
        line("seed audit ≤ 450 MB peak RSS", f"{max(c['rss'], r['rss']):.0f} MiB",
             max(c["rss"], r["rss"]) <= 450 * 1.048576)
    big = [name for name in by if name.startswith("quran-json, 400 ")]
    if big:
        c, r, _w = by[big[0]]
        line("400-verse pair cold ≤ 15 s CPU", f"{c['cpu']:.1f} s", c["cpu"] <= 15)
        line("400-verse repeat in a new process ≤ 1/5 of cold", f"{r['cpu'] / c['cpu']:.2f}",
             r["cpu"] <= c["cpu"] / 5)
    real = [(name, w) for name, _c, _r, w in rows if name.startswith("quran") and w.get("after")]
    if real:
        name, w = real[-1]
        n = w["src"] + w["tgt"]
        floors = w["use"] + w["lingua"] + w["ner"]
        line(f"after load ≥ 150 sentences/s CPU on the largest real pair ({name})",
             f"{n / w['after']:.0f}", n / w["after"] >= 150)
        line("... and within 2× the sum of its floors", f"{w['after'] / floors:.1f}×",
             w["after"] <= 2 * floors)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1339])
    ap.add_argument("--no-large", action="store_true", help="keep the last 10k × 10k figures")
    ap.add_argument("--child-warm", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--render", action="store_true",
                    help=f"rewrite the report from the last measured rows ({ROWS})")
    ap.add_argument("--out", default=str(ROOT / "reports" / "bench_speed.md"))
    args = ap.parse_args()
    if args.child_warm:
        child_warm(*args.child_warm)
        return
    if args.render:
        saved = json.loads(ROWS.read_text(encoding="utf-8"))
        _write([tuple(r) for r in saved["rows"]], args.out, saved["load"])
        return
    if not args.no_large:
        subprocess.run([sys.executable, str(ROOT / "bench" / "speed_large.py")], check=True,
                       stdout=subprocess.DEVNULL)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pairs = [("seed pair", *SEED)]
        if CLEAN.is_dir():
            for n in args.sizes:
                s, t, k = quran_pair(n, Path(tmp))
                pairs.append((f"quran-json, {k} verses", s, t))
        else:
            print("bench/.data/realtext missing: run bench/realtext_data.py for the real pairs",
                  file=sys.stderr)
        for name, s, t in pairs:
            cache = tempfile.mkdtemp(dir=tmp)
            cold = run(s, t, cache)
            again = run(s, t, cache)
            w = warm(s, t, cache)
            w["edited"] = run(s, edited(t, Path(tmp)), cache)
            rows.append((name, cold, again, w))
            print(name, cold, again, w, file=sys.stderr)
    ROWS.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    ROWS.write_text(json.dumps({"rows": rows, "load": load}), encoding="utf-8")
    _write(rows, args.out, load)


def _write(rows: list, out: str, load: float) -> None:
    lines = ["# Speed: whole audits, cold and repeated; after load beside the floors", "",
             "`python bench/speed.py` (issue 14). `mtaudit audit SRC TGT --mt-model none -f "
             "json`, default embedder (USE), a fresh process per run; *cold* = empty cache "
             "folder, *repeat* = the same folder again (embeddings, alignments, detector flags, "
             "wordfreq and gazetteer tables remembered), *edited* = then the same pair with one "
             "target line changed (only its sentence and the joins with it are embedded, the "
             "pair is aligned and checked again). CPU = user + system seconds of the child, "
             f"RSS its peak (`os.wait4`). 2 shared cores: load average at the end {load:.1f}.",
             "", *_table(rows), *_goals(rows), "", NOTES, *_large_lines()]
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
