"""The SQLite re-translation cache: keys, corruption recovery, two processes at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mtaudit.mt.cache import CACHE_FILE, TranslationCache, cache_key, default_cache_dir

SIG = {"backend": "transformers", "model": "m", "revision": "r1", "settings": {"beam_size": 4}}


def test_key_depends_on_everything_that_changes_the_output():
    base = cache_key(SIG, "ar", "fr", "نص")
    assert base == cache_key(dict(SIG), "ar", "fr", "نص")
    assert base != cache_key({**SIG, "revision": "r2"}, "ar", "fr", "نص")
    assert base != cache_key({**SIG, "settings": {"beam_size": 5}}, "ar", "fr", "نص")
    assert base != cache_key({**SIG, "backend": "ctranslate2"}, "ar", "fr", "نص")
    assert base != cache_key(SIG, "ar", "en", "نص")
    assert base != cache_key(SIG, "ar", "fr", "نص آخر")


def test_round_trip_and_persistence(tmp_path):
    with TranslationCache(tmp_path) as cache:
        assert cache.get_many(["k1"]) == {}
        cache.put_many({"k1": "un", "k2": "deux"}, model="m")
        assert cache.get_many(["k1", "k2", "k3"]) == {"k1": "un", "k2": "deux"}
    with TranslationCache(tmp_path) as cache:  # a new connection (another run) sees them
        assert cache.get_many(["k2"]) == {"k2": "deux"}
        assert cache.stats()["entries"] == 2
        mode = cache._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_many_keys_in_one_lookup(tmp_path):
    items = {f"k{i}": f"v{i}" for i in range(1200)}  # more than one IN (...) chunk
    with TranslationCache(tmp_path) as cache:
        cache.put_many(items)
        assert cache.get_many(items) == items


def test_default_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("MTAUDIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "mtaudit"


def test_garbage_file_is_moved_aside_and_rebuilt_with_a_warning(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database\x00" * 300)
    cache = TranslationCache(tmp_path)
    with pytest.warns(RuntimeWarning, match="unreadable"):
        assert cache.get_many(["k"]) == {}
    cache.put_many({"k": "v"})
    assert cache.get_many(["k"]) == {"k": "v"}
    cache.close()
    assert list(tmp_path.glob(f"{CACHE_FILE}.corrupt-*")), "corrupt file kept for inspection"


def test_half_written_database_never_breaks_a_run(tmp_path):
    with TranslationCache(tmp_path) as cache:
        cache.put_many({f"k{i}": "x" * 200 for i in range(2000)})
        conn = cache._conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / CACHE_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # as if the disk filled up mid-write
    cache = TranslationCache(tmp_path)
    with pytest.warns(RuntimeWarning, match="unreadable.*malformed"):
        got = cache.get_many([f"k{i}" for i in range(2000)])
    assert got == {}  # SQLite's quick_check found the damage: rebuilt empty
    cache.put_many({"new": "value"})
    assert cache.get_many(["new"]) == {"new": "value"}
    cache.close()


def test_unusable_cache_dir_runs_without_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = TranslationCache(blocker / "sub")
    with pytest.warns(RuntimeWarning, match="without the cache"):
        assert cache.get_many(["k"]) == {}
    cache.put_many({"k": "v"})  # no error, no effect
    assert not cache.enabled


_WRITER = textwrap.dedent("""
    import sys
    from mtaudit.mt.cache import TranslationCache
    cache = TranslationCache(sys.argv[1])
    tag = sys.argv[2]
    for batch in range(40):
        cache.put_many({f"{tag}-{batch}-{i}": f"{tag}{batch}{i}" for i in range(10)})
        cache.get_many([f"{tag}-{batch}-0"])
    cache.close()
    print("ok")
""")


def test_two_processes_write_at_once(tmp_path):
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), tag],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
             for tag in ("a", "b", "c", "d")]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert out.strip() == "ok" and "Warning" not in err
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    assert conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 1600
    conn.close()


def _filled_cache(folder: Path) -> None:
    with TranslationCache(folder) as cache:
        cache.put_many({"k1": "un", "k2": "deux"}, model="m")


def test_read_only_mount_still_serves_reads(tmp_path):
    """A real read-only file system (tmpfs remounted ro; needs root, skipped otherwise): the
    cache answers from what it holds, does not try to store, warns once."""
    import os
    import shutil

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only file system needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "none", str(mnt)]).returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        _filled_cache(mnt)
        assert subprocess.run(["mount", "-o", "remount,ro", str(mnt)]).returncode == 0
        cache = TranslationCache(mnt)
        with pytest.warns(RuntimeWarning, match="read-only"):
            assert cache.get_many(["k1", "k2", "k3"]) == {"k1": "un", "k2": "deux"}
        assert cache.read_only and cache.enabled
        cache.put_many({"k3": "trois"})  # not stored, no error
        assert cache.get_many(["k3"]) == {}
        cache.close()
    finally:
        subprocess.run(["umount", str(mnt)])


def test_unwritable_cache_opens_read_only(tmp_path, monkeypatch):
    """Where SQLite refuses to open for writing (what a read-only file or folder gives a
    non-root user), the cache falls back to a read-only connection instead of none."""
    _filled_cache(tmp_path)

    def refuse(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(TranslationCache, "_open", refuse)
    cache = TranslationCache(tmp_path)
    with pytest.warns(RuntimeWarning, match="read-only"):
        assert cache.get_many(["k2"]) == {"k2": "deux"}
    cache.put_many({"k9": "neuf"})
    cache.close()
    monkeypatch.undo()
    with TranslationCache(tmp_path) as again:
        assert again.get_many(["k9"]) == {}
