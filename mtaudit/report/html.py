"""Self-contained HTML report: summary, chart (inline SVG), filters and every pair side by side.

No network access is needed to view it: CSS and JavaScript are inlined from ``assets/``. Every
piece of report text (documents, messages, suggestions, paths) is untrusted and HTML-escaped.
Flagged spans are ``<mark class="flag sev-…" data-flags="…" title="message">`` elements; the
flag list under each pair carries the category, severity, message and suggestion.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from mtaudit.core.escape import no_surrogates
from mtaudit.core.text import base_lang, clip
from mtaudit.core.types import CATEGORIES, SEVERITIES, Flag, PairResult
from mtaudit.core.version import __version__
from mtaudit.report.headline import (
    SCORE_LABELS,
    fmt_number,
    retranslation_label,
    score_items,
    signature_text,
)
from mtaudit.report.model import AuditReport

ASSETS = Path(__file__).parent / "assets"
# Scripts written right to left (ISO 639-1 and -3 codes of common RTL languages).
RTL_LANGS = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur", "yi",
                       "ara", "fas", "heb", "urd", "pus"})
# No network: nothing may load from outside the page, and only our own script (by hash) runs.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'"
SEV_COLORS = {"critical": "#c62828", "major": "#e09400", "minor": "#1e74d0"}


def esc(value: object) -> str:
    """HTML-escape any value (quotes included, so it is safe in attributes too); a lone
    surrogate, which UTF-8 cannot hold, is shown as its escape (``\\ud800``)."""
    return html.escape(no_surrogates("" if value is None else str(value)), quote=True)


def text_dir(lang: str | None) -> str:
    return "rtl" if base_lang(lang) in RTL_LANGS else "ltr"


# ----------------------------------------------------------------------------------------------
# Highlighting
# ----------------------------------------------------------------------------------------------
def highlight(text: str, flags: Sequence[tuple[str, Flag]]) -> str:
    """``text`` escaped, with each flagged span wrapped in a ``<mark>``.

    ``flags`` are (id, flag) with spans indexing ``text``. Overlapping spans are cut into
    elementary pieces; each piece lists all the flags covering it (``data-flags``), takes the
    colour of the worst one and shows all their messages on hover.
    """
    spans = [(fid, f, max(0, min(f.start, len(text))), max(0, min(f.end, len(text))))
             for fid, f in flags]
    spans = [s for s in spans if s[3] > s[2]]
    cuts = sorted({0, len(text), *(s[2] for s in spans), *(s[3] for s in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        piece = esc(text[a:b])
        cover = [(fid, f) for fid, f, s, e in spans if s <= a and b <= e]
        if not cover:
            out.append(piece)
            continue
        worst = min(SEVERITIES.index(f.severity) for _, f in cover)
        tip = "\n".join(f"{f.severity} · {f.category}: {f.message}"
                        + (f" → {f.suggestion}" if f.suggestion else "") for _, f in cover)
        out.append(f'<mark class="flag sev-{SEVERITIES[worst]}" '
                   f'data-flags="{" ".join(esc(fid) for fid, _ in cover)}" '
                   f'data-categories="{esc(" ".join(sorted({f.category for _, f in cover})))}" '
                   f'title="{esc(tip)}">{piece}</mark>')
    return "".join(out)


# ----------------------------------------------------------------------------------------------
# Summary pieces
# ----------------------------------------------------------------------------------------------
def bar_chart(by_category: dict[str, dict[str, int]], width: int = 520) -> str:
    """Horizontal stacked bars, one per category, segments by severity, as inline SVG."""
    if not by_category:
        return '<p class="empty">No flags.</p>'
    cats = sorted(by_category, key=lambda c: (-sum(by_category[c].values()), c))
    total_max = max(sum(by_category[c].values()) for c in cats)
    label_w, bar_h, gap, top = 120, 20, 8, 28
    plot_w = width - label_w - 40
    height = top + len(cats) * (bar_h + gap) + 4
    parts = [f'<svg class="chart" role="img" aria-label="flags by category and severity" '
             f'xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    lx = label_w
    parts.append('<g class="legend">')
    for sev in SEVERITIES:
        parts.append(f'<rect x="{lx}" y="4" width="12" height="12" rx="2" '
                     f'fill="{SEV_COLORS[sev]}"/><text x="{lx + 16}" y="14">{sev}</text>')
        lx += 80
    parts.append("</g>")
    for i, cat in enumerate(cats):
        y = top + i * (bar_h + gap)
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.72:.1f}" '
                     f'text-anchor="end">{esc(cat)}</text>')
        x = float(label_w)
        for sev in SEVERITIES:
            n = by_category[cat].get(sev, 0)
            if not n:
                continue
            w = plot_w * n / total_max
            parts.append(f'<rect class="bar sev-{sev}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                         f'height="{bar_h}" fill="{SEV_COLORS[sev]}"><title>{esc(cat)}: {n} '
                         f'{sev}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 5:.1f}" y="{y + bar_h * 0.72:.1f}">'
                     f'{sum(by_category[cat].values())}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _counts_table(summary: dict[str, Any]) -> str:
    rows = ['<table class="counts"><thead><tr><th>category</th>'
            + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "<th>total</th></tr></thead><tbody>"]
    for cat, counts in summary["by_category"].items():
        cells = "".join(f'<td class="{"zero" if not counts.get(s) else ""}">{counts.get(s, 0)}</td>'
                        for s in SEVERITIES)
        mqm = esc(CATEGORIES.get(cat, "Other"))
        rows.append(f'<tr><td title="MQM {mqm}">{esc(cat)}</td>{cells}'
                    f"<td>{sum(counts.values())}</td></tr>")
    tot = summary["by_severity"]
    rows.append('<tr class="total"><td>total</td>'
                + "".join(f"<td>{tot.get(s, 0)}</td>" for s in SEVERITIES)
                + f"<td>{summary['flags']}</td></tr></tbody></table>")
    return "".join(rows)


# ----------------------------------------------------------------------------------------------
# Pairs
# ----------------------------------------------------------------------------------------------
def _flag_items(r: PairResult, ids: dict[int, str]) -> str:
    if not r.flags:
        return ""
    lis = []
    for f in r.flags:
        sugg = f' <span class="sugg">→ {esc(f.suggestion)}</span>' if f.suggestion else ""
        side = " (source)" if f.side == "source" else ""
        lis.append(f'<li class="flag-item" data-flag="{ids[id(f)]}" '
                   f'data-category="{esc(f.category)}" data-severity="{f.severity}">'
                   f'<span class="badge sev-{f.severity}">{f.severity}</span>'
                   f'<span class="cat">{esc(f.category)}{side}</span>'
                   f'<span class="span">“{esc(clip(f.text, 90))}”</span> {esc(f.message)}{sugg} '
                   f'<span class="det">detector: {esc(f.detector)}</span></li>')
    return '<ul class="flags">' + "".join(lis) + "</ul>"




def _pair(r: PairResult, report: AuditReport, ids: dict[int, str], with_rt: bool) -> str:
    p = r.pair
    src_lang, tgt_lang = report.source.get("lang"), report.target.get("lang")
    worst = next((s for s in SEVERITIES if any(f.severity == s for f in r.flags)), None)
    head = [f"<b>#{p.index}</b>", f"bead {esc(p.kind)}", f"align {p.confidence:.2f}"]
    if not p.source:
        head.append("<b>target only</b>")
    elif not p.target:
        head.append("<b>source only</b> (missing from the translation)")
    if r.similarity is not None:
        head.append(f"similarity {r.similarity:.2f}")
    head += [f"{esc(SCORE_LABELS.get(k, k))} {fmt_number(v)}" for k, v in r.scores.items()
             if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if isinstance(r.mqm.get("score"), (int, float)) and p.target:
        head.append(f"MQM score {fmt_number(r.mqm['score'], 1)}")
    if r.flags:
        head.append(f"<b>{len(r.flags)} flag{'s' if len(r.flags) > 1 else ''}</b>")

    def col(label: str, text: str, lang: str | None, side: str | None, cls: str = "") -> str:
        if not text:
            return (f'<div class="col empty {cls}"><span class="lbl">{esc(label)}</span>'
                    "(nothing)</div>")
        body = (highlight(text, [(ids[id(f)], f) for f in r.flags if f.side == side])
                if side else esc(text))
        return (f'<div class="col {cls}" lang="{esc(lang)}" dir="{text_dir(lang)}">'
                f'<span class="lbl">{esc(label)}</span>{body}</div>')

    cols = [col(f"source ({src_lang})", p.source_text, src_lang, "source", "src"),
            col(f"translation ({tgt_lang})", p.target_text, tgt_lang, "target", "tgt")]
    if with_rt:
        cols.append(col(f"{retranslation_label(report)} ({tgt_lang})", r.retranslation or "",
                        tgt_lang, None, "rt"))
    cats = " ".join(sorted({f.category for f in r.flags}))
    return (f'<article class="pair{f" sev-{worst}" if worst else ""}" id="pair-{p.index}" '
            f'data-categories="{esc(cats)}">'
            f'<div class="pair-head">{" · ".join(head)}</div>'
            f'<div class="cols{"" if with_rt else " two"}">{"".join(cols)}</div>'
            f"{_flag_items(r, ids)}</article>")


def _filters(summary: dict[str, Any], n_pairs: int, hide_severities: Sequence[str] = (),
             only_flagged: bool = False) -> str:
    cats = "".join(
        f'<label><input type="checkbox" name="category" value="{esc(c)}" checked> {esc(c)} '
        f'<span class="count">({sum(v.values())})</span></label>'
        for c, v in summary["by_category"].items())
    sevs = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}"'
        f'{"" if s in hide_severities else " checked"}> {s} '
        f'<span class="count">({summary["by_severity"].get(s, 0)})</span></label>'
        for s in SEVERITIES)
    return ('<form class="filters" id="filters">'
            f"<fieldset><legend>Severity</legend>{sevs}</fieldset>"
            f"<fieldset><legend>Category</legend>{cats or '<i>no flags</i>'}</fieldset>"
            '<label><input type="checkbox" id="only-flagged"'
            f'{" checked" if only_flagged else ""}> only flagged pairs</label>'
            f'<span class="count">showing <span id="shown-count">{n_pairs}</span> of '
            f"{n_pairs} pairs</span></form>")


def _files_line(report: AuditReport) -> str:
    def one(meta: dict[str, Any]) -> str:
        return (f"{esc(meta.get('path') or '<text>')} ({esc(meta.get('lang'))}, "
                f"{esc(meta.get('chars'))} chars)")
    return f"{one(report.source)} → {one(report.target)}"


def render(report: AuditReport, *, title: str | None = None,
           hide_severities: Sequence[str] = (), only_flagged: bool = False, **_: Any) -> str:
    """The whole report as one HTML page (``mtaudit audit --format html``).

    ``hide_severities`` and ``only_flagged`` set the filters' initial state (the reader can
    change them); by default everything is shown.
    """
    unknown = set(hide_severities) - set(SEVERITIES)
    if unknown:
        from mtaudit.core.errors import ConfigError

        raise ConfigError(f"unknown severities {sorted(unknown)}; known: {', '.join(SEVERITIES)}")
    s = report.summary()
    ids = flag_ids(report.flags)
    with_rt = any(r.retranslation for r in report.results)
    kinds = ", ".join(f"{esc(k)}: {v}" for k, v in s["bead_kinds"].items())
    kpis = [("pairs", str(s["pairs"]), kinds),
            ("flags", str(s["flags"]), f"in {s['flagged_pairs']} pairs"),
            *((sev, str(s["by_severity"][sev]), "") for sev in SEVERITIES),
            *score_items(report)]
    kpi_html = "".join(f'<div class="kpi" title="{esc(tip)}"><div class="v">{esc(v)}</div>'
                       f'<div class="k">{esc(k)}</div></div>' for k, v, tip in kpis)
    notices = "".join(f'<div class="notice">{esc(n)}</div>' for n in report.notices)
    if not with_rt:
        notices += ('<div class="notice">No re-translation in this report: the third column '
                    "is shown when the audit re-translates the source (--mt-model) or is "
                    "given a reference (--reference).</div>")
    page_title = title or f"mtaudit report: {report.target.get('path') or 'translation'}"
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    csp = CSP.format(base64.b64encode(hashlib.sha256(f"\n{js}".encode()).digest()).decode())
    pairs = "\n".join(_pair(r, report, ids, with_rt) for r in report.results)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="mtaudit {esc(__version__)}">
<title>{esc(page_title)}</title>
<style>
{css}</style>
</head>
<body>
<header class="top"><h1>{esc(page_title)}</h1>
<div class="files">{_files_line(report)}</div></header>
<main>
<section class="card" id="summary">
<h2>Summary</h2>
<div class="kpis">{kpi_html}</div>
<div class="summary-grid"><div>{_counts_table(s)}</div>
<div>{bar_chart(s["by_category"])}</div></div>
{notices}
<div class="sig" title="run signature">{esc(signature_text(report))}</div>
<div class="sig">created {esc(report.created or "–")}</div>
</section>
{_filters(s, len(report.results), hide_severities, only_flagged)}
<section id="pairs">
{pairs}
</section>
</main>
<footer>mtaudit {esc(__version__)} · hover a highlighted span for its message</footer>
<script>
{js}</script>
</body>
</html>
"""


def flag_ids(flags: Iterable[Flag]) -> dict[int, str]:
    """The element ids the page gives to flags (by object identity), in report order."""
    return {id(f): f"f{i}" for i, f in enumerate(flags)}
