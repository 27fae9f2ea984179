"""Lines with no counterpart in a line-parallel document, found at line level.

A document pair is *line-parallel* when its lines correspond one to one (verse, subtitles,
one paragraph per line, parallel corpora): the :func:`~mtaudit.analysis.unaligned.line_blocks`
of the sentence alignment (groups of pairs that share a line) almost all hold as many source
lines as target lines. When a line was dropped or added, the sentence aligner often does not
leave it in a 1-0 / 0-1 bead but glues it to a neighbour (2-1, 1-2, 2-3 ...) or shifts the
pairs around it, so the one-sided bead, if any, sits on the wrong sentence. The line counts
still show it: a block, or a run of blocks, with more lines on one side than on the other.

Rule (:func:`line_orphans`): consecutive unbalanced blocks whose imbalances cancel within
``gap`` balanced blocks are an aligner slip (nothing missing); the document is line-parallel
when the blocks outside the runs that do not cancel are at least ``min_share`` of all. A run
whose imbalance ``d`` does not cancel is widened by ``pad`` blocks on each side; on the
longer side, the ``|d|`` lines whose removal gives the best one-to-one line alignment of the
rest (sum of the line cosines, lines in order) are the orphans, when that alignment beats the
best one that keeps them by ``min_margin``.
In every run, the one-sided pairs whose lines the line alignment matches at a cosine of
``floor`` or more are aligner slips too (their text is translated on the matching line).

Measured on the development chapters of ``bench/realtext.py`` (a human ar→fr translation, one
verse per line; 8 clean chapters, 1,339 verses, and 4 excerpts with one verse dropped and one
verse added each): the 8 injected lines are the 8 orphans found (margins 0.11–0.41), and no
orphan is found on the clean chapters (8 of 8 right); the line-level matches take 5 addition
flags (all on sentences that are translations) off the clean chapters and none off a true
error.

Split lines (:func:`split_lines`): in a line-parallel document, a one-sided target pair inside
a *balanced* block (one source line, one target line, the line's other sentences paired with
that source line) is part of the line's translation -- the aligner split the line's
translation over several beads -- when the whole line's length fits the document's
Gale–Church norm with it (|z| < ``z_max``) and fits it better than without it (|z| smaller).
A sentence added to a line makes the line too long; the rest of a line's translation makes a
line that looked short normal. Measured on the 8 clean development chapters of
``bench/realtext.py``: 15 of the 20 addition flags on such pairs are taken off, all 15 on
sentences that translate part of their verse (15 right, 0 wrong); on the same chapters with
one sentence of another chapter appended to every 9th line (148 appended, 62 of them left in
a 0-1 bead of a balanced block, 41 of those flagged before), none of the 41 flags is taken
off. The other test, "the whole line matches its source line at least as well with the
sentence as without it" (cosine of the joined texts), takes off none: with a sentence
embedder a longer text is always less alike (on the 20 flagged pairs the cosine fell by
0.01–0.14 with the sentence).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from mtaudit.analysis.lengths import chars
from mtaudit.analysis.norms import gale_church_z
from mtaudit.analysis.unaligned import Encoder, line_blocks, line_starts
from mtaudit.core.types import AlignedPair


@dataclass(frozen=True)
class Orphan:
    """A line with no counterpart: ``side``, 0-based ``line``, the alignment's ``margin``, the
    line's best cosine with the other side's lines, and where to flag it: ``pair``, the first
    pair with both sides that holds segments of the line (None when only one-sided pairs hold
    it: the unaligned-bead rules flag those), and the pair-relative ``start``/``end`` of the
    line's segments in it."""

    side: str
    line: int
    margin: float
    best_sim: float
    pair: int | None
    start: int = 0
    end: int = 0


@dataclass
class LineCheck:
    orphans: list[Orphan] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)  # one-sided pairs matched at line level
    split: set[int] = field(default_factory=set)  # one-sided pairs of a line split in beads


def _lines(text: str, starts: list[int], segs_start: int) -> int:
    return bisect.bisect_right(starts, segs_start) - 1


def _groups(diffs: list[int], gap: int) -> list[list[int]]:
    """Runs of unbalanced blocks: a block joins the run before it when it lies within ``gap``
    balanced blocks of it and the run's imbalance is not yet cancelled and has the other sign
    (a slip: a line moved to a neighbouring block)."""
    out: list[list[int]] = []
    for i, d in enumerate(diffs):
        if not d:
            continue
        if out:
            cur = out[-1]
            tot = sum(diffs[j] for j in cur)
            if i - cur[-1] <= gap + 1 and tot and (tot > 0) != (d > 0):
                cur.append(i)
                continue
        out.append([i])
    return out


def line_orphans(pairs: Sequence[AlignedPair], src_text: str, tgt_text: str,
                 encoder: Encoder | None, floor: float, min_share: float = 0.9,
                 min_blocks: int = 10, gap: int = 2, pad: int = 1, min_margin: float = 0.05,
                 max_lines: int = 12, gc: tuple[float, float] | None = None,
                 z_max: float = 3.0) -> LineCheck:
    """The :class:`LineCheck` of a document pair (see the module docstring); empty without an
    encoder or when the document is not line-parallel; ``split`` needs the document's
    Gale–Church norm ``gc``."""
    out = LineCheck()
    if encoder is None:
        return out
    ss, ts = line_starts(src_text), line_starts(tgt_text)
    blocks = line_blocks(pairs, src_text, tgt_text)
    lines = [(sorted({_lines(src_text, ss, s.start) for k in b for s in pairs[k].source}),
              sorted({_lines(tgt_text, ts, s.start) for k in b for s in pairs[k].target}))
             for b in blocks]
    diffs = [len(sl) - len(tl) for sl, tl in lines]
    runs = _groups(diffs, gap)
    open_runs = sum(len(r) for r in runs if sum(diffs[j] for j in r))
    if len(blocks) < min_blocks or len(blocks) - open_runs < min_share * len(blocks):
        return out
    owner: dict[tuple[str, int], list[int]] = {}
    for k, p in enumerate(pairs):
        for side, segs, text, starts in (("source", p.source, src_text, ss),
                                         ("target", p.target, tgt_text, ts)):
            for seg in segs:
                key = (side, _lines(text, starts, seg.start))
                if k not in owner.setdefault(key, []):
                    owner[key].append(k)
    if gc is not None:
        out.split = split_lines(pairs, blocks, lines, gc, z_max)
    src_lines, tgt_lines = src_text.split("\n"), tgt_text.split("\n")
    for run in runs:
        lo, hi = max(0, run[0] - pad), min(len(blocks) - 1, run[-1] + pad)
        sl = sorted({x for j in range(lo, hi + 1) for x in lines[j][0]})
        tl = sorted({x for j in range(lo, hi + 1) for x in lines[j][1]})
        d = len(sl) - len(tl)
        if not sl or not tl or abs(d) > 2 or max(len(sl), len(tl)) > max_lines:
            continue
        vs = encoder.encode([src_lines[x].strip() for x in sl])
        vt = encoder.encode([tgt_lines[x].strip() for x in tl])
        sim = vs @ vt.T if d >= 0 else (vs @ vt.T).T  # rows: the longer side's lines
        long_lines = sl if d >= 0 else tl
        scored = []
        for drop in itertools.combinations(range(len(long_lines)), abs(d)):
            keep = [i for i in range(len(long_lines)) if i not in drop]
            scored.append((float(sum(sim[i, j] for j, i in enumerate(keep))), drop, keep))
        scored.sort(key=lambda x: -x[0])
        best, drop, keep = scored[0]
        for j, i in enumerate(keep):  # one-sided pairs whose line is matched: slips
            if float(sim[i, j]) < floor:
                continue
            for side, x in (("source", sl[i] if d >= 0 else sl[j]),
                            ("target", tl[j] if d >= 0 else tl[i])):
                for k in owner.get((side, x), []):
                    if not (pairs[k].source and pairs[k].target):
                        out.covered.add(k)
        if not d:
            continue
        rivals = [s for s, dr, _ in scored[1:] if not set(dr) & set(drop)]
        margin = best - max(rivals) if rivals else best
        if margin < min_margin:
            continue
        side = "source" if d > 0 else "target"
        for i in drop:
            x = long_lines[i]
            out.orphans.append(_orphan(pairs, owner.get((side, x), []), side, x, margin,
                                       float(sim[i].max()),
                                       ss if side == "source" else ts,
                                       src_text if side == "source" else tgt_text))
    return out


def split_lines(pairs: Sequence[AlignedPair], blocks: list[list[int]],
                lines: list[tuple[list[int], list[int]]], gc: tuple[float, float],
                z_max: float) -> set[int]:
    """The one-sided target pairs of the balanced one-line ``blocks`` (``lines``: their source
    and target lines) with an aligned pair beside them, whose block's joined length has a
    Gale–Church z (norm ``gc``) below ``z_max`` and nearer 0 than without the pair's text: the
    rest of the line's translation (see the module docstring)."""
    out: set[int] = set()
    for block, (sl, tl) in zip(blocks, lines, strict=True):
        if len(sl) != 1 or len(tl) != 1 or not any(pairs[k].source and pairs[k].target
                                                    for k in block):
            continue
        s = sum(chars(pairs[k].source_text) for k in block)
        t = sum(chars(pairs[k].target_text) for k in block)
        z = abs(gale_church_z(s, t, gc))
        for k in block:
            p = pairs[k]
            if (p.target and not p.source and z < z_max
                    and z < abs(gale_church_z(s, t - chars(p.target_text), gc))):
                out.add(k)
    return out


def _orphan(pairs: Sequence[AlignedPair], ks: list[int], side: str, line: int, margin: float,
            best_sim: float, starts: list[int], text: str) -> Orphan:
    for k in ks:
        p = pairs[k]
        if not (p.source and p.target):
            continue
        segs = [s for s in (p.source if side == "source" else p.target)
                if _lines(text, starts, s.start) == line]
        base = p.source_start if side == "source" else p.target_start
        return Orphan(side, line, margin, best_sim, k, segs[0].start - base, segs[-1].end - base)
    return Orphan(side, line, margin, best_sim, None)


__all__ = ["LineCheck", "Orphan", "line_orphans", "split_lines"]
