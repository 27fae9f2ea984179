"""Re-translation speed at real size: a random MarianMT shaped like Helsinki-NLP/opus-mt-ar-fr.

    HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python bench/retranslate_realsize.py \
        [--sentences 64] [--beam 4] [--batches 1,16,64] [--threads 1,2]

No real MT weights can be fetched here, but decoding speed does not depend on weight values.
This builds (once, into bench/.data/realsize-marian/, gitignored) a randomly initialised
``MarianMTModel`` with the architecture of the default ar→fr model (d_model 512, 6+6 layers,
8 heads, FFN 2048, swish, shared embeddings, sinusoidal positions) and a MarianTokenizer whose
two SentencePiece models (32,000 pieces each, as tests/tiny_marian.py builds them) are trained
on the development chapters of bench/.data/realtext/ (2, 3, 4, 7, 16, 18, 19, 20 only; the
others are reserved for evaluation) plus the wordfreq package's Arabic/French word lists.
The model is converted to CTranslate2 once, in its own process.

Every configuration (backend × precision × threads × batch size) runs in a fresh process
through mtaudit's own backends (``mtaudit.mt.retranslate.make_translator``); the parent reads
the child's peak RSS and CPU time with ``os.wait4``. The output length is fixed
(min = max = the same number of new tokens for every sentence) so random weights cannot stop
early; the backends have no min-length option, so the worker sets the model's generation config
``min_new_tokens`` (transformers) or passes ``min_decoding_length`` (ctranslate2).

Writes (replaces) the section "Real-size Marian (random weights)" of
reports/bench_retranslate.md, leaving the other sections (bench/retranslate.py) as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tiny_marian: the tests' Marian tokenizer step

from measure import results_caches_off, run_child  # noqa: E402 (bench/measure.py)

results_caches_off()

DATA = ROOT / "bench" / ".data" / "realtext" / "clean"
DEV_CHAPTERS = (2, 3, 4, 7, 16, 18, 19, 20)  # never the evaluation chapters
WORK = ROOT / "bench" / ".data" / "realsize-marian"
MODEL_DIR = WORK / "model"
REPORT = ROOT / "reports" / "bench_retranslate.md"
RESULTS = WORK / "results.json"  # raw figures of the last run (--from-json rewrites the report)
SECTION = "## Real-size Marian (random weights)"
SPM_PIECES = 32000
OUT_FACTOR = 1.2
ARCH = {"d_model": 512, "encoder_layers": 6, "decoder_layers": 6,
        "encoder_attention_heads": 8, "decoder_attention_heads": 8,
        "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048}


# -- data and model -------------------------------------------------------------------------
def dev_lines(lang: str) -> list[str]:
    """The verses of the development chapters in ``lang`` ("ar" or "fr"), one per line."""
    out: list[str] = []
    for ch in DEV_CHAPTERS:
        path = DATA / f"{ch:03d}.{lang}.txt"
        if not path.is_file():
            raise SystemExit(f"{path} missing: run bench/realtext_data.py first")
        out += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return out


def bench_sentences(n: int) -> list[str]:
    """``n`` Arabic verses spread evenly over the development chapters (deterministic)."""
    verses = dev_lines("ar")
    return [verses[(i * len(verses)) // n] for i in range(n)]


def _train_spm(lines: list[str], path: Path, vocab_size: int) -> int:
    import io

    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, normalization_rule_name="identity",
        input_sentence_size=0, num_threads=1, minloglevel=2)
    path.write_bytes(model.getvalue())
    return spm.SentencePieceProcessor(model_file=str(path)).get_piece_size()


def _training_text(lang: str) -> list[str]:
    """Development verses, then the wordfreq list of ``lang`` (20 words a line)."""
    import wordfreq

    words = wordfreq.top_n_list(lang, 200_000)
    return dev_lines(lang) + [" ".join(words[i:i + 20]) for i in range(0, len(words), 20)]


def build_model(out: Path, seed: int = 0) -> dict[str, Any]:
    """Write the random real-size Marian + tokenizer to ``out`` (as tests/tiny_marian.py)."""
    import torch
    from tiny_marian import write_marian_tokenizer
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    out.mkdir(parents=True, exist_ok=True)
    sizes = {side: _train_spm(_training_text(lang), out / f"{side}.spm", SPM_PIECES)
             for side, lang in (("source", "ar"), ("target", "fr"))}
    vocab = write_marian_tokenizer(out)  # the tests' tokenizer step (tests/tiny_marian.py)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), **ARCH,
        activation_function="swish", max_position_embeddings=512, scale_embedding=True,
        share_encoder_decoder_embeddings=True, static_position_embeddings=True,
        pad_token_id=pad, decoder_start_token_id=pad, eos_token_id=0, bos_token_id=0,
        forced_eos_token_id=None)
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    # As the real model's generation config, except forced_eos_token_id (it would clash with
    # the fixed output length of the bench).
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]], num_beams=4, max_length=512, bos_token_id=0, eos_token_id=0,
        pad_token_id=pad, decoder_start_token_id=pad)
    model.save_pretrained(out)
    params = sum(p.numel() for p in model.parameters())
    info = {"spm_pieces": sizes, "vocab": len(vocab), "parameters": params}
    (out / "bench_info.json").write_text(json.dumps(info), encoding="utf-8")
    return info


# -- workers (each in its own process) ------------------------------------------------------
class _MinLengthCT2:
    """Proxy of a ``ctranslate2.Translator`` whose ``translate_batch`` decodes exactly
    ``max_decoding_length`` tokens and counts them."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.tokens = 0

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["min_decoding_length"] = kwargs["max_decoding_length"]
        out = self.inner.translate_batch(*args, **kwargs)
        self.tokens += sum(len(r.hypotheses[0]) for r in out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def worker_speed(backend: str, compute: str, threads: int, batch: int, n: int, out_len: int,
                 beam: int, cache_dir: str) -> dict[str, Any]:
    from mtaudit.mt import MTOptions
    from mtaudit.mt.retranslate import make_translator

    texts = bench_sentences(n)
    opts = MTOptions(beam_size=beam, batch_size=batch, max_length=out_len, threads=threads,
                     compute_type=compute, cache=False, cache_dir=cache_dir)
    t0 = time.perf_counter()
    tr: Any = make_translator(str(MODEL_DIR), backend, opts)
    tr._load()  # the bench reaches into the backend: fixed output length, tokens
    counter: dict[str, int] = {"tokens": 0}
    if backend == "transformers":
        model = tr._model
        model.generation_config.min_new_tokens = out_len
        generate, pad = model.generate, model.config.pad_token_id

        def counted(*a: Any, **k: Any) -> Any:
            res = generate(*a, **k)
            counter["tokens"] += int((res[:, 1:] != pad).sum())
            return res

        model.generate = counted
    else:
        tr._translator = _MinLengthCT2(tr._translator)
    tr.translate(texts[:2], "ar", "fr")  # warm-up
    load_s = time.perf_counter() - t0
    counter["tokens"] = 0
    if backend != "transformers":
        tr._translator.tokens = 0
    c0, t = time.process_time(), time.perf_counter()
    out = tr.translate(texts, "ar", "fr")
    wall, cpu = time.perf_counter() - t, time.process_time() - c0
    assert len(out) == len(texts)
    tokens = counter["tokens"] if backend == "transformers" else tr._translator.tokens
    return {"load_s": load_s, "wall_s": wall, "cpu_s": cpu, "out_tokens": tokens,
            "sent_per_s": n / wall, "tok_per_s": tokens / wall,
            "model_calls": tr.model_calls, "torch_loaded": "torch" in sys.modules}


def worker_prepare(n: int, cache_dir: str) -> dict[str, Any]:
    """Build the model if needed; the input token counts of the benchmark sentences."""
    from transformers import AutoTokenizer

    info_file = MODEL_DIR / "bench_info.json"
    t = time.perf_counter()
    info = (json.loads(info_file.read_text(encoding="utf-8")) if info_file.is_file()
            else build_model(MODEL_DIR))
    info["build_s"] = time.perf_counter() - t
    tok = AutoTokenizer.from_pretrained(str(MODEL_DIR), local_files_only=True)
    lengths = [len(tok(s)["input_ids"]) for s in bench_sentences(n)]
    info.update(mean_in=statistics.mean(lengths), max_in=max(lengths), min_in=min(lengths))
    return info


def worker_convert(cache_dir: str) -> dict[str, Any]:
    from mtaudit.mt import MTOptions
    from mtaudit.mt.ctranslate2_backend import CTranslate2Translator

    t = time.perf_counter()
    folder = CTranslate2Translator(str(MODEL_DIR), MTOptions(cache_dir=cache_dir)).ct2_folder()
    return {"folder": str(folder), "convert_s": time.perf_counter() - t}


def _child(args: list[str], timeout: int = 1800) -> dict[str, Any]:
    """Run a worker in a fresh process; add its peak RSS (MB) and CPU seconds (os.wait4)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    run = run_child(cmd, env=env, cwd=ROOT, timeout=timeout)
    if run.rc != 0:
        fallback = "killed at the timeout" if run.rc is None else f"exit {run.rc}"
        return {"error": (run.stderr.strip().splitlines() or [fallback])[-1]}
    res = json.loads(run.last_line())
    res["peak_rss_mb"] = run.rss_mib
    res["proc_cpu_s"] = run.cpu
    return res


# -- driver ---------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=64)
    ap.add_argument("--beam", type=int, default=4)
    ap.add_argument("--batches", default="1,16,64")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--backends", default="transformers:float32,ctranslate2:int8,"
                    "ctranslate2:float32")
    ap.add_argument("--from-json", action="store_true",
                    help=f"rewrite the report section from {RESULTS.name} (no new measurements)")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.from_json:
        saved = json.loads(RESULTS.read_text(encoding="utf-8"))
        args = argparse.Namespace(**saved["args"])
        write_section(args, [tuple(r) for r in saved["rows"]], saved["meta"])
        return
    if args.worker:
        kind, *rest = args.worker
        if kind == "prepare":
            res = worker_prepare(int(rest[0]), rest[1])
        elif kind == "convert":
            res = worker_convert(rest[0])
        else:
            backend, compute, threads, batch, n, out_len, beam, cache = rest
            res = worker_speed(backend, compute, int(threads), int(batch), int(n),
                               int(out_len), int(beam), cache)
        print(json.dumps(res))
        return

    start, load0 = time.perf_counter(), os.getloadavg()
    cache = str(WORK / "cache")
    prep = _child(["prepare", str(args.sentences), cache])
    print("prepare", prep, file=sys.stderr)
    if "error" in prep:
        raise SystemExit(f"model build failed: {prep['error']}")
    out_len = round(OUT_FACTOR * prep["mean_in"])
    conv = _child(["convert", cache])
    print("convert", conv, file=sys.stderr)
    rows: list[tuple[str, str, int, int, dict[str, Any]]] = []
    for spec in args.backends.split(","):
        backend, compute = spec.split(":")
        for threads in (int(t) for t in args.threads.split(",")):
            for batch in (int(b) for b in args.batches.split(",")):
                res = _child(["speed", backend, compute, str(threads), str(batch),
                              str(args.sentences), str(out_len), str(args.beam), cache])
                rows.append((backend, compute, threads, batch, res))
                print(backend, compute, threads, batch, res, file=sys.stderr)
    meta = {"prep": prep, "conv": conv, "out_len": out_len, "load_start": load0,
            "load_end": os.getloadavg(), "total_s": time.perf_counter() - start,
            "parent_cpu_children_s": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime}
    saved = {"args": {k: v for k, v in vars(args).items() if k != "worker"}, "rows": rows,
             "meta": meta}
    RESULTS.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    write_section(args, rows, meta)


def _f(v: float | None, nd: int = 1) -> str:
    return "—" if v is None else f"{v:.{nd}f}"


def section_lines(args: argparse.Namespace, rows: list, meta: dict[str, Any]) -> list[str]:
    prep, out_len = meta["prep"], meta["out_len"]
    label = {"float32": "fp32", "int8": "int8"}
    lines = [
        SECTION, "",
        f"Produced by `bench/retranslate_realsize.py` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPU cores "
        f"(shared with other jobs; run under `nice -n 5`), Python {platform.python_version()}; "
        f"load average {meta['load_start'][0]:.2f} at the start and {meta['load_end'][0]:.2f} "
        f"at the end; whole run {meta['total_s'] / 60:.1f} min.",
        "",
        f"Model: a randomly initialised `MarianMTModel` with the architecture of "
        f"Helsinki-NLP/opus-mt-ar-fr (d_model 512, 6 encoder + 6 decoder layers, 8 heads, FFN "
        f"2048, swish, shared embeddings, sinusoidal positions), "
        f"{prep['parameters'] / 1e6:.1f} M parameters, shared vocabulary of {prep['vocab']:,} "
        f"pieces (source.spm {prep['spm_pieces']['source']:,} + target.spm "
        f"{prep['spm_pieces']['target']:,} SentencePiece unigram pieces, trained on the "
        "development chapters 2, 3, 4, 7, 16, 18, 19, 20 of bench/.data/realtext plus the "
        "wordfreq Arabic/French word lists). Converted once to CTranslate2 by mtaudit's "
        "converter in a separate process, before the timed runs"
        + (f" ({meta['conv']['convert_s']:.1f} s)." if meta["conv"].get("convert_s", 0) > 1
           else " (an earlier conversion of this same model folder was reused)."),
        "",
        f"Input: {args.sentences} real Arabic verses spread over the development chapters, "
        f"{prep['mean_in']:.1f} source tokens on average ({prep['min_in']}–{prep['max_in']}). "
        f"**Output length fixed** at {out_len} new tokens per sentence (≈ {OUT_FACTOR} × the "
        "mean input; min = max, via the model's `generation_config.min_new_tokens` for "
        "transformers and `min_decoding_length` for ctranslate2, set by the bench since the "
        "backends have no such option), so random weights cannot end a sentence early. "
        f"Beam size {args.beam} (mtaudit's default), through mtaudit's own backends "
        "(`make_translator`, mt options `threads`, `batch_size`, `compute_type`, "
        "`max_length`). Each row is a fresh process: one warm-up call on 2 sentences, then "
        "one timed `translate` of all sentences; peak RSS and process CPU from `os.wait4` in "
        "the parent (the whole process: imports, model load, warm-up, run). "
        "tokens/s = output tokens (as counted from the backend's outputs) / wall time. "
        "CPU (s) = the timed run's own CPU time (`time.process_time`, all its threads); on this "
        "shared, oversubscribed machine wall time includes waiting for a core, so sentences "
        "per CPU-second is the steadier figure for the 1-thread rows (for 2 threads it also "
        "counts spinning OpenMP threads).",
        "",
        "| backend | precision | threads | batch | wall (s) | CPU (s) | sentences/s | "
        "tokens/s | sentences per CPU-s | peak RSS (MB) | load + warm-up (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    ok: dict[tuple[str, str, int, int], dict[str, Any]] = {}
    for backend, compute, threads, batch, r in rows:
        head = f"| {backend} | {label.get(compute, compute)} | {threads} | {batch} |"
        if "error" in r:
            lines.append(f"{head} failed: {r['error']} | | | | | | |")
            continue
        ok[(backend, compute, threads, batch)] = r
        lines.append(f"{head} {_f(r['wall_s'])} | {_f(r['cpu_s'])} | {_f(r['sent_per_s'], 2)} | "
                     f"{_f(r['tok_per_s'], 0)} | {_f(args.sentences / r['cpu_s'], 2)} | "
                     f"{_f(r['peak_rss_mb'], 0)} | "
                     f"{_f(r['load_s'])} |")
    lines += ["", "ctranslate2 int8 / transformers fp32, sentences/s, same threads and batch "
              "(the issue's goal: ≥ 3×):", "",
              "| threads | batch | ct2 int8 / tf fp32 | ct2 fp32 / tf fp32 | ≥ 3× | "
              "ct2 int8 / tf fp32 per CPU-second |",
              "|---|---|---|---|---|---|"]
    ratios, cpu_ratios = [], []
    for threads in (int(t) for t in args.threads.split(",")):
        for batch in (int(b) for b in args.batches.split(",")):
            tf = ok.get(("transformers", "float32", threads, batch))
            c8 = ok.get(("ctranslate2", "int8", threads, batch))
            c32 = ok.get(("ctranslate2", "float32", threads, batch))
            r8 = c8["sent_per_s"] / tf["sent_per_s"] if tf and c8 else None
            r32 = c32["sent_per_s"] / tf["sent_per_s"] if tf and c32 else None
            if r8 is not None:
                ratios.append((r8, threads, batch))
            met = "—" if r8 is None else ("yes" if r8 >= 3 else "no")
            rc = tf["cpu_s"] / c8["cpu_s"] if tf and c8 else None
            if rc is not None:
                cpu_ratios.append(rc)
            lines.append(f"| {threads} | {batch} | {_f(r8, 2)}× | {_f(r32, 2)}× | {met} | "
                         f"{_f(rc, 2)}× |")
    if ratios:
        n_met = sum(r >= 3 for r, _t, _b in ratios)
        lo, hi = min(ratios), max(ratios)
        verdict = ("met in every configuration" if n_met == len(ratios) else
                   "not met in any configuration" if n_met == 0 else
                   f"met in {n_met} of {len(ratios)} configurations")
        lines += ["", f"**Goal ≥ 3× (ctranslate2 int8 over transformers fp32): {verdict}** — "
                  f"from {lo[0]:.2f}× ({lo[1]} thread(s), batch {lo[2]}) to {hi[0]:.2f}× "
                  f"({hi[1]} thread(s), batch {hi[2]}), all in this one run (wall-clock "
                  "sentences/s); on CPU time the ratio is "
                  f"{min(cpu_ratios):.2f}×–{max(cpu_ratios):.2f}×."]
    if ok:
        (b, c, t, bs), best = max(ok.items(), key=lambda kv: kv[1]["sent_per_s"])
        lines += ["", f"**How long will my audit take?** On this machine the fastest setting "
                  f"is {b} {label.get(c, c)}, {t} thread(s), batch {bs}: "
                  f"{100 / best['sent_per_s']:.1f} s per 100 sentences of re-translation "
                  f"({best['sent_per_s']:.2f} sentences/s, beam {args.beam}, {out_len} output "
                  "tokens each), plus model load once per audit. A real model stops at its "
                  "end-of-sentence token, so output length follows the sentence rather than "
                  "this fixed length; expect the same order of magnitude for verse-length "
                  "sentences."]
        one = {k: v for k, v in ok.items() if k[2] == 1}
        if one:
            (b, c, _t, bs), r = min(one.items(), key=lambda kv: kv[1]["cpu_s"])
            lines += ["", f"On an idle core (CPU time of the timed run, 1 thread) the cheapest "
                      f"setting is {b} {label.get(c, c)}, batch {bs}: "
                      f"{100 * r['cpu_s'] / args.sentences:.1f} CPU-s per 100 sentences."]
    share = {name: [r["cpu_s"] / r["wall_s"] for k, r in ok.items() if k[0] == name and k[2] == 1]
             for name in ("transformers", "ctranslate2")}
    if all(share.values()) and cpu_ratios:
        one_cpu = [ok[("transformers", "float32", 1, bs)]["cpu_s"]
                   / ok[("ctranslate2", "int8", 1, bs)]["cpu_s"]
                   for bs in (int(b) for b in args.batches.split(","))
                   if ("transformers", "float32", 1, bs) in ok
                   and ("ctranslate2", "int8", 1, bs) in ok]
        lines += ["", f"- Load was not constant during the run: the 1-thread transformers runs "
                  f"got {min(share['transformers']):.0%}–{max(share['transformers']):.0%} of a "
                  f"core (CPU/wall), the 1-thread ctranslate2 runs "
                  f"{min(share['ctranslate2']):.0%}–{max(share['ctranslate2']):.0%}, so the "
                  "wall-clock ratios above flatter ctranslate2. The fairer comparison is CPU "
                  "time with 1 thread: ctranslate2 int8 needs "
                  f"{min(one_cpu):.1f}×–{max(one_cpu):.1f}× less CPU than transformers fp32 "
                  "for the same sentences"
                  + (" (still ≥ 3×)." if min(one_cpu) >= 3 else " (below 3× somewhere).")]
    lines += ["", "- 2 threads on this shared 2-core machine mostly do not help and can hurt "
              "badly (transformers at batch 1: OpenMP threads spin while other processes hold "
              "the cores); `threads=1` remains the setting to use here."]
    torch_flags = {r.get("torch_loaded") for *_x, r in rows if "error" not in r}
    lines += ["", f"- torch loaded in the timed processes: {sorted(torch_flags)} (the "
              "ctranslate2 backend tokenizes with transformers, which imports torch)."]
    return lines


def write_section(args: argparse.Namespace, rows: list, meta: dict[str, Any]) -> None:
    from mtaudit.core.atomic import write_text_atomic

    text = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else "# Re-translation " \
        "benchmark\n"
    before, _sep, after = text.partition(SECTION)
    rest = after.split("\n## ", 1)[1] if "\n## " in after else ""
    body = before.rstrip("\n") + "\n\n" + "\n".join(section_lines(args, rows, meta)) + "\n"
    if rest:
        body += "\n## " + rest
    write_text_atomic(REPORT, body)
    print(f"wrote {REPORT}", file=sys.stderr)


if __name__ == "__main__":
    main()
