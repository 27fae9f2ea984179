"""The shipped CI integrations call `mtaudit gate` with options that exist."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from mtaudit.cli import cli

REPO = Path(__file__).resolve().parent.parent


def _parses(command: str) -> None:
    argv = shlex.split(command)
    assert argv[:2] == ["mtaudit", "gate"], argv
    gate = cli.get_command(None, "gate")  # type: ignore[arg-type]
    ctx = gate.make_context("gate", argv[2:], resilient_parsing=False)
    assert ctx.params["manifest"] == "mtaudit-manifest.toml"


def test_workflow_example_runs_the_gate() -> None:
    wf = yaml.safe_load((REPO / ".github/workflows/mtaudit-example.yml").read_text("utf-8"))
    steps = wf["jobs"]["gate"]["steps"]
    runs = [s["run"] for s in steps if "mtaudit gate" in s.get("run", "")]
    assert len(runs) == 1
    _parses(" ".join(runs[0].split()))
    uploads = [s for s in steps
               if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert uploads and uploads[0]["with"]["sarif_file"] == "mtaudit.sarif"
    assert "--sarif mtaudit.sarif" in " ".join(runs[0].split())


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "mtaudit-gate")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    _parses(hook["entry"])
