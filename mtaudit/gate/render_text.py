"""The gate's plain-text listing (``mtaudit gate`` on a terminal): one line per file with its
verdict, then its new flags (and, with ``show_known``, the accepted ones) with line:column.

Paths and flag text are shown with their control characters, escape sequences, newlines and
bidi overrides escaped (:func:`mtaudit.core.escape.visible`): one line is one line, and a
translation cannot drive the terminal or forge a verdict."""

from __future__ import annotations

from mtaudit.core.escape import visible as v
from mtaudit.core.text import clip
from mtaudit.gate.runner import GateResult

STATUS_WORD = {True: "pass", False: "FAIL"}


def text_lines(result: GateResult, show_known: bool = False) -> list[str]:
    """The listing, without the summary line."""
    lines: list[str] = []
    for o in result.outcomes:
        src = f" (source {v(o.spec.source)})" if o.spec.target else ""
        if o.error is not None:
            lines.append(f"ERROR {v(o.key)}{src}: not audited: {v(o.error)}")
            continue
        known = ", ".join(f"{len(o.by_status(s))} {s}" for s in ("baselined", "suppressed",
                                                                  "ignored") if o.by_status(s))
        head = f"{STATUS_WORD[o.passed]} {v(o.key)}{src}: {len(o.new)} new flag" \
               f"{'s' if len(o.new) != 1 else ''}" + (f" ({known})" if known else "")
        if o.violations:
            head += " — " + v("; ".join(o.violations))
        lines.append(head)
        for g in o.flags:
            if g.status != "new" and not show_known:
                continue
            f = g.flag
            line = (f"  {v(g.location())}: {f.severity} {v(f.category)}: {v(f.message)} "
                    f"[“{v(clip(f.text, 80, ellipsis=''))}”]")
            if f.suggestion:
                line += f" → {v(clip(f.suggestion, 80))}"
            if g.status != "new":
                line += f" ({g.status}{': ' + v(g.why) if g.why else ''})"
            lines.append(line)
    return lines
