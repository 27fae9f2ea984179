"""The corpus-wide outputs of :func:`mtaudit.app.corpus_run.run_corpus`: ``flags.parquet`` (one
row per flag), ``pairs.parquet`` (one row per aligned pair), ``summary.json`` (counts, MQM over
all pairs, corpus scores with bootstrap CIs when the pairs have scores, the errors) and an
optional ``summary.md`` / ``summary.html`` page. Parquet needs pyarrow (``mtaudit[scale]``)."""

from __future__ import annotations

import html
import io
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.core.atomic import write_bytes_atomic, write_text_atomic
from mtaudit.core.errors import ConfigError
from mtaudit.core.types import SEVERITIES

if TYPE_CHECKING:
    import pandas as pd

    from mtaudit.app.corpus_run import PairOutcome

SUMMARY_SCHEMA = "mtaudit.corpus-summary/1"


def peak_rss_mb() -> float:
    """This process's peak resident memory, MiB (Linux: ru_maxrss is in KiB)."""
    import resource
    import sys

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _parquet(df: pd.DataFrame, path: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ConfigError("writing Parquet needs pyarrow: pip install 'mtaudit[scale]'") from None
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    write_bytes_atomic(path, buf.getvalue())


def flags_frame(outcomes: Sequence[PairOutcome]) -> pd.DataFrame:
    import pandas as pd

    frames = []
    for o in outcomes:
        if o.report is None:
            continue
        df = o.report.flags_dataframe()
        files = {"target": o.pair.target or o.pair.source, "source": o.pair.source}
        df.insert(0, "file", [files.get(s, "") for s in df["side"]])
        df.insert(0, "name", o.pair.name)
        frames.append(df)
    cols = ["name", "file", *frames[0].columns[2:]] if frames else ["name", "file"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def pairs_frame(outcomes: Sequence[PairOutcome]) -> pd.DataFrame:
    import pandas as pd

    frames = []
    for o in outcomes:
        if o.report is None or not o.report.results:
            continue
        df = o.report.to_dataframe()
        df.insert(0, "name", o.pair.name)
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["name"])


def corpus_scores_of(outcomes: Sequence[PairOutcome]) -> dict[str, Any]:
    """Corpus chrF/BLEU/TER with bootstrap CIs over every scored aligned pair of every
    document, per language pair (empty when no pair was re-translated or has a reference)."""
    from mtaudit.analysis.scoring import corpus_scores

    by_lang: dict[str, tuple[list[str], list[str]]] = {}
    for o in outcomes:
        if o.report is None:
            continue
        lang = str(o.report.signature.get("pair"))
        for r in o.report.results:
            if r.retranslation is not None and r.pair.target and r.scores:
                hyps, refs = by_lang.setdefault(lang, ([], []))
                hyps.append(r.pair.target_text)
                refs.append(r.retranslation)
    return {lang: corpus_scores(h, r, lang.rpartition("-")[2] or "fr")
            for lang, (h, r) in sorted(by_lang.items())}


def build_summary(outcomes: Sequence[PairOutcome], stats: dict[str, Any]) -> dict[str, Any]:
    from mtaudit.core.mqm import document_mqm, weights_of

    reports = [o.report for o in outcomes if o.report is not None]
    flags = [f for r in reports for f in r.flags]
    by_cat: dict[str, dict[str, int]] = {}
    for f in flags:
        by_cat.setdefault(f.category, dict.fromkeys(SEVERITIES, 0))[f.severity] += 1
    sev = Counter(f.severity for f in flags)
    status = Counter(o.status for o in outcomes)
    results = [res for r in reports for res in r.results]
    mqm = document_mqm(results, weights_of(reports[0].signature)) if reports else {}
    return {
        "schema": SUMMARY_SCHEMA,
        "pairs": {"total": len(outcomes), "audited": status.get("audited", 0),
                  "reused": status.get("reused", 0), "failed": status.get("error", 0)},
        "aligned_pairs": len(results),
        "source_segments": sum(len(res.pair.source) for res in results),
        "target_segments": sum(len(res.pair.target) for res in results),
        "flags": len(flags),
        "by_severity": {s: sev.get(s, 0) for s in SEVERITIES},
        "by_category": dict(sorted(by_cat.items())),
        "mqm": mqm,
        "corpus_scores": corpus_scores_of(outcomes),
        "documents": [{"name": o.pair.name, "source": o.pair.source, "target": o.pair.target,
                       "status": o.status,
                       "flags": len(o.report.flags) if o.report else None,
                       "mqm": o.report.mqm.get("score") if o.report else None}
                      for o in outcomes],
        "errors": [{"name": o.pair.name, "source": o.pair.source, "target": o.pair.target,
                    "error": o.error} for o in outcomes if o.status == "error"],
        "run": stats,
    }


def write_tables(outcomes: Sequence[PairOutcome], out: Path, stats: dict[str, Any], *,
                 page: str | None = None) -> dict[str, Any]:
    _parquet(flags_frame(outcomes), out / "flags.parquet")
    _parquet(pairs_frame(outcomes), out / "pairs.parquet")
    summary = build_summary(outcomes, stats)
    write_text_atomic(out / "summary.json",
                      json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n")
    if page == "md":
        write_text_atomic(out / "summary.md", summary_markdown(summary))
    elif page == "html":
        write_text_atomic(out / "summary.html", summary_html(summary))
    elif page is not None:
        raise ConfigError(f"unknown summary page format {page!r} (md or html)")
    return summary


def _rows(summary: dict[str, Any]) -> list[list[str]]:
    return [[d["name"], d["status"], "" if d["flags"] is None else str(d["flags"]),
             "" if d["mqm"] is None else f"{d['mqm']:.2f}"] for d in summary["documents"]]


def _headline(summary: dict[str, Any]) -> list[str]:
    p = summary["pairs"]
    mqm = summary["mqm"].get("score") if summary["mqm"] else None
    lines = [f"{p['total']} pairs: {p['audited']} audited, {p['reused']} unchanged (reused), "
             f"{p['failed']} failed",
             f"{summary['aligned_pairs']} aligned pairs, {summary['flags']} flags ("
             + ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items()) + ")",
             "corpus MQM: " + ("n/a" if mqm is None else f"{mqm:.2f}")]
    for lang, scores in summary["corpus_scores"].items():
        chrf = scores.get("chrf") or {}
        ci = chrf.get("ci95")
        lines.append(f"{lang} chrF {chrf.get('score')}" + (f" (95% CI {ci[0]}–{ci[1]})"
                                                            if ci else ""))
    return lines


def _esc(s: str) -> str:
    return s.replace("|", "\\|")


def summary_markdown(summary: dict[str, Any]) -> str:
    out = ["# mtaudit corpus summary", "", *(f"- {line}" for line in _headline(summary)), "",
           "| pair | status | flags | MQM |", "|---|---|---:|---:|"]
    out += [f"| {' | '.join(_esc(c) for c in row)} |" for row in _rows(summary)]
    if summary["errors"]:
        out += ["", "## Errors", ""]
        out += [f"- `{e['name']}`: {_esc(e['error'] or '')}" for e in summary["errors"]]
    return "\n".join(out) + "\n"


def summary_html(summary: dict[str, Any]) -> str:
    e = html.escape
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                   for row in _rows(summary))
    errs = "".join(f"<li><code>{e(x['name'])}</code>: {e(x['error'] or '')}</li>"
                   for x in summary["errors"])
    return ("<!doctype html><html><head><meta charset=\"utf-8\"><title>mtaudit corpus "
            "summary</title></head><body><h1>mtaudit corpus summary</h1><ul>"
            + "".join(f"<li>{e(line)}</li>" for line in _headline(summary)) + "</ul>"
            "<table><thead><tr><th>pair</th><th>status</th><th>flags</th><th>MQM</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            + (f"<h2>Errors</h2><ul>{errs}</ul>" if errs else "") + "</body></html>\n")
