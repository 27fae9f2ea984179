"""The CI view of a report: each flag placed in its file with a status, and the file's verdict.

What the CI formats (JUnit XML, GitHub annotations) show of an audit. A flag is a
:class:`CheckedFlag`: its fingerprint (:mod:`mtaudit.core.fingerprint`), the file and region
its span is in (:mod:`mtaudit.core.locations`) and a status, one of :data:`STATUSES`. A file's
verdict lists the limits its new flags break.

A plain report (``mtaudit audit --format junit|github``) is checked by :func:`check_report`:
the :data:`DEFAULT_LIMITS` (no critical, no major flag), inline markers honoured
(:mod:`mtaudit.report.inline`), nothing else accepted. The gate (:mod:`mtaudit.gate`) builds
the same flags with its policy and baseline, and renders them through the same code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mtaudit.core.fingerprint import fingerprinted_flags, pair_units
from mtaudit.core.locations import FileText, Region, side_segments
from mtaudit.core.types import SEVERITIES, Flag
from mtaudit.report.inline import find_inline_suppressions, inline_status
from mtaudit.report.model import AuditReport

#: What becomes of a flag in a check: it counts ("new"), or it is accepted (recorded in a
#: baseline, suppressed by a marker or a rule, or of an ignored category).
STATUSES = ("new", "baselined", "suppressed", "ignored")

#: Most new flags of each severity a file may have (None: no limit), unless a policy says more.
DEFAULT_LIMITS: Mapping[str, int | None] = {"critical": 0, "major": 0, "minor": None}


@dataclass(frozen=True)
class CheckedFlag:
    """A flag as a check sees it: fingerprint, where it is in its file, and its status."""

    fingerprint: str
    flag: Flag
    file: str            # the file the flag's span is in (target, or source for omissions)
    region: Region
    status: str          # one of STATUSES
    why: str = ""        # justification of a suppression

    @property
    def line(self) -> int | None:
        """The 1-based line the flag starts on (None when it could not be placed)."""
        return self.region.start_line

    @property
    def column(self) -> int | None:
        """The 1-based column the flag starts at (None when it could not be placed)."""
        return self.region.start_column

    def location(self) -> str:
        """``file:line:column`` (``file@offset`` when the flag has no line)."""
        return self.region.where(self.file)


class FileVerdict:
    """What CI renderers read of one checked file; a mixin for classes that define ``flags``,
    ``violations``, ``error`` (why the file was not checked) and the ``key`` property."""

    flags: tuple[CheckedFlag, ...]
    violations: tuple[str, ...]
    error: str | None

    @property
    def key(self) -> str:
        """The file reported on (the translation; the catalog for catalogs)."""
        raise NotImplementedError

    @property
    def passed(self) -> bool:
        """Checked, and no limit broken."""
        return self.error is None and not self.violations

    def by_status(self, status: str) -> list[CheckedFlag]:
        """The flags of one status (:data:`STATUSES`)."""
        return [g for g in self.flags if g.status == status]

    @property
    def new(self) -> list[CheckedFlag]:
        """The flags that count."""
        return self.by_status("new")


@dataclass(frozen=True)
class CheckedFile(FileVerdict):
    """One report's file, checked (:func:`check_report`)."""

    file: str
    flags: tuple[CheckedFlag, ...] = ()
    violations: tuple[str, ...] = ()
    error: str | None = None

    @property
    def key(self) -> str:
        return self.file


@dataclass(frozen=True)
class PlacedFlag:
    """A report's flag with its fingerprint, its region and what an inline marker says."""

    fingerprint: str
    flag: Flag
    region: Region
    inline: tuple[str, str] | None  # ("suppressed", why) when a marker accepts it


def place_flags(report: AuditReport, target_text: str | None = None,
                source_text: str | None = None) -> list[PlacedFlag]:
    """The report's flags in document order, placed in the files of their sides (the texts
    given, else read from the report's paths) and matched against the files' inline markers."""
    texts = {"target": FileText.resolve(report.target, target_text,
                                        segments=side_segments(report.results, "target")),
             "source": FileText.resolve(report.source, source_text,
                                        segments=side_segments(report.results, "source"))}
    metas = {"target": report.target, "source": report.source}
    marks = {side: (find_inline_suppressions(t.text) if t.text is not None else [])
             for side, t in texts.items()}
    out = []
    for fp, f in fingerprinted_flags(report.flags, pair_units(report.results)):
        region = texts[f.side].region(f, metas[f.side].get("chars"))
        out.append(PlacedFlag(fp, f, region, inline_status(marks[f.side], region, f.category)))
    return out


def limit_violations(new: Sequence[Flag], limits: Mapping[str, int | None]) -> list[str]:
    """The severity limits (most new flags per severity) that ``new`` flags break, in words."""
    out: list[str] = []
    by_sev = Counter(f.severity for f in new)
    for sev in SEVERITIES:
        limit = limits.get(sev)
        if limit is not None and by_sev[sev] > limit:
            out.append(f"{by_sev[sev]} new {sev} flag{'s' if by_sev[sev] != 1 else ''} "
                       f"(max_{sev} = {limit})")
    return out


def check_report(report: AuditReport, *, target_text: str | None = None,
                 source_text: str | None = None,
                 limits: Mapping[str, int | None] = DEFAULT_LIMITS) -> CheckedFile:
    """A plain report checked: every flag new unless an inline marker suppresses it, and the
    ``limits`` applied. The file reported on is the translation (the catalog for catalogs)."""
    src = report.source.get("path") or "source"
    tgt = report.target.get("path") or "target"
    files = {"target": tgt, "source": src}
    flags = tuple(CheckedFlag(p.fingerprint, p.flag, files[p.flag.side], p.region,
                              *(p.inline or ("new", ""))) for p in place_flags(
                                  report, target_text, source_text))
    violations = limit_violations([g.flag for g in flags if g.status == "new"], limits)
    return CheckedFile(tgt, flags, tuple(violations))


def exit_code(files: Sequence[FileVerdict]) -> int:
    """0: every file passed, 1: a file failed its limits, 2: a file could not be checked."""
    if any(f.error is not None for f in files):
        return 2
    return 0 if all(f.passed for f in files) else 1


def summary_line(files: Sequence[FileVerdict]) -> str:
    """The one-line summary that ends every gate and CI output."""
    n = len(files)
    errors = sum(1 for f in files if f.error is not None)
    failed = sum(1 for f in files if not f.passed and f.error is None)
    c = Counter(g.status for f in files for g in f.flags)
    state = {0: "PASSED", 1: "FAILED", 2: "ERROR"}[exit_code(files)]
    audited = n - errors
    parts = [f"{audited} file{'s' if audited != 1 else ''} audited", f"{failed} failed"]
    if errors:
        parts.append(f"{errors} not audited")
    parts.append(f"{c['new']} new flag{'s' if c['new'] != 1 else ''}")
    parts += [f"{c[s]} {s}" for s in ("baselined", "suppressed", "ignored")]
    return f"mtaudit gate: {state}: " + ", ".join(parts)


__all__ = ["DEFAULT_LIMITS", "STATUSES", "CheckedFile", "CheckedFlag", "FileVerdict",
           "PlacedFlag", "check_report", "exit_code", "limit_violations", "place_flags",
           "summary_line"]
