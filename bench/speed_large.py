#!/usr/bin/env python3
"""The 10k × 10k sentence pair (issue 14): aligned end to end, embedding included.

The pair is Text+Berg de–fr (``../shared/bench``: dev and test0-6, 1,459 sentences a side)
concatenated ``--reps`` times (7: 10,213 × 10,213), gold offsets shifted. The copies repeat
the same text, so to time what 10k *distinct* sentences cost, the embedder used for the timed
run has no cache of any kind: every text it is asked for is embedded again (USE's cost is
linear in tokens, so this is the cost of distinct sentences of the same lengths).

One child process (CPU = user + system, peak RSS from ``os.wait4``) loads USE and aligns with
the default configuration (``joins="refine"``: sentences once, joins near the path); the same
child then times the floor, USE once per sentence. The parent aligns the same pair with
``joins="exact"`` (every join embedded; vectors from the benchmark's embedding cache, so only
its quality is used) and compares strict / lax F1.

Usage: python bench/speed_large.py [--reps 7] [--out reports/bench_speed_large.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import align_textberg as tb  # noqa: E402  (bench helper beside this script)
from measure import results_caches_off, run_child  # noqa: E402 (bench/measure.py)

results_caches_off()


def build(reps: int) -> tuple[list[str], list[str], list]:
    src: list[str] = []
    tgt: list[str] = []
    gold: list = []
    for _ in range(reps):
        for name in ["dev", *tb.TEST_FILES]:
            s, t, g = tb.load(name)
            gold += [(tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b))
                     for a, b in g]
            src += s
            tgt += t
    return src, tgt, gold


class Uncached:
    """USE with no cache: each text asked for is embedded (batches of 64), duplicates too.
    Join vectors come from USE's token features (``join_vectors``), as in an audit."""

    def __init__(self, use) -> None:
        self.use = use
        self.signature = use.signature
        self.texts = 0
        self.chars = 0

    def join_vectors(self, sentences, k):
        return self.use.join_vectors(sentences, k)

    def encode(self, texts):
        import numpy as np

        from mtaudit.embed.base import cut_for_embedding

        texts = [cut_for_embedding(t) for t in texts]
        self.texts += len(texts)
        self.chars += sum(map(len, texts))
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        out = np.concatenate([np.asarray(self.use._encode_batch(texts[k:k + 64]))
                              for k in range(0, len(texts), 64)]).astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def child(reps: int) -> None:
    from mtaudit.align import AlignConfig, align
    from mtaudit.embed import get_embedder

    t0 = time.process_time()
    use = get_embedder("use")
    use.encode(["."])  # the weights load on first use
    load = time.process_time() - t0
    src, tgt, gold = build(reps)
    emb = Uncached(use)
    t1 = time.process_time()
    beads = align(src, tgt, embedder=emb, config=AlignConfig())
    aligned = time.process_time() - t1
    use.clear_cache()  # the alignment's vectors and pieces, kept in memory, would serve these
    t2 = time.process_time()
    floor = Uncached(use)
    floor.encode(src)
    floor.encode(tgt)
    floor_s = time.process_time() - t2
    c = tb.Counts()
    c.add(gold, [(b.src, b.tgt) for b in beads])
    print(json.dumps({"n_src": len(src), "n_tgt": len(tgt), "load_s": load,
                      "align_s": aligned, "floor_use_s": floor_s, "texts": emb.texts,
                      "chars": emb.chars, "sentence_chars": floor.chars,
                      "scores": c.scores()}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "bench_speed_large.json")
    args = ap.parse_args(argv)
    if args.child:
        child(args.reps)
        return 0
    run = run_child([sys.executable, __file__, "--child", "--reps", str(args.reps)],
                    env={**os.environ, "MTAUDIT_EMBEDDING_CACHE": "off"})
    if run.rc != 0:
        print("child failed", file=sys.stderr)
        return 1
    res = json.loads(run.last_line())
    res.update(cpu_s=run.cpu, wall_s=run.wall, rss_mib=run.rss_mib)
    # the exact computation, for its quality: every join embedded (cached vectors)
    from mtaudit.align import AlignConfig, align
    from mtaudit.embed import get_embedder

    emb = tb.DiskCachedEmbedder(get_embedder("use"))
    src, tgt, gold = build(args.reps)
    beads = align(src, tgt, embedder=emb, config=replace(AlignConfig(), joins="exact"))
    emb.save()
    c = tb.Counts()
    c.add(gold, [(b.src, b.tgt) for b in beads])
    res["exact_scores"] = c.scores()
    res["load_avg"] = os.getloadavg()[0]
    args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
