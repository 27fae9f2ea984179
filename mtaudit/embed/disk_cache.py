"""On-disk cache of sentence embeddings (SQLite, beside the re-translation cache).

Keyed by sha256 of (embedder signature, text as embedded: Arabic-normalised and cut), so a
repeat audit of the same document -- in a new process -- embeds nothing, and an edited document
embeds only its changed sentences and joins as text (USE computes the aligner's joins from
token features of the whole document instead, :mod:`mtaudit.embed.use_joins`; a repeat of the
same document is served by the alignment cache). Values are the float32 unit vectors exactly as
the embedder returned them, so a report never depends on whether the cache was warm.
Concurrency, corruption (moved aside and rebuilt, with a warning), read-only caches (reads
only) and unusable ones (run without, with a warning) are handled by
:class:`~mtaudit.core.sqlite_cache.SQLiteCache`.

``MTAUDIT_EMBEDDING_CACHE=off`` turns it off (the in-memory cache of one process remains).
The cache is bounded: once a process has written to it and it holds more than
``MTAUDIT_EMBEDDING_CACHE_MB`` (default 1024) MiB of vectors, the oldest quarter is dropped
(SQLite reuses the freed pages, so the file stops growing).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mtaudit.core.sqlite_cache import SQLiteCache, switched_on

if TYPE_CHECKING:
    import numpy as np

CACHE_FILE = "embeddings.sqlite3"
DEFAULT_MAX_MB = 1024


def embedding_key(signature: str, text: str) -> str:
    return hashlib.sha256(f"{signature}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


def disk_cache_enabled() -> bool:
    return switched_on("MTAUDIT_EMBEDDING_CACHE")


class EmbeddingCache(SQLiteCache):
    """``get_many(keys, dim) -> {key: vector}`` and ``put_many({key: vector})``."""

    filename = CACHE_FILE
    label = "embedding cache"

    def _schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, "
                     "dim INTEGER NOT NULL, vec BLOB NOT NULL, created REAL)")

    def get_many(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        """The cached vectors of ``keys`` (rows of another dimension are ignored)."""
        import numpy as np

        rows = self._select("SELECT key, dim, vec FROM embeddings WHERE key IN ({marks})",
                            list(dict.fromkeys(keys)))
        return {k: np.frombuffer(v, dtype=np.float32).copy() for k, d, v in rows
                if d == dim and len(v) == 4 * dim}

    _pruned = False

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        import time

        import numpy as np

        now = time.time()
        self._write("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)",
                    [(k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes(), now)
                     for k, v in vectors.items()])
        if vectors and not self._pruned:
            self._pruned = True  # once per process: the size check reads the whole table
            self.prune(max_bytes())

    def prune(self, limit: int) -> int:
        """Drop the oldest quarter of the vectors when they take more than ``limit`` bytes;
        the number of vectors dropped."""
        rows = self._query("SELECT COUNT(*), COALESCE(SUM(LENGTH(vec)), 0) FROM embeddings")
        count, size = rows[0] if rows else (0, 0)
        if size <= limit or not count:
            return 0
        drop = max(1, count // 4)
        self._write("DELETE FROM embeddings WHERE rowid IN (SELECT rowid FROM embeddings "
                    "ORDER BY created LIMIT ?)", [(drop,)])
        return drop


def max_bytes() -> int:
    """The cache's bound in bytes: ``MTAUDIT_EMBEDDING_CACHE_MB`` MiB (default 1024)."""
    raw = os.environ.get("MTAUDIT_EMBEDDING_CACHE_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 1.0) * 2**20)


__all__ = ["CACHE_FILE", "EmbeddingCache", "disk_cache_enabled", "embedding_key", "max_bytes"]
