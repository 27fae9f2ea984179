"""`mtaudit align`: sentence-align two documents and print the beads with their confidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mtaudit.align import MAX_BEAD_LIMIT
from mtaudit.cli.common import (
    config_from_options,
    echo_notices,
    embedder_option,
    emit,
    input_check_options,
    lang_options,
    progress_display,
)

if TYPE_CHECKING:
    from mtaudit.core.types import AlignedPair, Segment


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@lang_options
@embedder_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "tsv", "json", "beads"]),
              default="text", show_default=True,
              help="text: readable; tsv: kind, confidence, source, target; json: beads with "
                   "segment spans; beads: '[i,j]:[k]' lines of sentence numbers (0-based; line "
                   "numbers with --segmented), the Bleualign/vecalign format")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write to this file (atomically) instead of stdout")
@click.option("--max-bead", type=click.IntRange(1, MAX_BEAD_LIMIT), metavar="N",
              help=f"largest n or m of an n-m bead, 1 to {MAX_BEAD_LIMIT} (default 4)")
@input_check_options
@click.option("--progress/--no-progress", default=None, help="progress bar on stderr")
def align(source: str, target: str, src_lang: str, tgt_lang: str, embedder: str, fmt: str,
          output: str | None, max_bead: int | None, progress: bool | None,
          **_input_checks: object) -> None:
    """Sentence-align SOURCE and TARGET; print each bead (1-1, 2-1, 0-1...) with its confidence.
    Either may be '-' (standard input).

    \b
    Examples:
      mtaudit align seeds/003_a11d716948e0df65.txt seeds/000_446608ba329916e1.txt
      mtaudit align src.ar.txt mt.fr.txt --format tsv -o beads.tsv
    """
    import json

    from mtaudit.app.pipeline import (
        align_inputs,
        build_pairs,
        check_languages,
        check_proportions,
        check_related,
        load_embedder,
        load_inputs,
    )
    from mtaudit.core.outputs import check_outputs

    config = config_from_options(click.get_current_context().params)
    check_outputs({"-o/--output": output}, {"the source": source, "the translation": target})
    if max_bead:
        config = config.with_(align=config.align.__class__(
            **{**config.align.to_dict(), "max_bead": max_bead}))
    notices: list[str] = []
    inputs = load_inputs(source, target, config)
    check_languages(inputs, config)
    check_proportions(inputs, config)
    emb = load_embedder(config, notices)
    with progress_display(progress) as cb:
        pairs = build_pairs(inputs, align_inputs(inputs, emb, config, cb))
    if inputs.beads is None:
        check_related(pairs, emb, config)
    echo_notices(notices)
    if fmt == "beads":
        text = "\n".join(_bead_line(p, config.segmented) for p in pairs)
    elif fmt == "json":
        text = json.dumps([p.to_dict() for p in pairs], ensure_ascii=False, indent=1)
    elif fmt == "tsv":
        def clean(s: str) -> str:
            return " ".join(s.split())
        text = "\n".join(f"{p.kind}\t{p.confidence:.3f}\t{clean(p.source_text)}\t"
                         f"{clean(p.target_text)}" for p in pairs)
    else:
        from mtaudit.core.escape import visible

        lines = []
        for p in pairs:
            lines.append(f"[{p.index}] {p.kind}  conf {p.confidence:.2f}")
            lines.append(f"  {src_lang}: {visible(' '.join(p.source_text.split())) or '—'}")
            lines.append(f"  {tgt_lang}: {visible(' '.join(p.target_text.split())) or '—'}")
        text = "\n".join(lines)
    emit(text, output)



def _bead_line(pair: AlignedPair, by_line: bool) -> str:
    """``[i,j]:[k]``: the bead's sentence numbers on each side (line numbers when the inputs
    are one sentence per line, so blank lines keep the file's numbering)."""
    def numbers(segs: tuple[Segment, ...]) -> str:
        return ",".join(str(s.paragraph if by_line else s.index) for s in segs)

    return f"[{numbers(pair.source)}]:[{numbers(pair.target)}]"
