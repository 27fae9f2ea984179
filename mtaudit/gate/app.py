"""One gate invocation from plain arguments: what ``mtaudit gate`` does, minus the I/O.

:func:`execute_gate` checks the arguments, reads the policy, the manifest and the baseline,
runs the gate and renders what was asked for. It writes nothing and prints nothing: it returns
a :class:`GateRun` with the lines for stdout, the rendered outputs (SARIF, JUnit, Markdown) and
the baseline text to write with ``--update-baseline``; the caller (:mod:`mtaudit.cli.gate_cmd`)
writes the files and prints the lines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.gate.baseline import Baseline, baseline_text
from mtaudit.gate.manifest import PairSpec, load_manifest
from mtaudit.gate.policy import Policy, load_policy
from mtaudit.gate.runner import AuditFn, GateResult, audit_config, run_gate

#: Output kind -> renderer of a GateResult (module:function, imported when asked for).
OUTPUTS: dict[str, str] = {
    "sarif": "mtaudit.gate.render_sarif:render",
    "junit": "mtaudit.gate.render_junit:render",
    "markdown": "mtaudit.gate.render_markdown:render",
}
STDOUT_FORMATS = ("text", "github")


@dataclass(frozen=True)
class GateRun:
    """The outcome of one invocation, for the caller to write and print.

    ``lines`` are printed in order (the summary line last); ``outputs`` maps an output kind of
    :data:`OUTPUTS` to its text; ``baseline`` is ``(path, text)`` to write, with
    ``--update-baseline`` when every file was audited.
    """

    result: GateResult
    exit_code: int
    lines: tuple[str, ...]
    outputs: dict[str, str] = field(default_factory=dict)
    baseline: tuple[str, str] | None = None


def _render(kind: str) -> Callable[..., str]:
    import importlib

    module, _, func = OUTPUTS[kind].partition(":")
    render: Callable[..., str] = getattr(importlib.import_module(module), func)
    return render


def _rel(path: Path) -> str:
    """``path`` as seen from the working directory (absolute when outside it), in POSIX form."""
    rel = os.path.relpath(path)
    return Path(rel).as_posix() if not rel.startswith("..") else path.resolve().as_posix()


def resolve_pairs(source: str | None, target: str | None, manifest: str | None,
                  audit_options: Mapping[str, Any], *, manifest_root: str | None = None,
                  allow_outside_root: bool = False) -> list[PairSpec]:
    """The pairs to gate (give ``source`` or ``manifest``), with paths relative to the working
    directory and languages set (a manifest's own languages win over ``audit_options``'
    src_lang/tgt_lang). A manifest's files must lie inside its root (``manifest_root``, else
    the manifest's folder or ``root`` key) unless ``allow_outside_root``."""
    _check_inputs(source, manifest)
    if manifest:
        if audit_options.get("reference"):
            raise ConfigError("--reference applies to a single pair, not to a manifest")
        specs, root = load_manifest(manifest, root=manifest_root,
                                    allow_outside_root=allow_outside_root)
        # Paths as seen from the working directory (the repository root in CI), so that
        # annotations, baseline keys and per-file policy globs all use the same names.
        specs = [PairSpec(_rel(root / s.source), _rel(root / s.target) if s.target else None,
                          s.src_lang, s.tgt_lang, tuple(_rel(root / r) for r in s.related))
                 for s in specs]
    else:
        assert source is not None
        for p in (source, target):
            if p is not None and not Path(p).exists():
                raise InputError(f"file not found: {p}")
        specs = [PairSpec(source, target)]
    return [PairSpec(s.source, s.target, s.src_lang or audit_options.get("src_lang"),
                     s.tgt_lang or audit_options.get("tgt_lang"), s.related) for s in specs]


def _check_inputs(source: str | None, manifest: str | None) -> None:
    if manifest and source:
        raise ConfigError("give either SOURCE [TARGET] or --manifest, not both")
    if not manifest and not source:
        raise ConfigError("nothing to gate: give SOURCE [TARGET] or --manifest FILE")


def baseline_file(policy: Policy, baseline_path: str | None) -> str | None:
    """The baseline file: the one given, else the policy's (relative to the policy file)."""
    if baseline_path is None and policy.baseline:
        base_dir = (Path(policy.origin).parent if policy.origin not in ("defaults", "mapping")
                    else Path("."))
        return str(base_dir / policy.baseline)
    return baseline_path


def check_settings(specs: list[PairSpec], options: Mapping[str, Any]) -> None:
    """Check the audit settings once per language pair before any file is audited: a bad
    detector option or a glossary that does not parse is one error (exit 2), not one per
    file."""
    from mtaudit.app.checks import check_config
    from mtaudit.app.detection import load_detectors

    for src, tgt in sorted({(s.src_lang, s.tgt_lang) for s in specs},
                           key=lambda p: (p[0] or "", p[1] or "")):
        config = audit_config(options, src, tgt)
        check_config(config)
        load_detectors(config)


def check_gate_outputs(output_paths: Mapping[str, str | None], specs: list[PairSpec], *,
                       manifest: str | None, policy: Policy, baseline: str | None,
                       options: Mapping[str, Any], new_baseline: str | None) -> None:
    """Refuse, before any audit, an output (``--sarif``, ``--junit``, ``--markdown``, the
    baseline that ``--update-baseline`` writes) that is one of the files the gate reads: a
    document or catalog of any pair, the manifest, the policy file, the baseline it reads, a
    glossary or entity list."""
    from mtaudit.core.outputs import check_outputs

    inputs: dict[str, str | None] = {"the manifest": manifest, "the baseline": baseline}
    if policy.origin not in ("defaults", "mapping"):
        inputs["the policy file"] = policy.origin
    for spec in specs:
        if spec.target is None:
            inputs[f"the catalog {spec.source}"] = spec.source
        else:
            inputs[f"the source {spec.source}"] = spec.source
            inputs[f"the translation {spec.target}"] = spec.target
        for rel in spec.related:
            inputs[f"the related document {rel}"] = rel
    config = options.get("config")
    for name, res in (getattr(config, "resources", None) or {}).items():
        inputs[f"the {name} file"] = res
    outputs = dict(output_paths)
    if new_baseline:
        outputs["--update-baseline (the baseline file)"] = new_baseline
    check_outputs(outputs, inputs)


def execute_gate(*, source: str | None = None, target: str | None = None,
                 manifest: str | None = None, config_file: str | None = None,
                 limits: Mapping[str, Any] | None = None, baseline_path: str | None = None,
                 no_baseline: bool = False, update_baseline: bool = False, fmt: str = "text",
                 outputs: Collection[str] = (), show_known: bool = False,
                 audit_options: Mapping[str, Any] | None = None,
                 corpus_consistency: bool = True, audit_fn: AuditFn | None = None,
                 output_paths: Mapping[str, str | None] | None = None,
                 manifest_root: str | None = None, allow_outside_root: bool = False) -> GateRun:
    """Gate one pair (``source``, ``target``; no target for a catalog) or a ``manifest``.

    ``limits`` override the policy (None values ignored); ``fmt`` is the stdout format
    (:data:`STDOUT_FORMATS`); ``outputs`` the kinds to render (:data:`OUTPUTS`);
    ``audit_options`` are AuditConfig fields (``src_lang``/``tgt_lang`` are the defaults for
    pairs that set none); ``output_paths`` maps an option (``--sarif``...) to the file the
    caller will write, checked against every input before any audit (see
    :func:`check_gate_outputs`); ``manifest_root``/``allow_outside_root`` confine a manifest's
    files (see :mod:`mtaudit.gate.manifest`). Raises MtauditError (ConfigError, InputError)
    on bad arguments.
    """
    from mtaudit.gate.render_text import text_lines

    opts = dict(audit_options or {})
    if fmt not in STDOUT_FORMATS:
        raise ConfigError(f"unknown stdout format {fmt!r}; known: {', '.join(STDOUT_FORMATS)}")
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown:
        raise ConfigError(f"unknown gate output(s) {unknown}; known: {', '.join(OUTPUTS)}")
    _check_inputs(source, manifest)
    if update_baseline and no_baseline:
        raise ConfigError("--update-baseline and --no-baseline exclude each other")
    policy = load_policy(config_file).with_options(**dict(limits or {}))
    specs = resolve_pairs(source, target, manifest, opts, manifest_root=manifest_root,
                          allow_outside_root=allow_outside_root)
    path = baseline_file(policy, baseline_path)
    if update_baseline and not path:
        raise ConfigError("--update-baseline needs a baseline file: --baseline FILE or "
                          "baseline = \"FILE\" in the policy")
    baseline = (Baseline.load(path) if path and not no_baseline and not update_baseline
                else Baseline())
    options = {k: v for k, v in opts.items() if v is not None and k not in ("src_lang",
                                                                            "tgt_lang")}
    check_gate_outputs(output_paths or {}, specs, manifest=manifest, policy=policy,
                       baseline=(None if update_baseline else path), options=options,
                       new_baseline=path if update_baseline else None)
    if audit_fn is None:
        check_settings(specs, options)
    result = run_gate(specs, policy, root=Path("."), baseline=baseline, audit_fn=audit_fn,
                      audit_options=options, corpus_consistency=corpus_consistency)

    if update_baseline:
        assert path is not None
        if result.errors:
            errors = [ln for ln in text_lines(result) if ln.startswith("ERROR")]
            return GateRun(result, 2, (*errors, result.summary_line() + " (baseline not "
                                                                       "written)"))
        text, n = baseline_text({o.key: [(g.fingerprint, g.flag) for g in o.flags
                                         if g.status in ("new", "baselined")]
                                 for o in result.outcomes})
        k = len(result.outcomes)
        line = (f"mtaudit gate: baseline {path} written: {n} known flag{'s' if n != 1 else ''} "
                f"in {k} file{'s' if k != 1 else ''}")
        return GateRun(result, 0, (line,), baseline=(path, text))

    rendered = {kind: _render(kind)(result) for kind in OUTPUTS if kind in outputs}
    if fmt == "github":
        from mtaudit.gate.render_github import lines as github_lines

        lines = github_lines(result, include_known=show_known)
    else:
        lines = text_lines(result, show_known)
    return GateRun(result, result.exit_code, (*lines, result.summary_line()), rendered)


__all__ = ["OUTPUTS", "STDOUT_FORMATS", "GateRun", "baseline_file", "check_gate_outputs",
           "check_settings",
           "execute_gate", "resolve_pairs"]
