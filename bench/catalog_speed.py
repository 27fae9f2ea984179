"""Wall time of ``mtaudit audit`` on catalogs: one unit, and ~5,000 units.

The large catalog is the French catalogs of ``bench/.data/catalogs`` merged with
``msgcat --use-first`` (duplicates dropped) into ``bench/.data/catalogs-merged.fr.po`` (see
``bench/catalog_flags.py`` for how the catalogs are made). Each audit is a fresh process with
the default options (the default embedder name included: a catalog loads none) and
``-f json``. Goals (issue 10): one unit ≤ 3 s, ~5,000 units ≤ 15 s. Figures are appended to
``reports/bench_catalog_flags.md``.

    python bench/catalog_speed.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from measure import results_caches_off

results_caches_off()

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
REPORT = ROOT / "reports" / "bench_catalog_flags.md"
MTAUDIT = Path(sys.executable).parent / "mtaudit"

ONE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Copy the file to the directory"
msgstr "Copier le fichier dans le répertoire"
'''


def merged() -> Path:
    out = DATA / "catalogs-merged.fr.po"
    if not out.exists():
        parts = sorted(str(p) for p in (DATA / "catalogs").glob("*.fr.po"))
        subprocess.run(["msgcat", "--use-first", "-o", str(out), *parts], check=True)
    return out


def timed(po: Path, lang: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    res = subprocess.run([str(MTAUDIT), "audit", str(po), "--src-lang", "en", "--tgt-lang",
                          lang, "-f", "json", "-o", str(DATA / "speed.json")],
                         capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if res.returncode not in (0, 1):
        raise SystemExit(res.stderr)
    import json

    units = len(json.loads((DATA / "speed.json").read_text())["results"])
    return wall, units


def main() -> None:
    one = DATA / "one.fr.po"
    one.write_text(ONE, encoding="utf-8")
    big = merged()
    rows = []
    for name, po in (("1 unit", one), ("merged French catalogs", big)):
        runs = [timed(po, "fr") for _ in range(2)]
        wall = min(w for w, _ in runs)
        rows.append(f"| {name} | {runs[0][1]} | {wall:.1f} |")
        print(rows[-1], flush=True)
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    text = text.split("\n## Speed")[0].rstrip("\n")
    text += ("\n\n## Speed (bench/catalog_speed.py)\n\n"
             "`mtaudit audit X.po --src-lang en --tgt-lang fr -f json`, default options, a fresh "
             "process each time, best of 2, on this machine (2 cores shared with other jobs).\n\n"
             "| catalog | units | wall s |\n|---|---:|---:|\n" + "\n".join(rows) + "\n")
    REPORT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
