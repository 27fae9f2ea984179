"""Pipeline entry point: re-translate the source side of every aligned pair (cached), or take
the user's reference file instead."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError
from mtaudit.core.types import AlignedPair, Document

from .base import MTOptions, Translator, base_lang, joiner
from .cache import TranslationCache, cache_key

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Retranslation:
    """One re-translation (or reference) per pair, and what produced it.

    ``texts[i]`` is None where pair *i* has no source text. ``from_cache``/``translated`` count
    the distinct source sentences answered by the cache / by the model in this run,
    ``given`` those whose translation was handed in (made earlier by the same translator).
    """

    texts: tuple[str | None, ...]
    kind: str                       # "mt" or "reference"
    signature: dict[str, Any]       # model id, revision, backend, settings (or reference file)
    from_cache: int = 0
    translated: int = 0
    given: int = 0


class PivotTranslator(Translator):
    """``src`` → ``pivot`` with one model, then ``pivot`` → ``tgt`` with another."""

    backend = "pivot"

    def __init__(self, first: Translator, second: Translator, pivot: str = "en") -> None:
        super().__init__()
        self.first, self.second, self.pivot = first, second, pivot

    def signature(self) -> dict[str, Any]:
        return {"backend": "pivot", "pivot": self.pivot,
                "model": f"{self.first.signature()['model']}+{self.second.signature()['model']}",
                "steps": [self.first.signature(), self.second.signature()]}

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        middle = self.first.translate(texts, src, self.pivot)
        out = self.second.translate(middle, self.pivot, tgt)
        self.model_calls = self.first.model_calls + self.second.model_calls
        self.inputs = self.first.inputs + self.second.inputs
        self.loads = self.first.loads + self.second.loads
        return out


def check_backend(backend: str) -> None:
    """A ConfigError unless ``backend`` is a registered MT backend (nothing is imported)."""
    from mtaudit.core import plugins

    backends = plugins.names("mt backend")
    if backend not in backends:
        raise ConfigError(f"unknown mt backend {backend!r}; use {', '.join(backends)}")


def make_translator(model: str, backend: str, options: MTOptions) -> Translator:
    """One backend instance for one model (nothing is loaded yet). Backends are plugins of the
    ``mtaudit.mt_backends`` entry-point group (:mod:`mtaudit.core.plugins`): a class taking
    ``(model, options)`` and implementing :class:`~mtaudit.mt.base.Translator`."""
    from mtaudit.core import plugins

    check_backend(backend)
    return plugins.load("mt backend", backend)(model, options)


def get_translator(config: Any, options: MTOptions | None = None) -> Translator:
    """The translator ``config`` asks for: ``config.mt_model`` (a folder, a hub id, or two
    joined by ``+`` for a pivot), else the default for the pair (direct OPUS-MT model if it is
    available locally, else the English pivot pair). Raises ModelUnavailable if not local."""
    from mtaudit.core import plugins

    from .hub import choose_default

    if config.mt_backend not in plugins.names("mt backend"):
        raise ConfigError(f"unknown mt backend {config.mt_backend!r}; use "
                          f"{', '.join(plugins.names('mt backend'))}")
    opts = options or MTOptions.from_mapping(config.mt_options)
    model = config.mt_model
    if model and not Path(model).expanduser().exists() and "+" in model:
        models = [m.strip() for m in model.split("+")]
    elif model:
        models = [model]
    else:
        models = choose_default(config.src_lang, config.tgt_lang, opts.pivot)
    if len(models) == 1:
        return make_translator(models[0], config.mt_backend, opts)
    if len(models) == 2:
        return PivotTranslator(make_translator(models[0], config.mt_backend, opts),
                               make_translator(models[1], config.mt_backend, opts), opts.pivot)
    raise ConfigError(f"mt model {model!r}: give one model, or two joined by '+' (pivot)")


def group_size(batch_size: int) -> int:
    """How many texts go to the translator in one call: 4 batches' worth (it sorts and
    batches them itself)."""
    return max(1, batch_size * 4)


def translate_texts(translator: Translator, texts: Sequence[str], src: str, tgt: str, *,
                    cache: TranslationCache | None = None, batch_size: int = 16,
                    progress: Progress | None = None) -> tuple[list[str], int]:
    """Translate ``texts`` through the cache; returns the translations and how many came
    from the cache. Only texts missing from the cache reach the translator (and its model is
    not even loaded when none is missing). Blank texts translate to ``""``."""
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    signature = translator.signature()
    keys = {t: cache_key(signature, src, tgt, t) for t in unique}
    hits = cache.get_many(keys.values()) if cache is not None else {}
    done: dict[str, str] = {t: hits[keys[t]] for t in unique if keys[t] in hits}
    todo = [t for t in unique if t not in done]
    total = len(unique)
    if progress is not None:
        progress(len(done), total)
    step = group_size(batch_size)
    for start in range(0, len(todo), step):
        group = todo[start:start + step]
        outputs = translator.translate(group, src, tgt)
        if len(outputs) != len(group):
            raise RuntimeError(f"{type(translator).__name__} returned {len(outputs)} "
                               f"translations for {len(group)} inputs")
        new = dict(zip(group, outputs, strict=True))
        done.update(new)
        if cache is not None:
            cache.put_many({keys[t]: out for t, out in new.items()},
                           model=str(signature.get("model", "")))
        if progress is not None:
            progress(len(done), total)
    return [done.get(t, "") if t.strip() else "" for t in texts], len(hits)


def retranslate_pairs(pairs: Sequence[AlignedPair], source: Document, config: Any,
                      progress: Progress | None = None,
                      translations: Mapping[str, str] | None = None) -> Retranslation:
    """Re-translate the source side of each pair (config.mt_model / mt_backend / mt_options).
    A user's reference is not a translator: :mod:`mtaudit.app.reference` reads it. A pair's
    re-translation is the translation of each of its source segments, joined. Raises
    :class:`~mtaudit.core.errors.ModelUnavailable` when the model is not available locally,
    before any work.

    ``translations``: source segment text (stripped) -> its translation, already made by the
    translator this config names (the corpus MT stage, :mod:`mtaudit.app.corpus_mt`, batches
    the segments of many documents); only the segments missing from it go through the cache
    and the model, which is not loaded when none is missing. The signature is the
    translator's either way."""
    options = MTOptions.from_mapping(config.mt_options)
    translator = get_translator(config, options)
    src, tgt = config.src_lang, config.tgt_lang
    seg_texts = [seg.text.strip() for pair in pairs for seg in pair.source]
    given = translations or {}
    by_text = {t: given[t] for t in seg_texts if t in given}
    rest = [t for t in seg_texts if t and t not in given]
    from_cache = 0
    if rest:
        cache = TranslationCache(options.cache_dir) if options.cache else None
        try:
            outputs, from_cache = translate_texts(translator, rest, src, tgt, cache=cache,
                                                  batch_size=options.batch_size,
                                                  progress=progress)
        finally:
            if cache is not None:
                cache.close()
        by_text.update(zip(rest, outputs, strict=True))
    elif progress is not None:
        progress(len(by_text), len(by_text))
    glue = joiner(tgt)
    texts: list[str | None] = []
    for pair in pairs:
        if not pair.source:
            texts.append(None)
            continue
        parts = [by_text[s.text.strip()] for s in pair.source if s.text.strip()]
        texts.append(glue.join(p for p in parts if p))
    signature = {"kind": "mt", **translator.signature(), "src_lang": base_lang(src),
                 "tgt_lang": base_lang(tgt), "batch_size": options.batch_size,
                 "device": options.device, "cache": options.cache}
    unique = len({t for t in seg_texts if t})
    n_given = len({t for t in seg_texts if t in given})
    return Retranslation(tuple(texts), "mt", signature, from_cache=from_cache,
                         translated=unique - from_cache - n_given, given=n_given)
