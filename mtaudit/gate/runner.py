"""Run the gate: audit each pair, sort its flags (new, baselined, suppressed, ignored), apply
the policy, and say which files fail and why.

A gate flag is a :class:`mtaudit.report.checks.CheckedFlag` (``GateFlag``) and a file's outcome
a :class:`mtaudit.report.checks.FileVerdict`, so the gate's outputs are rendered with the same
code as a plain report's CI formats (:mod:`mtaudit.gate.render_github` and the others).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.core.errors import ConfigError
from mtaudit.core.fingerprint import fingerprinted_flags, normalise_span
from mtaudit.core.types import SEVERITIES, Flag
from mtaudit.gate.baseline import Baseline
from mtaudit.gate.manifest import PairSpec
from mtaudit.gate.policy import Policy
from mtaudit.report.checks import (
    CheckedFlag,
    FileVerdict,
    exit_code,
    limit_violations,
    place_flags,
    summary_line,
)
from mtaudit.report.model import AuditReport

if TYPE_CHECKING:
    from mtaudit.app.config import AuditConfig

# audit_fn(source_path, target_path_or_None, src_lang, tgt_lang) -> AuditReport
AuditFn = Callable[[Path, "Path | None", "str | None", "str | None"], AuditReport]

#: A flag as the gate sees it: fingerprint, file and region, status ("new", "baselined",
#: "suppressed" or "ignored") and why.
GateFlag = CheckedFlag


@dataclass(frozen=True)
class FileOutcome(FileVerdict):
    """One pair gated: its report (None when it could not be audited), its flags with their
    status, the policy violations, and the file texts the flags were placed in."""

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


@dataclass(frozen=True)
class GateResult:
    """Every file's outcome; the build passes when all pass."""

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
        return exit_code(self.outcomes)

    def counts(self) -> Counter[str]:
        return Counter(g.status for o in self.outcomes for g in o.flags)

    def summary_line(self) -> str:
        return summary_line(self.outcomes)


def evaluate(report: AuditReport, policy: Policy, new: Sequence[Flag]) -> list[str]:
    """The policy violations of one file, given its new flags."""
    out = limit_violations(new, {sev: getattr(policy, f"max_{sev}") for sev in SEVERITIES})
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
    suppressed and ignored flags are accepted, so they cost no points), scored with the weights
    the report records (:func:`mtaudit.core.mqm.weights_of`)."""
    from mtaudit.core.mqm import mqm_scores, weights_of

    score = report.mqm.get("score")
    if not isinstance(score, (int, float)):
        return None
    keep = {id(f) for f in new}
    if len(keep) == len(report.flags):
        return float(score)  # every flag is new: the report's own score
    results = [replace(r, flags=tuple(f for f in r.flags if id(f) in keep))
               for r in report.results]
    return float(mqm_scores(results, weights_of(report.signature))[1]["score"])


def classify(report: AuditReport, spec: PairSpec, policy: Policy, baseline: Baseline,
             target_text: str | None, source_text: str | None) -> tuple[GateFlag, ...]:
    """Fingerprint and locate every flag of a report and give it its gate status: ignored (by
    category), suppressed (inline marker, then policy rule), baselined, or new."""
    key = spec.key
    files = {"target": spec.target or spec.source, "source": spec.source}
    # a version-1 baseline recorded catalog flags without their unit: match those too
    legacy = ({id(f): fp for fp, f in fingerprinted_flags(report.flags)}
              if baseline.version < 2 else {})
    out = []
    for placed in place_flags(report, target_text, source_text):
        f = placed.flag
        status, why = "new", ""
        if f.category in policy.ignore_categories:
            status, why = "ignored", f"category {f.category} ignored by the policy"
        elif placed.inline is not None:
            status, why = placed.inline
        else:
            norm = normalise_span(f.text)
            rule = next((r for r in policy.suppress if r.matches(files[f.side], f.category, norm)
                         or r.matches(key, f.category, norm)), None)
            if rule is not None:
                status, why = "suppressed", "policy rule" + (f": {rule.reason}"
                                                             if rule.reason else "")
            elif baseline.known(key, placed.fingerprint) or (
                    id(f) in legacy and baseline.known(key, legacy[id(f)])):
                status = "baselined"
        out.append(GateFlag(placed.fingerprint, f, files[f.side], placed.region, status, why))
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
        if spec.related:  # only then: an AuditFn of four arguments still serves other pairs
            return audit_fn(root / spec.source, tgt, spec.src_lang, spec.tgt_lang,
                            related=tuple(str(root / r) for r in spec.related))
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
    """Audit and judge one pair."""
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
        # the names detector's options are read from each report's signature
        checked = add_corpus_consistency([r for r in reports if isinstance(r, AuditReport)],
                                         resources=_resources(opts))
        for i, r in zip(ok, checked, strict=True):
            reports[i] = r
    return GateResult(tuple(judge_file(s, root, r, policy, base)
                            for s, r in zip(specs, reports, strict=True)))


def _resources(options: dict[str, Any]) -> dict[str, Any]:
    config = options.get("config")
    res = dict(getattr(config, "resources", None) or {})
    res.update(options.get("resources") or {})
    return res


def default_audit_fn(options: dict[str, Any]) -> AuditFn:
    """An audit function running the pipeline with ``options`` (AuditConfig fields)."""

    def run(src: Path, tgt: Path | None, src_lang: str | None,
            tgt_lang: str | None, related: tuple[str, ...] = ()) -> AuditReport:
        from mtaudit.app.pipeline import audit

        return audit(src, tgt, config=audit_config(options, src_lang, tgt_lang, related))

    return run


def audit_config(options: Mapping[str, Any], src_lang: str | None = None,
                 tgt_lang: str | None = None, related: Sequence[str] = ()) -> AuditConfig:
    """The AuditConfig of one pair: ``options["config"]`` (or the defaults) with the other
    options (AuditConfig fields) over it, the pair's languages when it sets them, and its
    related documents beside any given with --related."""
    from mtaudit.app.config import AuditConfig

    fields = {k: v for k, v in options.items() if k != "config"}
    fields.update({k: v for k, v in (("src_lang", src_lang), ("tgt_lang", tgt_lang)) if v})
    try:
        config = (options.get("config") or AuditConfig()).with_(**fields)
    except TypeError as exc:
        raise ConfigError(f"unknown audit option: {exc}") from None
    if not related:
        return config
    given = config.resources.get("related") or ()
    given = (given,) if isinstance(given, str) else tuple(given)
    return config.with_(resources={**config.resources, "related": (*given, *related)})


def outcome_for_report(report: AuditReport, policy: Policy | None = None, *,
                       target_text: str | None = None,
                       source_text: str | None = None) -> FileOutcome:
    """Gate one existing report under ``policy`` (default: the default policy), no baseline.
    (A plain report's CI formats use :func:`mtaudit.report.checks.check_report`, the same
    verdict under the default policy.)"""
    src = report.source.get("path") or "source"
    tgt = report.target.get("path") or "target"
    spec = PairSpec(src, None if tgt == src else tgt)  # one path: a bilingual catalog
    pol = (policy or Policy()).for_file(spec.key)
    flags = classify(report, spec, pol, Baseline(), target_text, source_text)
    violations = evaluate(report, pol, [g.flag for g in flags if g.status == "new"])
    return FileOutcome(spec, report, flags, tuple(violations), None, pol, target_text,
                       source_text)
