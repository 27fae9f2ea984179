"""Untranslated and repetition flags on real software catalogs, before and after the code-aware
checks, and the speed of a catalog audit.

The catalogs are installed ``.mo`` files converted with ``msgunfmt`` into
``bench/.data/catalogs/NAME.LANG.po`` (gitignored; util-linux, system-config-printer and meld
are reserved for evaluation and never used here)::

    msgunfmt /usr/share/locale/fr/LC_MESSAGES/wget.mo -o bench/.data/catalogs/wget.fr.po

Usage::

    python bench/catalog_flags.py run LABEL        # audit every catalog, save counts + flags
    python bench/catalog_flags.py sarif            # every SARIF region holds its snippet?
    python bench/catalog_flags.py report BEFORE AFTER   # -> reports/bench_catalog_flags.md

``run`` audits with ``--embedder none --no-check-related`` (the pipeline's defaults otherwise)
and stores, per catalog, the wall time and every untranslated/repetition flag, in
``bench/.data/catalog_flags.LABEL.json``. To measure the code before a change, run it with
``PYTHONPATH`` pointing at a copy of the old package.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from measure import results_caches_off

results_caches_off()

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
CATALOGS = DATA / "catalogs"
REPORT = ROOT / "reports" / "bench_catalog_flags.md"
WATCH = ("untranslated", "repetition")


def catalogs() -> list[Path]:
    return sorted(p for p in CATALOGS.glob("*.po")
                  if not p.name.startswith(("util-linux", "system-config-printer", "meld")))


def run(label: str) -> None:
    import mtaudit
    from mtaudit.app.pipeline import audit

    out: dict[str, Any] = {"package": str(Path(mtaudit.__file__).parent), "catalogs": {}}
    for po in catalogs():
        lang = po.name.split(".")[-2]
        t0 = time.perf_counter()
        rep = audit(po, None, src_lang="en", tgt_lang=lang, embedder="none",
                    check_related=False)
        wall = time.perf_counter() - t0
        flags = [{"category": f.category, "severity": f.severity, "text": f.text,
                  "unit": (rep.results[f.pair_index].pair.target[0].unit_id
                           if rep.results[f.pair_index].pair.target else None)}
                 for f in rep.flags if f.category in WATCH]
        out["catalogs"][po.name] = {"units": len(rep.results), "wall_s": round(wall, 2),
                                    "flags": flags, "all_flags": len(rep.flags)}
        print(f"{po.name}: {len(rep.results)} units, {len(flags)} watched flags, "
              f"{wall:.1f} s", flush=True)
    (DATA / f"catalog_flags.{label}.json").write_text(json.dumps(out, ensure_ascii=False,
                                                                 indent=1))


def sarif() -> None:
    """Audit every catalog, build its SARIF log and check each result: it has a line, the
    file's text at its region is its snippet, and the region lies in the flagged unit's own
    msgstr (msgid for source-side flags)."""
    from mtaudit.app.pipeline import audit
    from mtaudit.core.catalog_positions import PoIndex
    from mtaudit.report.sarif import SarifFile, build_sarif

    out: dict[str, Any] = {}
    for po in catalogs():
        lang = po.name.split(".")[-2]
        rep = audit(po, None, src_lang="en", tgt_lang=lang, embedder="none",
                    check_related=False)
        text = po.read_text(encoding="utf-8")
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        fields = [(e.uid, k, f.starts[0] if f.starts else f.first,
                   f.ends[-1] if f.ends else f.first)
                  for e in PoIndex(text).entries for k, f in e.fields.items()]
        c: Counter[str] = Counter()
        for res in build_sarif([SarifFile(rep)])["runs"][0]["results"]:
            c["results"] += 1
            region = res["locations"][0]["physicalLocation"]["region"]
            props = res["properties"]
            if "startLine" not in region:
                c["no line"] += 1
                continue
            a = starts[region["startLine"] - 1] + region["startColumn"] - 1
            b = starts[region["endLine"] - 1] + region["endColumn"] - 1
            if text[a:b] != region.get("snippet", {}).get("text"):
                c["snippet differs"] += 1
                continue
            want = "msgid" if props["side"] == "source" else "msgstr"
            home = [(u, k) for u, k, x, y in fields if x <= a and b <= y and k.startswith(want)]
            if not any(u == props.get("unit") or (props.get("unit") or "").startswith(u)
                       for u, _ in home):
                c["other field or unit"] += 1
                continue
            c["exact"] += 1
        out[po.name] = dict(c)
        print(po.name, dict(c), flush=True)
    (DATA / "catalog_sarif.json").write_text(json.dumps(out, indent=1))


def _counts(data: dict[str, Any], lang: str | None = None) -> Counter[str]:
    c: Counter[str] = Counter()
    for name, d in data["catalogs"].items():
        if lang and name.split(".")[-2] != lang:
            continue
        c["units"] += d["units"]
        for f in d["flags"]:
            c[f["category"]] += 1
    return c


def report(before_label: str, after_label: str) -> None:
    before = json.loads((DATA / f"catalog_flags.{before_label}.json").read_text())
    after = json.loads((DATA / f"catalog_flags.{after_label}.json").read_text())
    lines = ["# Untranslated and repetition flags on real software catalogs", "",
             "Generated by `bench/catalog_flags.py` (`run before`, `run after`, `report before "
             "after`). Catalogs: installed `.mo` files converted with `msgunfmt` (French `fr`, "
             "Arabic `ar`; util-linux, system-config-printer and meld left out, reserved for "
             "evaluation). Audit: `--src-lang en --embedder none --no-check-related`.", "",
             "| catalog | units | untranslated before | after | repetition before | after |"
             " wall s before | after |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in sorted(after["catalogs"]):
        b, a = before["catalogs"].get(name), after["catalogs"][name]
        if b is None:
            continue
        cb = Counter(f["category"] for f in b["flags"])
        ca = Counter(f["category"] for f in a["flags"])
        lines.append(f"| {name} | {a['units']} | {cb['untranslated']} | {ca['untranslated']} |"
                     f" {cb['repetition']} | {ca['repetition']} | {b['wall_s']} |"
                     f" {a['wall_s']} |")
    for lang in ("fr", "ar", None):
        cb, ca = _counts(before, lang), _counts(after, lang)
        lines.append(f"| **all {lang or 'catalogs'}** | {ca['units']} | {cb['untranslated']} |"
                     f" {ca['untranslated']} | {cb['repetition']} | {ca['repetition']} | | |")
    lines += ["", "## Most frequent flagged texts before (untranslated)", ""]
    top = Counter(f["text"] for d in before["catalogs"].values() for f in d["flags"]
                  if f["category"] == "untranslated").most_common(15)
    lines += [f"- `{t}` × {n}" for t, n in top]
    sarif_file = DATA / "catalog_sarif.json"
    if sarif_file.exists():
        checks = json.loads(sarif_file.read_text())
        tot: Counter[str] = Counter()
        for c in checks.values():
            tot.update(c)
        lines += ["", "## SARIF locations on these catalogs (`sarif`)", "",
                  f"{tot['results']} results (all flags, all detectors): {tot['exact']} exact "
                  "(the file text at the region is the snippet, inside the flagged unit's own "
                  f"msgstr, or msgid for source-side flags); {tot['no line']} without a line, "
                  f"{tot['snippet differs']} whose snippet differs, "
                  f"{tot['other field or unit']} in another field or unit."]
    lines += ["", "## Sample of the flags left after (seed 0, up to 40)", ""]
    rest = [(name, f) for name, d in sorted(after["catalogs"].items()) for f in d["flags"]]
    random.Random(0).shuffle(rest)
    for name, f in rest[:40]:
        lines.append(f"- {name} · {f['category']} ({f['severity']}) · `{f['text'][:80]}`")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {REPORT}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        run(sys.argv[2])
    elif len(sys.argv) >= 2 and sys.argv[1] == "sarif":
        sarif()
    elif len(sys.argv) >= 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        sys.exit(2)
