"""`mtaudit gate`: audit one pair or a manifest of pairs and fail the build on new errors.

Exit status: 0 the gate passed, 1 a file failed the policy, 2 usage or input error (a file
that cannot be read or audited, a bad policy or manifest). The last line printed is always the
summary.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from mtaudit.cli.common import (
    config_from_options,
    detector_options,
    embedder_option,
    input_check_options,
    lang_options,
    manifest_options,
    mt_options,
)

if TYPE_CHECKING:
    from mtaudit.app.config import AuditConfig
    from mtaudit.gate.app import GateRun


@click.command()
@click.argument("source", required=False, type=click.Path(dir_okay=False))
@click.argument("target", required=False, type=click.Path(dir_okay=False))
@click.option("-m", "--manifest", type=click.Path(dir_okay=False),
              help="TOML or YAML manifest listing the pairs (files or globs, catalogs)")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="policy file (default: nearest mtaudit.toml, or pyproject.toml with "
                   "[tool.mtaudit])")
@click.option("--max-critical", type=click.IntRange(min=0), help="most new critical flags per file")
@click.option("--max-major", type=click.IntRange(min=0), help="most new major flags per file")
@click.option("--max-minor", type=click.IntRange(min=0), help="most new minor flags per file")
@click.option("--min-chrf", type=float, help="lowest chrF per file (needs --mt-model/--reference)")
@click.option("--min-mqm", type=float, help="lowest MQM score per file")
@click.option("--ignore-category", multiple=True, metavar="CAT",
              help="do not count flags of this category (repeatable)")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="baseline file (default from the policy: .mtaudit-baseline.json)")
@click.option("--no-baseline", is_flag=True, help="ignore the baseline: every flag is new")
@click.option("--update-baseline", is_flag=True,
              help="record the current flags as known in the baseline file and exit 0")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="stdout format: text, or GitHub Actions annotations")
@click.option("--sarif", "sarif_out", type=click.Path(dir_okay=False),
              help="also write SARIF 2.1.0 (code-scanning annotations) to this file")
@click.option("--junit", "junit_out", type=click.Path(dir_okay=False),
              help="also write JUnit XML (one test case per file) to this file")
@click.option("--markdown", "markdown_out", type=click.Path(dir_okay=False),
              help="also write a Markdown summary (e.g. $GITHUB_STEP_SUMMARY, a PR comment)")
@click.option("--show-known", is_flag=True,
              help="also list baselined, suppressed and ignored flags")
@manifest_options
@lang_options
@embedder_option
@input_check_options
@mt_options
@detector_options
@click.pass_context
def gate(ctx: click.Context, source: str | None, target: str | None, manifest: str | None,
         manifest_root: str | None, allow_outside_root: bool, config_file: str | None,
         max_critical: int | None, max_major: int | None, max_minor: int | None,
         min_chrf: float | None, min_mqm: float | None,
         ignore_category: tuple[str, ...], baseline_path: str | None, no_baseline: bool,
         update_baseline: bool, fmt: str, sarif_out: str | None, junit_out: str | None,
         markdown_out: str | None, show_known: bool, corpus_consistency: bool,
         **audit_params: object) -> None:
    """Audit translations and fail (exit 1) on new errors beyond the policy.

    Give one SOURCE TARGET pair (TARGET omitted for a bilingual catalog) or a --manifest.
    The policy comes from [tool.mtaudit.gate] in pyproject.toml or [gate] in mtaudit.toml,
    overridden by the options here. Flags recorded in the baseline, suppressed inline
    (a "mtaudit: ignore=CATEGORY" marker in the translation) or by the policy do not count.

    \b
    Examples:
      mtaudit gate src.ar.txt mt.fr.txt --max-major 2
      mtaudit gate -m mtaudit-manifest.toml --format github --sarif mtaudit.sarif
      mtaudit gate -m mtaudit-manifest.toml --update-baseline
    """
    from mtaudit.core.errors import MtauditError
    from mtaudit.gate.app import execute_gate

    paths = {"sarif": sarif_out, "junit": junit_out, "markdown": markdown_out}
    try:
        run = execute_gate(
            source=source, target=target, manifest=manifest, config_file=config_file,
            limits=dict(max_critical=max_critical, max_major=max_major, max_minor=max_minor,
                        min_chrf=min_chrf, min_mqm=min_mqm,
                        ignore_categories=(ignore_category or None)),
            baseline_path=baseline_path, no_baseline=no_baseline,
            update_baseline=update_baseline, fmt=fmt,
            outputs=[kind for kind, path in paths.items() if path], show_known=show_known,
            audit_options=_audit_options(config_from_options(ctx.params)),
            corpus_consistency=corpus_consistency, manifest_root=manifest_root,
            allow_outside_root=allow_outside_root,
            output_paths={f"--{kind}": path for kind, path in paths.items()})
        _write_outputs(run, paths)
    except MtauditError as exc:
        from mtaudit.cli import error_line

        click.echo(error_line(exc), err=True)
        click.echo("mtaudit gate: ERROR: nothing was gated")
        ctx.exit(2)
    for line in run.lines:
        click.echo(line)
    ctx.exit(run.exit_code)


def _audit_options(config: AuditConfig) -> dict[str, object]:
    """The audit configuration, with the fields the gate reads itself (the languages are the
    defaults for pairs that set none; a reference applies to a single pair)."""
    return {"config": config, "src_lang": config.src_lang, "tgt_lang": config.tgt_lang,
            "reference": config.reference}


def _write_outputs(run: GateRun, paths: dict[str, str | None]) -> None:
    """Write the baseline and the rendered outputs (atomically; the GitHub job summary is
    appended to, as it collects several steps)."""
    from mtaudit.core.atomic import write_text_atomic

    if run.baseline is not None:
        write_text_atomic(*run.baseline)
    for kind, text in run.outputs.items():
        path = paths[kind]
        assert path is not None
        if kind == "markdown" and path == os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text)
        else:
            write_text_atomic(path, text)
