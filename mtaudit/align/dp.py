"""Banded dynamic programming over alignment beads (numpy, one vectorised step per source row).

Cells ``(i, j)`` are DP states "``i`` source and ``j`` target sentences consumed". A band gives,
for each row ``i``, the columns ``lo[i] <= j < hi[i]`` searched; a full band is the exact DP.
Bead types with ``n >= 1`` (including 1-0) are read from earlier rows through one gather per row;
0-1 beads (same row) are a running-minimum scan (or a running log-sum-exp for the soft passes),
so a row costs a handful of numpy calls whatever its width.

Costs are arrays ``C[i, k, w]``: the cost of bead type ``k`` ending at cell ``(i, lo[i] + w)``
(+inf where impossible), and ``skip_t[j]``: the cost of a 0-1 bead taking target sentence ``j-1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

INF = float("inf")


@dataclass(frozen=True)
class Band:
    lo: np.ndarray  # (N+1,) first column of each row
    hi: np.ndarray  # (N+1,) one past the last column of each row (<= M+1)
    n_src: int
    n_tgt: int

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max())

    @property
    def cells(self) -> int:
        return int((self.hi - self.lo).sum())

    @classmethod
    def full(cls, n_src: int, n_tgt: int) -> Band:
        import numpy as np

        return cls(np.zeros(n_src + 1, dtype=np.int64),
                   np.full(n_src + 1, n_tgt + 1, dtype=np.int64), n_src, n_tgt)

    def columns(self) -> np.ndarray:
        """(N+1, W) target column of each band slot (may exceed hi: check ``valid``)."""
        import numpy as np

        return self.lo[:, None] + np.arange(self.width)[None, :]

    def valid(self) -> np.ndarray:
        import numpy as np

        return np.arange(self.width)[None, :] < (self.hi - self.lo)[:, None]


def _back_index(band: Band, types: list[tuple[int, int]]) -> np.ndarray:
    """idx[i, k, w]: flat index of cell (i - n_k, j - m_k) in a (N+1)*W table, or the sentinel."""
    import numpy as np

    n1, w = band.n_src + 1, band.width
    sentinel = n1 * w
    rows = np.arange(n1)[:, None]
    cols = band.columns()
    valid = band.valid()
    out = np.full((n1, len(types), w), sentinel, dtype=np.int64)
    for k, (n, m) in enumerate(types):
        r = rows - n
        ok = valid & (r >= 0)
        rc = np.clip(r, 0, n1 - 1)
        c = cols - m
        ok &= (c >= band.lo[rc]) & (c < band.hi[rc])
        flat = rc * w + (c - band.lo[rc])
        out[:, k, :] = np.where(ok, flat, sentinel)
    return out


def _fwd_index(band: Band, types: list[tuple[int, int]]) -> np.ndarray:
    """idx[i, k, w]: flat index of cell (i + n_k, j + m_k), or the sentinel."""
    import numpy as np

    n1, w = band.n_src + 1, band.width
    sentinel = n1 * w
    rows = np.arange(n1)[:, None]
    cols = band.columns()
    valid = band.valid()
    out = np.full((n1, len(types), w), sentinel, dtype=np.int64)
    for k, (n, m) in enumerate(types):
        r = rows + n
        ok = valid & (r < n1)
        rc = np.clip(r, 0, n1 - 1)
        c = cols + m
        ok &= (c >= band.lo[rc]) & (c < band.hi[rc])
        flat = rc * w + (c - band.lo[rc])
        out[:, k, :] = np.where(ok, flat, sentinel)
    return out


def _row_skips(band: Band, skip_t: np.ndarray, i: int, w: int) -> np.ndarray:
    """Prefix sums P[u] of 0-1 costs along row i's slots (P[0] = 0); +inf-free."""
    import numpy as np

    cols = band.lo[i] + np.arange(w)
    s = np.where(cols <= band.n_tgt, skip_t[np.minimum(cols, band.n_tgt)], 1e6)
    s[0] = 0.0
    return np.cumsum(s)


def viterbi(band: Band, types: list[tuple[int, int]], cost: np.ndarray, skip_t: np.ndarray,
            progress: Callable[[int, int], None] | None = None) -> list[tuple[int, int, int, int]]:
    """Best path as beads ``(i0, i1, j0, j1)`` (half-open source and target ranges)."""
    import numpy as np

    n1, w = band.n_src + 1, band.width
    k_skip = len(types)  # back-pointer value meaning "0-1 bead"
    idx = _back_index(band, types)
    table = np.full(n1 * w + 1, INF)
    back = np.full((n1, w), -1, dtype=np.int64)
    valid = band.valid()
    slots = np.arange(w)
    for i in range(n1):
        if i == 0:
            row = np.full(w, INF)
            if band.lo[0] == 0:
                row[0] = 0.0
            kbest = np.full(w, -1, dtype=np.int64)
        else:
            cand = table[idx[i]] + cost[i]
            kbest = cand.argmin(axis=0)
            row = cand[kbest, slots]
        pre = _row_skips(band, skip_t, i, w)
        # best arrival from the left by 0-1 beads (exclusive running minimum)
        left = np.concatenate([[INF], np.minimum.accumulate(row - pre)[:-1]]) + pre
        took = left < row - 1e-9
        kbest = np.where(took, k_skip, kbest)
        row = np.where(valid[i], np.where(took, left, row), INF)
        table[i * w:(i + 1) * w] = row
        back[i] = kbest
        if progress is not None and i % 256 == 0:
            progress(i, n1)
    # trace back from (N, M)
    i, j = band.n_src, band.n_tgt
    beads: list[tuple[int, int, int, int]] = []
    if not np.isfinite(table[i * w + (j - band.lo[i])]):
        raise RuntimeError("no alignment path inside the search band")
    while i > 0 or j > 0:
        k = int(back[i, j - band.lo[i]])
        n, m = (0, 1) if k == k_skip else types[k]
        beads.append((i - n, i, j - m, j))
        i, j = i - n, j - m
    beads.reverse()
    return beads


def _softmin(cand: np.ndarray, temp: float) -> np.ndarray:
    import numpy as np

    lo = cand.min(axis=0)
    safe = np.where(np.isfinite(lo), lo, 0.0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        s = np.exp(-(cand - safe) / temp).sum(axis=0)
        out = safe - temp * np.log(s)
    return np.where(np.isfinite(lo), out, INF)


def _soft_scan(row: np.ndarray, pre: np.ndarray, temp: float, reverse: bool) -> np.ndarray:
    """Soft version of the in-row 0-1 recursion (log-sum-exp instead of min)."""
    import numpy as np

    if reverse:  # B[w] = softmin_{u>=w} (B'[u] + P[u] - P[w])
        x = -(row + pre) / temp
        acc = np.logaddexp.accumulate(x[::-1])[::-1]
        return -temp * acc - pre
    x = -(row - pre) / temp  # F[w] = softmin_{u<=w} (F'[u] + P[w] - P[u])
    return -temp * np.logaddexp.accumulate(x) + pre


def _hard_scan(row: np.ndarray, pre: np.ndarray, _temp: float, reverse: bool) -> np.ndarray:
    """The in-row 0-1 recursion with min (what :func:`_soft_scan` is at temperature 0)."""
    import numpy as np

    if reverse:
        return np.minimum.accumulate((row + pre)[::-1])[::-1] - pre
    return np.minimum.accumulate(row - pre) + pre


def _hardmin(cand: np.ndarray, _temp: float) -> np.ndarray:
    return cand.min(axis=0)


def soft_tables(band: Band, types: list[tuple[int, int]], cost: np.ndarray,
                skip_t: np.ndarray, temp: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Soft forward and backward tables over the band (flat, ``(N+1)*W + 1`` with a +inf
    sentinel) and ``Z = F[N, M]``: ``F[cell]`` is the soft-min cost of reaching the cell from
    (0, 0), ``B[cell]`` of going on from it to (N, M), at temperature ``temp``; ``temp=0``
    gives the min-plus tables (best path costs), at a third of the price."""
    import numpy as np

    softmin, scan = (_hardmin, _hard_scan) if temp == 0 else (_softmin, _soft_scan)

    n1, w = band.n_src + 1, band.width
    valid = band.valid()
    bidx = _back_index(band, types)
    fidx = _fwd_index(band, types)
    # cost of the bead type k that *starts* at (i, j): the cost stored at its end cell
    cflat = np.concatenate([cost.transpose(0, 2, 1).reshape(-1), [INF]])  # [(i*W+w)*K + k]
    kk = np.arange(len(types))[None, :, None]
    fcost = np.where(fidx < n1 * w, cflat[np.minimum(fidx, n1 * w - 1) * len(types) + kk], INF)
    ftab = np.full(n1 * w + 1, INF)
    btab = np.full(n1 * w + 1, INF)
    with np.errstate(invalid="ignore", over="ignore"):
        for i in range(n1):
            if i == 0:
                row = np.full(w, INF)
                if band.lo[0] == 0:
                    row[0] = 0.0
            else:
                row = softmin(ftab[bidx[i]] + cost[i], temp)
            pre = _row_skips(band, skip_t, i, w)
            row = np.where(valid[i], scan(np.where(valid[i], row, INF), pre, temp, False),
                           INF)
            ftab[i * w:(i + 1) * w] = row
        for i in range(n1 - 1, -1, -1):
            if i == n1 - 1:
                row = np.full(w, INF)
                end = band.n_tgt - band.lo[i]
                if 0 <= end < w:
                    row[end] = 0.0
            else:
                row = softmin(btab[fidx[i]] + fcost[i], temp)
            pre = _row_skips(band, skip_t, i, w)
            row = np.where(valid[i], scan(np.where(valid[i], row, INF), pre, temp, True),
                           INF)
            btab[i * w:(i + 1) * w] = row
    z = float(ftab[band.n_src * w + band.n_tgt - band.lo[band.n_src]])
    return ftab, btab, z


def posteriors(band: Band, types: list[tuple[int, int]], cost: np.ndarray, skip_t: np.ndarray,
               beads: list[tuple[int, int, int, int]], temp: float) -> list[float]:
    """Posterior probability of each bead of ``beads`` under p(path) ∝ exp(-cost(path) / temp).

    Forward and backward soft passes over the same band (:func:`soft_tables`);
    ``p(bead) = exp(-(F[start] + c(bead) + B[end] - Z) / temp)`` where ``Z = F[N, M] = B[0, 0]``.
    """
    import numpy as np

    w = band.width
    ftab, btab, z = soft_tables(band, types, cost, skip_t, temp)
    kind = {t: k for k, t in enumerate(types)}
    out = []
    for i0, i1, j0, j1 in beads:
        f = ftab[i0 * w + j0 - band.lo[i0]]
        b = btab[i1 * w + j1 - band.lo[i1]]
        if (i1 - i0, j1 - j0) == (0, 1):
            c = skip_t[j1]
        else:
            c = cost[i1, kind[(i1 - i0, j1 - j0)], j1 - band.lo[i1]]
        p = float(np.exp(-(f + c + b - z) / temp)) if np.isfinite(z) else 0.0
        out.append(min(1.0, max(0.0, p)))
    return out
