"""What a names check needs besides the text: the authorities (the user's entity list, the
built-in gazetteer) and the place-name forms derived from them.

:class:`NameResources` is built once per run, before any document work (the names detector's
``prepare``, :func:`mtaudit.entities.consistency.corpus_consistency`): a user entity list that
cannot be read or parsed raises :class:`~mtaudit.core.errors.InputError` /
:class:`~mtaudit.core.errors.ConfigError` there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.entities.authority import AuthorityIndex, load_authorities
from mtaudit.entities.extract import Mention
from mtaudit.lang.latin import fold, letter_tokens


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


def renders_name(m: Mention, min_len: int, res: NameResources) -> bool:
    """Whether a mention may be a rendering of a source name: long enough, not an acronym,
    not sentence-initial (unless NER says it is a name), not a foreign place name."""
    return (len(m.text) >= min_len and not m.text.isupper() and not m.initial
            and m.folded not in res.foreign_forms)
