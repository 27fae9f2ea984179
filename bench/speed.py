#!/usr/bin/env python3
"""Speed benchmark (issue 14, first part): CPU seconds, wall seconds and peak RSS of whole
audits in fresh processes, cold (an empty cache folder) and repeated (the same folder again).

Pairs: the seed pair, and real pairs of growing size cut from the quran-json development
chapters (``bench/.data/realtext/clean``, built by ``bench/realtext_data.py``; chapters 2 and
3 joined, one verse per line). Each run is ``mtaudit audit SRC TGT --mt-model none -f json``
with the default embedder; CPU and RSS come from ``os.wait4`` on the child.

Usage: python bench/speed.py [--sizes 100 400 1000] [--out reports/bench_speed.md]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "003_a11d716948e0df65.txt", ROOT / "seeds" / "000_446608ba329916e1.txt")
CLEAN = ROOT / "bench" / ".data" / "realtext" / "clean"


def run(src: Path, tgt: Path, cache: str) -> dict[str, float]:
    out = Path(cache) / "report.json"
    cmd = [sys.executable, "-m", "mtaudit", "audit", str(src), str(tgt), "--mt-model", "none",
           "-f", "json", "-o", str(out)]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "MTAUDIT_CACHE_DIR": cache,
                                 "HF_HUB_OFFLINE": "1"})
    _pid, status, usage = os.wait4(proc.pid, 0)
    return {"rc": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime,
            "wall": time.monotonic() - t0, "rss": usage.ru_maxrss / 1024}


def quran_pair(n: int, folder: Path) -> tuple[Path, Path, int]:
    ar: list[str] = []
    fr: list[str] = []
    for ch in ("002", "003", "004"):
        ar += (CLEAN / f"{ch}.ar.txt").read_text(encoding="utf-8").splitlines()
        fr += (CLEAN / f"{ch}.fr.txt").read_text(encoding="utf-8").splitlines()
    n = min(n, len(ar))
    s, t = folder / f"q{n}.ar.txt", folder / f"q{n}.fr.txt"
    s.write_text("\n".join(ar[:n]) + "\n", encoding="utf-8")
    t.write_text("\n".join(fr[:n]) + "\n", encoding="utf-8")
    return s, t, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1000])
    ap.add_argument("--out", default=str(ROOT / "reports" / "bench_speed.md"))
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pairs = [("seed pair (24 / 44 sentences)", *SEED)]
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
            rows.append((name, cold, again))
            print(name, cold, again, file=sys.stderr)
    lines = ["# Speed: whole audits, cold and repeated", "",
             "`python bench/speed.py` (issue 14). `mtaudit audit SRC TGT --mt-model none -f json`, "
             "default embedder (USE), a fresh process per run; *cold* = empty cache folder, "
             "*repeat* = the same folder again (embeddings, wordfreq tables remembered). CPU = "
             "user + system seconds of the child, RSS its peak (`os.wait4`). 2 shared cores: "
             f"load average at the end {os.getloadavg()[0]:.1f}.", "",
             "| pair | exit | cold CPU s | cold wall s | cold RSS MiB | repeat CPU s | "
             "repeat wall s | repeat RSS MiB | repeat / cold CPU |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, c, r in rows:
        lines.append(f"| {name} | {c['rc']} | {c['cpu']:.1f} | {c['wall']:.1f} | "
                     f"{c['rss']:.0f} | {r['cpu']:.1f} | {r['wall']:.1f} | {r['rss']:.0f} | "
                     f"{r['cpu'] / c['cpu']:.2f} |")
    lines += ["", "Goals of the issue: seed ≤ 5 s CPU and ≤ 450 MB; 400-verse pair cold ≤ 15 s "
              "CPU and a repeat ≤ 1/5 of it. What is left after load is mostly the French "
              "tokenizer exceptions (spaCy compiles their regex at import, about 2 s), NER and "
              "the aligner's join embeddings (cold runs only)."]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
