"""Run the gate: audit each pair, sort its flags (new, baselined, suppressed, ignored), apply
the policy, and say which files fail and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mtaudit.core.types import SEVERITIES, Flag
from mtaudit.gate.baseline import Baseline
from mtaudit.gate.fingerprint import fingerprinted, normalise_span
from mtaudit.gate.manifest import PairSpec
from mtaudit.gate.policy import Policy
from mtaudit.gate.suppress import find_inline_suppressions
from mtaudit.report.model import AuditReport
from mtaudit.report.sarif import FileText, Region

# audit_fn(source_path, target_path_or_None, src_lang, tgt_lang) -> AuditReport
AuditFn = Callable[[Path, "Path | None", "str | None", "str | None"], AuditReport]


@dataclass(frozen=True)
class GateFlag:
    """A flag as the gate sees it: fingerprint, where it is in its file, and its status."""

    fingerprint: str
    flag: Flag
    file: str            # the file the flag's span is in (target, or source for omissions)
    region: Region
    status: str          # "new", "baselined", "suppressed" or "ignored"
    why: str = ""        # justification of a suppression

    @property
    def line(self) -> int | None:
        return self.region.start_line

    @property
    def column(self) -> int | None:
        return self.region.start_column

    def location(self) -> str:
        if self.region.start_line is None:
            return f"{self.file}@{self.region.char_offset}"
        return f"{self.file}:{self.region.start_line}:{self.region.start_column}"


@dataclass(frozen=True)
class FileOutcome:
    spec: PairSpec
    report: AuditReport | None
    flags: tuple[GateFlag, ...] = ()
    violations: tuple[str, ...] = ()
    error: str | None = None
    policy: Policy = field(default_factory=Policy)
    target_text: str | None = None
    source_text: str | None = None

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def passed(self) -> bool:
        return self.error is None and not self.violations

    def by_status(self, status: str) -> list[GateFlag]:
        return [g for g in self.flags if g.status == status]

    @property
    def new(self) -> list[GateFlag]:
        return self.by_status("new")


@dataclass(frozen=True)
class GateResult:
    outcomes: tuple[FileOutcome, ...]

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)

    @property
    def errors(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.error is not None]

    @property
    def exit_code(self) -> int:
        """0: pass, 1: a file failed the policy, 2: a file could not be audited."""
        if self.errors:
            return 2
        return 0 if self.passed else 1

    def counts(self) -> Counter[str]:
        return Counter(g.status for o in self.outcomes for g in o.flags)

    def summary_line(self) -> str:
        n = len(self.outcomes)
        failed = sum(1 for o in self.outcomes if not o.passed and o.error is None)
        c = self.counts()
        state = {0: "PASSED", 1: "FAILED", 2: "ERROR"}[self.exit_code]
        audited = n - len(self.errors)
        parts = [f"{audited} file{'s' if audited != 1 else ''} audited", f"{failed} failed"]
        if self.errors:
            parts.append(f"{len(self.errors)} not audited")
        parts.append(f"{c['new']} new flag{'s' if c['new'] != 1 else ''}")
        parts += [f"{c[s]} {s}" for s in ("baselined", "suppressed", "ignored")]
        return f"mtaudit gate: {state}: " + ", ".join(parts)


def evaluate(report: AuditReport, policy: Policy, new: Sequence[Flag]) -> list[str]:
    """The policy violations of one file, given its new flags."""
    out: list[str] = []
    by_sev = Counter(f.severity for f in new)
    for sev in SEVERITIES:
        limit = getattr(policy, f"max_{sev}")
        if limit is not None and by_sev[sev] > limit:
            out.append(f"{by_sev[sev]} new {sev} flag{'s' if by_sev[sev] != 1 else ''} "
                       f"(max_{sev} = {limit})")
    if policy.min_chrf is not None:
        chrf = report.corpus_scores.get("chrf")
        value = chrf.get("score") if isinstance(chrf, dict) else chrf
        if not isinstance(value, (int, float)):
            out.append("chrF was not computed (no re-translation model or reference) but "
                       f"min_chrf = {policy.min_chrf:g} is required")
        elif value < policy.min_chrf:
            out.append(f"chrF {value:.1f} < min_chrf {policy.min_chrf:g}")
    if policy.min_mqm is not None:
        value = gate_mqm(report, new)
        if value is None:
            out.append(f"the report has no MQM score but min_mqm = {policy.min_mqm:g} is required")
        elif value < policy.min_mqm:
            out.append(f"MQM score {value:.2f} (new flags) < min_mqm {policy.min_mqm:g}")
    return out


def gate_mqm(report: AuditReport, new: Sequence[Flag]) -> float | None:
    """The MQM score the gate judges: the report's words, only the new flags (baselined,
    suppressed and ignored flags are accepted, so they cost no points)."""
    from mtaudit.app.config import DEFAULT_MQM_WEIGHTS
    from mtaudit.core.mqm import document_mqm

    score = report.mqm.get("score")
    if not isinstance(score, (int, float)):
        return None
    keep = {id(f) for f in new}
    if len(keep) == len(report.flags):
        return float(score)  # every flag is new: the report's own score
    weights = report.signature.get("mqm_weights") or DEFAULT_MQM_WEIGHTS
    results = [replace(r, flags=tuple(f for f in r.flags if id(f) in keep))
               for r in report.results]
    return float(document_mqm(results, weights)["score"])


def classify(report: AuditReport, spec: PairSpec, policy: Policy, baseline: Baseline,
             target_text: str | None, source_text: str | None) -> tuple[GateFlag, ...]:
    """Fingerprint and locate every flag of a report and give it its gate status."""
    key = spec.key
    texts = {"target": FileText.resolve(report.target, target_text),
             "source": FileText.resolve(report.source, source_text)}
    metas = {"target": report.target, "source": report.source}
    files = {"target": spec.target or spec.source, "source": spec.source}
    inline = {side: (find_inline_suppressions(t.text) if t.text is not None else [])
              for side, t in texts.items()}
    out = []
    for fp, f in fingerprinted(report):
        region = texts[f.side].region(f, metas[f.side].get("chars"))
        status, why = "new", ""
        if f.category in policy.ignore_categories:
            status, why = "ignored", f"category {f.category} ignored by the policy"
        else:
            norm = normalise_span(f.text)
            rule = next((r for r in policy.suppress if r.matches(files[f.side], f.category, norm)
                         or r.matches(key, f.category, norm)), None)
            mark = (next((s for s in inline[f.side] if s.covers(region.start_line, f.category)),
                         None) if region.start_line is not None else None)
            itself = next((s for s in inline[f.side]
                           if s.is_marker_itself(region.start_line, region.end_line)), None)
            if itself is not None:
                status, why = "suppressed", (f"the suppression marker on line "
                                             f"{itself.marker_line} itself")
            elif mark is not None:
                status, why = "suppressed", mark.justification()
            elif rule is not None:
                status, why = "suppressed", "policy rule" + (f": {rule.reason}"
                                                             if rule.reason else "")
            elif baseline.known(key, fp):
                status = "baselined"
        out.append(GateFlag(fp, f, files[f.side], region, status, why))
    return tuple(out)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def audit_file(spec: PairSpec, root: Path, audit_fn: AuditFn) -> AuditReport | str:
    """The pair's report, or the one-line reason it could not be audited."""
    from mtaudit.core.errors import MtauditError

    tgt = root / spec.target if spec.target else None
    try:
        return audit_fn(root / spec.source, tgt, spec.src_lang, spec.tgt_lang)
    except MtauditError as exc:
        return str(exc)


def judge_file(spec: PairSpec, root: Path, report: AuditReport | str, policy: Policy,
               baseline: Baseline) -> FileOutcome:
    """Sort the report's flags and apply the file's policy."""
    file_policy = policy.for_file(spec.key)
    if isinstance(report, str):
        return FileOutcome(spec, None, error=report, policy=file_policy)
    src = root / spec.source
    tgt = root / spec.target if spec.target else None
    tgt_text = _read(tgt) if tgt is not None else _read(src)
    src_text = _read(src)
    flags = classify(report, spec, file_policy, baseline, tgt_text, src_text)
    violations = evaluate(report, file_policy, [g.flag for g in flags if g.status == "new"])
    return FileOutcome(spec, report, flags, tuple(violations), None, file_policy,
                       tgt_text, src_text)


def check_file(spec: PairSpec, root: Path, policy: Policy, baseline: Baseline,
               audit_fn: AuditFn) -> FileOutcome:
    return judge_file(spec, root, audit_file(spec, root, audit_fn), policy, baseline)


def run_gate(specs: Sequence[PairSpec], policy: Policy, *, root: str | Path = ".",
             baseline: Baseline | None = None, audit_fn: AuditFn | None = None,
             audit_options: dict[str, Any] | None = None,
             corpus_consistency: bool = True) -> GateResult:
    """Audit every pair and apply the policy. ``audit_fn`` defaults to :func:`mtaudit.audit`
    with ``audit_options`` (AuditConfig fields). With ``corpus_consistency`` (and two or more
    files audited with the names detector) a source name spelt differently in two files is
    flagged too (:func:`mtaudit.app.corpus.add_corpus_consistency`)."""
    fn = audit_fn or default_audit_fn(audit_options or {})
    base = baseline or Baseline()
    root = Path(root)
    reports = [audit_file(s, root, fn) for s in specs]
    if corpus_consistency:
        from mtaudit.app.corpus import add_corpus_consistency

        ok = [i for i, r in enumerate(reports) if isinstance(r, AuditReport)]
        opts = audit_options or {}
        checked = add_corpus_consistency([r for r in reports if isinstance(r, AuditReport)],
                                         resources=_resources(opts),
                                         use_ner=_names_option(opts, "use_ner", True))
        for i, r in zip(ok, checked, strict=True):
            reports[i] = r
    return GateResult(tuple(judge_file(s, root, r, policy, base)
                            for s, r in zip(specs, reports, strict=True)))


def _names_option(options: dict[str, Any], key: str, default: Any) -> Any:
    """An option of the names detector as the audits were given it."""
    config = options.get("config")
    merged: dict[str, Any] = {}
    for source in (getattr(config, "detector_options", None), options.get("detector_options")):
        merged.update(dict((source or {}).get("names", {})))
    return merged.get(key, default)


def _resources(options: dict[str, Any]) -> dict[str, Any]:
    config = options.get("config")
    res = dict(getattr(config, "resources", None) or {})
    res.update(options.get("resources") or {})
    return res


def default_audit_fn(options: dict[str, Any]) -> AuditFn:
    def run(src: Path, tgt: Path | None, src_lang: str | None,
            tgt_lang: str | None) -> AuditReport:
        from mtaudit.app.config import AuditConfig
        from mtaudit.app.pipeline import audit

        config = options.get("config") or AuditConfig()
        extra = {k: v for k, v in options.items() if k != "config"}
        if src_lang:
            extra["src_lang"] = src_lang
        if tgt_lang:
            extra["tgt_lang"] = tgt_lang
        return audit(src, tgt, config=config, **extra)

    return run


def outcome_for_report(report: AuditReport, policy: Policy | None = None, *,
                       target_text: str | None = None,
                       source_text: str | None = None) -> FileOutcome:
    """Gate one existing report (no baseline): what ``--format junit|github`` render."""
    src = report.source.get("path") or "source"
    tgt = report.target.get("path") or "target"
    spec = PairSpec(src, None if tgt == src else tgt)  # one path: a bilingual catalog
    pol = (policy or Policy()).for_file(spec.key)
    flags = classify(report, spec, pol, Baseline(), target_text, source_text)
    violations = evaluate(report, pol, [g.flag for g in flags if g.status == "new"])
    return FileOutcome(spec, report, flags, tuple(violations), None, pol, target_text,
                       source_text)
