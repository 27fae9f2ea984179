"""SQLite caches on disk, shared by the re-translation and the embedding caches.

One file per cache in :func:`default_cache_dir`. Safe for several processes at once (WAL
journal, 30 s busy timeout, one short transaction per write). A corrupt or half-written file is
moved aside and rebuilt with a warning: only cached values are lost, never the audit. A cache
that can be read but not written (a read-only mount or file, a cache another user owns) is
opened read-only: it still serves what it holds and stores nothing (one warning). If it cannot
be opened at all (locked too long, unreadable), the run goes on without it, with a warning.

A subclass sets ``filename`` and ``label`` and creates its tables in ``_schema(conn)``; it
reads with :meth:`SQLiteCache._select` and writes with :meth:`SQLiteCache._write`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_SCHEMA_VERSION = 1
_BUSY_TIMEOUT_S = 30.0


def default_cache_dir() -> Path:
    """``$MTAUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/mtaudit``, else ``~/.cache/mtaudit``."""
    if os.environ.get("MTAUDIT_CACHE_DIR"):
        return Path(os.environ["MTAUDIT_CACHE_DIR"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "mtaudit"


def switched_on(variable: str) -> bool:
    """A cache's environment switch: on unless ``variable`` is off, 0, no or false."""
    return os.environ.get(variable, "").strip().lower() not in ("off", "0", "no", "false")


class SQLiteCache:
    """The connection, its recovery and read-only fallback; subclasses add the tables."""

    filename = "cache.sqlite3"
    label = "cache"  # for messages: "re-translation cache", "embedding cache"

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / self.filename
        self.enabled = True
        self.read_only = False
        self._conn: sqlite3.Connection | None = None

    def _schema(self, conn: sqlite3.Connection) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- connection ------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or not self.enabled:
            return self._conn
        if self._cannot_write():
            return self._open_read_only()
        try:
            self._conn = self._open_patiently()
        except sqlite3.OperationalError as exc:
            if _is_corruption(exc):
                self._conn = self._rebuild(exc)
            elif self.path.is_file() and _is_read_only(exc):  # e.g. a read-only mount as root
                return self._open_read_only()
            else:
                self._disable(f"cannot open {self.label} {self.path}: {exc}")
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            self._conn = self._rebuild(exc)
        except OSError as exc:
            if self.path.is_file():
                return self._open_read_only()
            self._disable(f"cannot create {self.label} folder {self.directory}: {exc}")
        return self._conn

    def _open_patiently(self) -> sqlite3.Connection:
        """Open, retrying while another process holds the lock: switching the journal to WAL
        and creating the tables need an exclusive lock, and SQLite does not always call the
        busy handler for them, so "database is locked" can come back at once."""
        deadline = time.monotonic() + _BUSY_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")  # needs an exclusive lock
            conn.execute("PRAGMA synchronous = NORMAL")
            row = conn.execute("PRAGMA quick_check").fetchone()
            if not row or row[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {row[0] if row else 'no answer'}")
            self._schema(conn)
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(_SCHEMA_VERSION),))
        except BaseException:
            conn.close()
            raise
        return conn

    def _cannot_write(self) -> bool:
        """An existing cache file that this process may read but not change (read-only file,
        or a folder where SQLite cannot create its -wal/-shm files or a replacement)."""
        if not self.path.is_file() or not os.access(self.path, os.R_OK):
            return False
        return not (os.access(self.path, os.W_OK) and os.access(self.directory, os.W_OK))

    def _open_read_only(self) -> sqlite3.Connection | None:
        """Serve reads from a cache that cannot be written. ``mode=ro`` first (sees other
        writers' commits); ``immutable=1`` when SQLite cannot even create the WAL index (a
        read-only mount), which is safe because nobody can write there either."""
        from urllib.parse import quote

        uri = f"file:{quote(str(self.path.resolve()))}"
        last: Exception | None = None
        for flags in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(f"{uri}?{flags}", uri=True, timeout=_BUSY_TIMEOUT_S,
                                       isolation_level=None)
                try:
                    conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
                except BaseException:
                    conn.close()
                    raise
            except sqlite3.Error as exc:
                last = exc
                continue
            self._conn, self.read_only = conn, True
            message = (f"{self.label} {self.path} is read-only: using what it holds, "
                       "new translations are not stored")
            warnings.warn(message, RuntimeWarning, stacklevel=4)
            log.info(message)
            return conn
        self._disable(f"cannot read {self.label} {self.path}: {last}")
        return None

    def _rebuild(self, exc: Exception) -> sqlite3.Connection | None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        message = (f"{self.label} {self.path} is unreadable ({exc}); moved it to "
                   f"{aside.name} and started an empty one")
        warnings.warn(message, RuntimeWarning, stacklevel=4)
        log.info(message)
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open_patiently()
        except (OSError, sqlite3.Error) as exc2:
            self._disable(f"cannot rebuild {self.label} {self.path}: {exc2}")
            return None

    def _disable(self, message: str) -> None:
        self.enabled = False
        warnings.warn(message + "; running without the cache", RuntimeWarning, stacklevel=4)
        log.info(message)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- access ----------------------------------------------------------------------------
    def _select(self, sql: str, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (a SELECT with one ``IN ({marks})``) for ``keys``, 500 at a time;
        [] when the cache is off or fails."""
        for _attempt in range(2):
            conn = self._connect()
            if conn is None:
                return []
            rows: list[tuple[Any, ...]] = []
            try:
                for start in range(0, len(keys), 500):
                    chunk = list(keys[start:start + 500])
                    rows += conn.execute(sql.format(marks=",".join("?" * len(chunk))),
                                         chunk).fetchall()
                return rows
            except sqlite3.Error as exc:
                self._handle(exc)
        return []

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement; [] when the cache is off or fails."""
        for _attempt in range(2):
            conn = self._connect()
            if conn is None:
                return []
            try:
                return conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as exc:
                self._handle(exc)
        return []

    def _write(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """``executemany(sql, rows)`` in one transaction (nothing when read-only or off)."""
        if not rows or self.read_only:
            return
        for _attempt in range(2):
            conn = self._connect()
            if conn is None or self.read_only:
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany(sql, rows)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                return
            except sqlite3.Error as exc:
                self._handle(exc)

    def _handle(self, exc: sqlite3.Error) -> None:
        """Corruption found mid-run: rebuild (the caller retries once). Anything else (locked
        past the busy timeout, disk full, read-only): run on without the cache."""
        self.close()
        if isinstance(exc, sqlite3.DatabaseError) and _is_corruption(exc):
            self._conn = self._rebuild(exc)
        else:
            self._disable(f"{self.label} {self.path} failed: {exc}")

    def _count(self, table: str) -> int:
        rows = self._query(f"SELECT COUNT(*) FROM {table}") if self.path.exists() else []
        return int(rows[0][0]) if rows else 0


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_read_only(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _is_corruption(exc: BaseException) -> bool:
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError):
        return "malformed" in text or "not a database" in text
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError))
