"""On-disk cache of alignments (SQLite, beside the embedding and re-translation caches).

An alignment is a pure function of the two sentence lists, the aligner (its algorithm and
config: :func:`mtaudit.align.align_signature`; its code: :func:`mtaudit.core.build_id.build_id`)
and the embedder's vectors (its signature). A
repeat audit of the same documents in a new process then skips the search as well as the
embeddings; an edited document misses (its sentences differ) and is aligned afresh, embedding
only what changed as text. Only embedders that declare ``alignment_cache = True`` (real models
whose signature names the model and its version: USE) are cached, and the key holds the
embedder's class as well as its signature, so a subclass or a test's stand-in never gets
another's beads.

``MTAUDIT_ALIGNMENT_CACHE=off`` turns it off. It holds at most ``MAX_ENTRIES`` alignments: past
that, the oldest quarter is dropped. Concurrency, corruption and read-only caches are handled by
:class:`~mtaudit.core.sqlite_cache.SQLiteCache`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from mtaudit.core.results_cache import ResultsCache

CACHE_FILE = "alignments.sqlite3"
MAX_ENTRIES = 20_000

Span = tuple[int, int, int, int, float]  # i0, i1, j0, j1, confidence


def alignment_key(signature: str, src: Sequence[str], tgt: Sequence[str]) -> str:
    """sha256 of the aligner signature and both sentence lists (lengths and texts)."""
    h = hashlib.sha256(signature.encode("utf-8"))
    for side in (src, tgt):
        h.update(f"\x00{len(side)}\x00".encode())
        for s in side:
            b = s.encode("utf-8", "surrogatepass")
            h.update(f"{len(b)}:".encode())  # length-prefixed: no separator to collide with
            h.update(b)
    return h.hexdigest()


class AlignmentCache(ResultsCache):
    """``get(key, n_src, n_tgt) -> spans or None`` and ``put(key, spans)``."""

    filename = CACHE_FILE
    label = "alignment cache"
    table, column = "alignments", "beads"
    switch = "MTAUDIT_ALIGNMENT_CACHE"
    max_entries = MAX_ENTRIES

    def get(self, key: str, n_src: int, n_tgt: int) -> list[Span] | None:
        """The cached spans of ``key``, or None (also when the row does not cover exactly
        ``n_src`` and ``n_tgt`` sentences in order: a damaged row is ignored)."""
        value = self.get_json(key)
        if value is None:
            return None
        try:
            spans = [(int(a), int(b), int(c), int(d), float(p)) for a, b, c, d, p in value]
        except (ValueError, TypeError):
            return None
        i = j = 0
        for a, b, c, d, _ in spans:
            if a != i or c != j or b < a or d < c or (b == a and d == c):
                return None
            i, j = b, d
        return spans if (i, j) == (n_src, n_tgt) else None

    def put(self, key: str, spans: Sequence[Span]) -> None:
        self.put_json(key, [list(s) for s in spans])


__all__ = ["CACHE_FILE", "MAX_ENTRIES", "AlignmentCache", "alignment_key"]
