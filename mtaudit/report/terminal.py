"""Terminal rendering with rich: summary at a glance, then every pair with flagged spans lit.

Report text (documents, paths, messages, names) is printed as text, never parsed as rich
markup, and its control characters, escape sequences and bidi overrides are shown as escapes
(:func:`mtaudit.core.escape.visible`), so that a translation cannot drive the terminal.
"""

from __future__ import annotations

import io
from typing import Any

from mtaudit.core.escape import visible, visible_offsets
from mtaudit.core.text import clip
from mtaudit.core.types import SEVERITIES, Flag
from mtaudit.report.headline import signature_text
from mtaudit.report.model import AuditReport

STYLE = {"critical": "bold white on red", "major": "black on yellow", "minor": "underline cyan"}
BADGE = {"critical": "bold red", "major": "yellow", "minor": "cyan"}


def _lit(text: str, flags: list[Flag]) -> Any:
    from rich.text import Text

    shown, at = visible_offsets(" ".join(text.split("\n")))
    out = Text(shown)
    last = len(at) - 1
    for f in sorted(flags, key=lambda f: SEVERITIES.index(f.severity), reverse=True):
        out.stylize(STYLE[f.severity], at[min(f.start, last)], at[min(f.end, last)])
    return out


def _locator(report: AuditReport) -> Any:
    """``where(flag)``: ``file:line:column`` of the flag in its file (a catalog's flags in their
    own unit's msgstr/msgid), else its span in the pair's text (``[start:end]``)."""
    from mtaudit.core.locations import FileText, side_segments

    texts: dict[str, Any] = {}
    metas = {"target": report.target, "source": report.source}

    def where(f: Flag) -> str:
        if f.side not in texts:
            texts[f.side] = FileText.resolve(metas[f.side],
                                             segments=side_segments(report.results, f.side))
        region = texts[f.side].region(f, metas[f.side].get("chars"))
        if region.start_line is None or region.approximate:
            return f"[{f.start}:{f.end}]"
        return visible(region.where(metas[f.side].get("path") or f.side))

    return where


def render(report: AuditReport, *, color: bool = True, width: int = 110,
           only_flagged: bool = False, **_: Any) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width,
                  color_system="standard" if color else None, highlight=False, emoji=False)
    s = report.summary()
    src, tgt = report.source, report.target
    con.rule(Text("mtaudit report", style="bold"))
    for label, doc in (("source", src), ("target", tgt)):
        con.print(Text(f"{label}  {visible(doc.get('path') or '<text>')} "
                       f"({visible(doc.get('lang'))}, {visible(doc.get('chars'))} chars)"))
    kinds = ", ".join(f"{k}: {v}" for k, v in s["bead_kinds"].items())
    con.print(Text(f"pairs   {s['pairs']} ({kinds}); {s['source_segments']} source and "
                   f"{s['target_segments']} target segments"))
    for n in report.notices:
        con.print(Text(f"note    {visible(n)}", style="yellow"))

    nf, np_ = s["flags"], s["flagged_pairs"]
    table = Table(title=f"{nf} flag{'s' * (nf != 1)} in {np_} pair{'s' * (np_ != 1)}",
                  title_justify="left")
    table.add_column("category")
    for sev in SEVERITIES:
        table.add_column(sev, justify="right", style=BADGE[sev])
    for cat, counts in s["by_category"].items():
        table.add_row(Text(visible(cat)), *(str(counts[sev]) for sev in SEVERITIES))
    table.add_row(Text("total", style="bold"),
                  *(Text(str(s["by_severity"][sev]), style="bold") for sev in SEVERITIES))
    con.print(table)
    if report.mqm:
        m = report.mqm
        shown = [f"score {m['score']:.2f}"] if isinstance(m.get("score"), (int, float)) else []
        shown += [f"{k.replace('_', ' ')} {m[k]:.1f}" for k in ("points", "per_1000_words")
                  if isinstance(m.get(k), (int, float))]
        shown += [f"{k} {m[k]:g}" for k in ("words", "errors", *SEVERITIES)
                  if isinstance(m.get(k), (int, float))]
        con.print(Text("MQM     " + ", ".join(shown)))
    if report.corpus_scores:
        parts = []
        for name, val in report.corpus_scores.items():
            if isinstance(val, dict) and isinstance(val.get("score"), (int, float)):
                ci = val.get("ci95")
                parts.append(f"{visible(name)} {val['score']:.1f}"
                             + (f" [{ci[0]:.1f}, {ci[1]:.1f}]" if ci else ""))
        if parts:
            con.print(Text("scores  " + "; ".join(parts)))

    where = _locator(report)
    con.rule("pairs")
    for r in report.results:
        if only_flagged and not r.flags:
            continue
        p = r.pair
        head = f"[{p.index}] {p.kind}"
        if not p.source:
            head += "  target only (no source)"
        elif not p.target:
            head += "  source only (missing from the translation)"
        head += f"  align {p.confidence:.2f}"
        if r.similarity is not None:
            head += f"  sim {r.similarity:.2f}"
        for k in ("chrf", "bleu", "ter"):
            if k in r.scores:
                head += f"  {k} {r.scores[k]:.1f}"
        con.print(Text(head, style="bold" if r.flags else "dim"))
        if p.source:
            con.print(Text(f"  {visible(src.get('lang'))}  ", style="dim"),
                      _lit(p.source_text, [f for f in r.flags if f.side == "source"]))
        if p.target:
            con.print(Text(f"  {visible(tgt.get('lang'))}  ", style="dim"),
                      _lit(p.target_text, [f for f in r.flags if f.side == "target"]))
        if r.retranslation:
            con.print(Text(f"  mt  {visible(r.retranslation)}", style="dim italic"))
        for f in r.flags:
            line = Text("    ")
            line.append(f"{f.severity:<8}", style=BADGE[f.severity])
            line.append(f" {visible(f.category):<14} ")
            line.append(visible(repr(clip(f.text, 80))))
            line.append(f" {where(f)} {visible(f.message)}")
            if f.suggestion:
                line.append(f" → {visible(clip(f.suggestion, 80))}", style="green")
            con.print(line)
    con.rule("signature")
    con.print(Text(visible(signature_text(report))), soft_wrap=True)
    return buf.getvalue()


