"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per flag.

    ::error file=docs/fr/a.md,line=3,col=12,endLine=3,endColumn=20,title=mtaudit name (major)::…

Critical and major flags are errors, minor ones warnings. Values are escaped as the runner
expects (``%``, CR, LF, and in properties also ``:`` and ``,``), so untrusted text cannot start a
command of its own, and their control characters and bidi overrides are shown as escapes
(:mod:`mtaudit.core.escape`). The last line is always the plain summary.

:func:`render` annotates one report checked with the default limits
(:func:`mtaudit.report.checks.check_report`); the gate's annotations
(:mod:`mtaudit.gate.render_github`) use :func:`file_lines` on its own checked files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mtaudit.core.escape import github_data, github_property
from mtaudit.core.text import clip
from mtaudit.report.checks import CheckedFlag, FileVerdict, check_report, summary_line
from mtaudit.report.model import AuditReport

COMMANDS = {"critical": "error", "major": "error", "minor": "warning"}


def escape_data(value: str) -> str:
    """Escape a command's message (:func:`mtaudit.core.escape.github_data`)."""
    return github_data(value)


def escape_property(value: str) -> str:
    """Escape a command's property value (:func:`mtaudit.core.escape.github_property`)."""
    return github_property(value)


def annotation(g: CheckedFlag, *, command: str | None = None) -> str:
    """The workflow command for one flag (``command`` defaults to its severity's)."""
    f = g.flag
    props = [("file", g.file)]
    r = g.region
    if r.start_line is not None:
        props += [("line", str(r.start_line)), ("col", str(r.start_column)),
                  ("endLine", str(r.end_line)), ("endColumn", str(r.end_column))]
    props.append(("title", f"mtaudit {f.category} ({f.severity})"))
    msg = f"{f.message} [“{clip(f.text, 120, ellipsis='')}”]"
    if f.suggestion:
        msg += f" Suggestion: {clip(f.suggestion, 200)}"
    if g.status != "new":
        msg += f" ({g.status}{': ' + g.why if g.why else ''})"
    cmd = command or COMMANDS[f.severity]
    return (f"::{cmd} " + ",".join(f"{k}={escape_property(v)}" for k, v in props)
            + f"::{escape_data(msg)}")


def file_lines(files: Iterable[FileVerdict], *, include_known: bool = False) -> list[str]:
    """Annotations for new flags (and, with ``include_known``, notices for the others), and an
    error for each file that failed or could not be checked."""
    lines: list[str] = []
    for o in files:
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


def render(report: AuditReport, **_: Any) -> str:
    """Annotations for one report (``mtaudit audit --format github``), default limits."""
    checked = [check_report(report)]
    return "\n".join([*file_lines(checked), summary_line(checked)]) + "\n"
