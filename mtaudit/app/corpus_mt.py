"""The MT stage of a corpus run: before the audits, the source segments of every pending pair
whose config asks for an MT re-translation are translated in batches drawn across pairs.

Each pair's distinct source segments (read and segmented as its audit will read them) are
pooled per MT setting (model, backend, options, languages), identical segments translated once,
and cut into batches of ``4 × batch_size`` sentences, what one translator call takes
(:func:`mtaudit.mt.retranslate.group_size`), sorted by length so a batch pads little,
each batch holding the segments of many pairs. :class:`SegmentTranslator` holds one translator
per setting, so its model is loaded once per process (a Ray actor, or this one), and goes
through the re-translation cache as the audit would. Each pair's audit then gets its
translations (:class:`~mtaudit.app.retranslation.Pretranslated`) and loads no model; the
report's re-translation signature is the translator's, as in a single audit.

A model that cannot be had (:class:`~mtaudit.core.errors.ModelUnavailable`) ends each pair
that needed it as its single audit would: the audit raises the same error (a notice, or the
error with ``require_retranslation``). Any other failure hands nothing over: the pair's audit
then re-translates by itself and meets (and records) the error itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mtaudit.app.config import AuditConfig
    from mtaudit.app.corpus_run import CorpusPair
    from mtaudit.app.retranslation import Pretranslated
    from mtaudit.mt.base import Translator

Progress = Callable[[str, int, int], None]


def wants_mt(config: AuditConfig) -> bool:
    """Whether an audit with ``config`` re-translates with an MT model."""
    return config.mt_model != "none" and not config.reference


def mt_key(config: AuditConfig) -> str:
    """What a re-translation depends on: the model, backend, options and languages."""
    return json.dumps([config.mt_model, config.mt_backend, dict(config.mt_options),
                       config.src_lang, config.tgt_lang], sort_keys=True, default=str)


def source_texts(source: str, target: str | None, config: AuditConfig) -> list[str] | None:
    """The distinct, non-blank source segments (stripped) of a pair, as its audit reads them;
    None when the pair cannot be read (its audit records why)."""
    from mtaudit.app.pipeline import load_inputs

    try:
        inputs = load_inputs(source, target, config)
    except Exception:  # the pair's own audit meets and records it
        return None
    return list(dict.fromkeys(t for s in inputs.source_segments if (t := s.text.strip())))


def probe(config: AuditConfig) -> tuple[bool, str | None]:
    """(whether the translator could be made, the ModelUnavailable message if not): a model
    that is not on this machine fails here at once, before any actor starts."""
    from mtaudit.core.errors import ModelUnavailable
    from mtaudit.mt import get_translator

    try:
        get_translator(config)
    except ModelUnavailable as exc:
        return False, str(exc)
    except Exception:  # e.g. a bad model folder: the audit raises (and records) it itself
        return False, None
    return True, None


@dataclass(frozen=True)
class JobResult:
    """One batch translated (``translations``), or not: ``unavailable`` is the
    ModelUnavailable message, or None for any other failure."""

    translations: tuple[str, ...] | None
    unavailable: str | None = None


class SegmentTranslator:
    """The translators of a corpus's MT settings, each made once and its model loaded once."""

    def __init__(self, configs: Mapping[int, AuditConfig]) -> None:
        self.configs = dict(configs)
        self.translators: dict[int, Translator] = {}
        self.batches = 0

    def run(self, key: int, texts: Sequence[str]) -> JobResult:
        from mtaudit.core.errors import ModelUnavailable
        from mtaudit.mt import MTOptions, TranslationCache, get_translator, translate_texts

        config = self.configs[key]
        self.batches += 1
        try:
            options = MTOptions.from_mapping(config.mt_options)
            if key not in self.translators:
                self.translators[key] = get_translator(config, options)
            cache = TranslationCache(options.cache_dir) if options.cache else None
            try:
                out, _ = translate_texts(self.translators[key], texts, config.src_lang,
                                         config.tgt_lang, cache=cache,
                                         batch_size=options.batch_size)
            finally:
                if cache is not None:
                    cache.close()
        except ModelUnavailable as exc:
            return JobResult(None, str(exc))
        except Exception:  # the audits of these pairs re-translate and meet it themselves
            return JobResult(None)
        return JobResult(tuple(out))

    def counts(self) -> dict[str, Any]:
        """pid, batches done, model loads and model calls of this process."""
        ts = self.translators.values()
        return {"pid": os.getpid(), "batches": self.batches, "loads": sum(t.loads for t in ts),
                "model_calls": sum(t.model_calls for t in ts)}


@dataclass
class MTPlan:
    """The MT stage of a run: settings, each pair's segments, and the batches."""

    configs: dict[int, AuditConfig] = field(default_factory=dict)  # setting id -> a config
    key_of: dict[int, int] = field(default_factory=dict)           # pair index -> setting id
    texts_of: dict[int, list[str]] = field(default_factory=dict)   # pair index -> its segments
    unavailable: dict[int, str] = field(default_factory=dict)      # setting id -> message
    jobs: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)

    @classmethod
    def of(cls, pairs: Sequence[CorpusPair], todo: Iterable[int]) -> MTPlan:
        plan, ids = cls(), {}
        for i in todo:
            cfg = pairs[i].config
            if wants_mt(cfg):
                kid = ids.setdefault(mt_key(cfg), len(ids))
                plan.configs.setdefault(kid, cfg)
                plan.key_of[i] = kid
        return plan

    def probe_all(self) -> set[int]:
        """Probe each setting's translator; the ids of those that cannot be made."""
        bad = set()
        for kid, cfg in self.configs.items():
            ok, message = probe(cfg)
            if not ok:
                bad.add(kid)
                if message:
                    self.unavailable[kid] = message
        return bad

    def make_jobs(self, skip: Collection[int] = ()) -> None:
        """Pool the pairs' segments per setting (identical ones once) into batches."""
        from mtaudit.mt import MTOptions, group_size

        pooled: dict[int, set[str]] = {}
        for i, texts in self.texts_of.items():
            if self.key_of[i] not in skip:
                pooled.setdefault(self.key_of[i], set()).update(texts)
        self.jobs = []
        for kid in sorted(pooled):
            size = group_size(MTOptions.from_mapping(self.configs[kid].mt_options).batch_size)
            ordered = sorted(pooled[kid], key=lambda t: (len(t), t))
            self.jobs += [(kid, tuple(ordered[k:k + size]))
                          for k in range(0, len(ordered), size)]

    def handovers(self, results: Sequence[JobResult]) -> dict[int, Pretranslated | None]:
        """Each pair's translations (or the unavailable model); None where nothing is handed
        over (the pair's audit re-translates by itself)."""
        from mtaudit.app.retranslation import Pretranslated

        done: dict[tuple[int, str], tuple[str | None, str | None]] = {}
        for (kid, texts), r in zip(self.jobs, results, strict=True):
            outs = r.translations or (None,) * len(texts)
            done.update(((kid, t), (o, r.unavailable)) for t, o in zip(texts, outs, strict=True))
        out: dict[int, Pretranslated | None] = {}
        for i, kid in self.key_of.items():
            if kid in self.unavailable:
                out[i] = Pretranslated(unavailable=self.unavailable[kid])
            elif i not in self.texts_of:  # unreadable, or its translator cannot be made
                out[i] = None
            else:
                got = [done.get((kid, t), (None, None)) for t in self.texts_of[i]]
                lost = [u for o, u in got if o is None]
                if any(lost):
                    out[i] = Pretranslated(unavailable=next(u for u in lost if u))
                elif lost:
                    out[i] = None
                else:
                    out[i] = Pretranslated(dict(zip(self.texts_of[i],
                                                    (str(o) for o, _ in got), strict=True)))
        return out

    def figures(self, workers: Sequence[dict[str, Any]], seconds: float) -> dict[str, Any]:
        """What the stage did: segments, distinct ones, batches, pairs per batch, actors."""
        owners: dict[tuple[int, str], set[int]] = {}
        for i, texts in self.texts_of.items():
            for t in texts:
                owners.setdefault((self.key_of[i], t), set()).add(i)
        spans = [len(set().union(*(owners[(kid, t)] for t in texts)))
                 for kid, texts in self.jobs]
        return {"segments": sum(len(t) for t in self.texts_of.values()),
                "distinct": sum(len(t) for _, t in self.jobs), "batches": len(self.jobs),
                "batch_max": max((len(t) for _, t in self.jobs), default=0),
                "pairs_per_batch_max": max(spans, default=0),
                "unavailable": sorted(set(self.unavailable.values())),
                "workers": sorted(workers, key=lambda w: w["pid"]), "seconds": round(seconds, 3)}


def encode(given: Pretranslated | None) -> str:
    """A hand-over as a string (a Ray Data column): "" for None."""
    if given is None:
        return ""
    return json.dumps({"t": dict(given.translations), "u": given.unavailable},
                      ensure_ascii=False)


def decode(text: str) -> Pretranslated | None:
    from mtaudit.app.retranslation import Pretranslated

    if not text:
        return None
    data = json.loads(text)
    return Pretranslated(data["t"], data["u"])


def run_mt_local(pairs: Sequence[CorpusPair], todo: Sequence[int], stats: dict[str, Any],
                 progress: Progress | None = None) -> dict[int, Pretranslated | None]:
    """The MT stage in this process: each pending pair's hand-over (see the module doc)."""
    import time

    t0 = time.perf_counter()
    plan = MTPlan.of(pairs, todo)
    if not plan.key_of:
        return {}
    bad = plan.probe_all()
    for i, kid in plan.key_of.items():
        if kid not in bad:
            texts = source_texts(pairs[i].source, pairs[i].target, pairs[i].config)
            if texts is not None:
                plan.texts_of[i] = texts
    plan.make_jobs(bad)
    translator = SegmentTranslator(plan.configs)
    results: list[JobResult] = []
    total, done = sum(len(t) for _, t in plan.jobs), 0
    for kid, texts in plan.jobs:
        results.append(translator.run(kid, texts))
        done += len(texts)
        if progress:
            progress("retranslate", done, total)
    stats["mt"] = plan.figures([translator.counts()] if plan.jobs else [],
                               time.perf_counter() - t0)
    return plan.handovers(results)
