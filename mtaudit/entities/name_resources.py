"""What a names check needs besides the text: the authorities (the user's entity list, the
built-in gazetteer) and the place-name forms derived from them.

:class:`NameResources` is built once per run, before any document work (the names detector's
``prepare``, :func:`mtaudit.entities.consistency.corpus_consistency`): a user entity list that
cannot be read or parsed raises :class:`~mtaudit.core.errors.InputError` /
:class:`~mtaudit.core.errors.ConfigError` there.

``resources["related"]`` (a path or a sequence of paths): monolingual documents in the target
language on the same subject (press articles, the house's earlier texts).  The capitalised
words they use inside sentences are house/press spellings of names (:class:`RelatedSpelling`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.entities.authority import AuthorityIndex, load_authorities
from mtaudit.entities.extract import Mention, find_names_many
from mtaudit.lang.latin import fold, letter_tokens

MAX_RELATED = 50  # related documents per run
MAX_RELATED_MB = 20.0  # each


@dataclass(frozen=True)
class RelatedSpelling:
    """A name as the related documents spell it."""

    surface: str                 # the most frequent capitalisation
    count: int                   # occurrences inside sentences, all documents together
    files: tuple[str, ...]       # the documents' file names


class NameResources:
    """The authorities for one language pair and the target forms they accept or reject."""

    def __init__(self, src_lang: str, tgt_lang: str, resources: Mapping[str, Any],
                 gazetteer: bool) -> None:
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        entities = resources.get("entities")
        if entities is not None and not isinstance(entities, str | os.PathLike):
            raise ConfigError(f"resources['entities'] must be the path of an entity list, "
                              f"not {type(entities).__name__}")
        try:
            self.authorities: AuthorityIndex = load_authorities(
                src_lang, tgt_lang, entities, gazetteer)
        except OSError as exc:  # permissions, I/O error: not a crash, a message for the user
            if entities is None:
                raise
            raise InputError(f"entity list {entities} cannot be read: "
                             f"{exc.strerror or exc}") from None
        foreign: set[str] = set()
        accepted: set[str] = set()
        for a in self.authorities.items:
            for o in a.other:
                foreign.update(fold(t) for t, _, _ in letter_tokens(o))
            for o in a.accepted:
                accepted.update(fold(t) for t, _, _ in letter_tokens(o))
        # English (etc.) place names that are not also target-language names
        self.foreign_forms = frozenset(foreign - accepted)
        self.accepted_forms = frozenset(accepted)
        self.related_files, self.related = load_related(resources.get("related"), tgt_lang)


def _related_paths(value: Any) -> tuple[str, ...]:
    if value is None or value == ():
        return ()
    items = [value] if isinstance(value, str | os.PathLike) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str | os.PathLike)
                                                     for v in items):
        raise ConfigError("resources['related'] must be a path or a list of paths of "
                          "target-language documents")
    if len(items) > MAX_RELATED:
        raise ConfigError(f"at most {MAX_RELATED} related documents, not {len(items)}")
    return tuple(dict.fromkeys(str(v) for v in items))


def load_related(value: Any, tgt_lang: str) -> tuple[tuple[str, ...],
                                                      dict[str, RelatedSpelling]]:
    """The related documents' names (folded spelling -> :class:`RelatedSpelling`): the
    capitalised words inside sentences, not stop words."""
    from mtaudit.ingest.text import read_text

    paths = _related_paths(value)
    texts = []
    for path in paths:  # the checks of every input: regular file, size, binary, encoding
        try:
            texts.append(read_text(path, tgt_lang, int(MAX_RELATED_MB * 2**20)))
        except InputError as exc:
            raise InputError(f"related document {exc}") from None
    counts: dict[str, dict[str, int]] = {}
    files: dict[str, list[str]] = {}
    for path, mentions in zip(paths, find_names_many(texts, tgt_lang, use_ner=False),
                              strict=True):
        for m in mentions:
            if len(m.text) < 3 or m.text.isupper():
                continue
            key = fold(m.text)
            by_surface = counts.setdefault(key, {})
            by_surface[m.text] = by_surface.get(m.text, 0) + 1
            names = files.setdefault(key, [])
            if Path(path).name not in names:
                names.append(Path(path).name)
    spellings = {k: RelatedSpelling(max(v, key=lambda s: v[s]), sum(v.values()),
                                    tuple(files[k])) for k, v in counts.items()}
    return tuple(Path(p).name for p in paths), spellings


def renders_name(m: Mention, min_len: int, res: NameResources) -> bool:
    """Whether a mention may be a rendering of a source name: long enough, not an acronym,
    not sentence-initial (unless NER says it is a name), not a foreign place name."""
    return (len(m.text) >= min_len and not m.text.isupper() and not m.initial
            and m.folded not in res.foreign_forms)
