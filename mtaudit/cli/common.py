"""Pieces shared by CLI commands: common options, progress display, output writing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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


def input_check_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--no-check-languages, --no-check-related and --max-size (shared by audit, align, gate)."""
    f = click.option("--max-size", "max_size", type=click.FloatRange(min=0, min_open=True),
                     default=20.0, show_default=True, metavar="MIB",
                     help="refuse input files larger than this many MiB")(f)
    f = click.option("--no-check-related", is_flag=True,
                     help="do not refuse documents that do not look like translations of each "
                          "other")(f)
    f = click.option("--no-check-languages", is_flag=True,
                     help="do not refuse inputs whose languages do not match "
                          "--src-lang/--tgt-lang")(f)
    return f


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
    for n in notices:
        click.echo(f"mtaudit: note: {n}", err=True)
