"""Authoritative spellings: the built-in gazetteer plus a user entity list (glossary format).

An :class:`Authority` says "when the source names X, the target writes one of these".  User
entries come first and override the gazetteer for the same source key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtaudit.entities.glossary import TermToken, find_term, load_glossary, term_key, text_tokens


@dataclass(frozen=True)
class Authority:
    source: str
    key: tuple[str, ...]
    accepted: tuple[str, ...]          # target-language spellings
    other: tuple[str, ...] = ()        # the same place in other languages (English...)
    origin: str = "gazetteer"


@dataclass(frozen=True)
class AuthorityIndex:
    items: tuple[Authority, ...]
    by_first: dict[str, tuple[Authority, ...]]

    def present(self, tokens: Sequence[TermToken]) -> list[tuple[Authority, tuple[int, int]]]:
        """Authorities whose source name occurs among ``tokens`` (with the source span)."""
        out: list[tuple[Authority, tuple[int, int]]] = []
        seen: set[tuple[str, ...]] = set()
        for i, tok in enumerate(tokens):
            for k in tok.keys:
                for a in self.by_first.get(k, ()):
                    if a.key in seen:
                        continue
                    hits = find_term(a.key, tokens[i:i + len(a.key)])
                    if hits:
                        seen.add(a.key)
                        out.append((a, hits[0]))
        return out


def _index(items: Sequence[Authority]) -> AuthorityIndex:
    by_first: dict[str, list[Authority]] = {}
    seen: set[tuple[str, ...]] = set()
    kept = []
    for a in items:
        if not a.key or a.key in seen:  # first wins: user entries before the gazetteer
            continue
        seen.add(a.key)
        kept.append(a)
        by_first.setdefault(a.key[0], []).append(a)
    return AuthorityIndex(tuple(kept), {k: tuple(v) for k, v in by_first.items()})


@lru_cache(maxsize=8)
def _gazetteer_authorities(src_lang: str, tgt_lang: str) -> tuple[Authority, ...]:
    from mtaudit.entities.gazetteer import load_gazetteer

    gaz = load_gazetteer(src_lang, tgt_lang)
    merged: dict[tuple[str, ...], tuple[str, list[str], list[str]]] = {}
    for place in gaz.places:
        accepted = place.names.get(tgt_lang, ())
        if not accepted:
            continue
        other = [n for lang, names in place.names.items() if lang not in (src_lang, tgt_lang)
                 for n in names]
        for name in place.names.get(src_lang, ()):
            key = term_key(name, src_lang)
            entry = merged.setdefault(key, (name, [], []))
            entry[1].extend(a for a in accepted if a not in entry[1])
            entry[2].extend(o for o in other if o not in entry[2])
    return tuple(Authority(src, key, tuple(acc), tuple(oth), "gazetteer")
                 for key, (src, acc, oth) in merged.items())


@lru_cache(maxsize=32)
def _user_authorities(path: str, src_lang: str, tgt_lang: str) -> tuple[Authority, ...]:
    g = load_glossary(path, src_lang, tgt_lang, kind="entity list")
    return tuple(Authority(e.source, term_key(e.source, src_lang), e.targets, (),
                           f"entity list {Path(path).name}") for e in g.entries)


def load_authorities(src_lang: str, tgt_lang: str, entities: str | Path | None = None,
                     gazetteer: bool = True) -> AuthorityIndex:
    items: list[Authority] = []
    if entities is not None:
        items.extend(_user_authorities(str(entities), src_lang, tgt_lang))
    if gazetteer:
        items.extend(_gazetteer_authorities(src_lang, tgt_lang))
    return _index(items)


def source_tokens(text: str, src_lang: str) -> list[TermToken]:
    return text_tokens(text, src_lang)
