"""Re-translations or human references supplied by the user as a file.

Two layouts:

* ``lines``: one translation per source sentence, in order (line *i* ↔ the *i*-th source
  segment); a blank line is an empty translation.
* ``document``: a whole translated document; mtaudit segments it (``mtaudit.analysis.segment``) and
  aligns it to the source sentences (``mtaudit.align`` with the configured embedder), exactly
  as it aligns the audited translation.

``reference_mode="auto"`` (the default) takes ``lines`` when the file has exactly as many lines
as the source has sentences and, when a sentence embedder is at hand, line *i* does translate
sentence *i* (the median-similarity rule of :mod:`mtaudit.analysis.relatedness`); else
``document`` (the signature then says ``lines_rejected``). A Markdown reference (``.md``)
keeps only its prose, as inputs do. A pair's reference is the reference text of the alignment
beads that cover its source sentences (a bead that straddles two pairs is given to
both); a source sentence the reference leaves out gets ``""``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtaudit.core.errors import InputError, ModelUnavailable
from mtaudit.core.types import AlignedPair, Document, sha256_text
from mtaudit.mt.base import MTOptions, joiner
from mtaudit.mt.retranslate import Retranslation


def read_reference(path: str | Path, lang: str | None = None,
                   max_bytes: int | None = None) -> str:
    """The reference file's text, with the checks of every input (size, binary, encoding)."""
    from mtaudit.ingest.text import DEFAULT_MAX_BYTES, read_text

    p = Path(path).expanduser()
    if not p.exists():
        raise InputError(f"reference file not found: {p}")
    try:
        text = read_text(p, lang, max_bytes or DEFAULT_MAX_BYTES)
    except InputError as exc:
        raise InputError(f"reference file {exc}") from None
    from mtaudit.ingest.markdown import is_markdown, mask_markdown

    return mask_markdown(text) if is_markdown(str(p)) else text


def _source_positions(pairs: Sequence[AlignedPair]) -> list[int]:
    """Source segment indices present in the pairs, in document order."""
    return sorted({seg.index for pair in pairs for seg in pair.source})


def read_reference_pairs(pairs: Sequence[AlignedPair], source: Document,
                         config: Any) -> Retranslation:
    """The user's reference (``config.reference``) as one text per pair, in the shape of a
    re-translation (kind ``"reference"``)."""
    texts, signature = reference_texts(pairs, source, config,
                                       MTOptions.from_mapping(config.mt_options))
    return Retranslation(texts, "reference", signature)


def reference_texts(pairs: Sequence[AlignedPair], source: Document, config: Any,
                    options: MTOptions) -> tuple[tuple[str | None, ...], dict[str, Any]]:
    """One reference text per pair (None where the pair has no source) and the signature."""
    path = Path(config.reference).expanduser()
    text = read_reference(path, config.tgt_lang,
                          int(getattr(config, "max_input_mb", 20.0) * 2**20))
    positions = _source_positions(pairs)
    pos_of = {idx: k for k, idx in enumerate(positions)}
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    mode = options.reference_mode
    lines_checked = None
    if mode == "auto":
        mode = "lines" if len(lines) == len(positions) else "document"
        if mode == "lines":
            by_index = {seg.index: seg for pair in pairs for seg in pair.source}
            lines_checked = _lines_match([by_index[i].text for i in positions], lines, config)
            if lines_checked is False:
                mode = "document"  # as many lines as sentences, but not line by line
    signature: dict[str, Any] = {"kind": "reference", "path": str(config.reference),
                                 "sha256": sha256_text(text), "mode": mode,
                                 "source_sentences": len(positions)}
    if lines_checked is False:
        signature["lines_rejected"] = True
    glue = joiner(config.tgt_lang)
    if mode == "lines":
        if len(lines) != len(positions):
            raise InputError(f"reference {path} has {len(lines)} lines but the source has "
                             f"{len(positions)} sentences; use reference_mode=document to "
                             "align it instead")
        per_pos: list[list[tuple[int, str]]] = [[(k, line.strip())]
                                                for k, line in enumerate(lines)]
    else:
        per_pos, extra = _align_document(text, pairs, positions, config)
        signature.update(extra)
    out: list[str | None] = []
    for pair in pairs:
        if not pair.source:
            out.append(None)
            continue
        seen: dict[int, str] = {}
        for seg in pair.source:
            for unit, piece in per_pos[pos_of[seg.index]]:
                if piece:
                    seen.setdefault(unit, piece)
        out.append(glue.join(seen[u] for u in sorted(seen)))
    return tuple(out), signature


def _lines_match(src_texts: list[str], lines: list[str], config: Any) -> bool | None:
    """Whether line k of the reference translates source sentence k (median similarity);
    None when no embedder can tell."""
    if config.embedder in (None, "", "none"):
        return None
    from mtaudit.embed import get_embedder

    try:
        emb = get_embedder(config.embedder)
    except ModelUnavailable:
        return None
    from mtaudit.analysis.relatedness import lines_follow

    return lines_follow(emb, src_texts, lines)


def _align_document(text: str, pairs: Sequence[AlignedPair], positions: list[int],
                    config: Any) -> tuple[list[list[tuple[int, str]]], dict[str, Any]]:
    from mtaudit.align import align
    from mtaudit.analysis.segment import segment
    from mtaudit.embed import get_embedder

    by_index = {seg.index: seg for pair in pairs for seg in pair.source}
    src_texts = [by_index[i].text for i in positions]
    ref_segments = segment(text, config.tgt_lang)
    if not ref_segments:
        raise InputError(f"reference file {config.reference} has no text")
    embedder, used = None, "none"
    if config.embedder not in (None, "", "none"):
        try:
            embedder, used = get_embedder(config.embedder), config.embedder
        except ModelUnavailable as exc:
            used = f"none ({exc})"
            warnings.warn(f"reference alignment uses sentence lengths only: {exc}",
                          RuntimeWarning, stacklevel=4)
    beads = align(src_texts, [s.text for s in ref_segments], embedder=embedder,
                  config=config.align)
    per_pos: list[list[tuple[int, str]]] = [[] for _ in positions]
    for unit, bead in enumerate(beads):
        if not bead.src or not bead.tgt:
            continue
        first, last = ref_segments[bead.tgt[0]], ref_segments[bead.tgt[-1]]
        ref = text[first.start:last.end].strip()
        for k in bead.src:
            per_pos[k].append((unit, ref))
    extra = {"reference_sentences": len(ref_segments), "embedder": used,
             "align": config.align.to_dict() if hasattr(config.align, "to_dict") else None}
    return per_pos, extra
