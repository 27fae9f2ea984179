"""Near misses between name spellings: what counts as a misspelling of a name, and what as a
spelling variant of it.

* :func:`near_miss`: a few edits apart (1 edit for names up to 6 letters, 2 beyond, see
  :func:`max_edits`) but not the same name up to case, accents, plural or a spelling convention
  (ou/u, ff/v: :func:`~mtaudit.lang.latin.phonetic_key`), nor another form of the word
  (Africa/African).
* :func:`spelling_variants`: two spellings of one name (Medvedev / Medvedeff), not two forms of a
  word (Suède / Suédois) nor a wrong link.
* :func:`romanizer_agrees`: whether arabic-name-romanizer offers a spelling for an Arabic name.
"""

from __future__ import annotations

from mtaudit.lang.latin import fold, levenshtein, phonetic_key, plural_insensitive


def max_edits(length: int) -> int:
    """Edits allowed for a near miss of a name of ``length`` letters."""
    return 1 if length <= 6 else 2


def near_miss(a: str, b: str) -> int | None:
    """Edit distance when ``a`` and ``b`` are near misses of each other (not the same name up to
    case, accents, plural or a spelling convention), else None."""
    if plural_insensitive(a) == plural_insensitive(b) or phonetic_key(a) == phonetic_key(b):
        return None
    fa, fb = fold(a), fold(b)
    short, long_ = sorted((fa, fb), key=len)
    if long_.startswith(short):  # another form of the word (Africa/African), not a misspelling
        return None
    limit = max_edits(min(len(fa), len(fb)))
    d = levenshtein(fa, fb, limit)
    if d > limit or d / max(len(fa), len(fb)) > 0.34:
        return None
    return d


def spelling_variants(a: str, b: str) -> bool:
    """Whether two spellings linked to one source word are variants of one name (Medvedev /
    Medvedeff, Hormuz / Ormuz) rather than two forms of a word (Suède / Suédois, Kurde /
    Kurdes) or a wrong link (very different words)."""
    if phonetic_key(a) == phonetic_key(b):
        return True
    fa, fb = plural_insensitive(a), plural_insensitive(b)
    short, long_ = sorted((fa, fb), key=len)
    if long_.startswith(short):
        return False
    limit = max_edits(len(short))
    if levenshtein(fa, fb, limit) > limit:
        return False
    common = next((i for i, (x, y) in enumerate(zip(fa, fb, strict=False)) if x != y),
                  len(short))
    # a difference in the ending only is inflection (Kurde / Kurdes), unless one letter
    # stands for another in a name of the same length (Said / Saed, Khan / Khin)
    return common < len(long_) - 2 or (
        len(fa) == len(fb) and sum(x != y for x, y in zip(fa, fb, strict=True)) == 1)


def case_like(template: str, word: str) -> str:
    """``word`` with the capitalisation of ``template`` (all capitals, initial capital, as is)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def romanizer_agrees(arabic: str, latin: str) -> bool:
    """Whether arabic-name-romanizer offers ``latin`` (up to spelling conventions)."""
    try:
        from mtaudit.entities.translit import romanize

        cands = romanize(arabic)
    except Exception:  # the romanizer is a second opinion only
        return False
    key = phonetic_key(latin)
    return any(phonetic_key(c) == key for c in cands)
