"""The gate's Markdown summary (a pull-request comment or a GitHub job summary): a table of
files, then the new flags. Untrusted text is escaped as in :mod:`mtaudit.report.markdown`."""

from __future__ import annotations

from typing import Any

from mtaudit.core.text import clip
from mtaudit.core.types import SEVERITIES
from mtaudit.gate.runner import GateResult
from mtaudit.report.markdown import ICONS, code_cell, md_escape


def render(result: GateResult, *, max_flags: int = 50, **_: Any) -> str:
    """A gate run as Markdown; at most ``max_flags`` new flags are listed."""
    state = {0: "✅ passed", 1: "❌ failed", 2: "⚠️ error"}[result.exit_code]
    out = [f"## mtaudit gate: {state}", "",
           "| file | result | new | baselined | suppressed | ignored | why |",
           "|---|---|---:|---:|---:|---:|---|"]
    for o in result.outcomes:
        if o.error is not None:
            out.append(f"| {code_cell(o.key)} | ⚠️ not audited | | | | | {md_escape(o.error)} |")
            continue
        counts = [len(o.by_status(s)) for s in ("new", "baselined", "suppressed", "ignored")]
        out.append(f"| {code_cell(o.key)} | {'✅ pass' if o.passed else '❌ fail'} | "
                   + " | ".join(str(c) for c in counts)
                   + f" | {md_escape('; '.join(o.violations))} |")
    new = [(o, g) for o in result.outcomes for g in o.flags if g.status == "new"]
    new.sort(key=lambda og: (SEVERITIES.index(og[1].flag.severity), og[0].key))
    if new:
        out += ["", "### New flags", "", "| where | severity | category | text | message |",
                "|---|---|---|---|---|"]
        for _o, g in new[:max_flags]:
            f = g.flag
            out.append(f"| {code_cell(g.location())} | {ICONS[f.severity]} {f.severity} | "
                       f"{md_escape(f.category)} | {md_escape(clip(f.text, 120))} | "
                       f"{md_escape(f.message)} |")
        if len(new) > max_flags:
            out.append(f"\n_{len(new) - max_flags} more new flags not shown._")
    out += ["", result.summary_line()]
    return "\n".join(out) + "\n"
