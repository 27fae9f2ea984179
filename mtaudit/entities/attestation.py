"""Attestation of name spellings: how common a spelling is in written language, offline.

Frequencies come from ``wordfreq`` (its "best" list per language, shipped inside the package:
no network).  :func:`zipf` is the Zipf value of a folded word (log10 of its frequency per
billion words; 0 when the word is in no list): the target language's list and English's, the
larger of the two (a name attested in English writing is attested).  Lists are loaded lazily,
once per process and language.

:func:`confusions` generates the spellings a name may have been garbled from, by the usual
confusions of a name written through Arabic script, which has no p, v, e, o: b/p, f/v, e/a/i,
o/u (and ou), k/q/c/g, y/i, doubled or dropped letters (vowels and h at any depth, any letter
once) and the final -ov/-off/-ow/-of/-ev/-eff.  At most ``limit`` candidates are generated.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from mtaudit.lang.latin import fold, fold_table

# Substitutions within a confusion class (both directions).
_CLASSES: tuple[str, ...] = ("bp", "fv", "kqcg", "eai", "ou", "yi")
_SUBS: dict[str, tuple[str, ...]] = {}
for _cls in _CLASSES:
    for _ch in _cls:
        _SUBS[_ch] = tuple(dict.fromkeys(_SUBS.get(_ch, ()) + tuple(c for c in _cls if c != _ch)))
_DIGRAPHS: tuple[tuple[str, str], ...] = (("ou", "u"), ("ou", "o"), ("ch", "sh"), ("ck", "k"),
                                          ("qu", "k"), ("ph", "f"), ("w", "v"), ("kh", "k"),
                                          ("dj", "j"), ("y", "ie"))
_ENDINGS: tuple[str, ...] = ("ov", "off", "ow", "of", "ev", "eff", "ew", "ef")
_VOWELS = "aeiouy"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
MAX_CANDIDATES = 4000
_lock = threading.Lock()


@lru_cache(maxsize=16)
def _table(lang: str) -> dict[str, float] | None:
    """Folded word -> Zipf value for ``lang`` (None when wordfreq has no list for it)."""
    cached = _cached_table(lang)  # stored only for a language wordfreq has; no import (0.3 s)
    if cached is not None:
        return cached
    try:
        from wordfreq import available_languages, get_frequency_dict
    except ImportError:  # pragma: no cover - core dependency
        return None
    if lang not in available_languages():
        return None
    with _lock:
        freqs = get_frequency_dict(lang, "best")
    table = fold_table("".join(freqs))  # the fold, character by character, at C speed
    # wordfreq lists run from the most frequent word down, so the first word of each folded
    # form is its most frequent one: the only one whose Zipf value is computed
    out: dict[str, float] = {}
    for word, freq in freqs.items():
        if freq > 0 and word.isalpha():
            key = word.translate(table)
            if key not in out:
                out[key] = round(math.log10(freq) + 9, 2)
    _store_table(lang, out)
    return out


def _table_path(lang: str) -> Path:
    """The folded table on disk, beside the other caches (:mod:`mtaudit.entities.stored`,
    keyed by the build, which holds wordfreq's version): folding 300k-600k words costs about
    2 s a run, loading the stored table about 0.1 s."""
    from mtaudit.entities.stored import stored_path

    return stored_path("wordfreq", (lang,))


def _cached_table(lang: str) -> dict[str, float] | None:
    from mtaudit.entities.stored import read_stored

    data = read_stored(_table_path(lang))  # absent or damaged: rebuilt by the caller
    return data if isinstance(data, dict) else None


def _store_table(lang: str, table: dict[str, float]) -> None:
    from mtaudit.entities.stored import write_stored

    write_stored(_table_path(lang), table)  # a read-only cache folder: rebuilt next run


def available(lang: str) -> bool:
    """Whether wordfreq has a frequency list for ``lang``."""
    return _table(lang) is not None


def zipf(word: str, lang: str, *, english: bool = True) -> float:
    """Zipf value of ``word`` (case and accents ignored) in ``lang`` — or in English when that
    is larger and ``english`` — 0.0 when the word is attested in neither."""
    key = fold(word)
    best = 0.0
    for table in (_table(lang), _table("en") if english and lang != "en" else None):
        if table is not None:
            best = max(best, table.get(key, 0.0))
    return best


def zipf_target(word: str, lang: str) -> float:
    """Zipf value in the target language's own list (English when it has none)."""
    table = _table(lang) or _table("en")
    return table.get(fold(word), 0.0) if table else 0.0


def _step(word: str, full: bool) -> Iterable[str]:
    n = len(word)
    for i, ch in enumerate(word):
        for sub in _SUBS.get(ch, ()):
            yield word[:i] + sub + word[i + 1:]
        if i + 1 < n and word[i + 1] == ch:  # undouble
            yield word[:i] + word[i + 1:]
        elif ch not in _VOWELS:  # double
            yield word[:i + 1] + ch + word[i + 1:]
        if ch in _VOWELS or ch == "h":  # a vowel or h that should not be there
            yield word[:i] + word[i + 1:]
    for a, b in _DIGRAPHS:
        for x, y in ((a, b), (b, a)):
            start = word.find(x)
            while start >= 0:
                yield word[:start] + y + word[start + len(x):]
                start = word.find(x, start + 1)
    for end in _ENDINGS:
        if word.endswith(end):
            for other in _ENDINGS:
                if other != end:
                    yield word[:-len(end)] + other
            break
    inserted = _LETTERS if full else _VOWELS + "h"
    for i in range(1, n + 1):  # a letter dropped (never before the initial)
        for ch in inserted:
            yield word[:i] + ch + word[i:]


def confusions(name: str, limit: int = MAX_CANDIDATES, depth: int = 2) -> list[str]:
    """Folded spellings one (``depth`` 1) or two confusions away from ``name`` (see the
    module docstring), nearest first, at most ``limit``."""
    return list(_confusions(name, limit, depth))


@lru_cache(maxsize=4096)  # a document names the same people again and again
def _confusions(name: str, limit: int, depth: int) -> tuple[str, ...]:
    start = fold(name)
    seen = {start}
    first = []
    for w in _step(start, True):
        if w not in seen and w.isalpha():
            seen.add(w)
            first.append(w)
    out = list(first)
    for w in first if depth > 1 else ():
        if len(out) >= limit:
            break
        for w2 in _step(w, False):
            if w2 not in seen:
                seen.add(w2)
                out.append(w2)
    return tuple(out[:limit])


def attested_confusions(name: str, lang: str, min_zipf: float,
                        extra: dict[str, float] | None = None,
                        limit: int = MAX_CANDIDATES, depth: int = 2) -> list[tuple[str, float]]:
    """Confusions of ``name`` whose target-language Zipf value (or ``extra``'s, for spellings
    attested elsewhere, e.g. in related documents) is at least ``min_zipf``, most common
    first: ``(folded spelling, zipf)``. Without ``extra`` the answer depends on the name and
    the frequency lists only, and a document names the same people again and again:
    memoised (as :func:`confusions`); a new list each call."""
    if not extra:
        return list(_attested(name, lang, min_zipf, limit, depth))
    return _attested_confusions(name, lang, min_zipf, extra, limit, depth)


@lru_cache(maxsize=4096)
def _attested(name: str, lang: str, min_zipf: float, limit: int, depth: int
              ) -> tuple[tuple[str, float], ...]:
    return tuple(_attested_confusions(name, lang, min_zipf, {}, limit, depth))


def _attested_confusions(name: str, lang: str, min_zipf: float, extra: dict[str, float],
                         limit: int, depth: int) -> list[tuple[str, float]]:
    table = _table(lang) or _table("en") or {}
    out = []
    for cand in confusions(name, limit, depth):
        z = max(table.get(cand, 0.0), extra.get(cand, 0.0))
        if z >= min_zipf:
            out.append((cand, z))
    out.sort(key=lambda c: -c[1])
    return out
