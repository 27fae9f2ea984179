"""A document's own length and similarity norms, estimated from its aligned pairs.

* :func:`reference_pairs` -- the pairs a norm is estimated from: the 1-1 pairs, or every aligned
  pair when there are too few of them;
* :func:`length_norm` -- (median, robust scale) of the log length ratios;
* :func:`gale_church` -- (c, σ): target characters per source character, and the robust spread
  of (t − c·s)/√s (Gale & Church 1993: the variance of a translation's length grows with the
  length of its source); :func:`gale_church_z` scores one pair against it;
* :func:`similarity_median` -- median cross-lingual similarity of the 1-1 pairs;
* :func:`best_segment` and :func:`restores_norm` -- which segment of an n-m pair, or which
  neighbouring pair, explains a length ratio off the norm.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mtaudit.analysis.lengths import chars, log_ratio, median, robust_norm
from mtaudit.core.types import AlignedPair, Segment

Norm = tuple[float, float]  # (median log ratio, robust scale)


def reference_pairs(pairs: Sequence[AlignedPair], min_pairs: int) -> list[AlignedPair]:
    """The 1-1 pairs; every pair with both sides when there are fewer than ``min_pairs``."""
    ref = [p for p in pairs if p.kind == "1-1"]
    if len(ref) < min_pairs:
        ref = [p for p in pairs if p.source and p.target]
    return ref


def length_norm(pairs: Sequence[AlignedPair], min_pairs: int, min_scale: float
                ) -> Norm | None:
    """(median, robust scale floored at ``min_scale``) of the reference pairs' log length
    ratios; None with fewer than ``min_pairs`` of them."""
    ratios = [log_ratio(chars(p.source_text), chars(p.target_text))
              for p in reference_pairs(pairs, min_pairs)]
    if len(ratios) < min_pairs:
        return None
    got = robust_norm(ratios)
    if got is None:
        return None
    return got[0], max(got[1], min_scale)


def similarity_median(pairs: Sequence[AlignedPair],
                      similarities: Sequence[float | None] | None,
                      min_pairs: int) -> float | None:
    """Median similarity of the 1-1 pairs that have one; None with fewer than ``min_pairs``."""
    if similarities is None:
        return None
    sims = [s for p in pairs if p.kind == "1-1" and (s := similarities[p.index]) is not None]
    if len(sims) < min_pairs:
        return None
    return median(sorted(sims))


def gale_church(pairs: Sequence[AlignedPair], norm: Norm | None, min_pairs: int,
                min_scale: float) -> tuple[float, float] | None:
    """(c, σ): c = exp(median log ratio) of ``norm``, σ the robust spread (floored at
    ``min_scale``) of (t − c·s)/√s over the reference pairs; None without a norm."""
    if norm is None:
        return None
    c = math.exp(norm[0])
    dev = sorted((chars(p.target_text) - c * chars(p.source_text))
                 / math.sqrt(max(chars(p.source_text), 1))
                 for p in reference_pairs(pairs, min_pairs))
    got = robust_norm(dev)
    if got is None:
        return None
    return c, max(got[1], min_scale)


def gale_church_z(src_chars: int, tgt_chars: int, gc: tuple[float, float]) -> float:
    """(t − c·s)/(σ√s): how many spreads a translation is longer (> 0) than expected."""
    c, sigma = gc
    return (tgt_chars - c * src_chars) / (math.sqrt(max(src_chars, 1)) * sigma)


def best_segment(pair: AlignedPair, side: str, norm: Norm) -> Segment | None:
    """The one segment on ``side`` ("source" or "target") whose removal brings the pair's
    length ratio closest to the norm, if that is within two scales of it; else None."""
    med, scale = norm
    s_chars, t_chars = chars(pair.source_text), chars(pair.target_text)
    best, best_d = None, None
    for seg in (pair.source if side == "source" else pair.target):
        n = chars(seg.text)
        r = log_ratio(s_chars - n, t_chars) if side == "source" else \
            log_ratio(s_chars, t_chars - n)
        d = abs(r - med)
        if best_d is None or d < best_d:
            best, best_d = seg, d
    if best is not None and best_d is not None and best_d <= 2 * scale:
        return best
    return None


def restores_norm(k: int, pairs: Sequence[AlignedPair], side: str, norm: Norm | None) -> bool:
    """Whether the text of the one-sided pair ``k`` (on ``side``) most likely belongs to a
    neighbouring aligned pair of the same paragraph: adding it there brings that pair's length
    ratio closer to the norm, and within two scales of it (the aligner split a translation)."""
    if norm is None:
        return False
    med, scale = norm
    me = pairs[k]
    mine = me.target if side == "target" else me.source
    extra = chars(me.target_text if side == "target" else me.source_text)
    for j in (k - 1, k + 1):
        if not 0 <= j < len(pairs):
            continue
        nb = pairs[j]
        if not (nb.source and nb.target):
            continue
        theirs = nb.target if side == "target" else nb.source
        if theirs[0].paragraph != mine[0].paragraph:
            continue
        s, t = chars(nb.source_text), chars(nb.target_text)
        before = log_ratio(s, t)
        after = log_ratio(s, t + extra) if side == "target" else log_ratio(s + extra, t)
        if abs(after - med) < abs(before - med) and abs(after - med) <= 2 * scale:
            return True
    return False


def best_span(pair: AlignedPair, side: str, norm: Norm) -> tuple[int, int] | None:
    """The pair-relative (start, end) of :func:`best_segment` when ``side`` has two segments
    or more; None otherwise or when no segment explains the ratio."""
    segs = pair.source if side == "source" else pair.target
    if len(segs) < 2:
        return None
    seg = best_segment(pair, side, norm)
    if seg is None:
        return None
    base = pair.source_start if side == "source" else pair.target_start
    return seg.start - base, seg.end - base
