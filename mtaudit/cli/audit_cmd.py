"""`mtaudit audit`: audit a translation against its source and print or write the report."""

from __future__ import annotations

import click

from mtaudit.cli.common import (
    config_from_options,
    detector_options,
    echo_notices,
    embedder_option,
    emit,
    input_check_options,
    lang_options,
    mt_options,
    progress_display,
    report_format_option,
)


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True), required=False)
@lang_options
@report_format_option("terminal")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write the report to this file (atomically) instead of stdout")
@embedder_option
@mt_options
@detector_options
@input_check_options
@click.option("--progress/--no-progress", default=None,
              help="progress bar on stderr (default: only when stderr is a terminal)")
def audit(source: str, target: str | None, src_lang: str, tgt_lang: str, fmt: str,
          output: str | None, embedder: str, mt_model: str | None, mt_backend: str,
          mt_option: tuple[str, ...], reference: str | None, require_retranslation: bool,
          glossary: str | None, entities: str | None, related: tuple[str, ...],
          detectors: str | None,
          detector_option: tuple[str, ...], no_check_languages: bool, no_check_related: bool,
          max_size: float, max_segment: int, max_word: int, max_sentences: int, max_units: int,
          segmented: bool, progress: bool | None) -> None:
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
    from mtaudit.app.pipeline import audit as run_audit
    from mtaudit.core.outputs import check_outputs
    from mtaudit.report import render

    config = config_from_options(click.get_current_context().params)
    check_outputs({"-o/--output": output},
                  {"the source": source, "the translation": target,
                   "the reference": reference, "the glossary": glossary,
                   "the entity list": entities})
    with progress_display(progress) as cb:
        report = run_audit(source, target, config=config, progress=cb)
    if fmt != "terminal" or output:
        echo_notices(report.notices)
    emit(render(report, fmt, color=output is None), output)
    if output:
        from mtaudit.cli import error_line

        click.echo(error_line(f"wrote {fmt} report to {output}", "mtaudit: "), err=True)
