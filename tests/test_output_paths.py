"""Outputs never destroy inputs or devices: refused before work, written through, cleaned up.

Each case was a data-loss bug: ``audit -o`` the translation, ``render -o`` its own JSON,
``gate --sarif`` / ``--update-baseline`` on the translation, ``-o`` on a device node (replaced by
a regular file), SIGTERM during the write (a hidden temporary file left behind).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import cli
from mtaudit.core.atomic import is_write_through, write_text_atomic
from mtaudit.core.errors import InputError
from mtaudit.core.outputs import check_outputs

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "tests" / "data" / "small.ar.txt"
TGT = REPO / "tests" / "data" / "small.fr.txt"
FAST = ["--embedder", "none", "--no-check-related", "--no-check-languages", "--mt-model", "none"]


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SRC, tmp_path / "s.txt")
    shutil.copy(TGT, tmp_path / "t.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.output


@pytest.mark.parametrize("out", ["t.txt", "./t.txt", "new/../t.txt", "link.txt", "hard.txt"])
def test_audit_refuses_to_write_over_the_translation(work: Path, out: str) -> None:
    (work / "link.txt").symlink_to("t.txt")
    os.link(work / "t.txt", work / "hard.txt")
    before = (work / "t.txt").read_bytes()
    code, output = _run("audit", "s.txt", "t.txt", "-o", out, *FAST)
    assert code == 2, output
    assert "is the translation (an input)" in output
    assert (work / "t.txt").read_bytes() == before
    assert not (work / "new").exists()  # refused before anything was made


def test_audit_refuses_an_output_over_the_glossary(work: Path) -> None:
    (work / "g.tsv").write_text("كلمة\tmot\n", encoding="utf-8")
    code, output = _run("audit", "s.txt", "t.txt", "--glossary", "g.tsv", "-o", "g.tsv", *FAST)
    assert code == 2 and "is the glossary" in output
    assert (work / "g.tsv").read_text(encoding="utf-8") == "كلمة\tmot\n"


def test_render_refuses_to_overwrite_its_own_report(work: Path) -> None:
    code, output = _run("audit", "s.txt", "t.txt", "-f", "json", "-o", "r.json", *FAST)
    assert code in (0, 1), output
    before = (work / "r.json").read_bytes()
    code, output = _run("render", "r.json", "-f", "json", "-o", "r.json")
    assert code == 2 and "is the report (an input)" in output
    assert (work / "r.json").read_bytes() == before


def test_align_refuses_to_overwrite_the_source(work: Path) -> None:
    before = (work / "s.txt").read_bytes()
    code, output = _run("align", "s.txt", "t.txt", "-o", "s.txt", "--embedder", "none",
                        "--no-check-related", "--no-check-languages")
    assert code == 2 and "is the source" in output
    assert (work / "s.txt").read_bytes() == before


@pytest.mark.parametrize("option", ["--sarif", "--junit", "--markdown"])
def test_gate_refuses_an_output_over_a_manifest_input(work: Path, option: str) -> None:
    (work / "m.toml").write_text('[[pairs]]\nsource = "s.txt"\ntarget = "t.txt"\n',
                                 encoding="utf-8")
    before = (work / "t.txt").read_bytes()
    code, output = _run("gate", "-m", "m.toml", option, "t.txt", *FAST)
    assert code == 2, output
    assert "is the translation t.txt (an input)" in output
    assert (work / "t.txt").read_bytes() == before


def test_gate_refuses_a_baseline_update_over_the_translation(work: Path) -> None:
    before = (work / "t.txt").read_bytes()
    code, output = _run("gate", "s.txt", "t.txt", "--baseline", "t.txt", "--update-baseline",
                        *FAST)
    assert code == 2 and "(an input)" in output
    assert (work / "t.txt").read_bytes() == before


def test_two_outputs_on_one_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="also the output of --sarif"):
        check_outputs({"--sarif": tmp_path / "x", "--junit": tmp_path / "x"}, {})


def test_unwritable_outputs_are_found_before_work(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match=r"Not a directory|is not a folder"):
        check_outputs({"-o": tmp_path / "file.txt" / "r.json"}, {})
    with pytest.raises(InputError, match="is a folder"):
        check_outputs({"-o": tmp_path / "folder"}, {})
    check_outputs({"-o": tmp_path / "new" / "deeper" / "r.json", "--x": "-"}, {"a": "-"})


def _needs_mknod() -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")


def test_output_to_a_device_node_writes_through_and_keeps_the_node(work: Path) -> None:
    """A copy of /dev/null and of /dev/full made with mknod (never the system's own nodes)."""
    _needs_mknod()
    os.mknod(work / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(work / "full", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    code, output = _run("audit", "s.txt", "t.txt", "-f", "json", "-o", "null", *FAST)
    assert code in (0, 1), output
    code, output = _run("audit", "s.txt", "t.txt", "-f", "json", "-o", "full", *FAST)
    assert code == 2 and "No space left on device" in output
    for name in ("null", "full"):
        assert stat.S_ISCHR(os.stat(work / name).st_mode), name
    assert sorted(p.name for p in work.iterdir()) == ["full", "null", "s.txt", "t.txt"]


def test_fifo_output_is_written_through_or_refused_without_a_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="no reader"):
        write_text_atomic(fifo, "report\n")
    got: list[bytes] = []
    ready = threading.Event()

    def read() -> None:
        # non-blocking throughout: before the writer comes, a read says EOF (no writer yet);
        # keep reading until the data has come and its writer has gone
        import time

        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        ready.set()
        data, deadline = b"", time.monotonic() + 10
        try:
            while time.monotonic() < deadline:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:  # a writer is connected, nothing written yet
                    chunk = None
                if chunk:
                    data += chunk
                elif chunk == b"" and data:
                    break
                else:
                    time.sleep(0.01)
        finally:
            os.close(fd)
        got.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    ready.wait(5)
    write_text_atomic(fifo, "report\n")
    reader.join(5)
    assert got == [b"report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_stdout_links_are_written_through() -> None:
    assert is_write_through("/dev/stdout") and is_write_through("/dev/null")
    assert not is_write_through(SRC) and not is_write_through("/no/such/file")


def test_symlink_output_keeps_the_link_and_replaces_its_file(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text("old")
    (tmp_path / "link.json").symlink_to("real.json")
    write_text_atomic(tmp_path / "link.json", "new")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text() == "new"


SIGTERM_DURING_WRITE = """
import os, signal, sys, time
from mtaudit.core import atomic

def fsync(fd):  # the moment the temporary file holds the report but is not renamed yet
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)

atomic.os.fsync = fsync
from mtaudit.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signal_during_the_write_leaves_no_temporary_file(work: Path, signame: str) -> None:
    code = SIGTERM_DURING_WRITE.replace("SIGTERM", signame)
    proc = subprocess.run([sys.executable, "-c", code, "audit", "s.txt", "t.txt", "-f", "json",
                           "-o", "out/r.json", *FAST], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    import signal

    assert proc.returncode == 128 + getattr(signal, signame), proc.stderr
    assert f"terminated ({signame})" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert list((work / "out").iterdir()) == []


def test_usage_errors_are_one_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "mtaudit", "audit", "--max-size", "x", "a"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("mtaudit: error: Invalid value for '--max-size'")
