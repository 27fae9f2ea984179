"""The CI gate: audit files, apply a policy and a baseline, fail the build on new errors.

:func:`mtaudit.gate.app.execute_gate` is one ``mtaudit gate`` invocation (used by
:mod:`mtaudit.cli.gate_cmd`); :func:`run_gate` the gate itself. See :mod:`mtaudit.gate.policy`
for the policy, :mod:`mtaudit.gate.manifest` for manifests, :mod:`mtaudit.gate.baseline` for
baselines and :mod:`mtaudit.report.inline` for inline suppressions. The outputs are rendered by
``mtaudit.gate.render_*`` (SARIF, JUnit, GitHub annotations, Markdown, text).
"""

from __future__ import annotations

from mtaudit.gate.app import GateRun, execute_gate
from mtaudit.gate.baseline import Baseline, write_baseline
from mtaudit.gate.fingerprint import fingerprinted, flag_fingerprints, normalise_span
from mtaudit.gate.manifest import PairSpec, load_manifest
from mtaudit.gate.policy import Policy, load_policy, policy_from_mapping
from mtaudit.gate.runner import (
    FileOutcome,
    GateFlag,
    GateResult,
    evaluate,
    outcome_for_report,
    run_gate,
)

__all__ = ["Baseline", "FileOutcome", "GateFlag", "GateResult", "GateRun", "PairSpec", "Policy",
           "evaluate", "execute_gate", "fingerprinted", "flag_fingerprints", "load_manifest",
           "load_policy", "normalise_span", "outcome_for_report", "policy_from_mapping",
           "run_gate", "write_baseline"]
