"""Markdown report for pull requests (GitHub-flavoured): summary tables, then the flags.

Report text is untrusted: every character that can start inline syntax is backslash-escaped
(CommonMark allows it for any ASCII punctuation), so a translation cannot inject links, images,
HTML, mentions, math or table cells; newlines become spaces; control characters and bidi
overrides are shown as escapes (:func:`mtaudit.core.escape.visible`). Paths and the signature
are code spans, or ``<code>`` around escaped text when they hold markup characters. Numbers
read from the report are escaped like text. The gate's summary
(:mod:`mtaudit.gate.render_markdown`) is written with the helpers here.
"""

from __future__ import annotations

import re
from typing import Any

from mtaudit.core.escape import visible
from mtaudit.core.mqm import flag_weight, weights_of
from mtaudit.core.text import clip
from mtaudit.core.types import SEVERITIES, Flag, PairResult
from mtaudit.report.headline import retranslation_label, score_items, signature_text
from mtaudit.report.model import AuditReport

# Characters that can start Markdown/HTML syntax inline (links, images, emphasis, code, HTML,
# entities, tables, strike-through, math, mentions); CommonMark lets any of them be escaped.
_PUNCT = re.compile(r"([\\`*_\[\]<>!|~@&$#])")
_IN_SPAN = re.compile(r"[<>&\\`]")
_IN_CELL = re.compile(r"[<>&\\`|]")
ICONS = {"critical": "🟥", "major": "🟧", "minor": "🟦"}


def md_escape(value: object) -> str:
    """Escape text for Markdown: syntax characters backslash-escaped, lines joined."""
    text = visible(" ".join(("" if value is None else str(value)).split()))
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
    sugg = md_escape(clip(f.suggestion, 120)) if f.suggestion else ""
    return (f"| {md_escape(r.pair.index)} | {ICONS[f.severity]} {f.severity} | "
            f"{md_escape(f.category)}{side} "
            f"| {where} | {md_escape(f.message)} | {sugg} |")


def render(report: AuditReport, *, max_flags: int = 200, max_pairs: int = 10,
           **_: Any) -> str:
    """The report as Markdown (``mtaudit audit --format md``)."""
    s = report.summary()
    src, tgt = report.source, report.target
    out = ["## mtaudit report", ""]
    out.append(f"**Source** {code(src.get('path') or 'text')} "
               f"({md_escape(src.get('lang'))}, {md_escape(src.get('chars'))} chars) → "
               f"**translation** {code(tgt.get('path') or 'text')} "
               f"({md_escape(tgt.get('lang'))}, {md_escape(tgt.get('chars'))} chars)")
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

    # worst first: the most MQM points (the weights the report was scored with)
    weights = weights_of(report.signature)
    worst = sorted((r for r in report.results if r.flags),
                   key=lambda r: (-sum(flag_weight(f, weights) for f in r.flags), r.pair.index))
    if worst:
        out += ["<details><summary>Worst pairs side by side</summary>", ""]
        for r in worst[:max_pairs]:
            p = r.pair
            out.append(f"**Pair {md_escape(p.index)}** ({p.kind}, {len(r.flags)} "
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
    out.append(f"<sub>signature: {code(signature_text(report))}</sub>")
    return "\n".join(out) + "\n"


def code(text: object, *, in_table: bool = False) -> str:
    """Untrusted text as inline code: a code span when it holds none of ``< > & \\`` and no
    backtick (nor, in a table cell, where GFM splits cells even inside code, a ``|``), else
    ``<code>`` around the escaped text. Controls are shown."""
    shown = visible(" ".join(str(text).split()))
    unsafe = _IN_CELL if in_table else _IN_SPAN
    if shown and not unsafe.search(shown):
        return f"`{shown}`"
    return f"<code>{md_escape(shown)}</code>"


def code_cell(text: object) -> str:
    """:func:`code` for a table cell."""
    return code(text, in_table=True)
