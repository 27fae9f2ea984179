"""Romanisation of Arabic names with arabic-name-romanizer (dictionary plus a small ONNX model,
offline), loaded once per process."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from mtaudit.core.errors import ModelUnavailable
from mtaudit.lang.arabic_norm import normalize_for_comparison

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    try:
        from arabic_name_romanizer import Transliterator
    except ImportError as exc:  # pragma: no cover - core dependency
        raise ModelUnavailable(f"arabic-name-romanizer is not installed ({exc})") from None
    return Transliterator()


def romanize(arabic: str, top_k: int = 4) -> tuple[str, ...]:
    """Up to ``top_k`` Latin spellings of an Arabic name, best first (read without its
    diacritics and Qur'anic marks: :func:`~mtaudit.lang.arabic_norm.normalize_for_comparison`)."""
    return _romanize(normalize_for_comparison(arabic, "ar"), top_k)


@lru_cache(maxsize=65536)
def _romanize(arabic: str, top_k: int) -> tuple[str, ...]:
    tr = _transliterator()
    with _lock:
        cands = tr.transliterate(arabic, top_k=top_k)
    return tuple(c.text for c in cands if c.text)
