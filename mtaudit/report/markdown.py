"""Markdown report for pull requests (GitHub-flavoured): summary tables, then the flags.

Report text is untrusted: every character that can start inline syntax is backslash-escaped
(CommonMark allows it for any ASCII punctuation), so a translation cannot inject links, images,
HTML, mentions, math or table cells; newlines become spaces.
"""

from __future__ import annotations

import re
from typing import Any

from mtaudit.core.types import SEVERITIES, Flag, PairResult
from mtaudit.report.html import retranslation_label, score_items
from mtaudit.report.model import AuditReport

# Characters that can start Markdown/HTML syntax inline (links, images, emphasis, code, HTML,
# entities, tables, strike-through, math, mentions); CommonMark lets any of them be escaped.
_PUNCT = re.compile(r"([\\`*_\[\]<>!|~@&$#])")
ICONS = {"critical": "🟥", "major": "🟧", "minor": "🟦"}


def md_escape(value: object) -> str:
    """Escape text for Markdown: syntax characters backslash-escaped, lines joined."""
    text = " ".join(("" if value is None else str(value)).split())
    return _PUNCT.sub(r"\\\1", text)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    """The flagged span in bold with a little context, escaped."""
    a, b = max(0, start - width), min(len(text), end + width)
    before, span, after = text[a:start], text[start:end], text[end:b]
    if len(span) > 120:  # long spans: their two ends, enough to find them
        span = span[:55].rstrip() + " … " + span[-55:].lstrip()
    return ("…" if a > 0 else "") + md_escape(before) + (" " if before[-1:].isspace() else "") \
        + f"**{md_escape(span)}**" + (" " if after[:1].isspace() else "") + md_escape(after) \
        + ("…" if b < len(text) else "")


def _flag_row(r: PairResult, f: Flag) -> str:
    text = r.pair.target_text if f.side == "target" else r.pair.source_text
    where = _context(text, f.start, f.end) if f.end > f.start else md_escape(f.text)
    side = " (source)" if f.side == "source" else ""
    sugg = md_escape(_clip(f.suggestion, 120)) if f.suggestion else ""
    return (f"| {r.pair.index} | {ICONS[f.severity]} {f.severity} | {md_escape(f.category)}{side} "
            f"| {where} | {md_escape(f.message)} | {sugg} |")


def render(report: AuditReport, *, max_flags: int = 200, max_pairs: int = 10,
           **_: Any) -> str:
    """The report as Markdown (``mtaudit audit --format md``)."""
    s = report.summary()
    src, tgt = report.source, report.target
    out = ["## mtaudit report", ""]
    out.append(f"**Source** `{_code(src.get('path') or 'text')}` ({md_escape(src.get('lang'))}, "
               f"{src.get('chars')} chars) → **translation** `{_code(tgt.get('path') or 'text')}` "
               f"({md_escape(tgt.get('lang'))}, {tgt.get('chars')} chars)")
    out.append("")
    kinds = ", ".join(f"{k}: {v}" for k, v in s["bead_kinds"].items())
    head = [("pairs", f"{s['pairs']} ({md_escape(kinds)})"),
            ("flags", f"{s['flags']} in {s['flagged_pairs']} pairs")]
    head += [(label, value) for label, value, _tip in score_items(report)]
    out += ["| " + " | ".join(md_escape(k) for k, _ in head) + " |",
            "|" + "---|" * len(head),
            "| " + " | ".join(v for _, v in head) + " |", ""]
    if s["by_category"]:
        out += ["| category | " + " | ".join(f"{ICONS[x]} {x}" for x in SEVERITIES) + " | total |",
                "|---|" + "---:|" * (len(SEVERITIES) + 1)]
        for cat, counts in s["by_category"].items():
            out.append(f"| {md_escape(cat)} | " + " | ".join(str(counts[x]) for x in SEVERITIES)
                       + f" | {sum(counts.values())} |")
        out.append("| **total** | " + " | ".join(f"**{s['by_severity'][x]}**" for x in SEVERITIES)
                   + f" | **{s['flags']}** |")
        out.append("")
    else:
        out += ["No flags.", ""]
    for n in report.notices:
        out.append(f"> {md_escape(n)}")
    if report.notices:
        out.append("")

    flagged = [(r, f) for r in report.results for f in r.flags]
    flagged.sort(key=lambda rf: (SEVERITIES.index(rf[1].severity), rf[0].pair.index, rf[1].start))
    if flagged:
        out += ["### Flags", "",
                "| pair | severity | category | span in context | message | suggestion |",
                "|---:|---|---|---|---|---|"]
        out += [_flag_row(r, f) for r, f in flagged[:max_flags]]
        if len(flagged) > max_flags:
            out.append(f"\n_{len(flagged) - max_flags} more flags not shown._")
        out.append("")

    worst = sorted((r for r in report.results if r.flags),
                   key=lambda r: (-sum(_WEIGHT[f.severity] for f in r.flags), r.pair.index))
    if worst:
        out += ["<details><summary>Worst pairs side by side</summary>", ""]
        for r in worst[:max_pairs]:
            p = r.pair
            out.append(f"**Pair {p.index}** ({p.kind}, {len(r.flags)} "
                       f"flag{'s' if len(r.flags) != 1 else ''})")
            out.append("")
            out.append(f"- source ({md_escape(src.get('lang'))}): "
                       f"{md_escape(p.source_text) or '—'}")
            out.append(f"- translation ({md_escape(tgt.get('lang'))}): "
                       f"{md_escape(p.target_text) or '—'}")
            if r.retranslation:
                out.append(f"- {retranslation_label(report)}: {md_escape(r.retranslation)}")
            out.append("")
        out += ["</details>", ""]
    out.append(f"<sub>signature: `{_code(_signature(report))}`</sub>")
    return "\n".join(out) + "\n"


_WEIGHT = {"critical": 25, "major": 5, "minor": 1}


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _code(text: str) -> str:
    """Text for an inline code span: no backticks or newlines can break out of it."""
    return " ".join(str(text).replace("`", "'").split())


def _signature(report: AuditReport) -> str:
    from mtaudit.report.html import _signature as sig

    return sig(report)


def render_gate(result: Any, *, max_flags: int = 50, **_: Any) -> str:
    """A gate run as Markdown (a pull-request comment or a GitHub job summary)."""
    state = {0: "✅ passed", 1: "❌ failed", 2: "⚠️ error"}[result.exit_code]
    out = [f"## mtaudit gate: {state}", "",
           "| file | result | new | baselined | suppressed | ignored | why |",
           "|---|---|---:|---:|---:|---:|---|"]
    for o in result.outcomes:
        if o.error is not None:
            out.append(f"| `{_code(o.key)}` | ⚠️ not audited | | | | | {md_escape(o.error)} |")
            continue
        counts = [len(o.by_status(s)) for s in ("new", "baselined", "suppressed", "ignored")]
        out.append(f"| `{_code(o.key)}` | {'✅ pass' if o.passed else '❌ fail'} | "
                   + " | ".join(str(c) for c in counts)
                   + f" | {md_escape('; '.join(o.violations))} |")
    new = [(o, g) for o in result.outcomes for g in o.flags if g.status == "new"]
    new.sort(key=lambda og: (SEVERITIES.index(og[1].flag.severity), og[0].key))
    if new:
        out += ["", "### New flags", "", "| where | severity | category | text | message |",
                "|---|---|---|---|---|"]
        for _o, g in new[:max_flags]:
            f = g.flag
            out.append(f"| `{_code(g.location())}` | {ICONS[f.severity]} {f.severity} | "
                       f"{md_escape(f.category)} | {md_escape(_clip(f.text, 120))} | "
                       f"{md_escape(f.message)} |")
        if len(new) > max_flags:
            out.append(f"\n_{len(new) - max_flags} more new flags not shown._")
    out += ["", result.summary_line()]
    return "\n".join(out) + "\n"
