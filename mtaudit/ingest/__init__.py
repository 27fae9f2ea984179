"""Reading inputs: plain text documents and pre-aligned translation files.

* :func:`load_document` -- one UTF-8 text file (BOM tolerated; UTF-16/32 with a BOM decoded)
  as a :class:`~mtaudit.core.types.Document`, with clear one-line errors for missing, empty,
  binary, non-UTF-8 (likely encoding named) and oversized files; Markdown files keep only
  their prose (code, URLs, comments, tags blanked, offsets kept).
* :func:`load_pair` -- a source and a target. Plain text files give Documents only (the
  pipeline segments and aligns them). Pre-aligned files -- TSV (``source<TAB>target[<TAB>id]``,
  optional header), JSONL (``{"source":..,"target":..,"id":..}``, keys configurable), gettext
  PO, XLIFF 1.2/2.0 and TMX -- give their units already paired:

  - one bilingual file (``target=None``): units paired within the file;
  - two unit files: source units (their source side) and target units (their target side,
    or their source side when the target is empty, for monolingual files) paired by id;
    ids on one side only give 1-0 / 0-1 beads.

  Each Document's text is its units joined with ``"\\n\\n"``; each unit is one Segment whose
  ``start``/``end`` point at the unit in that text (``unit_id`` set, ``paragraph`` = unit
  number), so flag offsets stay exact. Segments are not split into sentences. Catalog units
  keep their whitespace and give one unit per plural form (``ID[k]``); their status and plural
  facts are :func:`mtaudit.ingest.catalog.catalog_info` of the target Document.

**Untranslated units** (empty target) are kept, not dropped: the unit survives as a Segment
with empty text (``start == end``, at its place in the joined text) and its bead is 1-0
(source only), exactly like a source sentence the translation left out, so the audit reports
it (source-only / omission). :attr:`LoadedPair.untranslated_units` lists their ids.
Units empty on both sides get segments but no bead.

**Limits** (:class:`InputLimits`: bytes per file, characters per sentence/unit and per word,
sentences per document, units per file) are checked right after reading and, for plain
text, by :func:`segment_document` right after segmenting, before any model is loaded. ``-``
as a path reads standard input (plain text; only one of the two inputs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from mtaudit.core.errors import InputError
from mtaudit.core.types import Bead, Document, Segment
from mtaudit.ingest.catalog import CATALOG_FORMATS, remember
from mtaudit.ingest.text import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_BYTES,
    STDIN,
    InputLimits,
    check_sentences,
    check_words,
    decode_text,
    display_name,
    guess_encoding,
    read_text,
)
from mtaudit.ingest.units import FORMATS, Unit, detect_format, read_units

UNIT_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class LoadedPair:
    source: Document
    target: Document
    source_segments: tuple[Segment, ...] | None = None
    target_segments: tuple[Segment, ...] | None = None
    beads: tuple[Bead, ...] | None = None

    @property
    def pre_aligned(self) -> bool:
        return self.beads is not None

    @property
    def untranslated_units(self) -> tuple[str, ...]:
        """Ids of units with a source but an empty target (pre-aligned inputs only)."""
        if self.beads is None or self.source_segments is None or self.target_segments is None:
            return ()
        return tuple(self.source_segments[b.src[0]].unit_id or str(b.src[0])
                     for b in self.beads if b.src and not b.tgt)


def load_document(path: str | os.PathLike[str], lang: str, *,
                  max_bytes: int = DEFAULT_MAX_BYTES,
                  limits: InputLimits | None = None) -> Document:
    """Read a plain UTF-8 text file (``-``: standard input) as a Document (errors:
    :class:`InputError`; ``limits`` default to ``InputLimits(max_bytes)``). Markdown
    files (``.md``...) keep only their prose: code, URLs, comments and tags are blanked out
    with spaces, so offsets still point into the file (:mod:`mtaudit.ingest.markdown`)."""
    from mtaudit.core.types import sha256_text
    from mtaudit.ingest.markdown import is_markdown, mask_markdown

    limits = limits or InputLimits(max_bytes=max_bytes)
    name = display_name(path)
    text = read_text(path, lang, limits.max_bytes)
    if not is_markdown(str(path)):
        check_words(text, name, limits)
        return Document(text, lang, path=str(path), fmt="text")
    prose = mask_markdown(text)
    if not prose.strip():
        raise InputError(f"{name}: no prose to audit (only code, links or markup)")
    check_words(prose, name, limits)
    return Document(prose, lang, path=str(path), fmt="markdown", sha256=sha256_text(text))


def segment_document(doc: Document, limits: InputLimits = DEFAULT_LIMITS,
                     lang: str | None = None, *, by_line: bool = False) -> tuple[Segment, ...]:
    """The sentences of a plain-text Document (in ``lang``, by default the document's; one per
    non-blank line with ``by_line``), refused (:class:`InputError`) when there are more than
    ``limits.max_sentences`` or one is longer than ``limits.max_segment_chars``."""
    from mtaudit.analysis.segment import segment, segment_lines

    segs = tuple(segment_lines(doc.text) if by_line else segment(doc.text, lang or doc.lang))
    check_sentences(doc.text, segs, display_name(doc.path or "the document"), limits)
    return segs


def _join(texts: list[str], ids: list[str], lang: str, path: str, fmt: str
          ) -> tuple[Document, tuple[Segment, ...]]:
    parts: list[str] = []
    segs: list[Segment] = []
    pos = 0
    for k, (text, uid) in enumerate(zip(texts, ids, strict=True)):
        if k:
            parts.append(UNIT_SEPARATOR)
            pos += len(UNIT_SEPARATOR)
        segs.append(Segment(text, pos, pos + len(text), k, k, uid))
        parts.append(text)
        pos += len(text)
    return Document("".join(parts), lang, path=path, fmt=fmt), tuple(segs)


def _pair_units(src_units: list[Unit], tgt_units: list[Unit] | None, src_lang: str,
                tgt_lang: str, src_path: str, tgt_path: str, fmt: str) -> LoadedPair:
    if tgt_units is None:
        ids = [u.id for u in src_units]
        src_texts = [u.source for u in src_units]
        tgt_texts = [u.target for u in src_units]
        tgt_ids = ids
    else:
        by_id = {u.id: (u.target or u.source) for u in tgt_units}
        ids = [u.id for u in src_units] + [u.id for u in tgt_units
                                           if u.id not in {s.id for s in src_units}]
        src_by_id = {u.id: u.source for u in src_units}
        src_texts = [src_by_id.get(i, "") for i in ids]
        tgt_texts = [by_id.get(i, "") for i in ids]
        tgt_ids = ids
    if not any(t.strip() for t in src_texts):
        raise InputError(f"{src_path}: no source text in any unit")
    if not any(t.strip() for t in tgt_texts):
        raise InputError(f"{tgt_path}: no unit has a translation (all targets are empty)")
    source, s_segs = _join(src_texts, ids, src_lang, src_path, fmt)
    target, t_segs = _join(tgt_texts, tgt_ids, tgt_lang, tgt_path, fmt)
    if fmt in CATALOG_FORMATS:  # statuses and plural forms, for the catalog checks
        remember(target, {u.id: u.info for u in (tgt_units or src_units)})
    beads = []
    for k in range(len(ids)):
        has_s, has_t = bool(s_segs[k].text), bool(t_segs[k].text)
        if has_s or has_t:
            beads.append(Bead((k,) if has_s else (), (k,) if has_t else ()))
    return LoadedPair(source, target, s_segs, t_segs, tuple(beads))


def load_pair(source: str | os.PathLike[str], target: str | os.PathLike[str] | None,
              src_lang: str, tgt_lang: str, *,
              jsonl_keys: tuple[str, str, str] = ("source", "target", "id"),
              max_bytes: int = DEFAULT_MAX_BYTES,
              limits: InputLimits | None = None) -> LoadedPair:
    """Load a source and a target (plain text), or pre-aligned unit file(s); see the module doc.
    ``limits`` default to ``InputLimits(max_bytes)``."""
    limits = limits or InputLimits(max_bytes=max_bytes)
    if str(source) == STDIN and target is not None and str(target) == STDIN:
        raise InputError("the source and the target cannot both be '-' (standard input): "
                         "give one of them as a file")
    s_fmt = detect_format(source)
    t_fmt = detect_format(target) if target is not None else None
    if target is None:
        if s_fmt == "text":
            raise InputError(f"{source}: a single input must be a bilingual file "
                             f"({', '.join(sorted(FORMATS))}); give a target file too")
        units = read_units(source, s_fmt, src_lang, tgt_lang, jsonl_keys=jsonl_keys,
                           limits=limits)
        return _pair_units(units, None, src_lang, tgt_lang, str(source), str(source), s_fmt)
    if s_fmt == "text" and t_fmt == "text":
        return LoadedPair(load_document(source, src_lang, limits=limits),
                          load_document(target, tgt_lang, limits=limits))
    if s_fmt == "text" or t_fmt == "text":
        text_side, unit_side = (source, target) if s_fmt == "text" else (target, source)
        raise InputError(f"{unit_side} is a pre-aligned file but {text_side} is plain text: "
                         "give the pre-aligned file alone, or two plain text files")
    s_units = read_units(source, s_fmt, src_lang, tgt_lang, jsonl_keys=jsonl_keys,
                         limits=limits)
    t_units = read_units(target, str(t_fmt), src_lang, tgt_lang, jsonl_keys=jsonl_keys,
                         limits=limits)
    return _pair_units(s_units, t_units, src_lang, tgt_lang, str(source), str(target), s_fmt)


__all__ = ["DEFAULT_LIMITS", "DEFAULT_MAX_BYTES", "FORMATS", "InputLimits", "LoadedPair", "Unit",
           "decode_text", "detect_format", "guess_encoding", "load_document", "load_pair",
           "read_text", "read_units", "segment_document"]
