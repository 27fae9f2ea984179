"""`mtaudit audit`: audit a translation against its source and print or write the report."""

from __future__ import annotations

import click

from mtaudit.cli.common import (
    echo_notices,
    embedder_option,
    emit,
    input_check_options,
    lang_options,
    progress_display,
)
from mtaudit.report import FORMATS


def _json_or_str(raw: str) -> object:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _parse_options(values: tuple[str, ...]) -> dict[str, object]:
    """--mt-option KEY=VALUE (VALUE parsed as JSON when it can be)."""
    out: dict[str, object] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--mt-option")
        out[key.strip()] = _json_or_str(raw)
    return out


def _parse_kv(values: tuple[str, ...]) -> dict[str, dict[str, object]]:
    """--detector-option NAME.KEY=VALUE (VALUE parsed as JSON when it can be)."""
    out: dict[str, dict[str, object]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        name, dot, opt = key.partition(".")
        if not sep or not dot:
            raise click.BadParameter(f"expected NAME.KEY=VALUE, got {item!r}",
                                     param_hint="--detector-option")
        out.setdefault(name, {})[opt] = _json_or_str(raw)
    return out


@click.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False), required=False)
@lang_options
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="terminal",
              show_default=True, help="report format")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write the report to this file (atomically) instead of stdout")
@embedder_option
@click.option("--mt-model", help="MT model (hub id or local directory) that re-translates the "
              "source; default: the language pair's default model when it is available "
              "locally; 'none' to skip re-translation")
@click.option("--mt-backend", default="transformers", show_default=True,
              type=click.Choice(["transformers", "ctranslate2"]),
              help="re-translation backend (a reference file is given with --reference)")
@click.option("--mt-option", multiple=True, metavar="KEY=VALUE",
              help="re-translation setting (repeatable): beam_size, batch_size, max_length, "
              "device (cpu/cuda), compute_type (ctranslate2: int8...), threads, revision, pivot")
@click.option("--reference", type=click.Path(dir_okay=False),
              help="a reference translation (one line per source sentence, or a whole document)")
@click.option("--require-retranslation", is_flag=True,
              help="fail (exit 2) if the source cannot be re-translated")
@click.option("--glossary", type=click.Path(dir_okay=False),
              help="terminology glossary (TSV or TBX: source term, accepted targets |-separated)")
@click.option("--entities", type=click.Path(dir_okay=False),
              help="entity list (TSV: source name, accepted target spellings |-separated)")
@click.option("--detectors", help="comma-separated detectors to run (default: all default ones)")
@click.option("--detector-option", multiple=True, metavar="NAME.KEY=VALUE",
              help="set a detector option, e.g. untranslated.min_words=4 (repeatable)")
@input_check_options
@click.option("--progress/--no-progress", default=None,
              help="progress bar on stderr (default: only when stderr is a terminal)")
def audit(source: str, target: str | None, src_lang: str, tgt_lang: str, fmt: str,
          output: str | None, embedder: str, mt_model: str | None, mt_backend: str,
          mt_option: tuple[str, ...], reference: str | None, require_retranslation: bool,
          glossary: str | None, entities: str | None, detectors: str | None,
          detector_option: tuple[str, ...], no_check_languages: bool, no_check_related: bool,
          max_size: float,
          progress: bool | None) -> None:
    """Audit the translation TARGET against its SOURCE.

    Segments and aligns both documents, re-translates the source when a model or reference is
    given, scores the translation and flags errors (untranslated spans, names, numbers,
    omissions, repetitions...). TARGET is omitted for bilingual files (PO, XLIFF, TMX, TSV, JSONL).

    \b
    Examples:
      mtaudit audit seeds/003_a11d716948e0df65.txt seeds/000_446608ba329916e1.txt
      mtaudit audit src.ar.txt mt.fr.txt --format json -o report.json
      mtaudit audit src.ar.txt mt.fr.txt --reference ref.fr.txt --format html -o report.html
      mtaudit audit messages.po --src-lang en --tgt-lang fr
    """
    from mtaudit.app.config import AuditConfig
    from mtaudit.app.pipeline import audit as run_audit
    from mtaudit.report import render

    resources = {k: v for k, v in (("glossary", glossary), ("entities", entities)) if v}
    chosen = tuple(d.strip() for d in detectors.split(",") if d.strip()) if detectors else None
    config = AuditConfig(
        src_lang=src_lang, tgt_lang=tgt_lang, embedder=embedder,
        detectors=chosen,
        detector_options=_parse_kv(detector_option), mt_model=mt_model, mt_backend=mt_backend,
        mt_options=_parse_options(mt_option),
        reference=reference, require_retranslation=require_retranslation, resources=resources,
        check_languages=not no_check_languages, check_related=not no_check_related,
        max_input_mb=max_size)
    with progress_display(progress) as cb:
        report = run_audit(source, target, config=config, progress=cb)
    if fmt != "terminal" or output:
        echo_notices(report.notices)
    emit(render(report, fmt, color=output is None), output)
    if output:
        click.echo(f"mtaudit: wrote {fmt} report to {output}", err=True)
