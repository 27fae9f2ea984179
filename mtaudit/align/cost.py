"""Bead costs over a band: embedding similarity of (joined) sentences + Gale–Church length term."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtaudit.align.gale_church import length_cost, prior_cost

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

    from mtaudit.align.config import AlignConfig
    from mtaudit.align.dp import Band

INF = float("inf")


@dataclass
class Side:
    """One side of a pair: join vectors and lengths of ``n`` consecutive sentences, n = 1..K.

    ``vecs[n][a]`` is the unit vector of sentences ``a .. a+n-1`` joined (None without an
    embedder); ``lens[n][a]`` their length in characters.
    """

    count: int
    vecs: dict[int, np.ndarray] | None
    lens: dict[int, np.ndarray]
    # mean cosine of each join with a sample of the other side's sentences (see background())
    background: dict[int, np.ndarray] | None = None


MARGIN_MODES = ("random", "knn", "knn_ratio")


def set_backgrounds(src: Side, tgt: Side, sample: int = 256, seed: int = 0,
                    mode: str = "random", k: int = 4) -> None:
    """Mean similarity of every join to random sentences of the other side (vecalign-style).

    Long joins and generic sentences are similar to everything; subtracting this background
    (``margin`` in AlignConfig) turns raw cosines into "how much more alike than chance".
    ``mode="knn"`` / ``"knn_ratio"`` (``AlignConfig.margin_mode``) use instead the mean cosine
    with the ``k`` *nearest* sentences of the other side (CSLS / LASER's ratio margin, a
    hubness correction; exact, O(N·M) products; off by default, reports/bench_align.md
    round 5).
    """
    import numpy as np

    if src.vecs is None or tgt.vecs is None:
        return
    rng = np.random.default_rng(seed)

    def pick(v: np.ndarray) -> np.ndarray:
        return v if len(v) <= sample else v[np.sort(rng.choice(len(v), sample, replace=False))]

    if mode != "random":
        src.background = {n: knn_mean(v, tgt.vecs[1], k) for n, v in src.vecs.items()}
        tgt.background = {m: knn_mean(v, src.vecs[1], k) for m, v in tgt.vecs.items()}
        return
    ts, ss = pick(tgt.vecs[1]), pick(src.vecs[1])
    src.background = {n: (v @ ts.T).mean(axis=1) for n, v in src.vecs.items()}
    tgt.background = {m: (v @ ss.T).mean(axis=1) for m, v in tgt.vecs.items()}


def knn_mean(vecs: np.ndarray, other: np.ndarray, k: int, rows: int = 2048) -> np.ndarray:
    """Mean cosine of each vector with its ``k`` nearest vectors of ``other`` (CSLS)."""
    import numpy as np

    kk = max(1, min(k, len(other)))
    out = np.empty(len(vecs), dtype=np.float64)
    for r0 in range(0, len(vecs), rows):
        s = vecs[r0:r0 + rows] @ other.T
        out[r0:r0 + rows] = np.partition(s, len(other) - kk, axis=1)[:, -kk:].mean(axis=1)
    return out


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    """1-0 first, then every n-m with n, m >= 1 and n + m <= max_bead + 1 (0-1 is handled apart)."""
    out = [(1, 0)]
    for n in range(1, max_bead + 1):
        for m in range(1, max_bead + 1):
            if n + m <= max_bead + 1:
                out.append((n, m))
    return out


def join_lengths(lengths: np.ndarray, k: int) -> dict[int, np.ndarray]:
    import numpy as np

    csum = np.concatenate([[0.0], np.cumsum(np.asarray(lengths, dtype=np.float64))])
    return {n: csum[n:] - csum[:-n] for n in range(1, k + 1) if n <= len(lengths)}


def bead_costs(src: Side, tgt: Side, band: Band, types: list[tuple[int, int]],
               cfg: AlignConfig, ratio: float, skip_src: np.ndarray, skip_tgt: np.ndarray,
               ) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(C, skip_t)`` for :func:`mtaudit.align.dp.viterbi`.

    n-m bead cost with embeddings, where ``sim`` is the cosine minus ``margin`` times the
    mean background similarity of the two texts (see :func:`set_backgrounds`)::

        (sim_offset - sim(src join, tgt join)) * ((n + m) / 2) ** size_power
        + len_weight * GC(n, m) + extra_cost * (n + m - 2)
        + cross_weight * max(0, cross_floor - sim)         (only when n >= 2 and m >= 2)
        + member_weight * sum over members x of a many-sided side of
              max(0, member_floor - sim(x, other side's join))
        + gain_weight * max(0, best sim without one end sentence - sim)
        + split_weight * max(0, best sim of any smaller block inside the bead
                                + split_margin - sim)

    The split term makes a bead beat its own best split: any smaller n'-m' block is a content
    bead of a decomposition into smaller beads, so a merge carried by one strong part (the
    weak part riding on it) is split (defaults split_weight=1, split_margin=0; figures in
    reports/bench_align.md, round 4). The cross term (round 5) keeps a 2-2 / 2-3 / 3-2 ...
    bead for texts that match well (crossing sentence boundaries) and stops weak 1-1 pairs
    being merged into one because joined texts match better. ``sim`` also loses
    ``nb_weight`` times bertalign's neighbour similarity (:func:`neighbour_sim`; off by
    default).

    Without embeddings: ``GC(n, m) - log prior(n, m)`` (Gale & Church 1993).
    ``skip_src[a]`` / ``skip_tgt[b]`` are the 1-0 / 0-1 costs of sentence ``a`` / ``b``.
    """
    import numpy as np

    n1, w = band.n_src + 1, band.width
    cols = band.columns()
    valid = band.valid()
    rows = np.arange(n1)
    cost = np.full((n1, len(types), w), INF)
    sims11 = np.full((n1, w), -INF)
    # Rows per chunk. Each chunk computes dense similarity blocks over the columns its rows
    # touch: for a narrow band keep chunks a few band-widths tall (blocks stay near the band);
    # for the full DP any split costs the same, so just bound the block size.
    full = w >= band.n_tgt + 1
    chunk = max(1, min(n1, 2_000_000 // (band.n_tgt + 1))) if full else max(32, 2 * w)
    for r0 in range(0, n1, chunk):
        r1 = min(n1, r0 + chunk)
        c0 = int(band.lo[r0:r1].min())
        c1 = int(band.hi[r0:r1].max())
        sub_cols = cols[r0:r1]
        sub_valid = valid[r0:r1] & (sub_cols <= band.n_tgt)
        blocks: dict[tuple[int, int], tuple[np.ndarray, int, int]] = {}
        kmax = max(max(t) for t in types)

        def sim(n: int, m: int, a: np.ndarray, b: np.ndarray, r0=r0, r1=r1, c0=c0, c1=c1,
                blocks=blocks, kmax=kmax) -> np.ndarray:
            """cos(src join n at a[r], tgt join m at b[r, w]) from a cached dense block of the
            embeddings."""
            if (n, m) not in blocks:
                sv, tv = src.vecs[n], tgt.vecs[m]
                ra0, ra1 = max(0, r0 - kmax - 1), max(1, min(len(sv), r1 + 1))
                cb0, cb1 = max(0, c0 - kmax - 1), max(1, min(len(tv), c1 + 1))
                blocks[(n, m)] = (sv[ra0:ra1] @ tv[cb0:cb1].T, ra0, cb0)
            block, ra0, cb0 = blocks[(n, m)]
            ai = np.clip(a - ra0, 0, block.shape[0] - 1)[:, None]
            bi = np.clip(b - cb0, 0, block.shape[1] - 1)
            return block[ai, bi]

        def adjusted(n: int, m: int, a: np.ndarray, b: np.ndarray, sim=sim) -> np.ndarray:
            """Cosine minus ``margin`` times the mean background similarity of both texts
            (``knn_ratio``: margin * (cosine / background - 1)), minus ``nb_weight`` times
            the similarity to the sentences just outside."""
            out = sim(n, m, a, b)
            if cfg.margin and cfg.margin_mode == "knn_ratio":
                bg = 0.5 * (src.background[n][a][:, None] + tgt.background[m][b])
                out = cfg.margin * (out / np.maximum(bg, 0.05) - 1.0)
            elif cfg.margin:
                out = out - cfg.margin * 0.5 * (src.background[n][a][:, None]
                                                + tgt.background[m][b])
            if cfg.nb_weight:
                out = out - cfg.nb_weight * neighbour_sim(sim, n, m, a, b, src.count, tgt.count)
            return out
        for k, (n, m) in enumerate(types):
            a = rows[r0:r1] - n
            if m == 0:  # 1-0 beads are filled in below, once skip costs are known
                continue
            if n not in src.lens or m not in tgt.lens:
                continue
            b = sub_cols - m
            ok = sub_valid & (a >= 0)[:, None] & (b >= 0) & (b <= tgt.count - m)
            ac = np.clip(a, 0, len(src.lens[n]) - 1)
            bc = np.clip(b, 0, len(tgt.lens[m]) - 1)
            gc = length_cost(src.lens[n][ac][:, None], tgt.lens[m][bc], ratio, cfg.gc_variance)
            if src.vecs is None or tgt.vecs is None:
                val = gc + prior_cost(n, m)
            else:
                sims = adjusted(n, m, ac, bc)
                if (n, m) == (1, 1):
                    sims11[r0:r1] = np.where(ok, sims, -INF)
                val = ((cfg.sim_offset - sims) * ((n + m) / 2) ** cfg.size_power
                       + cfg.len_weight * gc + cfg.extra_cost * (n + m - 2))
                if cfg.cross_weight and n > 1 and m > 1:
                    # a bead many-sided on both sides must match well in itself: weak texts
                    # match better joined, so weak 1-1 pairs were merged into 2-2 / 2-3
                    val = val + cfg.cross_weight * np.maximum(0.0, cfg.cross_floor - sims)
                if cfg.member_weight and (n > 1 or m > 1):
                    # every sentence of a many-sided bead must match the other side on its own:
                    # stops unrelated sentences (captions, boilerplate, OCR junk) being glued on
                    pen = np.zeros_like(sims)
                    for u in range(n if n > 1 else 0):
                        au = np.clip(ac + u, 0, src.count - 1)
                        pen += np.maximum(0.0, cfg.member_floor - adjusted(1, m, au, bc))
                    for v in range(m if m > 1 else 0):
                        bv = np.clip(bc + v, 0, tgt.count - 1)
                        pen += np.maximum(0.0, cfg.member_floor - adjusted(n, 1, ac, bv))
                    val = val + cfg.member_weight * pen
                if cfg.gain_weight and (n > 1 or m > 1):
                    # dropping an end sentence of a side must not make the match better
                    best_part = np.full_like(sims, -INF)
                    if m > 1:
                        best_part = np.maximum(best_part, adjusted(n, m - 1, ac, bc))
                        b1 = np.clip(bc + 1, 0, tgt.count - m + 1)
                        best_part = np.maximum(best_part, adjusted(n, m - 1, ac, b1))
                    if n > 1:
                        best_part = np.maximum(best_part, adjusted(n - 1, m, ac, bc))
                        a1 = np.clip(ac + 1, 0, src.count - n + 1)
                        best_part = np.maximum(best_part, adjusted(n - 1, m, a1, bc))
                    val = val + cfg.gain_weight * np.maximum(0.0, best_part - sims)
                if cfg.split_weight and n + m > 2:
                    # the bead must match better than any part of a decomposition into
                    # smaller beads: a weak part is not to be carried by a strong one
                    best_part = np.full_like(sims, -INF)
                    for u, v in itertools.product(range(1, n + 1), range(1, m + 1)):
                        if (u, v) == (n, m) or u not in src.vecs or v not in tgt.vecs:
                            continue
                        for du, dv in itertools.product(range(n - u + 1), range(m - v + 1)):
                            best_part = np.maximum(best_part, adjusted(
                                u, v, np.clip(ac + du, 0, src.count - u),
                                np.clip(bc + dv, 0, tgt.count - v)))
                    val = val + cfg.split_weight * np.maximum(
                        0.0, best_part + cfg.split_margin - sims)
            cost[r0:r1, k] = np.where(ok, val, INF)
    if (cfg.skip_slope or cfg.skip_rel) and src.vecs is not None and tgt.vecs is not None:
        skip_src, skip_tgt = adaptive_skips(sims11, band, cfg, skip_src, skip_tgt)
    skip_t = np.concatenate([[INF], skip_tgt]).astype(np.float64)
    k10 = types.index((1, 0))
    ok = valid & (cols <= band.n_tgt) & (rows >= 1)[:, None]
    cost[:, k10] = np.where(ok, skip_src[np.clip(rows - 1, 0, None)][:, None], INF)
    return cost, skip_t


def neighbour_sim(sim: Callable[..., np.ndarray], n: int, m: int, a: np.ndarray,
                  b: np.ndarray, n_src: int, n_tgt: int) -> np.ndarray:
    """bertalign's neighbour margin: mean over both sides of the similarity of one side's join
    to the single sentences just before and after the other side's join (mean of the two
    when both exist, the one that exists otherwise, 0 at both document ends)."""
    import numpy as np

    def side(vals: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        tot = sum(np.where(ok, v, 0.0) for v, ok in vals)
        cnt = sum(ok.astype(np.float64) for _, ok in vals)
        return tot / np.maximum(cnt, 1.0)

    bl, br = b - 1, b + m
    al, ar = a - 1, a + n
    shape = np.broadcast_shapes(a[:, None].shape, b.shape)
    t_side = side([(sim(n, 1, a, np.clip(bl, 0, n_tgt - 1)), np.broadcast_to(bl >= 0, shape)),
                   (sim(n, 1, a, np.clip(br, 0, n_tgt - 1)),
                    np.broadcast_to(br < n_tgt, shape))])
    s_side = side([(sim(1, m, np.clip(al, 0, n_src - 1), b),
                    np.broadcast_to((al >= 0)[:, None], shape)),
                   (sim(1, m, np.clip(ar, 0, n_src - 1), b),
                    np.broadcast_to((ar < n_src)[:, None], shape))])
    return 0.5 * (t_side + s_side)


def adaptive_skips(sims11: np.ndarray, band: Band, cfg: AlignConfig, skip_src: np.ndarray,
                   skip_tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cheaper 0-1/1-0 beads for sentences whose best 1-1 match in the band is poor.

    ``skip(x) = skip + skip_slope * (best(x) - median best on x's side)``, floored at 0: a
    sentence that matches nothing as well as its neighbours match something (a caption, site
    boilerplate, an untranslated or dropped sentence) is easier to leave unaligned, while
    well-matched sentences are harder to drop. ``skip_rel`` adds that fraction of the
    ``skip_q`` quantile of the side's best matches (a skip cost set by the document's own
    similarity level; off by default, see reports/bench_align.md round 4).
    """
    import numpy as np

    best_s = sims11.max(axis=1)[1:]  # row i holds source sentence i-1
    cols = band.columns()
    flat_t = np.clip(cols - 1, 0, band.n_tgt - 1).reshape(-1)
    best_t = np.full(band.n_tgt, -INF)
    np.maximum.at(best_t, flat_t, np.where(cols >= 1, sims11, -INF).reshape(-1))

    def adjust(skips: np.ndarray, best: np.ndarray) -> np.ndarray:
        fin = np.isfinite(best)
        if not fin.any():
            return skips
        med = float(np.median(best[fin]))
        delta = np.where(fin, best - med, 0.0)
        base = skips + cfg.skip_rel * float(np.quantile(best[fin], cfg.skip_q))
        return np.maximum(0.0, base + cfg.skip_slope * delta)

    return adjust(skip_src, best_s), adjust(skip_tgt, best_t)
