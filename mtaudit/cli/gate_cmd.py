"""`mtaudit gate`: audit one pair or a manifest of pairs and fail the build on new errors.

Exit status: 0 the gate passed, 1 a file failed the policy, 2 usage or input error (a file
that cannot be read or audited, a bad policy or manifest). The last line printed is always the
summary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mtaudit.cli.common import embedder_option, input_check_options, lang_options

STATUS_WORD = {True: "pass", False: "FAIL"}


def _text_lines(result: Any, show_known: bool) -> list[str]:
    lines: list[str] = []
    for o in result.outcomes:
        src = f" (source {o.spec.source})" if o.spec.target else ""
        if o.error is not None:
            lines.append(f"ERROR {o.key}{src}: not audited: {o.error}")
            continue
        known = ", ".join(f"{len(o.by_status(s))} {s}" for s in ("baselined", "suppressed",
                                                                  "ignored") if o.by_status(s))
        head = f"{STATUS_WORD[o.passed]} {o.key}{src}: {len(o.new)} new flag" \
               f"{'s' if len(o.new) != 1 else ''}" + (f" ({known})" if known else "")
        if o.violations:
            head += " — " + "; ".join(o.violations)
        lines.append(head)
        for g in o.flags:
            if g.status != "new" and not show_known:
                continue
            f = g.flag
            line = (f"  {g.location()}: {f.severity} {f.category}: {f.message} "
                    f"[“{' '.join(f.text.split())[:80]}”]")
            if f.suggestion:
                sugg = " ".join(f.suggestion.split())
                line += f" → {sugg if len(sugg) <= 80 else sugg[:79] + '…'}"
            if g.status != "new":
                line += f" ({g.status}{': ' + g.why if g.why else ''})"
            lines.append(line)
    return lines


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
@click.option("--corpus-consistency/--no-corpus-consistency", default=True, show_default=True,
              help="flag a source name spelt differently in two files of the manifest")
@lang_options
@embedder_option
@input_check_options
@click.option("--mt-model", help="MT model to re-translate the source (enables chrF)")
@click.option("--reference", type=click.Path(dir_okay=False),
              help="reference translation (single pair only)")
@click.pass_context
def gate(ctx: click.Context, source: str | None, target: str | None, manifest: str | None,
         config_file: str | None, max_critical: int | None, max_major: int | None,
         max_minor: int | None, min_chrf: float | None, min_mqm: float | None,
         ignore_category: tuple[str, ...], baseline_path: str | None, no_baseline: bool,
         update_baseline: bool, fmt: str, sarif_out: str | None, junit_out: str | None,
         markdown_out: str | None, show_known: bool, corpus_consistency: bool,
         src_lang: str, tgt_lang: str, embedder: str, mt_model: str | None,
         reference: str | None, no_check_languages: bool, no_check_related: bool,
         max_size: float) -> None:
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

    try:
        code = _run(source, target, manifest, config_file,
                    dict(max_critical=max_critical, max_major=max_major, max_minor=max_minor,
                         min_chrf=min_chrf, min_mqm=min_mqm,
                         ignore_categories=(ignore_category or None)),
                    baseline_path, no_baseline, update_baseline, fmt,
                    {"sarif": sarif_out, "junit": junit_out, "markdown": markdown_out},
                    show_known, dict(src_lang=src_lang, tgt_lang=tgt_lang, embedder=embedder,
                                     mt_model=mt_model, reference=reference,
                                     check_languages=not no_check_languages,
                                     check_related=not no_check_related,
                                     max_input_mb=max_size),
                    corpus_consistency)
    except MtauditError as exc:
        click.echo(f"mtaudit: error: {exc}", err=True)
        click.echo("mtaudit gate: ERROR: nothing was gated")
        ctx.exit(2)
    ctx.exit(code)


def _run(source: str | None, target: str | None, manifest: str | None,
         config_file: str | None, limits: dict[str, Any], baseline_path: str | None,
         no_baseline: bool, update_baseline: bool, fmt: str, outputs: dict[str, str | None],
         show_known: bool, audit_options: dict[str, Any], corpus_consistency: bool = True
         ) -> int:
    from mtaudit.core.errors import ConfigError, InputError
    from mtaudit.gate import Baseline, PairSpec, load_manifest, load_policy, run_gate
    from mtaudit.gate.baseline import write_baseline

    if manifest and source:
        raise ConfigError("give either SOURCE [TARGET] or --manifest, not both")
    if not manifest and not source:
        raise ConfigError("nothing to gate: give SOURCE [TARGET] or --manifest FILE")
    if update_baseline and no_baseline:
        raise ConfigError("--update-baseline and --no-baseline exclude each other")
    policy = load_policy(config_file).with_options(**limits)
    if manifest:
        if audit_options.get("reference"):
            raise ConfigError("--reference applies to a single pair, not to a manifest")
        specs, root = load_manifest(manifest)
        # Paths as seen from the working directory (the repository root in CI), so that
        # annotations, baseline keys and per-file policy globs all use the same names.
        specs = [PairSpec(_rel(root / s.source), _rel(root / s.target) if s.target else None,
                          s.src_lang, s.tgt_lang) for s in specs]
        root = Path(".")
    else:
        assert source is not None
        for p in (source, target):
            if p is not None and not Path(p).is_file():
                raise InputError(f"file not found: {p}")
        specs, root = [PairSpec(source, target)], Path(".")
    options = {k: v for k, v in audit_options.items() if v is not None}
    for key in ("src_lang", "tgt_lang"):  # the manifest's languages win over the defaults
        options.pop(key, None)
    specs = [PairSpec(s.source, s.target, s.src_lang or audit_options["src_lang"],
                      s.tgt_lang or audit_options["tgt_lang"]) for s in specs]

    if baseline_path is None and policy.baseline:
        base_dir = (Path(policy.origin).parent if policy.origin not in ("defaults", "mapping")
                    else Path("."))
        baseline_path = str(base_dir / policy.baseline)
    if update_baseline and not baseline_path:
        raise ConfigError("--update-baseline needs a baseline file: --baseline FILE or "
                          "baseline = \"FILE\" in the policy")
    baseline = (Baseline.load(baseline_path) if baseline_path and not no_baseline
                and not update_baseline else Baseline())

    result = run_gate(specs, policy, root=root, baseline=baseline, audit_options=options,
                      corpus_consistency=corpus_consistency)

    if update_baseline:
        if result.errors:
            for line in _text_lines(result, False):
                if line.startswith("ERROR"):
                    click.echo(line)
            click.echo(result.summary_line() + " (baseline not written)")
            return 2
        n = write_baseline(baseline_path, {
            o.key: [(g.fingerprint, g.flag) for g in o.flags
                    if g.status in ("new", "baselined")] for o in result.outcomes})
        click.echo(f"mtaudit gate: baseline {baseline_path} written: {n} known flag"
                   f"{'s' if n != 1 else ''} in {len(result.outcomes)} file"
                   f"{'s' if len(result.outcomes) != 1 else ''}")
        return 0

    if outputs.get("sarif"):
        _write_sarif(result, outputs["sarif"])
    if outputs.get("junit"):
        from mtaudit.core.atomic import write_text_atomic
        from mtaudit.report.junit import render_gate

        write_text_atomic(outputs["junit"], render_gate(result))
    if outputs.get("markdown"):
        from mtaudit.report.markdown import render_gate as markdown_gate

        _append_or_write(outputs["markdown"], markdown_gate(result))
    if fmt == "github":
        from mtaudit.report.github import gate_lines

        lines = gate_lines(result.outcomes, include_known=show_known)
    else:
        lines = _text_lines(result, show_known)
    for line in lines:
        click.echo(line)
    click.echo(result.summary_line())
    return result.exit_code


def _append_or_write(path: str, text: str) -> None:
    """Append to GitHub's job summary file (it collects several steps), else write."""
    import os

    if path == os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        from mtaudit.core.atomic import write_text_atomic

        write_text_atomic(path, text)


def _rel(path: Path) -> str:
    import os

    rel = os.path.relpath(path)
    return Path(rel).as_posix() if not rel.startswith("..") else path.resolve().as_posix()


def _write_sarif(result: Any, path: str) -> None:
    import json

    from mtaudit.core.atomic import write_text_atomic
    from mtaudit.report.sarif import SarifFile, build_sarif

    files = []
    for o in result.outcomes:
        if o.report is None:
            continue
        files.append(SarifFile(
            o.report, target_uri=o.spec.target or o.spec.source, source_uri=o.spec.source,
            target_text=o.target_text, source_text=o.source_text,
            flags=tuple(g.flag for g in o.flags if g.status != "ignored"),
            baseline_state={g.fingerprint: ("unchanged" if g.status == "baselined" else "new")
                            for g in o.flags},
            suppressed={g.fingerprint: g.why for g in o.flags if g.status == "suppressed"}))
    write_text_atomic(path, json.dumps(build_sarif(files), ensure_ascii=False, indent=2) + "\n")
