"""reports/ holds the seed pair's report; it must match a fresh audit (all but "created").

Regenerate with:  HF_HUB_OFFLINE=1 .venv/bin/python scripts/make_seed_reports.py
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from mtaudit.report import render
from mtaudit.report.model import AuditReport

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
HOW = "regenerate with: HF_HUB_OFFLINE=1 .venv/bin/python scripts/make_seed_reports.py"


def _committed() -> dict[str, Any]:
    return json.loads((REPORTS / "seed_report.json").read_text(encoding="utf-8"))


def _diff(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            out += _diff(a.get(k), b.get(k), f"{path}.{k}") if k in a and k in b else \
                [f"{path}.{k}: only in {'committed' if k in a else 'fresh'}"]
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {str(a)[:80]!r} != {str(b)[:80]!r}"]


def test_html_and_markdown_are_rendered_from_the_committed_json() -> None:
    report = AuditReport.from_dict(_committed())
    assert (REPORTS / "seed_report.html").read_text(encoding="utf-8") == render(report, "html"), HOW
    assert (REPORTS / "seed_report.md").read_text(encoding="utf-8") == render(report, "md"), HOW
    png = (REPORTS / "seed_report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_committed_json_matches_a_fresh_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(REPO)
    spec = importlib.util.spec_from_file_location("make_seed_reports",
                                                  REPO / "scripts" / "make_seed_reports.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    fresh = json.loads(render(mod.audit_seed(), "json"))  # repo paths made relative
    committed = _committed()
    for d in (fresh, committed):
        d.pop("created")
    diffs = _diff(committed, fresh)
    assert not diffs, f"reports/seed_report.json is stale ({HOW}):\n" + "\n".join(diffs[:20])
