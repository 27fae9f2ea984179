"""A re-implementation of bertalign's sentence aligner (Liu & Zhu 2022), for the benchmark row.

Not bertalign's code: its algorithm (bertalign/aligner.py and corelib.py, read for this) rebuilt
in numpy, with whatever embedder is given (the benchmark uses USE in place of LaBSE):

1. First pass: for each source sentence its ``top_k`` most similar target sentences (cosine,
   exact search where bertalign uses faiss); a DP over 1-1 / 1-0 / 0-1 beads inside a diagonal
   window (max(250, 6 % of the longer side)) maximises the summed cosines of 1-1 beads found in
   the top-k lists (skips score 0, other 1-1 beads 0). Its 1-1 beads are the anchors.
2. Second pass: beads n-m with n + m <= ``max_align`` (0-1 and 1-0 included), searched within
   ``win`` target sentences around the rectangle between consecutive anchors. A bead scores
   the cosine of the joined texts minus the mean cosine of each side's join with the single
   sentences just outside the other side's join (the neighbour margin), times the length
   factor log2(1 + min/max) of the two UTF-8 byte lengths (target scaled by the byte ratio);
   0-1 / 1-0 beads score ``skip`` (-0.1). The path of greatest total score is returned.

Joins are texts of consecutive sentences joined with a space (bertalign's ``yield_overlaps``;
blank lines become ``BLANK_LINE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from measure import results_caches_off

results_caches_off()

Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


def _prep(line: str) -> str:
    line = line.strip()
    return line if line else "BLANK_LINE"


def _layers(sents: Sequence[str], embedder: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
    """vecs[n-1, i] / lens[n-1, i]: the join of sentences i-n+1 .. i (zeros / 0 before it)."""
    lines = [_prep(s) for s in sents]
    count = len(lines)
    dim = None
    vecs: list[np.ndarray] = []
    lens = np.zeros((k, count), dtype=np.float64)
    for n in range(1, k + 1):
        texts = [" ".join(lines[i - n + 1:i + 1]) for i in range(n - 1, count)]
        enc = embedder.encode(texts) if texts else np.zeros((0, dim or 1), dtype=np.float32)
        dim = enc.shape[1] if enc.size else dim
        layer = np.zeros((count, enc.shape[1] if enc.size else 1), dtype=np.float32)
        layer[n - 1:] = enc
        vecs.append(layer)
        for i, t in zip(range(n - 1, count), texts, strict=True):
            lens[n - 1, i] = len(t.encode("utf-8"))
    width = max(v.shape[1] for v in vecs)
    out = np.zeros((k, count, width), dtype=np.float32)
    for n, v in enumerate(vecs):
        out[n, :, :v.shape[1]] = v
    return out, lens


def _first_pass(sv: np.ndarray, tv: np.ndarray, top_k: int) -> list[tuple[int, int]]:
    n, m = len(sv), len(tv)
    sims = sv @ tv.T
    k = min(top_k, m)
    top = np.argsort(-sims, axis=1)[:, :k]
    gain = np.zeros((n, m))
    rows = np.arange(n)[:, None]
    gain[rows, top] = sims[rows, top]
    win = max(250, int(max(n, m) * 0.06))
    ratio = m / n
    lo = [max(0, int(ratio * i) - win) for i in range(n + 1)]
    hi = [min(int(ratio * i) + win, m) for i in range(n + 1)]
    score = np.full((n + 1, m + 1), -np.inf)
    ptr = np.zeros((n + 1, m + 1), dtype=np.int8)
    score[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            if i + j == 0:
                continue
            best, arg = -np.inf, -1
            # bertalign's order: 0-1, 1-0, 1-1 (ties keep the first)
            for a, (di, dj) in enumerate(((0, 1), (1, 0), (1, 1))):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or not lo[pi] <= pj <= hi[pi]:
                    continue
                s = score[pi, pj] + (gain[i - 1, j - 1] if a == 2 else 0.0)
                if s > best:
                    best, arg = s, a
            score[i, j], ptr[i, j] = best, arg
    out = []
    i, j = n, m
    while i or j:
        a = ptr[i, j]
        if a == 2:
            out.append((i, j))
        di, dj = ((0, 1), (1, 0), (1, 1))[a]
        i, j = i - di, j - dj
    return out[::-1]


def _second_path(anchors: list[tuple[int, int]], win: int, n: int, m: int) -> np.ndarray:
    align = list(anchors) or [(n, m)]
    if align[-1][0] != n:
        if align[-1][1] == m:
            align.pop()
        align.append((n, m))
    elif align[-1][1] != m:
        align.pop()
        align.append((n, m))
    path: list[tuple[int, int]] = []
    prev_s, prev_t = 0, 0
    for s, t in align:
        path.extend([(max(0, prev_t - win), min(m, t + win))] * (s - prev_s))
        prev_s, prev_t = s, t
    return np.array([path[0], *path] if path else [(0, m)])


def _neighbour(vec: np.ndarray, overlap: int, idx: int, count: int, db: np.ndarray) -> float:
    left, right = idx - overlap, idx + 1
    r = float(vec @ db[0, right - 1]) if right <= count else 0.0
    lft = float(vec @ db[0, left - 1]) if left > 0 else 0.0
    s = lft + r
    return s / 2 if (lft and r) else s


def align(src: Sequence[str], tgt: Sequence[str], embedder: Any, max_align: int = 5,
          top_k: int = 3, win: int = 5, skip: float = -0.1, margin: bool = True,
          len_penalty: bool = True) -> Beads:
    """Beads ``(src indices, tgt indices)`` covering both sides, in order."""
    n, m = len(src), len(tgt)
    if not n or not m:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    k = max_align - 1
    sv, sl = _layers(src, embedder, k)
    tv, tl = _layers(tgt, embedder, k)
    ratio = float(sl[0].sum() / tl[0].sum())
    anchors = _first_pass(sv[0], tv[0], top_k)
    path = _second_path(anchors, win, n, m)
    types = [(0, 1), (1, 0)] + [(x, y) for x in range(1, max_align) for y in range(1, max_align)
                                if x + y <= max_align]
    score: dict[tuple[int, int], float] = {(0, 0): 0.0}
    ptr: dict[tuple[int, int], int] = {}
    for i in range(n + 1):
        for j in range(int(path[i][0]), int(path[i][1]) + 1):
            if i + j == 0:
                continue
            best, arg = -np.inf, -1
            for a, (di, dj) in enumerate(types):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or not path[pi][0] <= pj <= path[pi][1]:
                    continue
                if (pi, pj) not in score:
                    continue
                if di == 0 or dj == 0:
                    cur = skip
                else:
                    s_v, t_v = sv[di - 1, i - 1], tv[dj - 1, j - 1]
                    cur = float(s_v @ t_v)
                    if margin:
                        cur -= (_neighbour(s_v, dj, j, m, tv) + _neighbour(t_v, di, i, n, sv)) / 2
                    if len_penalty:
                        a_l, b_l = sl[di - 1, i - 1], tl[dj - 1, j - 1] * ratio
                        cur *= float(np.log2(1 + min(a_l, b_l) / max(a_l, b_l)))
                s = score[(pi, pj)] + cur
                if s > best:
                    best, arg = s, a
            if arg >= 0:
                score[(i, j)], ptr[(i, j)] = best, arg
    out: Beads = []
    i, j = n, m
    while i or j:
        di, dj = types[ptr[(i, j)]]
        out.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return out[::-1]
