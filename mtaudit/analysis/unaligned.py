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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from mtaudit.analysis.lengths import chars, log_ratio
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
