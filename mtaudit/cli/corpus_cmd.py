"""`mtaudit corpus`: audit every pair of a manifest, locally or on Ray, into an output folder.

Exit status: 0 every pair audited, 1 a pair could not be audited (the others were, and the
summary names it with its error), 2 usage or input error (a bad manifest, options or output
folder: nothing was audited).
"""

from __future__ import annotations

from typing import Any

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


@click.command()
@click.option("-m", "--manifest", required=True, type=click.Path(dir_okay=False),
              help="TOML or YAML manifest listing the pairs (the gate's: files or globs, "
                   "catalogs)")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="output folder (pairs/<name>.json, flags.parquet, pairs.parquet, "
                   "summary.json); a re-run into it redoes only changed pairs")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True, help="this process, or a Ray cluster (mtaudit[scale])")
@click.option("--ray-address", metavar="ADDR",
              help="Ray cluster to join (default: start a local one of --num-cpus CPUs)")
@click.option("--num-cpus", type=click.IntRange(min=1), default=2, show_default=True,
              help="CPUs of the local Ray cluster (and default number of audit actors)")
@click.option("--workers", type=click.IntRange(min=1),
              help="audit actors on Ray (default: --num-cpus)")
@click.option("--format", "-f", "page", type=click.Choice(["md", "html"]),
              help="also write a corpus summary page, summary.md or summary.html")
@manifest_options
@lang_options
@embedder_option
@input_check_options
@mt_options
@detector_options
@click.pass_context
def corpus(ctx: click.Context, manifest: str, out_dir: str, engine: str,
           ray_address: str | None, num_cpus: int, workers: int | None, page: str | None,
           manifest_root: str | None, allow_outside_root: bool, corpus_consistency: bool,
           **audit_params: object) -> None:
    """Audit every pair of a MANIFEST into the folder -o DIR.

    Writes DIR/pairs/<name>.json (one mtaudit.report/2 report per pair), DIR/flags.parquet
    (one row per flag), DIR/pairs.parquet (one row per aligned pair) and DIR/summary.json
    (counts, corpus MQM, corpus scores with bootstrap CIs, the pairs that failed and why).
    A pair that cannot be audited does not stop the others; the run then exits 1. Progress
    goes to stderr.

    \b
    Examples:
      mtaudit corpus -m mtaudit-manifest.toml -o audit-out --embedder none
      mtaudit corpus -m mtaudit-manifest.toml -o audit-out --engine ray --format md
    """
    from pathlib import Path

    from mtaudit.app.corpus_run import pairs_from, run_corpus
    from mtaudit.gate.manifest import load_manifest

    config = config_from_options(ctx.params)
    specs, root = load_manifest(manifest, root=manifest_root,
                                allow_outside_root=allow_outside_root)
    pairs = pairs_from(specs, root, lambda s: _pair_config(config, s, root))
    if Path(manifest).resolve().is_relative_to(Path(out_dir).resolve()):
        raise click.UsageError(f"-o {out_dir}: the manifest lies in the output folder")
    show = _progress_printer(pairs)
    run = run_corpus(pairs, out_dir, engine=engine, ray_address=ray_address,
                     num_cpus=num_cpus, workers=workers, progress=show, page=page,
                     corpus_consistency=corpus_consistency)
    from mtaudit.cli import error_line

    for o in run.errors:
        click.echo(error_line(f"{o.pair.name}: {o.error}"), err=True)
    p = run.summary["pairs"]
    click.echo(f"mtaudit corpus: {p['total']} pairs, {p['audited']} audited, {p['reused']} "
               f"unchanged, {p['failed']} failed; {run.summary['flags']} flags -> {out_dir}",
               err=True)
    ctx.exit(run.exit_code)


def _pair_config(config: Any, spec: Any, root: Any) -> Any:
    """The gate's per-pair config: the options with the pair's languages and related files."""
    from mtaudit.gate.runner import audit_config

    return audit_config({"config": config}, spec.src_lang, spec.tgt_lang,
                        tuple(str(root / r) for r in spec.related))


def _progress_printer(pairs: list[Any]) -> Any:
    import sys

    def show(stage: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            click.echo(f"\rmtaudit corpus: {stage} {done}/{total}", err=True,
                       nl=done == total)
        elif done == total or done % max(1, total // 20) == 0:
            click.echo(f"mtaudit corpus: {stage} {done}/{total}", err=True)

    return show
