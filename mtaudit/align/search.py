"""Exact DP for small pairs; coarse-to-fine banded DP for large ones (like vecalign).

Above ``cfg.full_dp_cells`` cells, both sides are downsampled by 2 (unit mean of consecutive
sentence vectors, summed lengths), aligned recursively with beads up to 2-2, and the fine DP
searches only a band of ``cfg.window`` sentences around the projected coarse path.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mtaudit.align.cost import Side, bead_costs, bead_types, join_lengths, set_backgrounds
from mtaudit.align.dp import Band, viterbi

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

    from mtaudit.align.config import AlignConfig

Beads = list[tuple[int, int, int, int]]


def _unit(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _sum_joins(vecs: np.ndarray, k: int) -> dict[int, np.ndarray]:
    import numpy as np

    csum = np.concatenate([np.zeros((1, vecs.shape[1])), np.cumsum(vecs, axis=0)])
    return {n: _unit(csum[n:] - csum[:-n]).astype(np.float32)
            for n in range(1, k + 1) if n <= len(vecs)}


def _pairs(x: np.ndarray) -> np.ndarray:
    import numpy as np

    if len(x) % 2:
        x = np.concatenate([x, np.zeros((1, *x.shape[1:]), dtype=x.dtype)])
    return x[0::2] + x[1::2]


def _coarsen(side: Side, skips: np.ndarray, k: int) -> tuple[Side, np.ndarray]:
    lens = _pairs(side.lens[1])
    vecs = None if side.vecs is None else _sum_joins(_unit(_pairs(side.vecs[1])), k)
    return Side(len(lens), vecs, join_lengths(lens, k)), _pairs(skips)


def _project(beads: Beads, n_src: int, n_tgt: int, window: int) -> Band:
    """Fine band: rows of each coarse bead get its target columns, widened by ``window``."""
    import numpy as np

    lo = np.full(n_src + 1, n_tgt + 1, dtype=np.int64)
    hi = np.zeros(n_src + 1, dtype=np.int64)
    for i0, i1, j0, j1 in beads:
        a0, a1 = min(2 * i0, n_src), min(2 * i1, n_src)
        b0, b1 = min(2 * j0, n_tgt), min(2 * j1, n_tgt)
        lo[a0:a1 + 1] = np.minimum(lo[a0:a1 + 1], b0)
        hi[a0:a1 + 1] = np.maximum(hi[a0:a1 + 1], b1 + 1)
    lo = np.maximum(lo - window, 0)
    hi = np.minimum(hi + window, n_tgt + 1)
    # monotone edges keep the band connected
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, n_tgt + 1
    return Band(lo, np.maximum(hi, lo + 1), n_src, n_tgt)


def solve(src: Side, tgt: Side, cfg: AlignConfig, ratio: float, skip_src: np.ndarray,
          skip_tgt: np.ndarray, progress: Callable[[int, int], None] | None = None,
          ) -> tuple[Beads, Band, list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Best beads, with the band, bead types and cost arrays used (for posteriors)."""
    types = bead_types(cfg.max_bead)
    if cfg.margin and src.background is None:
        set_backgrounds(src, tgt, mode=cfg.margin_mode, k=cfg.margin_k)
    if (src.count + 1) * (tgt.count + 1) <= cfg.full_dp_cells or min(src.count, tgt.count) < 4:
        band = Band.full(src.count, tgt.count)
    else:
        k = 2
        csrc, cskip_s = _coarsen(src, skip_src, k)
        ctgt, cskip_t = _coarsen(tgt, skip_tgt, k)
        # a coarse 2-2 bead is 4 sentences a side, routine: no cross term there
        coarse_cfg = replace(cfg, max_bead=min(cfg.max_bead, k), cross_weight=0.0)
        cbeads = solve(csrc, ctgt, coarse_cfg, ratio, cskip_s, cskip_t)[0]
        band = _project(cbeads, src.count, tgt.count, cfg.window)
    cost, skip_t = bead_costs(src, tgt, band, types, cfg, ratio, skip_src, skip_tgt)
    beads = viterbi(band, types, cost, skip_t, progress)
    return beads, band, types, cost, skip_t
