"""Split a sentence that is too long for the model into pieces that fit, instead of letting the
tokenizer truncate it silently. Cuts at clause punctuation first, then at spaces, then inside
a word (last resort). Pieces are translated separately and their translations joined."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# Clause punctuation of several scripts (Latin, Arabic, CJK) followed by optional space.
_CLAUSE = re.compile(r"(?<=[,;:،؛，、；：)\]»”])\s+|(?<=[.!?。！？])\s+")
_SPACE = re.compile(r"\s+")


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split ``text`` after each match, keeping the separators (so pieces join back to text)."""
    pieces, last = [], 0
    for m in pattern.finditer(text):
        if m.end() > last and m.start() > 0:
            pieces.append(text[last:m.end()])
            last = m.end()
    pieces.append(text[last:])
    return [p for p in pieces if p]


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Pieces of ``text`` (stripped) whose ``count`` (tokens) is at most ``limit`` each."""
    text = text.strip()
    if not text or len(text) == 1 or count(text) <= limit:
        return [text] if text else []
    for pattern in (_CLAUSE, _SPACE, None):
        if pattern is None:
            half = len(text) // 2
            parts = [text[:half], text[half:]]
        else:
            parts = _split_keep(text, pattern)
        if len(parts) > 1:
            break
    chunks: list[str] = []
    current = ""
    for part in parts:
        candidate = current + part
        if current and count(candidate.strip()) > limit:
            chunks.append(current.strip())
            current = part
        else:
            current = candidate
        if count(current.strip()) > limit:
            chunks.extend(split_to_fit(current, count, limit))
            current = ""
    if current.strip():
        chunks.append(current.strip())
    return [c for c in chunks if c]


def chunk_texts(texts: Sequence[str], count: Callable[[str], int],
                limit: int) -> tuple[list[str], list[int]]:
    """All pieces of all ``texts`` and, for each piece, the index of the text it came from."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for piece in split_to_fit(text, count, limit):
            pieces.append(piece)
            owner.append(i)
    return pieces, owner


def rejoin(owner: Sequence[int], outputs: Sequence[str], n: int, glue: str) -> list[str]:
    """Join the translations of the pieces back into one translation per text."""
    parts: list[list[str]] = [[] for _ in range(n)]
    for i, out in zip(owner, outputs, strict=True):
        if out.strip():
            parts[i].append(out.strip())
    return [glue.join(p) for p in parts]
