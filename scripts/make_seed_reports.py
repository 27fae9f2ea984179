#!/usr/bin/env python
"""Regenerate reports/: the seed pair's report as JSON, HTML and Markdown, plus a screenshot.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/make_seed_reports.py

Options: --no-screenshot, --no-notebook (do not re-execute notebooks/seed_analysis.ipynb, which
it does by default to store fresh outputs), --render-only (HTML/Markdown/PNG from the JSON).

Run from anywhere; paths in the reports are relative to the repository root. The audit is
scored against the human reference translation seeds/003_a11d716948e0df65.ref.fr.txt
(reference mode), so the reports show chrF/BLEU/TER and a reference column. The JSON is
the reference that tests/test_seed_reports.py compares a fresh audit with (all but "created"),
and the HTML/Markdown are rendered from that same JSON. The screenshot (reports/seed_report.png)
shows the HTML report with the "minor" filter off and "only flagged pairs" on; it needs
headless Chromium (Debian package `chromium`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SOURCE = "seeds/003_a11d716948e0df65.txt"
TARGET = "seeds/000_446608ba329916e1.txt"
OUT = Path("reports")


REFERENCE = "seeds/003_a11d716948e0df65.ref.fr.txt"


def relativise(value: Any, root: Path = REPO) -> Any:
    """``value`` with every absolute path under ``root`` made relative to it, so that the
    reports do not depend on where the repository is checked out."""
    prefix = str(root) + os.sep
    if isinstance(value, str):
        return value[len(prefix):] if value.startswith(prefix) else value
    if isinstance(value, dict):
        return {k: relativise(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [relativise(v, root) for v in value]
    return value


def audit_seed():  # -> AuditReport
    """The seed audit exactly as reports/ holds it: ar -> fr, default configuration, scored
    against the project's human reference translation (reference mode: no MT model needed)."""
    import mtaudit
    from mtaudit.report.model import AuditReport

    report = mtaudit.audit(SOURCE, TARGET, src_lang="ar", tgt_lang="fr", reference=REFERENCE)
    return AuditReport.from_dict(relativise(report.to_dict()))


NOTEBOOK = Path("notebooks/seed_analysis.ipynb")


def execute_notebook(path: Path = NOTEBOOK, *, save: bool = True, timeout: int = 600):
    """Run a notebook top to bottom (kernel from this Python) and store its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
    if save:
        from mtaudit.core.atomic import write_text_atomic

        write_text_atomic(path, nbformat.writes(nb) + "\n")
    return nb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-screenshot", action="store_true", help="skip reports/seed_report.png")
    ap.add_argument("--no-notebook", action="store_true",
                    help="do not re-execute notebooks/seed_analysis.ipynb")
    ap.add_argument("--render-only", action="store_true",
                    help="re-render HTML, Markdown and PNG from the existing JSON (no audit)")
    args = ap.parse_args(argv)
    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "scripts"))
    from mtaudit.core.atomic import write_text_atomic
    from mtaudit.report import render

    OUT.mkdir(exist_ok=True)
    if args.render_only:
        import json

        from mtaudit.report.model import AuditReport

        report = AuditReport.from_dict(
            json.loads((OUT / "seed_report.json").read_text(encoding="utf-8")))
    else:
        report = audit_seed()
        write_text_atomic(OUT / "seed_report.json", render(report, "json"))
    write_text_atomic(OUT / "seed_report.html", render(report, "html"))
    write_text_atomic(OUT / "seed_report.md", render(report, "md"))
    written = ["seed_report.html", "seed_report.md"]
    if not args.render_only:
        written.insert(0, "seed_report.json")
    if not args.no_screenshot:
        # the page as a reader looking for the serious errors sets it: minor flags filtered
        # out, flagged pairs only (the committed HTML opens with everything shown)
        import tempfile

        from screenshot import screenshot  # scripts/screenshot.py (headless Chromium)

        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "seed_report.html"
            page.write_text(render(report, "html", hide_severities=("minor",),
                                   only_flagged=True), encoding="utf-8")
            screenshot(page, OUT / "seed_report.png", width=1400, height=1750)
        written.append("seed_report.png")
    if not args.no_notebook and not args.render_only:
        execute_notebook()
        written.append(str(Path("..") / NOTEBOOK))
    s = report.summary()
    print(f"wrote {', '.join(str(OUT / w) for w in written)}: {s['pairs']} pairs, "
          f"{s['flags']} flags {s['by_severity']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
