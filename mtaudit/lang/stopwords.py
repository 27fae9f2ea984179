"""Stop words per language: spaCy's lists, read from its source files without importing spaCy,
with small English and French fallbacks when spaCy is not installed."""

from __future__ import annotations

import re
from functools import lru_cache

# Fallback stop words when spaCy's lists are not installed (spaCy has ~80 languages).
_EN_STOP = ("the a an and or of to in on at for with by from as is are was were be been that "
            "this these those it its he she they we you i his her their our not but which who "
            "whom what has have had will would can could also than")
_FR_STOP = ("le la les un une des de du d l et ou à au aux en dans par pour sur avec que qui "
            "quoi dont où ce cet cette ces il elle ils elles on nous vous je se s sa son ses "
            "leur leurs est sont a ont été être avoir pas ne n plus mais comme aussi y lui")
_FALLBACK_STOP: dict[str, frozenset[str]] = {"en": frozenset(_EN_STOP.split()),
                                              "fr": frozenset(_FR_STOP.split())}


@lru_cache(maxsize=16)
def stopwords(lang: str) -> frozenset[str]:
    """Stop words of ``lang``: spaCy's list read from its source file (no spaCy import)."""
    import importlib.util
    from pathlib import Path

    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            chunks = re.findall(r'"""(.*?)"""', text, flags=re.S)
            words = {w.lower() for c in chunks for w in c.split()}
            if words:
                return frozenset(words)
    return _FALLBACK_STOP.get(lang, frozenset())
