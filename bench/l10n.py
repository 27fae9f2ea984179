"""Catalog checks benchmark: injected errors in real PO catalogs, mtaudit vs pofilter.

Data: real catalogs converted from installed ``.mo`` files with ``msgunfmt`` into
``bench/.data/l10n/`` (not in git; util-linux, system-config-printer and meld are reserved for
evaluation and not used), e.g.::

    msgunfmt /usr/share/locale/fr/LC_MESSAGES/gtk30.mo -o bench/.data/l10n/fr-gtk30.po

1. Both tools run on the clean catalogs (mtaudit: the ``l10n`` detectors, ``--embedder none``,
   no relatedness check; pofilter: its default checks).
2. Seven error types are injected into the msgstr of units that neither tool flagged on the clean
   run (one error per unit, at most 12 per type, spread over the catalogs, seed 7): printf
   placeholder dropped, named/brace/shell placeholder dropped or renamed, tag dropped,
   accelerator dropped, final ellipsis dropped, final newline dropped (or a trailing space
   added), final colon dropped.
3. Both tools run on the injected catalogs: recall per type (an injected unit with any finding),
   and false alarms (findings on untouched units).
4. A sample of 40 mtaudit flags on the clean catalogs is written out to be read and judged.

Run: ``.venv/bin/python bench/l10n.py`` → ``reports/bench_l10n.md`` (tables; the judged sample
is appended by hand after reading).
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from measure import results_caches_off
from translate.storage.pypo import pofile

import mtaudit
from mtaudit.lang.accelerators import accelerators, catalog_marker
from mtaudit.lang.placeholders import format_tokens, markup_tokens

results_caches_off()

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data" / "l10n"
OUT = DATA / "injected"
REPORT = ROOT / "reports" / "bench_l10n.md"
POFILTER = ROOT / ".venv" / "bin" / "pofilter"
DETECTORS = ("placeholders", "markup", "accelerators", "l10n_format", "catalog_status")
TYPES = ("printf", "named", "tag", "accelerator", "ellipsis", "newline", "colon")
PER_TYPE = 12


def uid(u: object) -> str:
    return str(u.getid()).replace("\x04", "::")  # type: ignore[attr-defined]


def mtaudit_units(path: Path, lang: str) -> dict[str, list[object]]:
    rep = mtaudit.audit(str(path), None, src_lang="en", tgt_lang=lang, detectors=DETECTORS,
                        embedder="none", check_related=False)
    out: dict[str, list[object]] = defaultdict(list)
    for r in rep.results:
        seg = (r.pair.target or r.pair.source)[0]
        base = re.sub(r"\[\d+\]$", "", seg.unit_id or "")
        for f in r.flags:
            out[base].append((f, r.pair))
    return out


def pofilter_units(path: Path, out: Path) -> dict[str, list[str]]:
    subprocess.run([str(POFILTER), "--progress=none", "-i", str(path), "-o", str(out)],
                   check=False, capture_output=True)
    found: dict[str, list[str]] = defaultdict(list)
    if out.exists():
        for u in pofile(out.read_bytes()).units:
            if u.isheader():
                continue
            notes = [n for n in u.getnotes("translator").splitlines() if "(pofilter)" in n]
            found[uid(u)].extend(notes)
    return found


def inject(kind: str, src: str, tgt: str, marker: str | None) -> str | None:
    """The msgstr with one error of ``kind``, or None when the unit does not fit."""
    if kind == "printf":
        toks = [t for t in format_tokens(tgt) if t.kind == "printf"]
        return tgt[:toks[0].start] + tgt[toks[0].end:] if toks else None
    if kind == "named":
        toks = [t for t in format_tokens(tgt) if t.kind in ("python", "brace", "shell", "qt")]
        if not toks:
            return None
        t = toks[0]
        return tgt[:t.start] + tgt[t.end:]
    if kind == "tag":
        toks = markup_tokens(tgt)
        return tgt[:toks[0].start] + tgt[toks[0].end:] if toks else None
    if kind == "accelerator":
        acc = accelerators(tgt, marker) if marker else []
        if not (marker and acc and accelerators(src, marker)):
            return None
        pos = acc[0][0]
        return tgt[:pos] + tgt[pos + len(marker):]
    if kind == "ellipsis":
        s, t = src.rstrip(), tgt.rstrip()
        for e in ("...", "…"):
            if s.endswith(("...", "…")) and t.endswith(e):
                return t[:-len(e)] + tgt[len(t):]
        return None
    if kind == "newline":
        if src.endswith("\n") and tgt.endswith("\n"):
            return tgt[:-1]
        if not src.endswith((" ", "\n")) and not tgt.endswith((" ", "\n")) and len(src) < 60:
            return tgt + " "
        return None
    if kind == "colon":
        s, t = src.rstrip(), tgt.rstrip()
        if s.endswith(":") and t.endswith(":"):
            return t[:-1].rstrip("\u00a0 ") + tgt[len(t):]
        return None
    raise ValueError(kind)


def main() -> int:
    cats = sorted(p for p in DATA.glob("*.po"))
    if not cats:
        print(f"no catalogs in {DATA}; see the module docstring", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    rng = random.Random(7)
    clean_mt: dict[str, dict[str, list[object]]] = {}
    clean_pf: dict[str, dict[str, list[str]]] = {}
    candidates: dict[str, list[tuple[str, str]]] = defaultdict(list)
    stores = {}
    for p in cats:
        lang = p.name.split("-")[0]
        clean_mt[p.name] = mtaudit_units(p, lang)
        clean_pf[p.name] = pofilter_units(p, OUT / f"clean-pofilter-{p.name}")
        store = pofile(p.read_bytes())
        stores[p.name] = store
        marker = catalog_marker(str(u.source) for u in store.units if not u.isheader())
        for u in store.units:
            if u.isheader() or u.hasplural() or not u.target:
                continue
            i = uid(u)
            if clean_mt[p.name].get(i) or clean_pf[p.name].get(i):
                continue
            for kind in TYPES:
                if inject(kind, str(u.source), str(u.target), marker) is not None:
                    candidates[kind].append((p.name, i))
    chosen: dict[tuple[str, str], str] = {}
    for kind in TYPES:
        pool = [c for c in candidates[kind] if c not in chosen]
        rng.shuffle(pool)
        by_cat: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for c in pool:
            by_cat[c[0]].append(c)
        picked: list[tuple[str, str]] = []
        while len(picked) < PER_TYPE and any(by_cat.values()):
            for name in sorted(by_cat):
                if by_cat[name] and len(picked) < PER_TYPE:
                    picked.append(by_cat[name].pop())
        for c in picked:
            chosen[c] = kind
    rows = []
    recall = {tool: Counter() for tool in ("mtaudit", "pofilter")}
    total = Counter(chosen.values())
    false_alarms = Counter()
    untouched = 0
    used = sorted({name for name, _ in chosen})
    for name in used:
        store = pofile((DATA / name).read_bytes())
        marker = catalog_marker(str(u.source) for u in store.units if not u.isheader())
        injected: dict[str, str] = {}
        for u in store.units:
            i = uid(u)
            if (name, i) in chosen:
                kind = chosen[(name, i)]
                u.target = inject(kind, str(u.source), str(u.target), marker)
                injected[i] = kind
        path = OUT / name
        path.write_bytes(bytes(store))
        mt = mtaudit_units(path, name.split("-")[0])
        pf = pofilter_units(path, OUT / f"pofilter-{name}")
        n_units = sum(1 for u in store.units if not u.isheader())
        untouched += n_units - len(injected)
        for i, kind in injected.items():
            recall["mtaudit"][kind] += bool(mt.get(i))
            recall["pofilter"][kind] += bool(pf.get(i))
        false_alarms["mtaudit"] += sum(len(v) for k, v in mt.items() if k not in injected)
        false_alarms["pofilter"] += sum(len(v) for k, v in pf.items() if k not in injected)
        rows.append((name, n_units, len(injected)))
    lines = ["# Catalog checks: injected errors, mtaudit vs pofilter", "",
             "Made by `bench/l10n.py` (see its docstring for the method). mtaudit runs the "
             f"`l10n` detectors ({', '.join(DETECTORS)}) with `--embedder none`; pofilter "
             "(translate-toolkit) its default checks, on the same files in the same run.", "",
             "| catalog (injected copy) | units | injected |", "|---|---:|---:|"]
    lines += [f"| {n} | {u:,} | {k} |" for n, u, k in rows]
    lines += ["", "## Recall per error type (a finding on the injected unit)", "",
              "| type | injected | mtaudit | pofilter |", "|---|---:|---:|---:|"]
    for kind in TYPES:
        lines.append(f"| {kind} | {total[kind]} | {recall['mtaudit'][kind]} | "
                     f"{recall['pofilter'][kind]} |")
    n = sum(total.values())
    lines.append(f"| **all** | {n} | {sum(recall['mtaudit'].values())} "
                 f"({100 * sum(recall['mtaudit'].values()) / max(n, 1):.0f} %) | "
                 f"{sum(recall['pofilter'].values())} "
                 f"({100 * sum(recall['pofilter'].values()) / max(n, 1):.0f} %) |")
    lines += ["", f"## False alarms on the {untouched:,} untouched units of the injected "
              "catalogs", "", "| tool | findings on untouched units |", "|---|---:|",
              f"| mtaudit | {false_alarms['mtaudit']:,} |",
              f"| pofilter | {false_alarms['pofilter']:,} |", ""]
    sample = [(name, f, pair) for name in sorted(clean_mt) for v in clean_mt[name].values()
              for f, pair in v]
    total_flags = len(sample)
    rng2 = random.Random(40)
    sample = rng2.sample(sample, min(40, len(sample)))
    lines += [f"## Flags on the clean catalogs: {total_flags:,} in all "
              f"({len(cats)} catalogs); a sample of {len(sample)}", "",
              "| # | catalog | flag | text | source → target |", "|---|---|---|---|---|"]
    for k, (name, f, pair) in enumerate(sample, 1):
        s = pair.source_text.replace("\n", "\\n").replace("|", "\\|")[:70]
        t = pair.target_text.replace("\n", "\\n").replace("|", "\\|")[:70]
        txt = f.text.replace("\n", "\\n").replace("|", "\\|")
        lines.append(f"| {k} | {name} | {f.severity} {f.category}: "
                     f"{f.message.replace('|', '/')} | `{txt}` | {s} → {t} |")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:40]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
