"""Run a benchmark's child process and measure it: CPU seconds (user + system), peak RSS and
wall time, from ``os.wait4`` on the child itself (other processes on the machine do not blur
them). Its output goes to temporary files, so a chatty child cannot block on a full pipe.

Used by bench/limits.py, bench/speed.py, bench/speed_large.py and
bench/retranslate_realsize.py (bench/reliability.py has its own loop: it also kills on
memory and signals process groups).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChildRun:
    rc: int | None  # exit code; None when the child was killed at its timeout
    cpu: float  # CPU seconds, user + system
    wall: float  # seconds
    rss_mib: float  # peak RSS
    stdout: str
    stderr: str

    def last_line(self) -> str:
        """The last line of the child's standard output ('' if none)."""
        lines = self.stdout.strip().splitlines()
        return lines[-1] if lines else ""


def run_child(cmd: Sequence[str], *, env: Mapping[str, str] | None = None,
              cwd: str | Path | None = None, timeout: float | None = None) -> ChildRun:
    """Run ``cmd`` (stdin closed) until it exits or ``timeout`` seconds pass (then it is
    killed and ``rc`` is None)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=None if env is None else dict(env), cwd=cwd)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, 0 if timeout is None else os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > timeout:
                proc.kill()
                _pid, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.05)
        wall = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        out.seek(0)
        err.seek(0)
        return ChildRun(None if killed else proc.returncode, usage.ru_utime + usage.ru_stime,
                        wall, usage.ru_maxrss / 1024,
                        out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"))


__all__ = ["ChildRun", "run_child"]


def results_caches_off() -> None:
    """Turn off mtaudit's results caches (alignments, detector flags) for this process and its
    children, unless the caller set them: a benchmark measures what the algorithms compute and
    cost, and several of them patch the embedder or compare engines on the same inputs, where a
    cached result would stand in for the run being measured."""
    for var in ("MTAUDIT_ALIGNMENT_CACHE", "MTAUDIT_DETECTION_CACHE"):
        os.environ.setdefault(var, "off")
