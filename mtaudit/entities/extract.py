"""Name mentions in Latin-script text: spaCy NER (when a model for the language is installed)
plus capitalised-token heuristics.

A mention is one capitalised word ("Anna Petrova" gives two mentions): names are linked
and compared word by word.  A capitalised word counts when it is not sentence-initial, or when
NER puts it inside an entity; stop words never count.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mtaudit.lang.latin import fold, letter_tokens

# spaCy pipelines tried per language (first installed wins).
SPACY_MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_sm", "fr_core_news_md", "fr_core_news_lg"),
    "en": ("en_core_web_sm", "en_core_web_md"),
}
# Languages that capitalise every noun: a capitalised word is not evidence of a name there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
_OPENERS = set(" \t\u00a0\u202f«“\"'‘([{—–-*•·")
_TERMINATORS = set(".!?…:;\n\r|")
_ENTITY_LABELS = {"PER", "PERSON", "LOC", "GPE", "ORG", "MISC", "NORP", "FAC", "EVENT"}
_lock = threading.Lock()


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    ner: bool = False      # inside an NER entity
    initial: bool = False  # sentence-initial (capitalised anyway)
    label: str = ""        # the NER label of the entity holding it (PER, LOC...), if any

    @property
    def folded(self) -> str:
        return fold(self.text)


def _import_spacy() -> Any:
    """``import spacy`` without letting thinc import torch when nothing has imported it yet:
    the small CNN pipelines run on numpy, and torch's import alone cost 1 s of the 1.5 s
    spaCy import (measured: 1.52 -> 0.57 s CPU; the same entities). torch stays importable
    afterwards (an MT backend imports it as usual); thinc then just does not use it."""
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    with _lock:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" fails
        try:
            import spacy
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=8)
def load_ner(lang: str) -> Any | None:
    """The spaCy pipeline for ``lang`` with only what NER needs, or None if none is installed."""
    try:
        spacy = _import_spacy()
    except ImportError:  # pragma: no cover - spaCy is a core dependency
        return None
    names = SPACY_MODELS.get(lang, (f"{lang}_core_news_sm", f"{lang}_core_web_sm"))
    for name in names:
        try:
            with _lock:
                nlp = spacy.load(name, exclude=["parser", "lemmatizer", "morphologizer",
                                                "attribute_ruler", "senter", "tagger"])
        except (OSError, ValueError, ImportError):  # not installed, or built for another spaCy
            continue
        if "ner" in nlp.pipe_names:
            return nlp
    return None


NER_AUTO = "auto"


def ner_wanted(use_ner: bool | str, lang: str) -> bool:
    """Whether to run spaCy NER for ``lang``: ``True``/``False`` as given; ``"auto"`` only in
    languages that capitalise every noun (German-like), the one place it decides something.
    Elsewhere capitalisation marks the names and NER changed no flag where measured: the seed
    pair (23 flags either way) and the eight quran-json development chapters (26 either way),
    for 3 s of CPU and 90 MB per process (reports/bench_speed.md). Anything else raises
    :class:`~mtaudit.core.errors.ConfigError`."""
    if isinstance(use_ner, bool):
        return use_ner
    if use_ner != NER_AUTO:
        from mtaudit.core.errors import ConfigError

        raise ConfigError(f"names use_ner must be true, false or {NER_AUTO!r}, got {use_ner!r}")
    return lang in NOUN_CAPITALISING


@lru_cache(maxsize=16)
def capitalisation_marks_names(lang: str, use_ner: bool | str) -> bool:
    """Whether capitalised words can be taken as names: not in German-like languages, unless
    NER is there to tell names from nouns."""
    return lang not in NOUN_CAPITALISING or (ner_wanted(use_ner, lang)
                                             and load_ner(lang) is not None)


@lru_cache(maxsize=16)
def stop_words(lang: str) -> frozenset[str]:
    """Folded stop words: the copy shipped in ``mtaudit/data`` (no spaCy import), else spaCy's
    list for the language, else none."""
    from importlib import resources

    words: set[str] | frozenset[str] = set()
    data = resources.files("mtaudit").joinpath(f"data/stopwords_{lang}.txt")
    if data.is_file():
        words = {w.strip() for w in data.read_text(encoding="utf-8").splitlines()
                 if w.strip() and not w.startswith("#")}
    else:
        try:
            import importlib

            words = importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
        except (ImportError, AttributeError):
            words = set()
    return frozenset(fold(w) for w in words)


def is_sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _TERMINATORS


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def find_names(text: str, lang: str, *, use_ner: bool | str = True,
               include_initial: bool = False) -> list[Mention]:
    return find_names_many([text], lang, use_ner=use_ner, include_initial=include_initial)[0]


def find_names_many(texts: Sequence[str], lang: str, *, use_ner: bool | str = True,
                    include_initial: bool = False) -> list[list[Mention]]:
    """Name mentions of each text (one list per text, in text order).

    With ``include_initial``, sentence-initial capitalised words outside NER entities are
    returned too (``initial=True``): callers comparing against another text's names use them.
    """
    nlp = load_ner(lang) if ner_wanted(use_ner, lang) else None
    spans_per_text: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    if nlp is not None:
        with _lock:
            docs = list(nlp.pipe(texts, batch_size=32))
        for k, doc in enumerate(docs):
            spans_per_text[k] = [(e.start_char, e.end_char, e.label_) for e in doc.ents
                                 if e.label_ in _ENTITY_LABELS]
    stops = stop_words(lang)
    out: list[list[Mention]] = []
    for text, spans in zip(texts, spans_per_text, strict=True):
        mentions = []
        for tok, s, e in letter_tokens(text):
            if len(tok) < 2 or not _is_capitalised(tok):
                continue
            folded = fold(tok)
            if folded in stops:
                continue
            label = next((lab for a, b, lab in spans if a <= s and e <= b), None)
            in_ent = label is not None
            initial = not in_ent and is_sentence_initial(text, s)
            if initial and not include_initial:
                continue
            # a word right after an elided article ("L'Express") is not sentence-initial
            mentions.append(Mention(tok, s, e, in_ent, initial, label or ""))
        out.append(mentions)
    return out
