"""Atomic writes: the whole file or nothing, with the permissions a plain write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mtaudit.core.atomic import write_text_atomic


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "sub" / "report.json", "{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "sub" / "report.json").read_text() == "{}\n"
    assert _mode(tmp_path / "sub" / "report.json") == 0o644


def test_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    p = tmp_path / "baseline.json"
    p.write_text("old")
    p.chmod(0o640)
    write_text_atomic(p, "new")
    assert p.read_text() == "new" and _mode(p) == 0o640


def test_failed_write_leaves_no_trace(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()  # a folder where the file should go: the final rename fails
    (target / "keep.txt").write_text("data")
    with pytest.raises(OSError):
        write_text_atomic(target, "report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (target / "keep.txt").read_text() == "data"
