"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per flag.

    ::error file=docs/fr/a.md,line=3,col=12,endLine=3,endColumn=20,title=mtaudit name (major)::…

Critical and major flags are errors, minor ones warnings. Values are escaped as the runner
expects (``%``, CR, LF, and in properties also ``:`` and ``,``), so untrusted text cannot start a
command of its own. The last line is always the plain summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mtaudit.report.model import AuditReport

if TYPE_CHECKING:
    from mtaudit.gate.runner import FileOutcome, GateFlag, GateResult

COMMANDS = {"critical": "error", "major": "error", "minor": "warning"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(g: GateFlag, *, command: str | None = None) -> str:
    f = g.flag
    props = [("file", g.file)]
    r = g.region
    if r.start_line is not None:
        props += [("line", str(r.start_line)), ("col", str(r.start_column)),
                  ("endLine", str(r.end_line)), ("endColumn", str(r.end_column))]
    props.append(("title", f"mtaudit {f.category} ({f.severity})"))
    msg = f"{f.message} [“{' '.join(f.text.split())[:120]}”]"
    if f.suggestion:
        sugg = " ".join(f.suggestion.split())
        msg += f" Suggestion: {sugg if len(sugg) <= 200 else sugg[:199] + '…'}"
    if g.status != "new":
        msg += f" ({g.status}{': ' + g.why if g.why else ''})"
    cmd = command or COMMANDS[f.severity]
    return (f"::{cmd} " + ",".join(f"{k}={escape_property(v)}" for k, v in props)
            + f"::{escape_data(msg)}")


def gate_lines(outcomes: Iterable[FileOutcome], *, include_known: bool = False) -> list[str]:
    """Annotations for new flags (and, with ``include_known``, notices for the others)."""
    lines: list[str] = []
    for o in outcomes:
        if o.error is not None:
            lines.append(f"::error file={escape_property(o.key)},title=mtaudit::"
                         f"{escape_data('not audited: ' + o.error)}")
            continue
        for g in o.flags:
            if g.status == "new":
                lines.append(annotation(g))
            elif include_known:
                lines.append(annotation(g, command="notice"))
        if o.violations:
            lines.append(f"::error file={escape_property(o.key)},title=mtaudit gate failed::"
                         + escape_data("; ".join(o.violations)))
    return lines


def render_gate(result: GateResult, **_: Any) -> str:
    return "\n".join([*gate_lines(result.outcomes), result.summary_line()]) + "\n"


def render(report: AuditReport, **_: Any) -> str:
    """Annotations for one report (``mtaudit audit --format github``), default policy."""
    from mtaudit.gate.runner import GateResult, outcome_for_report

    return render_gate(GateResult((outcome_for_report(report),)))
