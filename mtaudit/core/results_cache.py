"""A bounded key -> JSON table on disk, the shape of the results caches (alignments, detector
flags): one row per key, the oldest quarter dropped past ``max_entries`` rows, one instance per
cache folder and process (:meth:`ResultsCache.shared`), an environment switch to turn it off.
Recovery from corruption, read-only and unusable folders come from
:class:`~mtaudit.core.sqlite_cache.SQLiteCache`."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from mtaudit.core.sqlite_cache import SQLiteCache, default_cache_dir, switched_on

_SHARED: dict[tuple[type, str], ResultsCache] = {}


def component_identity(component: Any) -> str | None:
    """A component's class and signature, as a results key holds it (a subclass may compute
    other results under the same signature)."""
    if component is None:
        return None
    cls = type(component)
    return f"{cls.__module__}.{cls.__qualname__}:{getattr(component, 'signature', None)}"


class ResultsCache(SQLiteCache):
    """Subclasses set ``filename``, ``label``, ``table``, ``column`` (the JSON value's) and
    ``switch`` (the environment variable that turns the cache off)."""

    table = "results"
    column = "value"
    switch: str | None = None
    max_entries = 20_000

    @classmethod
    def shared(cls) -> Any:
        """This process's instance for the current cache folder, or None when ``switch``
        turns the cache off."""
        if cls.switch and not switched_on(cls.switch):
            return None
        where = str(default_cache_dir())
        if (cls, where) not in _SHARED:
            _SHARED[(cls, where)] = cls(where)
        return _SHARED[(cls, where)]

    def _schema(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, "
                     f"{self.column} TEXT NOT NULL, created REAL)")

    def get_json(self, key: str) -> Any | None:
        """The value stored for ``key``, or None (absent, or not JSON: a damaged row)."""
        rows = self._select(f"SELECT {self.column} FROM {self.table} WHERE key IN ({{marks}})",
                            [key])
        if not rows:
            return None
        try:
            return json.loads(rows[0][0])
        except (ValueError, TypeError):
            return None

    def put_json(self, key: str, value: Any) -> None:
        import time

        self._write(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?)",
                    [(key, json.dumps(value, ensure_ascii=False), time.time())])
        rows = self._query(f"SELECT COUNT(*) FROM {self.table}")
        if rows and rows[0][0] > self.max_entries:
            self._write(f"DELETE FROM {self.table} WHERE rowid IN (SELECT rowid FROM "
                        f"{self.table} ORDER BY created LIMIT ?)", [(rows[0][0] // 4,)])


__all__ = ["ResultsCache", "component_identity"]
