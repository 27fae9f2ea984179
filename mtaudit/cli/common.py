"""Pieces shared by CLI commands: common options, progress display, output writing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import click

EMBEDDER_HELP = ("sentence embedder: 'use' (multilingual USE v3, offline), 'st:MODEL' "
                 "(sentence-transformers, e.g. st:sentence-transformers/LaBSE), or 'none' "
                 "(sentence lengths only)")


def lang_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--tgt-lang", default="fr", show_default=True,
                     help="language of the translation (ISO 639-1)")(f)
    f = click.option("--src-lang", default="ar", show_default=True,
                     help="language of the source (ISO 639-1)")(f)
    return f


def embedder_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--embedder", default="use", show_default=True, help=EMBEDDER_HELP)(f)


def _finite(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    import math

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number of MiB")
    return value


def manifest_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--manifest-root, --allow-outside-root and --corpus-consistency (gate and corpus)."""
    f = click.option("--corpus-consistency/--no-corpus-consistency", default=True,
                     show_default=True,
                     help="flag a source name spelt differently in two files of the "
                          "manifest")(f)
    f = click.option("--allow-outside-root", is_flag=True,
                     help="let the manifest name files outside its root (absolute paths, "
                          "'..', symlinks leading out): only for a trusted manifest")(f)
    f = click.option("--manifest-root", type=click.Path(file_okay=False),
                     help="folder every file of the manifest must lie in (default: the "
                          "manifest's folder, or its root = \"...\" key)")(f)
    return f


def input_check_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--no-check-languages, --no-check-related and the input limits --max-size, --max-segment,
    --max-word, --max-sentences, --max-units (shared by audit, align, gate; the defaults and
    why: :class:`mtaudit.ingest.InputLimits`)."""
    from mtaudit.ingest.text import DEFAULT_LIMITS as LIM

    f = click.option("--segmented", is_flag=True,
                     help="plain-text inputs hold one sentence per line: align the lines as "
                          "they are, without re-splitting them")(f)
    f = click.option("--max-units", type=click.IntRange(min=1), default=LIM.max_units,
                     show_default=True, metavar="N",
                     help="refuse pre-aligned files with more translation units")(f)
    f = click.option("--max-sentences", type=click.IntRange(min=1),
                     default=LIM.max_sentences, show_default=True, metavar="N",
                     help="refuse plain-text documents with more sentences")(f)
    f = click.option("--max-word", type=click.IntRange(min=1), default=LIM.max_word_chars,
                     show_default=True, metavar="CHARS",
                     help="refuse inputs with a longer run of characters without white "
                          "space")(f)
    f = click.option("--max-segment", type=click.IntRange(min=1),
                     default=LIM.max_segment_chars, show_default=True, metavar="CHARS",
                     help="refuse inputs with a longer sentence or unit")(f)
    f = click.option("--max-size", "max_size",
                     type=click.FloatRange(min=0, min_open=True, max=2**20), callback=_finite,
                     default=20.0, show_default=True, metavar="MIB",
                     help="refuse input files larger than this many MiB")(f)
    f = click.option("--no-check-related", is_flag=True,
                     help="do not refuse documents that do not look like translations of each "
                          "other")(f)
    f = click.option("--no-check-languages", is_flag=True,
                     help="do not refuse inputs whose languages do not match "
                          "--src-lang/--tgt-lang")(f)
    return f


def report_format_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format/-f: any registered report format (built-in or a plugin's), checked when the
    command runs rather than read from the registry at import time."""

    def check(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
        from mtaudit.core import plugins

        known = plugins.names("report format")
        if value not in known:
            raise click.BadParameter(f"{value!r} is not one of {', '.join(known)}")
        return value

    return click.option("--format", "-f", "fmt", default=default, show_default=True,
                        callback=check, metavar="FORMAT",
                        help="report format: terminal, json, md, html, sarif, junit, github, "
                             "or one a plugin registers")


def mt_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--mt-model, --mt-backend, --mt-option, --reference, --require-retranslation."""
    f = click.option("--require-retranslation", is_flag=True,
                     help="fail (exit 2) if the source cannot be re-translated")(f)
    f = click.option("--reference", type=click.Path(dir_okay=False),
                     help="a reference translation (one line per source sentence, or a whole "
                          "document)")(f)
    f = click.option("--mt-option", multiple=True, metavar="KEY=VALUE",
                     help="re-translation setting (repeatable): beam_size, batch_size, "
                          "max_length, device (cpu/cuda), compute_type (ctranslate2: int8...), "
                          "threads, revision, pivot")(f)
    f = click.option("--mt-backend", default="transformers", show_default=True,
                     help="re-translation backend (an installed mt backend plugin: "
                          "transformers, ctranslate2; a reference file is given with "
                          "--reference)")(f)
    f = click.option("--mt-model",
                     help="MT model (hub id or local directory) that re-translates the source; "
                          "default: the language pair's default model when it is available "
                          "locally; 'none' to skip re-translation")(f)
    return f


def detector_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--glossary, --entities, --related, --detectors, --detector-option."""
    f = click.option("--detector-option", multiple=True, metavar="NAME.KEY=VALUE",
                     help="set a detector option, e.g. untranslated.min_words=4 "
                          "(repeatable)")(f)
    f = click.option("--detectors",
                     help="comma-separated detectors to run; 'default' stands for the default "
                          "ones (untranslated, numbers, omission, repetition, garbled, "
                          "mistranslation, names), e.g. default,terms or a plugin's name")(f)
    f = click.option("--related", type=click.Path(dir_okay=False), multiple=True,
                     metavar="FILE",
                     help="a document in the target language on the same subject (repeatable): "
                          "its spellings of names count as attested house/press spellings")(f)
    f = click.option("--entities", type=click.Path(dir_okay=False),
                     help="entity list (TSV: source name, accepted target spellings "
                          "|-separated)")(f)
    f = click.option("--glossary", type=click.Path(dir_okay=False),
                     help="terminology glossary (TSV or TBX: source term, accepted targets "
                          "|-separated)")(f)
    return f


def _json_or_str(raw: str) -> object:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return raw


def parse_mt_options(values: tuple[str, ...]) -> dict[str, object]:
    """--mt-option KEY=VALUE (VALUE parsed as JSON when it can be)."""
    out: dict[str, object] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--mt-option")
        out[key.strip()] = _json_or_str(raw)
    return out


def parse_detector_options(values: tuple[str, ...]) -> dict[str, dict[str, object]]:
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


def config_from_options(params: Mapping[str, Any]) -> Any:
    """The one mapping from command-line options to an :class:`~mtaudit.app.config.AuditConfig`
    (audit, align and gate). Options a command does not offer keep the config's defaults."""
    from mtaudit.app.config import AuditConfig

    fields: dict[str, Any] = {}
    for opt, field in (("src_lang", "src_lang"), ("tgt_lang", "tgt_lang"),
                       ("embedder", "embedder"), ("mt_model", "mt_model"),
                       ("mt_backend", "mt_backend"), ("reference", "reference"),
                       ("max_size", "max_input_mb"), ("max_segment", "max_segment_chars"),
                       ("max_word", "max_word_chars"), ("max_sentences", "max_sentences"),
                       ("max_units", "max_units")):
        if params.get(opt) is not None:
            fields[field] = params[opt]
    for opt, field in (("no_check_languages", "check_languages"),
                       ("no_check_related", "check_related")):
        if opt in params:
            fields[field] = not params[opt]
    if params.get("require_retranslation"):
        fields["require_retranslation"] = True
    if params.get("segmented"):
        fields["segmented"] = True
    if params.get("mt_option"):
        fields["mt_options"] = parse_mt_options(params["mt_option"])
    if params.get("detector_option"):
        fields["detector_options"] = parse_detector_options(params["detector_option"])
    if params.get("detectors"):
        fields["detectors"] = tuple(d.strip() for d in params["detectors"].split(",")
                                    if d.strip())
    resources = {k: params[k] for k in ("glossary", "entities") if params.get(k)}
    if params.get("related"):
        resources["related"] = tuple(params["related"])
    if resources:
        fields["resources"] = resources
    return AuditConfig(**fields)


@contextmanager
def progress_display(
        enabled: bool | None = None) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, only when stderr is a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    bar = Progress(TextColumn("{task.description:<12}"), BarColumn(), TaskProgressColumn(),
                   console=Console(stderr=True), transient=True)
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to stdout."""
    if output and output != "-":
        from mtaudit.core.atomic import write_text_atomic

        write_text_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text, nl=not text.endswith("\n"))


def echo_notices(notices: Any) -> None:
    from mtaudit.cli import error_line

    for n in notices:
        click.echo(error_line(n, "mtaudit: note: "), err=True)
