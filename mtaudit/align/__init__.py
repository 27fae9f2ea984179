"""Sentence alignment: n-m beads by dynamic programming over sentence-embedding similarity.

>>> from mtaudit.embed import get_embedder
>>> beads = align(src_sentences, tgt_sentences, embedder=get_embedder("use"))
>>> beads[0].src, beads[0].tgt, beads[0].kind, beads[0].confidence

Model. A bead joins ``n`` consecutive source and ``m`` consecutive target sentences
(``n + m <= max_bead + 1``; 1-0 and 0-1 beads allowed). The DP finds the path of least total
cost (exact for small pairs, coarse-to-fine banded for large ones: :mod:`mtaudit.align.search`).
An n-m bead costs (:func:`mtaudit.align.cost.bead_costs`)::

    -sim(src join, tgt join) * sqrt((n + m) / 2) + len_weight * GC(n, m)
    + member_weight * sum(max(0, -sim(member, other side)) for members of a many-sided side)
    + gain_weight * max(0, best sim of the bead minus one end sentence - sim(bead))
    + split_weight * max(0, best sim of a smaller block inside the bead + split_margin - sim(bead))
    + cross_weight * max(0, cross_floor - sim(bead))   (n >= 2 and m >= 2 only)

where ``sim`` is the cosine of the embeddings of the joined texts minus the mean cosine of each
text with random sentences of the other side (vecalign's normalisation: long or generic texts
are similar to everything), and GC is the Gale–Church length cost (-log of the two-sided normal
tail of the length mismatch, using the document's own character ratio). A 0-1 / 1-0 bead costs
``skip_cost + skip_slope * (best 1-1 sim of that sentence - median best 1-1 sim on its side)``,
floored at 0: a sentence that matches nothing (a photo caption, site boilerplate, a dropped
sentence) is cheap to leave alone, a well-matched one is not. The member penalty stops a
sentence unrelated to the other side from being glued onto a neighbouring bead, and the gain
penalty one that makes the match worse (a topical caption next to its paragraph). The character
ratio of the GC term starts from anchor sentences (mutual nearest neighbours, cosine ≥ 0.6),
is re-estimated from the first alignment's non-empty beads (text present on one side only
skews the whole-document ratio) and the pair realigned once if it moved.
Each sentence is embedded once. With an embedder that has no ``join_vectors`` (USE has one:
see mtaudit-align-6 below), a join starts as the length-weighted unit sum of its sentences'
vectors and is embedded exactly once a bead within ``join_gap`` of the best path needs it
(:mod:`mtaudit.align.joins`; ``joins="exact"`` embeds every join up front): on Text+Berg and
quran-json this embeds 2.2-3.5x the text of the sentences instead of 9.9x, for strict F1
equal on Text+Berg dev, -0.002 on test and +0.001 on quran-json (reports/bench_align.md).
Without an embedder the cost is Gale & Church's own (length term plus -log bead prior).
The split term is the rule "a bead must beat its own best split": every smaller n'-m' block
inside the bead is a content bead of some decomposition into smaller beads, and a bead that
matches no better than one of them is carried by that part (mtaudit-align-4; split_weight=1,
split_margin=0: Text+Berg test strict/lax F1 0.901/0.978, quran-json ar–fr held-out chapters
0.823/0.990; a margin of 0.05 splits more weak-part merges, +0.09 strict on the ar–fr tuning
chapters, but costs de–fr dev and lax F1 on both test sets, so it is off).
The cross term (mtaudit-align-5, round 5): a bead many-sided on *both* sides (2-2, 2-3,
3-2, ...) must match well in itself. Weak texts match better joined than apart, so on a pair
the embedder handles poorly (quran-json ar–fr, median best 1-1 sim 0.24 against 0.54 on
Text+Berg de–fr) runs of weak 1-1 pairs were merged into 2-2 / 2-3 / 3-2 beads, the largest
error class there; real crossing beads (Text+Berg gold 2-2: sim 0.53-0.84) are kept.
cross_weight=1, cross_floor=0.5: Text+Berg dev unchanged (0.895/0.992), test 0.898/0.978 ->
0.902/0.975; quran-json tuning chapters 0.847/0.986 -> 0.954/0.992, held-out chapters
0.823/0.990 -> 0.937/0.987 (strict/lax F1). The floor is on the margin-adjusted cosine of
this embedder (USE); another embedder's similarity scale may need it re-tuned.
mtaudit-align-6 (issue 14): the same costs; joins come from the embedder's ``join_vectors``
when it has one (USE: the joined text's embedding computed from token features, cosine
≥ 0.99999 to embedding the text, long joins no longer cut), so every join is exact; and a
finished alignment is kept on disk (:mod:`mtaudit.align.disk_cache`).
Defaults were tuned on Bleualign dev and quran-json chapters 2, 3, 4, 7 (reports/bench_align.md).
bertalign's neighbour margin (``nb_weight``) and a skip cost set from a quantile of the
document's best-match similarities (``skip_rel``, ``skip_q``) were tried in round 4 and are
off by default (they lost lax F1 on held-out data); a CSLS / LASER k-nearest-neighbour
background (``margin_mode="knn"`` / ``"knn_ratio"``, ``margin_k``) in round 5, off by default
(it lost Text+Berg dev strict F1 at every setting tried).
Lexical anchors and bootstrapped word translations were tried, not adopted (reports/bench_align.md).

Confidence. Each bead's confidence is its posterior probability under the Gibbs distribution
``p(path) ∝ exp(-cost(path) / temperature)`` over all paths in the search band (forward-backward
pass): the probability that an alignment drawn from this distribution contains exactly this
bead. With an embedder it is then recalibrated, ``sigmoid(calib_a + calib_b * logit(p))``, by
a logistic fit of bead correctness on dev, so that it estimates the chance the bead is exactly
right (calibration table in reports/bench_align.md). Gale–Church confidences are the raw
posteriors at temperature 1 (costs in nats).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from mtaudit.align.config import AlignConfig
from mtaudit.core.errors import ConfigError, InputError
from mtaudit.core.types import Bead

if TYPE_CHECKING:
    import numpy as np

    from mtaudit.embed.base import Embedder

ALGORITHM = "mtaudit-align-6"
# Largest n or m of an n-m bead (--max-bead). Real 1-n merges stop at 3 or 4 sentences; each
# step up multiplies the texts embedded per side and the DP's bead types, and time and
# memory grow with them (--max-bead 1000 went past 20 GB).
MAX_BEAD_LIMIT = 6


def check_max_bead(max_bead: object) -> None:
    """Refuse a max_bead outside 1..MAX_BEAD_LIMIT (:class:`ConfigError`)."""
    if isinstance(max_bead, bool) or not isinstance(max_bead, int) \
            or not 1 <= max_bead <= MAX_BEAD_LIMIT:
        raise ConfigError(f"max_bead (--max-bead) must be a whole number from 1 to "
                          f"{MAX_BEAD_LIMIT}, got {max_bead!r}")


def join_texts(sentences: Sequence[str], max_bead: int) -> dict[int, list[str]]:
    """Texts of every run of ``n`` consecutive sentences, n = 1..max_bead (what gets embedded),
    each cut to what an embedder uses (:func:`mtaudit.embed.base.cut_for_embedding`: a long
    sentence costs the same as a short one, in time and memory, whatever the embedder)."""
    from mtaudit.embed.base import cut_for_embedding

    cut = [cut_for_embedding(s) for s in sentences]
    out: dict[int, list[str]] = {}
    for n in range(1, max_bead + 1):
        if n > len(cut):
            break
        out[n] = [cut[a] if n == 1 else
                  cut_for_embedding(" ".join(s.strip() for s in cut[a:a + n]))
                  for a in range(len(cut) - n + 1)]
    return out


def embed_side(sentences: Sequence[str], embedder: Embedder, max_bead: int,
               progress: Callable[[int, int], None] | None = None) -> dict:
    """Unit vectors of all joins (``{n: array}``); the embedder's cache makes repeats free."""
    joins = join_texts(sentences, max_bead)
    total = sum(len(v) for v in joins.values())
    done = 0
    out = {}
    for n, texts in joins.items():
        out[n] = embedder.encode(texts)
        done += len(texts)
        if progress is not None:
            progress(done, total)
    return out


@contextmanager
def blas_threads(n: int) -> Iterator[None]:
    """Limit BLAS threads: the DP's many small matrix products are far slower multi-threaded
    on a busy machine (threads spin-wait for cores)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it, BLAS keeps its own default
        yield
        return
    with threadpool_limits(limits=n, user_api="blas"):
        yield


def check_join_mode(config: AlignConfig) -> None:
    """Refuse an unknown ``joins`` or ``margin_mode``, a negative gap / round count or a
    ``margin_k`` below 1 (:class:`ConfigError`)."""
    from mtaudit.align.cost import MARGIN_MODES
    from mtaudit.align.joins import JOIN_MODES

    if config.margin_mode not in MARGIN_MODES:
        raise ConfigError(f"align margin_mode must be one of {', '.join(MARGIN_MODES)}, "
                          f"got {config.margin_mode!r}")
    if isinstance(config.margin_k, bool) or not isinstance(config.margin_k, int) \
            or config.margin_k < 1:
        raise ConfigError("align margin_k must be a whole number >= 1")

    if config.joins not in JOIN_MODES:
        raise ConfigError(f"align joins must be one of {', '.join(JOIN_MODES)}, "
                          f"got {config.joins!r}")
    if not config.join_gap >= 0 or isinstance(config.join_rounds, bool) \
            or not isinstance(config.join_rounds, int) or config.join_rounds < 0:
        raise ConfigError("align join_gap must be >= 0 and join_rounds a whole number >= 0")


def _check(sentences: Sequence[str], side: str) -> list[str]:
    if isinstance(sentences, str):
        raise InputError(f"align(): {side} must be a sequence of sentences, not one string")
    out = list(sentences)
    for s in out:
        if not isinstance(s, str):
            raise InputError(f"align(): {side} sentences must be strings, got {type(s).__name__}")
    return out


def align(src: Sequence[str], tgt: Sequence[str], *, embedder: Embedder | None,
          config: AlignConfig = AlignConfig(),  # noqa: B008 - frozen dataclass
          progress: Callable[[int, int], None] | None = None) -> list[Bead]:
    """Align two sentence lists. Beads are monotonic and cover every index exactly once.

    ``embedder=None`` gives Gale–Church length-only alignment (the caller should warn).
    ``progress(done, total)`` is called during embedding and during the DP.
    """
    src, tgt = _check(src, "src"), _check(tgt, "tgt")
    check_max_bead(config.max_bead)
    if not src or not tgt:
        return [Bead((i,), (), 1.0) for i in range(len(src))] + \
               [Bead((), (j,), 1.0) for j in range(len(tgt))]
    check_join_mode(config)
    cache = _alignment_cache(embedder)
    key = None
    if cache is not None:
        from mtaudit.align.disk_cache import alignment_key
        from mtaudit.core.build_id import build_id
        from mtaudit.core.results_cache import component_identity

        key = alignment_key(f"{align_signature(config, embedder)}|"
                            f"{component_identity(embedder)}|{build_id()}", src, tgt)
        spans = cache.get(key, len(src), len(tgt))
        if spans is not None:
            if progress is not None:
                progress(1, 1)
            return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), c)
                    for i0, i1, j0, j1, c in spans]
    beads = _align(src, tgt, embedder, config, progress)
    if cache is not None and key is not None:
        cache.put(key, _spans(beads))
    return beads


def _spans(beads: list[Bead]) -> list[tuple[int, int, int, int, float]]:
    """``(i0, i1, j0, j1, confidence)`` of each bead (empty sides keep their position)."""
    out = []
    i = j = 0
    for b in beads:
        i1, j1 = i + len(b.src), j + len(b.tgt)
        out.append((i, i1, j, j1, b.confidence))
        i, j = i1, j1
    return out


def _alignment_cache(embedder: Embedder | None) -> Any:
    """The on-disk alignment cache of this process (:mod:`mtaudit.align.disk_cache`), for an
    embedder that declares ``alignment_cache``; None when off or not wanted."""
    if embedder is None or not getattr(embedder, "alignment_cache", False):
        return None
    from mtaudit.align.disk_cache import AlignmentCache

    return AlignmentCache.shared()


def _align(src: list[str], tgt: list[str], embedder: Embedder | None, config: AlignConfig,
           progress: Callable[[int, int], None] | None) -> list[Bead]:
    """:func:`align` itself (no cache)."""
    import numpy as np

    from mtaudit.align.cost import Side, join_lengths
    from mtaudit.align.dp import posteriors
    from mtaudit.align.gale_church import prior_cost
    from mtaudit.align.joins import near_path_joins, path_joins
    from mtaudit.align.search import solve

    k = config.max_bead
    n_texts = len(src) + len(tgt)
    total = n_texts + len(src) + 1
    if progress is not None:
        progress(0, total)

    ls = np.array([max(1, len(s.strip())) for s in src], dtype=np.float64)
    lt = np.array([max(1, len(s.strip())) for s in tgt], dtype=np.float64)
    ratio = float(lt.sum() / ls.sum())
    sj = tj = None
    if embedder is None:
        skip = prior_cost(1, 0)
        temp = 1.0
    else:
        from mtaudit.align.joins import JoinVectors

        exact = config.joins == "exact"
        sj = JoinVectors(src, embedder, k, exact=exact)
        if progress is not None:
            progress(len(src), total)
        tj = JoinVectors(tgt, embedder, k, exact=exact)
        if progress is not None:
            progress(n_texts, total)
        skip = config.skip_cost
        temp = config.temperature
        ratio = _anchor_ratio(sj.vecs[1], tj.vecs[1], ls, lt, ratio)
    s_side = Side(len(src), None if sj is None else sj.vecs, join_lengths(ls, k))
    t_side = Side(len(tgt), None if tj is None else tj.vecs, join_lengths(lt, k))
    skip_src = np.full(len(src), skip)
    skip_tgt = np.full(len(tgt), skip)
    dp_progress = None if progress is None else (
        lambda i, _n: progress(n_texts + i, total))

    def resolve(want: tuple[dict, dict], ratio: float) -> tuple | None:
        """Embed the wanted joins and solve again; None when they were all exact already."""
        assert sj is not None and tj is not None
        if not sj.refine(want[0]) + tj.refine(want[1]):
            return None
        s_side.background = t_side.background = None  # recomputed from the new vectors
        return solve(s_side, t_side, config, ratio, skip_src, skip_tgt, None)

    def run(ratio: float, report: Callable[[int, int], None] | None) -> tuple:
        out = solve(s_side, t_side, config, ratio, skip_src, skip_tgt, report)
        if sj is None or tj is None:
            return out
        for _ in range(config.join_rounds):
            if sj.complete and tj.complete:
                break
            _beads, band, types, cost, skip_t = out
            new = resolve(near_path_joins(band, types, cost, skip_t, config.join_gap), ratio)
            if new is None:
                break
            out = new
        for _ in range(2):  # the path's own beads on exact joins
            new = resolve(path_joins(out[0]), ratio)
            if new is None:
                break
            out = new
        return out

    with blas_threads(1):
        beads, band, types, cost, skip_t = run(ratio, dp_progress)
        # The length ratio from whole documents is skewed by text present on one side only
        # (captions, boilerplate); re-estimate it from the aligned beads and realign once.
        used_s = sum(ls[i0:i1].sum() for i0, i1, j0, j1 in beads if i1 > i0 and j1 > j0)
        used_t = sum(lt[j0:j1].sum() for i0, i1, j0, j1 in beads if i1 > i0 and j1 > j0)
        if used_s > 0 and used_t > 0 and abs(used_t / used_s / ratio - 1) > 0.02:
            ratio = float(used_t / used_s)
            beads, band, types, cost, skip_t = run(ratio, None)
        conf = posteriors(band, types, cost, skip_t, beads, temp)
    if embedder is not None:
        conf = [_calibrate(c, config.calib_a, config.calib_b) for c in conf]
    if progress is not None:
        progress(total, total)
    return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(c, 4))
            for (i0, i1, j0, j1), c in zip(beads, conf, strict=True)]


# Anchors for the first length ratio: mutual nearest sentences at least this similar (USE).
_ANCHOR_MIN_SIM = 0.6
_ANCHOR_MAX_CELLS = 4_000_000
_ANCHOR_MAX_DRIFT = 1.5  # anchor ratio / document ratio beyond which the anchors are used


def _anchor_ratio(s1: np.ndarray, t1: np.ndarray, ls: np.ndarray, lt: np.ndarray,
                  fallback: float) -> float:
    """Character ratio (target/source) of the sentences that are each other's nearest
    neighbour with a clear similarity: unlike the whole-document ratio it ignores text present
    on one side only (an excerpt translated among other text, long boilerplate). It replaces
    the whole-document ratio only when the two differ by more than ``_ANCHOR_MAX_DRIFT``×,
    and never with fewer than 3 anchors or documents too long for the full similarity
    matrix."""
    import numpy as np

    n, m = len(s1), len(t1)
    if n * m > _ANCHOR_MAX_CELLS or n == 0 or m == 0:
        return fallback
    sims = s1 @ t1.T
    best_t = sims.argmax(axis=1)
    best_s = sims.argmax(axis=0)
    pairs = [(i, int(j)) for i, j in enumerate(best_t)
             if best_s[j] == i and sims[i, j] >= _ANCHOR_MIN_SIM]
    if len(pairs) < 3:
        return fallback
    anchored = float(np.median([lt[j] / ls[i] for i, j in pairs]))
    # only when the whole documents are far off: on ordinary pairs the two agree and the
    # document ratio (more text behind it) is kept
    if abs(math.log(anchored / fallback)) <= math.log(_ANCHOR_MAX_DRIFT):
        return fallback
    return anchored


def _calibrate(p: float, a: float, b: float) -> float:
    import math

    p = min(max(p, 1e-6), 1 - 1e-6)
    return 1.0 / (1.0 + math.exp(-(a + b * math.log(p / (1 - p)))))


def align_signature(config: AlignConfig, embedder: Embedder | None) -> str:
    """A short string that changes whenever the alignment could change, sacrebleu-style:
    ``mtaudit-align-6+<embedder signature>+cfg=<8 hex>``, the hex being the start of the
    SHA-256 of the config as sorted JSON (the full config is stored apart, in the report)."""
    import hashlib

    emb = "gale-church" if embedder is None else embedder.signature
    cfg = json.dumps(config.to_dict(), sort_keys=True, separators=(",", ":"))
    # "+" and "=" inside: "|" and ":" separate the fields of the report's signature string
    return f"{ALGORITHM}+{emb}+cfg={hashlib.sha256(cfg.encode('utf-8')).hexdigest()[:8]}"


__all__ = ["MAX_BEAD_LIMIT", "AlignConfig", "align", "align_signature", "check_max_bead",
           "embed_side", "join_texts"]
