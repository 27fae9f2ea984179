"""File output: atomic for files, written through for everything else.

* A regular file (or a new path) is written to a temporary file in the same folder, flushed to
  disk and renamed over the target: a reader sees the old file or the new one, never half of
  one; a failure or an interruption (SIGINT, and SIGTERM/SIGHUP once the CLI has turned them
  into exceptions) removes the temporary file. A symlink to a file stays a symlink: the file it
  points to is replaced.
* Anything that is not a regular file -- a character device (``/dev/null``, a terminal), a FIFO,
  ``/dev/stdout`` and the ``/proc/self/fd`` links behind it -- is opened and written through,
  never replaced: replacing it would destroy the device node or the pipe. A FIFO with no reader
  is refused at once instead of blocking.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from pathlib import Path


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def _mode_for(target: Path) -> int:
    """The existing file's permissions, else what a plain ``open(..., "w")`` would give
    (0666 minus the umask): mkstemp's 0600 would make reports unreadable to others."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_current_umask()


_UMASK_LOCK = threading.Lock()


def _current_umask() -> int:
    """The process umask. Linux shows it in /proc (no change needed); elsewhere it is read by
    setting and restoring it, under a lock, which other threads creating files could race."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        umask = os.umask(0o077)  # the most restrictive value while it is read
        os.umask(umask)
    return umask


def is_write_through(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` exists and is not a regular file (device, FIFO, socket), or names a
    process's open file descriptor (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return not stat.S_ISDIR(st.st_mode)
    return _names_a_descriptor(path)


def _names_a_descriptor(path: str | os.PathLike[str]) -> bool:
    """``/dev/stdout`` and friends: a link into ``/proc/<pid>/fd``, even when that descriptor is
    a redirected regular file (replacing it would detach the shell's redirection)."""
    chain = os.path.abspath(os.fspath(path))
    for _ in range(8):
        if chain.startswith(("/proc/", "/dev/fd/")) and "/fd/" in chain:
            return True
        if not os.path.islink(chain):
            return False
        chain = os.path.join(os.path.dirname(chain), os.readlink(chain))
    return False


def _write_through(path: str | os.PathLike[str], data: bytes) -> None:
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    is_fifo = stat.S_ISFIFO(os.stat(path).st_mode)
    if is_fifo:
        flags |= os.O_NONBLOCK
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if is_fifo and exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "FIFO has no reader", os.fspath(path)) from None
        raise
    try:
        if is_fifo:
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    if is_write_through(path):
        _write_through(path, data)
        return
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
