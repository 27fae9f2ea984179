"""On-disk cache of re-translations (SQLite, :class:`~mtaudit.core.sqlite_cache.SQLiteCache`).

Keyed by sha256 of (translator signature: model id + revision + backend + output-relevant
settings, language pair, source text), so a second audit of the same document makes no model
call and loads no model. Several processes at once, corruption (moved aside and rebuilt with a
warning), read-only caches (reads served, nothing stored) and unusable ones (run without, with
a warning) are handled by the base class.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from mtaudit.core.sqlite_cache import SQLiteCache, default_cache_dir

CACHE_FILE = "retranslations.sqlite3"


def cache_key(signature: Mapping[str, Any], src: str, tgt: str, text: str) -> str:
    blob = json.dumps({"sig": signature, "src": src, "tgt": tgt, "text": text},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class TranslationCache(SQLiteCache):
    """``get_many(keys) -> {key: translation}`` and ``put_many({key: translation})``."""

    filename = CACHE_FILE
    label = "re-translation cache"

    def _schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, "
                     "output TEXT NOT NULL, model TEXT, created REAL)")

    def __enter__(self) -> TranslationCache:
        return self

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        unique = list(dict.fromkeys(keys))
        return dict(self._select("SELECT key, output FROM translations WHERE key IN ({marks})",
                                 unique))

    def put_many(self, items: Mapping[str, str], model: str = "") -> None:
        import time

        now = time.time()
        self._write("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)",
                    [(k, v, model, now) for k, v in items.items()])

    def stats(self) -> dict[str, Any]:
        """Path, size in bytes and number of entries (for ``mtaudit models list``)."""
        from pathlib import Path

        size = sum(Path(f"{self.path}{s}").stat().st_size for s in ("", "-wal")
                   if Path(f"{self.path}{s}").exists())
        return {"path": str(self.path), "bytes": size, "entries": self._count("translations")}


__all__ = ["CACHE_FILE", "TranslationCache", "cache_key", "default_cache_dir"]
