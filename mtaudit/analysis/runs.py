"""Runs of unmatched content words between a text and another rendering of it.

Two renderings of one sentence (a translation and a re-translation, say) are compared word by
word, shift-insensitively: a content word is *unmatched* when the other text has no word equal
to it or sharing its stem (:func:`mtaudit.analysis.words.same_word`) anywhere. A *run* is a
stretch of unmatched words that may bridge non-content tokens (stop words, short words) but not
a matched content word. The omission detector looks for the longest run of the re-translation
missing in the translation; the mistranslation detector pairs runs of both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtaudit.analysis.words import is_content, same_word


def unmatched(tokens: Sequence[tuple[int, int, str]], others: Sequence[str], lang: str
              ) -> tuple[list[bool], list[bool]]:
    """(content, missing) per token of ``tokens`` (``words`` output): whether it is a content
    word of ``lang``, and whether it is a content word with no same word among ``others``."""
    content = [is_content(w, lang) for _, _, w in tokens]
    missing = [c and not any(same_word(w, o) for o in others)
               for c, (_, _, w) in zip(content, tokens, strict=True)]
    return content, missing


def runs(flags: Sequence[bool], content: Sequence[bool]) -> list[tuple[int, int, int]]:
    """Runs of True in ``flags`` that may bridge non-content tokens: (i0, i1, n_true).

    ``i0`` and ``i1`` are the first and last True of the run (inclusive), ``n_true`` the number
    of True inside it; a False token that is a content word ends the run.
    """
    out = []
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j, n, last = i, 0, i
        while j < len(flags) and (flags[j] or not content[j]):
            if flags[j]:
                n, last = n + 1, j
            j += 1
        out.append((i, last, n))
        i = j
    return out


def longest_run(flags: Sequence[bool], content: Sequence[bool]
                ) -> tuple[int, int, int] | None:
    """The run of :func:`runs` with the most True tokens (the first of equals), or None."""
    found = runs(flags, content)
    return max(found, key=lambda r: r[2]) if found else None
