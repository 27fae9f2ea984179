#!/usr/bin/env python3
"""Input limits benchmark (issue 15): time and memory of audits growing up to the limits, and
what happens at each limit.

Each run is one ``mtaudit audit`` child process with ``--embedder use`` (no re-translation,
language/relatedness checks off); its process CPU time (user + system) and peak RSS come from
``os.wait4``. Documents of N sentences are the Arabic seed and its French translation repeated
(each copy's sentences tagged with the copy number, so the embedder's text cache cannot make
the repeats free). The limit rows use inputs just over a limit and time the refusal.

Usage: python bench/limits.py [--sizes 1000 5000 20000] [--out reports/bench_limits.md]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "seeds" / "003_a11d716948e0df65.txt"
TGT = ROOT / "seeds" / "000_446608ba329916e1.txt"
sys.path.insert(0, str(ROOT))

from measure import results_caches_off, run_child  # noqa: E402 (bench/measure.py)

from mtaudit.analysis.segment import segment  # noqa: E402
from mtaudit.ingest import InputLimits  # noqa: E402

results_caches_off()

LIMITS = InputLimits()
BASE = ["--src-lang", "ar", "--tgt-lang", "fr", "--mt-model", "none", "--no-check-languages",
        "--no-check-related", "-f", "json"]


def run(args: list[str], out: Path, timeout: float = 900,
        check_related: bool = False) -> dict[str, object]:
    """One audit child: exit code, CPU seconds, wall seconds, peak RSS MiB, stderr's last line.
    Each child gets an empty cache folder, so every row is a cold run (no embedding or
    re-translation remembered from an earlier row)."""
    base = [a for a in BASE if a != "--no-check-related"] if check_related else BASE
    cmd = [sys.executable, "-m", "mtaudit", "audit", *args, *base, "-o", str(out)]
    cache = tempfile.mkdtemp(prefix="mtaudit-limits-cache-")
    r = run_child(cmd, env={**os.environ, "MTAUDIT_CACHE_DIR": cache}, timeout=timeout)
    if r.rc is None:
        return {"rc": "killed", "cpu": r.cpu, "wall": r.wall, "rss": r.rss_mib,
                "err": f"mtaudit: error: (bench) still running after {timeout:.0f} s: stopped"}
    err = r.stderr.strip().splitlines()
    return {"rc": r.rc, "cpu": r.cpu, "wall": r.wall, "rss": r.rss_mib,
            "err": next((ln for ln in reversed(err) if ln.startswith("mtaudit: error")), "")}


def sentences(path: Path, lang: str) -> list[str]:
    return [s.text for s in segment(path.read_text(encoding="utf-8"), lang)]


def repeated(lines: list[str], n: int) -> str:
    """``n`` sentences: copies of ``lines``, one per line, each tagged with its copy number."""
    out: list[str] = []
    copy = 0
    while len(out) < n:
        copy += 1
        # the tag goes first: after the final stop it would be a sentence of its own
        out.extend(f"[{copy}] {s}" for s in lines[:n - len(out)])
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--out", default=str(ROOT / "reports" / "bench_limits.md"))
    args = ap.parse_args()
    src, tgt = sentences(SRC, "ar"), sentences(TGT, "fr")
    n_src, n_tgt = len(src), len(tgt)
    rows: list[tuple[str, str, dict[str, object]]] = []
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        out = tmp / "report.json"

        def doc(name: str, text: str) -> Path:
            p = tmp / name
            p.write_text(text, encoding="utf-8")
            return p

        rows.append(("seed pair", f"{n_src} / {n_tgt} sentences",
                     run([str(SRC), str(TGT), "--embedder", "use"], out)))
        for n in args.sizes:
            # same number of copies on both sides: the target keeps the seed's sentence ratio
            m = round(n * n_tgt / n_src)
            s, t = doc(f"s{n}.txt", repeated(src, n)), doc(f"t{n}.txt", repeated(tgt, m))
            rows.append((f"{n:,} sentences", f"{n:,} / {m:,} sentences, "
                         f"{s.stat().st_size / 2**20:.1f} / {t.stat().st_size / 2**20:.1f} MiB",
                         run([str(s), str(t), "--embedder", "use"], out)))
            print(rows[-1], flush=True)
        # at the limits: each input just over one limit, refused before any model is loaded
        over = LIMITS.max_sentences + 1
        s = doc("over_s.txt", repeated(src, over))
        rows.append((f"{over:,} sentences (limit {LIMITS.max_sentences:,})",
                     f"{s.stat().st_size / 2**20:.1f} MiB source",
                     run([str(s), str(TGT), "--embedder", "use"], out)))
        line = " ".join(repeated(tgt, 40_000).split("\n"))[:5 * 2**20]
        one = doc("one_line.txt", line + "\n")
        n_line = len(segment(line, "fr"))
        rows.append(("5 MiB single line", f"{len(line):,} characters, {n_line:,} sentences",
                     run([str(SRC), str(one), "--embedder", "use"], out, timeout=120)))
        rows.append(("5 MiB single line, relatedness check on (the default)",
                     f"{n_line:,} sentences against 24",
                     run([str(SRC), str(one), "--embedder", "use"], out, timeout=120,
                         check_related=True)))
        rows.append(("5 MiB single line, --max-sentences 5000", f"{n_line:,} sentences",
                     run([str(SRC), str(one), "--embedder", "use", "--max-sentences", "5000"],
                         out)))
        seed = SRC.read_text(encoding="utf-8")
        word = doc("word.txt", seed + "\n" + "ب" * 100_000 + "\n")
        rows.append(("100,000-character word", f"limit {LIMITS.max_word_chars:,}",
                     run([str(word), str(TGT), "--embedder", "use"], out)))
        rows.append(("100,000-character word, --max-word/--max-segment raised", "embedded cut",
                     run([str(word), str(TGT), "--embedder", "use", "--max-word", "200000",
                          "--max-segment", "200000"], out)))
        # words without a sentence stop: one sentence
        seg = doc("segment.txt", seed + "\n" + ("كلمة " * 20_000)[:LIMITS.max_segment_chars
                                                                  + 1000] + "\n")
        rows.append((f"{LIMITS.max_segment_chars + 1000:,}-character line without a break",
                     f"limit {LIMITS.max_segment_chars:,}",
                     run([str(seg), str(TGT), "--embedder", "use"], out)))
        po = doc("big.po", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"'
                 f'\n\nmsgid "{"word " * 2_000_000}"\nmsgstr "mot"\n')
        rows.append(("PO unit with a 10 MB msgid", f"limit {LIMITS.max_segment_chars:,}",
                     run([str(po), "--src-lang", "en", "--embedder", "use"], out)))
        rows.append(("/dev/zero as the target", "character device",
                     run([str(SRC), "/dev/zero", "--embedder", "use"], out)))
        fifo = tmp / "fifo.txt"
        os.mkfifo(fifo)
        rows.append(("FIFO without a writer as the target", "named pipe",
                     run([str(SRC), str(fifo), "--embedder", "use"], out, timeout=120)))
    write_report(Path(args.out), rows)


def write_report(path: Path, rows: list[tuple[str, str, dict[str, object]]]) -> None:
    lines = ["# Input limits: time and memory up to the limits", "",
             "`python bench/limits.py` (issue 15). One `mtaudit audit --embedder use "
             "--mt-model none --no-check-languages --no-check-related -f json` child per row; "
             "CPU = user + system seconds of that process, RSS = its peak resident set "
             "(`os.wait4`). N-sentence documents repeat the seed pair (copies tagged so the "
             "embedder cache does not help; each child gets an empty cache folder). Defaults: "
             f"--max-size 20 MiB, --max-segment {LIMITS.max_segment_chars:,}, "
             f"--max-word {LIMITS.max_word_chars:,}, --max-sentences "
             f"{LIMITS.max_sentences:,}, --max-units {LIMITS.max_units:,}.", "",
             "| input | size | exit | CPU s | wall s | peak RSS MiB | outcome |",
             "|---|---|---|---|---|---|---|"]
    for name, size, r in rows:
        outcome = str(r["err"]).replace("mtaudit: error: ", "")
        outcome = (outcome[:140] + "…") if len(outcome) > 140 else (outcome or "report written")
        outcome = outcome.replace("|", "\\|")
        lines.append(f"| {name} | {size} | {r['rc']} | {r['cpu']:.1f} | {r['wall']:.1f} | "
                     f"{r['rss']:.0f} | {outcome} |")
    sized = [(int(name.split()[0].replace(",", "")), r) for name, _s, r in rows
             if name.endswith(" sentences") and r["rc"] == 0]
    if len(sized) >= 2:
        (n0, r0), (n1, r1) = sized[0], sized[-1]
        cpu = (float(r1["cpu"]) - float(r0["cpu"])) / (n1 - n0)
        rss = (float(r1["rss"]) - float(r0["rss"])) / (n1 - n0)
        at = LIMITS.max_sentences
        lines += ["", f"Growth from {n0:,} to {n1:,} source sentences: {cpu:.3f} CPU s and "
                  f"{rss:.3f} MiB per source sentence (cold runs; the cost is nearly all USE "
                  "embedding of the 1-4 sentence joins, then NER). At the "
                  f"{at:,}-sentence limit that extrapolates to about "
                  f"{(float(r1['cpu']) + cpu * (at - n1)) / 60:.0f} CPU minutes and "
                  f"{(float(r1['rss']) + rss * (at - n1)) / 1024:.1f} GB: bounded, but slow "
                  "(the speed issue's embedding work is what shortens it). Each refusal costs "
                  "about a second: interpreter start and reading, no model loaded."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
