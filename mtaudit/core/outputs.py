"""Output paths checked before any work: never an input, always writable.

:func:`check_outputs` is called by every command that writes files, with every file it reads
(documents, catalogs, reference, glossary, entity list, report, manifest, policy, baseline
when it is only read), before models load or documents are read:

* an output that is the same file as an input (same path, a symlink to it, a hard link: same
  device and inode) is refused -- writing the report would destroy the input;
* two outputs that are the same file are refused (the second would overwrite the first);
* an output must be writable: an existing folder is refused, a new file needs its nearest
  existing parent to be a writable folder, and a device or FIFO must be open for writing.

``-`` (stdout) is always accepted. Errors are :class:`~mtaudit.core.errors.InputError` with one
line naming the option and the input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from mtaudit.core.errors import InputError


def _identities(path: str) -> set[tuple[int, int] | str]:
    """How a path can name a file: its (device, inode) when it exists, and its absolute path
    with links and ``..`` resolved (``new/../t.txt`` names ``t.txt`` once ``new`` is made)."""
    out: set[tuple[int, int] | str] = {os.path.realpath(path)}
    try:
        st = os.stat(path)
        out.add((st.st_dev, st.st_ino))
    except OSError:
        pass
    return out


def _check_writable(label: str, path: str) -> None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"{label} {path}: cannot be written ({exc.strerror or exc})") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{label} {path}: is a folder; give a file name")
        if not stat.S_ISREG(st.st_mode):
            if not os.access(path, os.W_OK):
                raise InputError(f"{label} {path}: cannot be written (permission denied)")
            return
    parent = Path(os.path.realpath(path)).parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"{label} {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{label} {path}: cannot write in {parent} (permission denied)")


def check_outputs(outputs: Mapping[str, str | os.PathLike[str] | None],
                  inputs: Mapping[str, str | os.PathLike[str] | None]) -> None:
    """Refuse outputs that are inputs, the same file twice, or not writable (see module doc).

    ``outputs`` maps an option label (``"-o/--output"``) to a path or None; ``inputs`` maps a
    description (``"the translation"``) to a path or None.
    """
    in_ids: dict[tuple[int, int] | str, str] = {}
    for label, p in inputs.items():
        if p and p != "-":
            for ident in _identities(os.fspath(p)):
                in_ids.setdefault(ident, label)
    seen: dict[tuple[int, int] | str, str] = {}
    for label, raw in outputs.items():
        if not raw or raw == "-":
            continue
        path = os.fspath(raw)
        idents = _identities(path)
        clash = next((in_ids[i] for i in idents if i in in_ids), None)
        if clash is not None:
            raise InputError(f"{label} {path} is {clash} (an input): refusing to "
                             "overwrite it; write the output to another file")
        twice = next((seen[i] for i in idents if i in seen), None)
        if twice is not None:
            raise InputError(f"{label} {path} is also the output of {twice}: give each "
                             "output its own file")
        seen.update(dict.fromkeys(idents, label))
        _check_writable(label, path)


__all__ = ["check_outputs"]
