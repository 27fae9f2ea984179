"""Benchmark re-translation: backend speed and memory, and a cold vs a cached audit.

    .venv/bin/python bench/retranslate.py [--sentences 200] [--repeats 3] [--audit-repeats 3]

* Sentences per second and peak memory (max RSS) of the transformers and ctranslate2 backends
  on the tiny random MarianMT model of the tests (tests/tiny_marian.py), and on a real model
  when one is available locally (the default for ar→fr, its pivot pair, NLLB/M2M100).
  Random weights never emit end-of-sentence, so every sentence decodes ``max_length`` tokens:
  the figures are an upper bound on decoding work per sentence, not a quality measure.
* A cold audit (empty re-translation cache) vs a cached audit (second run) of the seed pair
  with the tiny model, each in a fresh process (as from the command line).

Every measurement runs in its own process: once torch has run in a process, CTranslate2 with
several threads is ~10× slower (FINDINGS), and peak RSS is per process. Medians over repeats.
Writes reports/bench_retranslate.md atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import results_caches_off

results_caches_off()

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SEED_SRC = ROOT / "seeds" / "003_a11d716948e0df65.txt"
SEED_TGT = ROOT / "seeds" / "000_446608ba329916e1.txt"
REPORT = ROOT / "reports" / "bench_retranslate.md"
SETTINGS = {"beam_size": 4, "max_length": 32, "batch_size": 16}


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _sentences(n: int) -> list[str]:
    from mtaudit.analysis.segment import segment

    base = [s.text for s in segment(SEED_SRC.read_text(encoding="utf-8"), "ar")]
    return [base[i % len(base)] + ("" if i < len(base) else f" ({i})") for i in range(n)]


# -- workers (run in child processes) -----------------------------------------------------------
def worker_speed(backend: str, model: str, n: int, repeats: int, extra: dict) -> dict:
    from mtaudit.mt import MTOptions
    from mtaudit.mt.retranslate import make_translator

    texts = _sentences(n)
    opts = MTOptions(**{**SETTINGS, **extra, "cache": False})
    t0 = time.perf_counter()
    translator = make_translator(model, backend, opts)
    translator.translate(texts[:2], "ar", "fr")  # load (+ convert) and warm up
    load_s = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = translator.translate(texts, "ar", "fr")
        times.append(time.perf_counter() - t)
        assert len(out) == len(texts)
    med = statistics.median(times)
    return {"load_s": load_s, "median_s": med, "times": times, "sent_per_s": n / med,
            "peak_rss_mb": _peak_rss_mb(), "torch_loaded": "torch" in sys.modules}


def worker_audit(model: str, cache_dir: str) -> dict:
    os.environ["MTAUDIT_CACHE_DIR"] = cache_dir
    import mtaudit.mt.retranslate as rtmod
    from mtaudit.app.pipeline import audit
    from mtaudit.mt.base import Translator

    stats = {"calls": 0, "retranslate_s": 0.0}
    original = rtmod.retranslate_pairs
    original_translate = rtmod.translate_texts

    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            stats["retranslate_s"] += time.perf_counter() - t

    def counted(translator: Translator, *a, **k):
        out = original_translate(translator, *a, **k)
        stats["calls"] += translator.model_calls
        stats["loads"] = translator.loads
        return out

    rtmod.retranslate_pairs = timed
    rtmod.translate_texts = counted
    t = time.perf_counter()
    report = audit(str(SEED_SRC), str(SEED_TGT), mt_model=model,
                   mt_options={**SETTINGS, "threads": 1})
    wall = time.perf_counter() - t
    return {"wall_s": wall, "retranslate_s": stats["retranslate_s"],
            "model_calls": stats["calls"], "model_loads": stats.get("loads", 0),
            "pairs": len(report.results), "peak_rss_mb": _peak_rss_mb(),
            "chrf": (report.corpus_scores.get("chrf") or {}).get("score")}


def _child(args: list[str], env: dict | None = None, timeout: int = 600) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env,
                          cwd=ROOT)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- driver -------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--audit-repeats", type=int, default=3)
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "convert":
            from mtaudit.mt import MTOptions
            from mtaudit.mt.ctranslate2_backend import CTranslate2Translator

            res = {"folder": str(CTranslate2Translator(rest[0], MTOptions()).ct2_folder())}
        elif kind == "speed":
            backend, model, n, repeats, extra = rest
            res = worker_speed(backend, model, int(n), int(repeats), json.loads(extra))
        else:
            res = worker_audit(*rest)
        print(json.dumps(res))
        return

    from tiny_marian import build_tiny_marian

    from mtaudit.mt.hub import default_models, is_available

    tmp = Path(tempfile.mkdtemp(prefix="bench-retranslate-"))
    tiny = str(build_tiny_marian(tmp / "tiny-marian"))
    cache = tmp / "cache"
    runs = [("transformers", "fp32", {}),
            ("transformers", "fp32", {"threads": 1}),
            ("ctranslate2", "int8", {"compute_type": "int8", "threads": 1}),
            ("ctranslate2", "fp32", {"compute_type": "float32", "threads": 1}),
            ("ctranslate2", "int8", {"compute_type": "int8", "threads": 2})]
    speed = []
    env = {"MTAUDIT_CACHE_DIR": str(cache)}
    # Convert once up front (conversion needs torch) so the timed ctranslate2 processes don't.
    print("convert", _child(["convert", tiny], env), file=sys.stderr)
    for backend, precision, extra in runs:
        res = _child(["speed", backend, tiny, str(args.sentences), str(args.repeats),
                      json.dumps(extra)], env)
        threads = extra.get("threads", 0)
        speed.append((backend, f"{precision}, {threads or 'default'} thread(s)", res))
        print(backend, precision, res, file=sys.stderr)

    cands = default_models("ar", "fr")
    real = [m for m in [cands["direct"], *(cands["pivot"] or []), *cands["multilingual"]]
            if is_available(m)]
    real_speed = []
    for model in real[:1]:
        for backend in ("transformers", "ctranslate2"):
            res = _child(["speed", backend, model, str(min(args.sentences, 50)), "1", "{}"], env)
            real_speed.append((backend, model, res))

    cold, warm = [], []
    for _ in range(args.audit_repeats):
        audit_cache = Path(tempfile.mkdtemp(prefix="cache-", dir=tmp))
        cold.append(_child(["audit", tiny, str(audit_cache)], env))
        warm.append(_child(["audit", tiny, str(audit_cache)], env))
        print("audit", cold[-1], warm[-1], file=sys.stderr)
    write_report(args, speed, real, real_speed, cold, warm)


def _fmt(v: float | None, nd: int = 2) -> str:
    return "—" if v is None else f"{v:.{nd}f}"


def _med(rows: list[dict], key: str) -> float | None:
    vals = [r[key] for r in rows if key in r and r[key] is not None]
    return statistics.median(vals) if vals else None


def _kept_realsize_section() -> str:
    """The section bench/retranslate_realsize.py wrote, kept when this report is rewritten."""
    text = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else ""
    head = "## Real-size Marian (random weights)"
    return "\n" + head + text.split(head, 1)[1] if head in text else ""


def write_report(args, speed, real, real_speed, cold, warm) -> None:
    from mtaudit.core.atomic import write_text_atomic

    lines = [
        "# Re-translation benchmark",
        "",
        "Produced by `bench/retranslate.py` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}, "
        f"load average at the end {os.getloadavg()[0]:.1f} (the machine is shared: absolute "
        "times are noisy, ratios less so).",
        "",
        "## Backend speed on the tiny test model",
        "",
        f"Tiny random MarianMT (d_model 32, 1+1 layers, ~73k parameters, tests/tiny_marian.py), "
        f"{args.sentences} Arabic sentences from the seed, beam {SETTINGS['beam_size']}, "
        f"{SETTINGS['max_length']} output tokens per sentence (random weights never stop early), "
        f"batch {SETTINGS['batch_size']}. Each row is a fresh process; median of "
        f"{args.repeats} timed runs after one warm-up; peak memory = max RSS of that process.",
        "",
        "| backend | precision, intra-op threads | load (s) | median (s) | runs (s) | "
        "sentences/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, precision, r in speed:
        if "error" in r:
            lines.append(f"| {backend} | {precision} | failed: {r['error']} | | | | |")
            continue
        runs = ", ".join(f"{t:.2f}" for t in r["times"])
        lines.append(f"| {backend} | {precision} | {_fmt(r['load_s'])} | {_fmt(r['median_s'], 3)}"
                     f" | {runs} | {_fmt(r['sent_per_s'], 0)} | {_fmt(r['peak_rss_mb'], 0)} |")
    ok = {(b, p): r for b, p, r in speed if "error" not in r}
    t1 = ok.get(("transformers", "fp32, 1 thread(s)"))
    t0 = ok.get(("transformers", "fp32, default thread(s)"))
    c1 = ok.get(("ctranslate2", "int8, 1 thread(s)"))
    c1f = ok.get(("ctranslate2", "fp32, 1 thread(s)"))
    c2 = ok.get(("ctranslate2", "int8, 2 thread(s)"))
    notes = []
    if t1 and c1 and c1f:
        notes.append(f"CTranslate2 over transformers, both on 1 thread: int8 "
                     f"{t1['median_s'] / c1['median_s']:.1f}×, fp32 "
                     f"{t1['median_s'] / c1f['median_s']:.1f}× faster.")
    if t0 and t1:
        notes.append(f"Threads on this shared 2-core machine: transformers with torch's default "
                     f"(2 threads) is {t0['median_s'] / t1['median_s']:.1f}× slower than with "
                     "1 thread (OpenMP threads spin when the cores are oversubscribed by other "
                     "processes)")
    if c1 and c2:
        notes.append(f"ctranslate2 int8 with 2 threads: {c2['median_s'] / c1['median_s']:.1f}× "
                     "the 1-thread time (torch is loaded, see FINDINGS). Hence the `threads` mt "
                     "option; `threads=1` is the setting to use on such a machine.")
    notes.append("The model is converted to CTranslate2 once beforehand, in another process. "
                 "The ctranslate2 backend tokenizes with transformers, and `import transformers` "
                 "imports torch when it is installed, so torch is loaded in every one of these "
                 f"processes ({', '.join(str(r.get('torch_loaded')) for _b, _p, r in speed)}).")
    lines += ["", *[f"- {n}" for n in notes]]
    lines += ["", "## Real models", ""]
    if not real:
        lines.append("None found locally: no Arabic→French (or pivot, NLLB-200, M2M100) model "
                     "is in the Hugging Face cache of this machine and none can be downloaded "
                     "here (see FINDINGS), so there are no real-model figures. Run this script "
                     "after `mtaudit models pull Helsinki-NLP/opus-mt-ar-fr` to get them.")
    else:
        lines += ["| backend | model | sentences/s | peak RSS (MB) |", "|---|---|---|---|"]
        for backend, model, r in real_speed:
            lines.append(f"| {backend} | {model} | {_fmt(r.get('sent_per_s'), 1)} | "
                         f"{_fmt(r.get('peak_rss_mb'), 0)} |")
    lines += [
        "",
        "## Cold vs cached audit of the seed pair",
        "",
        "`mtaudit.app.pipeline.audit(seeds/003 (ar), seeds/000 (fr), mt_model=<tiny model>)`, each "
        "run in a fresh process (imports, embedder and detectors included, as from the CLI), "
        "mt option `threads=1`; "
        "cold = empty re-translation cache, cached = the same audit again. Median of "
        f"{args.audit_repeats} cold/cached pairs of runs.",
        "",
        "| run | audit wall, median (s) | runs (s) | re-translation step, median (s) | runs (s) "
        "| model calls | model loads | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, rows in (("cold", cold), ("cached", warm)):
        ok = [r for r in rows if "error" not in r]
        if not ok:
            err = rows[0].get("error", "?") if rows else "not run"
            lines.append(f"| {name} | failed: {err} | | | | | | |")
            continue
        walls = ", ".join(f"{r['wall_s']:.1f}" for r in ok)
        steps = ", ".join(f"{r['retranslate_s']:.3f}" for r in ok)
        lines.append(f"| {name} | {_fmt(_med(ok, 'wall_s'))} | {walls} | "
                     f"{_fmt(_med(ok, 'retranslate_s'), 3)} | {steps} | "
                     f"{_fmt(_med(ok, 'model_calls'), 0)} | {_fmt(_med(ok, 'model_loads'), 0)}"
                     f" | {_fmt(_med(ok, 'peak_rss_mb'), 0)} |")
    okc = [r for r in cold if "error" not in r]
    okw = [r for r in warm if "error" not in r]
    if okc and okw:
        wall = _med(okc, "wall_s") / _med(okw, "wall_s")
        step = _med(okc, "retranslate_s") / max(_med(okw, "retranslate_s"), 1e-9)
        lines += ["", f"Cold/cached ratio of the medians: whole audit {wall:.2f}×, "
                  f"re-translation step {step:.0f}×. The whole-audit times swing with the load "
                  "other processes put on the machine (see the runs); the re-translation step is "
                  "the part this cache removes. The cached run makes no model call and does not "
                  "load the model; what remains of the audit is "
                  "segmentation, alignment (sentence embedder) and the detectors. A real model "
                  "is far larger to load and run than this tiny one, so the step it saves grows "
                  "with it (not measured: no real model here)."]
    write_text_atomic(REPORT, "\n".join(lines) + "\n" + _kept_realsize_section())
    print(f"wrote {REPORT}", file=sys.stderr)


if __name__ == "__main__":
    main()
