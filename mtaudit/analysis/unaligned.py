"""One-sided pairs (1-0, 0-1): where they sit in the document, and aligner slips.

* :class:`Extent` / :func:`extent` -- the span of the aligned sentences on one side (first and
  last segment index, their paragraphs): a one-sided pair before or after it is at a document
  edge, one whose paragraphs hold no aligned sentence is a paragraph of its own.

An aligner sometimes leaves a sentence unaligned although its translation is in a neighbouring
pair, or leaves a 1-0 and a 0-1 next to each other that translate one another. Two tests:

* :func:`nearby_matches` -- with a sentence embedder: the best match of each one-sided pair's
  text among the other side's segments of the ``window`` neighbouring pairs, kept when its
  cosine reaches ``floor``;
* :func:`length_partners` -- without one: a 1-0 pair and a 0-1 pair within ``window`` of each
  other, with no aligned pair between them, whose length ratio fits the document's norm;

and :func:`slip_states` sums them up per pair.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from mtaudit.analysis.layout import looks_like_credit
from mtaudit.analysis.lengths import chars, log_ratio
from mtaudit.analysis.norms import gale_church_z
from mtaudit.core.types import AlignedPair, Segment


class Encoder(Protocol):
    """A sentence embedder: ``encode`` returns one unit row (numpy array) per text."""

    def encode(self, texts: list[str]) -> Any: ...


@dataclass(frozen=True)
class Extent:
    """The aligned sentences of one side: first and last segment index, their paragraphs."""

    first: int | None
    last: int | None
    paragraphs: frozenset[int]

    def before(self, segs: Sequence[Segment]) -> bool:
        """``segs`` end before the first aligned sentence."""
        return self.first is not None and segs[-1].index < self.first

    def edge(self, segs: Sequence[Segment]) -> bool:
        """``segs`` lie before the first or after the last aligned sentence (or none is)."""
        return (self.first is None or segs[-1].index < self.first
                or segs[0].index > (self.last or 0))

    def own_paragraph(self, segs: Sequence[Segment]) -> bool:
        """No paragraph of ``segs`` holds an aligned sentence."""
        return all(s.paragraph not in self.paragraphs for s in segs)


def extent(pairs: Sequence[AlignedPair], side: str) -> Extent:
    """The :class:`Extent` of the pairs with both sides, on ``side`` ("source"/"target")."""
    segs = [p.source if side == "source" else p.target
            for p in pairs if p.source and p.target]
    return Extent(min((s[0].index for s in segs), default=None),
                  max((s[-1].index for s in segs), default=None),
                  frozenset(x.paragraph for s in segs for x in s))


def nearby_matches(pairs: Sequence[AlignedPair], encoder: Encoder, window: int,
                   floor: float) -> dict[int, int]:
    """{k: j}: the one-sided pair ``k`` whose text best matches a segment of pair ``j`` (of
    the other side, ``window`` pairs around ``k`` at most) with a cosine of ``floor`` or more.
    """
    out: dict[int, int] = {}
    w = int(window)
    for k, p in enumerate(pairs):
        if bool(p.source) == bool(p.target):
            continue
        mine = p.source_text if p.source else p.target_text
        others = [(j, seg.text) for j in range(max(0, k - w), min(len(pairs), k + w + 1))
                  if j != k
                  for seg in (pairs[j].target if p.source else pairs[j].source)]
        if not others:
            continue
        v = encoder.encode([mine, *(t for _, t in others)])
        cos = v[1:] @ v[0]
        i = int(cos.argmax())
        if float(cos[i]) >= floor:
            out[k] = others[i][0]
    return out


def length_partners(pairs: Sequence[AlignedPair], norm: tuple[float, float], window: int
                    ) -> dict[int, int]:
    """{k: j}: the 1-0 pair ``k`` and the first 0-1 pair ``j`` within ``window`` of it, with no
    aligned pair between them, whose log length ratio is within two scales of ``norm``."""
    out: dict[int, int] = {}
    w = int(window)
    for k, p in enumerate(pairs):
        if not (p.source and not p.target):
            continue
        for j in range(max(0, k - w), min(len(pairs), k + w + 1)):
            q = pairs[j]
            if q.source or not q.target:
                continue
            between = pairs[min(j, k) + 1:max(j, k)]
            if any(b.source and b.target for b in between):
                continue
            r = log_ratio(chars(p.source_text), chars(q.target_text))
            if abs(r - norm[0]) <= 2 * norm[1]:
                out[k] = j
                break
    return out


def slip_states(pairs: Sequence[AlignedPair], encoder: Encoder | None,
                norm: tuple[float, float] | None, window: int, floor: float
                ) -> dict[int, str]:
    """{pair index: state} of the one-sided pairs that are probably aligner slips.

    With an ``encoder``: "covered" when :func:`nearby_matches` finds the pair's text in a
    neighbouring pair at cosine ``floor`` or more, "paired" for a one-sided pair and the
    one-sided pair it matches (they translate each other; a later match may turn the second
    one into "covered"). Without one: "maybe" for both pairs of each :func:`length_partners`
    (nothing without a ``norm``).
    """
    out: dict[int, str] = {}
    if encoder is not None:
        for k, j in nearby_matches(pairs, encoder, window, floor).items():
            out[k] = "covered"
            if not (pairs[j].source and pairs[j].target):
                out[k] = out[j] = "paired"
    elif norm is not None:
        for k, j in length_partners(pairs, norm, window).items():
            out[k] = out[j] = "maybe"
    return out


# ----- line blocks: a verse (line) split over several beads ------------------------------------

def line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start (0 first)."""
    out = [0]
    i = text.find("\n")
    while i >= 0:
        out.append(i + 1)
        i = text.find("\n", i + 1)
    return out


def line_blocks(pairs: Sequence[AlignedPair], src_text: str, tgt_text: str
                ) -> list[list[int]]:
    """Groups of pair indices that share a line: two pairs are in one block when a source
    segment of one and a source segment of the other lie on the same source line, or likewise
    on the target side (connected components, in document order). A line never continues a
    sentence into the next one (:mod:`mtaudit.analysis.segment`), so a block's lines hold only
    its own segments: it is closed, and joining it gives a line-level pair."""
    starts = {"s": line_starts(src_text), "t": line_starts(tgt_text)}
    parent = list(range(len(pairs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, int], int] = {}
    for k, p in enumerate(pairs):
        for side, segs in (("s", p.source), ("t", p.target)):
            for seg in segs:
                key = (side, bisect.bisect_right(starts[side], seg.start) - 1)
                if key in owner:
                    parent[root(k)] = root(owner[key])
                else:
                    owner[key] = k
    groups: dict[int, list[int]] = {}
    for k in range(len(pairs)):
        groups.setdefault(root(k), []).append(k)
    return sorted(groups.values())


def joined_translations(pairs: Sequence[AlignedPair], src_text: str, tgt_text: str,
                        encoder: Encoder, floor: float, max_src: int = 2
                        ) -> list[list[int]]:
    """The :func:`line_blocks` that, joined, are a translation of each other although the
    aligner split them: the block has two pairs or more, one of them aligned, and at most
    ``max_src`` source sentences per source line (source lines of one or two sentences whose
    translations have more: the aligner's beads are too small for them, or it split a line;
    a paragraph of several sentences per line is left to the sentence rules), and its joined
    source and target texts have a cosine of ``floor`` or more and are more alike than either
    is with the joined other side of the previous or next block (the rank test of
    :mod:`mtaudit.analysis.relatedness`, here on neighbouring lines). Returns those blocks.
    Only the blocks judged and their neighbours are embedded (a one-pair block is never
    judged, only a rival).
    """
    blocks = [b for b in line_blocks(pairs, src_text, tgt_text)
              if any(pairs[k].source for k in b) and any(pairs[k].target for k in b)]
    if not blocks:
        return []
    starts = line_starts(src_text)
    lines = [len({bisect.bisect_right(starts, s.start) for k in b for s in pairs[k].source})
             for b in blocks]
    judged = [i for i, block in enumerate(blocks)
              if len(block) >= 2
              and sum(len(pairs[k].source) for k in block) <= max_src * lines[i]
              and any(pairs[k].source and pairs[k].target for k in block)]
    if not judged:
        return []
    # only the judged blocks and their neighbours (the rivals) are embedded
    wanted = sorted({j for i in judged for j in (i - 1, i, i + 1) if 0 <= j < len(blocks)})
    row = {j: r for r, j in enumerate(wanted)}
    vs = encoder.encode([" ".join(s.text for k in blocks[j] for s in pairs[k].source)
                         for j in wanted])
    vt = encoder.encode([" ".join(s.text for k in blocks[j] for s in pairs[k].target)
                         for j in wanted])
    out: list[list[int]] = []
    for i in judged:
        block = blocks[i]
        own = float(vs[row[i]] @ vt[row[i]])
        near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        rivals = [float(vs[row[i]] @ vt[j]) for j in near]
        rivals += [float(vs[j] @ vt[row[i]]) for j in near]
        if own >= floor and all(own > r for r in rivals):
            out.append(block)
    return out


def joined_lines(pairs: Sequence[AlignedPair], src_text: str, tgt_text: str,
                 encoder: Encoder | None, min_sim: float, max_src: int,
                 gc: tuple[float, float] | None, z_max: float) -> set[int]:
    """The pairs of the :func:`joined_translations` blocks whose joined length fits the
    document's Gale–Church norm ``gc`` (|z| < ``z_max``); nothing without an encoder."""
    if encoder is None:
        return set()
    out: set[int] = set()
    for block in joined_translations(pairs, src_text, tgt_text, encoder, min_sim, max_src):
        s = sum(chars(pairs[k].source_text) for k in block)
        t = sum(chars(pairs[k].target_text) for k in block)
        if gc is None or abs(gale_church_z(s, t, gc)) < z_max:
            out.update(block)
    return out


def captions_inside(pair: AlignedPair, encoder: Encoder | None, floor: float
                    ) -> list[tuple[int, int, str]]:
    """(start, end, why) of the target paragraphs of a bead with several paragraphs that
    translate nothing of its source: a one-sentence paragraph shaped like a credit line, and,
    with an encoder, a paragraph whose sentences are all less similar to the source than
    ``floor`` while another paragraph of the bead is above it."""
    groups: dict[int, list[int]] = {}
    for k, seg in enumerate(pair.target):
        groups.setdefault(seg.paragraph, []).append(k)
    if len(groups) < 2:
        return []
    sims: list[float] | None = None
    if encoder is not None:
        v = encoder.encode([pair.source_text, *(s.text for s in pair.target)])
        sims = [float(x) for x in v[1:] @ v[0]]
    out = []
    for members in groups.values():
        segs = [pair.target[k] for k in members]
        why = None
        if len(segs) == 1 and looks_like_credit(segs[0].text):
            why = "a paragraph of its own ending with a credit"
        elif sims is not None and max(sims[k] for k in members) < floor <= max(sims):
            why = (f"a paragraph that matches the source poorly (similarity "
                   f"{max(sims[k] for k in members):.2f} against {max(sims):.2f})")
        if why:
            out.append((segs[0].start - pair.target_start, segs[-1].end - pair.target_start,
                        why))
    return out
