"""Glossaries (terminology and entity lists): loading TSV / TBX and matching terms in text.

TSV, UTF-8, one entry per line, ``#`` comments and blank lines ignored, optional header::

    source<TAB>accepted target 1|accepted target 2[<TAB>severity[<TAB>note]]

TBX (TBX 2 ``martif``/``termEntry``/``langSet``/``tig`` or TBX 3 ``conceptEntry``/``langSec``/
``termSec``): each entry's terms in the source language become sources, its terms in the target
language the accepted targets; a ``descrip`` / ``termNote`` / ``note`` of type ``severity`` (or
``mtaudit-severity``) sets the entry's severity.

Matching: Arabic after normalisation (:func:`mtaudit.lang.arabic.normalize_arabic`: diacritics
and Qur'anic marks, tatweel, alef/hamza forms, ta marbuta...) with proclitics و ف ب ل ك ال
removed, token by token so spans stay on the original text; other languages case- and
accent-insensitively, French with elision (l', d'...) dropped and plural -s/-x/-aux tolerated.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mtaudit.core.errors import ConfigError, InputError
from mtaudit.core.text import base_lang
from mtaudit.core.types import SEVERITIES
from mtaudit.lang.arabic import arabic_tokens, base_form, stems
from mtaudit.lang.latin import fold, french_stem, letter_tokens, plural_insensitive

_ELIDED = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}
_APOSTROPHES = "'’ʼ"
_DAGGER_ALEF = "\u0670"


@dataclass(frozen=True)
class GlossaryEntry:
    source: str
    targets: tuple[str, ...]
    severity: str | None = None
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    path: str | None = None

    def __len__(self) -> int:
        return len(self.entries)


# ----- loading ------------------------------------------------------------------------------

def load_glossary(path: str | Path, src_lang: str = "ar", tgt_lang: str = "fr", *,
                  kind: str = "glossary") -> Glossary:
    """Read a TSV or TBX glossary (or, with ``kind="entity list"``, an entity list in the same
    formats); raises :class:`ConfigError` / :class:`InputError` naming ``kind``."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{kind} not found: {p}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{kind} {p} is not UTF-8 text") from None
    if p.suffix.lower() in (".tbx", ".xml") or text.lstrip().startswith("<"):
        entries = _parse_tbx(text, p, src_lang, tgt_lang)
    else:
        entries = _parse_tsv(text, p)
    if not entries:
        raise ConfigError(f"{kind} {p} has no {src_lang}→{tgt_lang} entries")
    return Glossary(tuple(entries), str(p))


def _severity(value: str | None, where: str) -> str | None:
    if value is None or not value.strip():
        return None
    v = value.strip().lower()
    if v not in SEVERITIES:
        raise ConfigError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, "
                          f"not {value!r}")
    return v


def _split_targets(field: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in field.split("|") if t.strip())


def _parse_tsv(text: str, p: Path) -> list[GlossaryEntry]:
    entries = []
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    first = True
    for n, row in enumerate(rows, 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        is_header = first and row[0].strip().lower() in ("source", "src", "term", "source term")
        first = False
        if is_header:
            continue
        if len(row) < 2 or not row[0].strip() or not _split_targets(row[1]):
            raise ConfigError(f"{p}:{n}: expected 'source<TAB>target1|target2[<TAB>severity]'")
        severity = _severity(row[2] if len(row) > 2 else None, f"{p}:{n}")
        note = row[3].strip() if len(row) > 3 and row[3].strip() else None
        entries.append(GlossaryEntry(row[0].strip(), _split_targets(row[1]), severity, note, n))
    return entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _lang_of(el) -> str:  # type: ignore[no-untyped-def]
    for k, v in el.attrib.items():
        if _local(k) == "lang":
            return base_lang(v)
    return ""


def _parse_tbx(text: str, p: Path, src_lang: str, tgt_lang: str) -> list[GlossaryEntry]:
    import xml.etree.ElementTree as ET

    if "<!ENTITY" in text:
        raise InputError(f"{p}: TBX with entity declarations is not accepted")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"{p}: not well-formed TBX ({exc})") from None
    entries = []
    for k, entry in enumerate(el for el in root.iter() if _local(el.tag) in ("termEntry",
                                                                            "conceptEntry")):
        terms: dict[str, list[str]] = {}
        severity = None
        for lang_el in (el for el in entry.iter() if _local(el.tag) in ("langSet", "langSec")):
            lang = _lang_of(lang_el)
            for term_el in (el for el in lang_el.iter() if _local(el.tag) == "term"):
                if term_el.text and term_el.text.strip():
                    terms.setdefault(lang, []).append(term_el.text.strip())
        for el in entry.iter():
            if (_local(el.tag) in ("descrip", "termNote", "note", "admin")
                    and el.attrib.get("type", "").lower() in ("severity", "mtaudit-severity")):
                severity = _severity(el.text, f"{p}: entry {k + 1}")
        for source in terms.get(src_lang, ()):
            targets = tuple(dict.fromkeys(terms.get(tgt_lang, ())))
            if targets:
                entries.append(GlossaryEntry(source, targets, severity, None, None))
    return entries


# ----- matching -----------------------------------------------------------------------------

@dataclass(frozen=True)
class TermToken:
    keys: frozenset[str]   # what this text token may stand for
    start: int
    end: int


def _content_tokens(text: str) -> list[tuple[str, int, int]]:
    """Letter tokens without elided articles/pronouns (the l of l'interdiction)."""
    out = []
    for tok, s, e in letter_tokens(text):
        if e < len(text) and text[e] in _APOSTROPHES and fold(tok) in _ELIDED:
            continue
        out.append((tok, s, e))
    return out


def _latin_key(token: str, lang: str) -> str:
    return french_stem(token) if lang == "fr" else plural_insensitive(token)


def text_tokens(text: str, lang: str) -> list[TermToken]:
    """Tokens of a text with the keys they can match."""
    if lang == "ar":
        # stems() gives the word with and without proclitics and article; a vocalised word
        # with a dagger alef also matches the spelling without the alef (ٱلرَّحۡمَٰن: الرحمن)
        return [TermToken(frozenset(stems(tok) + _dagger_stems(text[s0:e0])), s0, e0)
                for tok, s0, e0 in arabic_tokens(text)]
    return [TermToken(frozenset({_latin_key(t, lang), fold(t)}), s, e)
            for t, s, e in _content_tokens(text)]


def _dagger_stems(word: str) -> tuple[str, ...]:
    """The stems of an Arabic word read without its dagger alefs (none when it has none)."""
    return stems(word.replace(_DAGGER_ALEF, "")) if _DAGGER_ALEF in word else ()


def term_key(term: str, lang: str) -> tuple[str, ...]:
    """Key sequence of a glossary term."""
    if lang == "ar":
        return tuple(base_form(t) for t, _, _ in arabic_tokens(term))
    return tuple(_latin_key(t, lang) for t, _, _ in _content_tokens(term))


def find_term(key: Sequence[str], tokens: Sequence[TermToken]) -> list[tuple[int, int]]:
    """Character spans where the key sequence occurs among ``tokens``."""
    n = len(key)
    if n == 0:
        return []
    hits = []
    for i in range(len(tokens) - n + 1):
        if all(key[k] in tokens[i + k].keys for k in range(n)):
            hits.append((tokens[i].start, tokens[i + n - 1].end))
    return hits


_WS = re.compile(r"\s+")


def display(term: str) -> str:
    return _WS.sub(" ", term).strip()
