"""The audit pipeline, as a recipe of named steps.

    load -> check languages -> segment -> embed & align -> check related -> similarities
         -> re-translate -> score -> detect -> MQM -> report

Each step is a small function (the checks in :mod:`mtaudit.app.checks`, re-translation and
scores in :mod:`mtaudit.app.retranslation`, detection in :mod:`mtaudit.app.detection`);
:func:`audit` only strings them together. Heavy backends
(embedder, lingua, spaCy, MT models) are loaded lazily by the steps that need them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mtaudit.app.checks import (
    check_config,
    check_languages,
    check_proportions,
    check_reference,
    check_related,
)
from mtaudit.app.config import AuditConfig
from mtaudit.app.detection import Prepared, detect, drop_subsumed, load_detectors
from mtaudit.app.retranslation import RetranslationStep, retranslate, score
from mtaudit.core.errors import InputError, ModelUnavailable
from mtaudit.core.plugins import shadowed as shadowed_plugins
from mtaudit.core.types import AlignedPair, Bead, Document, Flag, PairResult, Segment
from mtaudit.core.version import __version__
from mtaudit.detectors import DetectorContext
from mtaudit.report.model import AuditReport

# progress(stage, done, total)
Progress = Callable[[str, int, int], None]

SEGMENTER_SIGNATURE = "rules/1"


@dataclass(frozen=True)
class Inputs:
    source: Document
    target: Document
    source_segments: tuple[Segment, ...]
    target_segments: tuple[Segment, ...]
    beads: tuple[Bead, ...] | None  # given by pre-aligned formats


# ----------------------------------------------------------------------------------------------
# Steps
# ----------------------------------------------------------------------------------------------
def resolve_config(config: AuditConfig | None, overrides: dict[str, Any]) -> AuditConfig:
    config = config or AuditConfig()
    known = {f.name for f in fields(AuditConfig)}
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"unknown audit option(s): {', '.join(sorted(unknown))}")
    return config.with_(**overrides) if overrides else config


def load_inputs(source: Any, target: Any, config: AuditConfig) -> Inputs:
    """Read the files (or take the given Documents) and segment plain-text documents, checking
    the input limits right after reading and segmenting (before any model is loaded)."""
    from mtaudit.ingest import load_pair, segment_document
    from mtaudit.ingest.text import check_words

    limits = config.input_limits()
    if isinstance(source, Document):
        if not isinstance(target, Document):
            raise InputError("when the source is a Document, the target must be one too")
        src_doc, tgt_doc, src_segs, tgt_segs, beads = source, target, None, None, None
        for doc, side in ((src_doc, "source"), (tgt_doc, "target")):
            if not doc.text.strip():
                raise InputError(f"the {side} document is empty")
            check_words(doc.text, doc.path or f"the {side} document", limits)
    else:
        loaded = load_pair(source, target, config.src_lang, config.tgt_lang, limits=limits)
        src_doc, tgt_doc = loaded.source, loaded.target
        src_segs, tgt_segs, beads = (loaded.source_segments, loaded.target_segments, loaded.beads)
    if src_segs is None:
        src_segs = segment_document(src_doc, limits, config.src_lang, by_line=config.segmented)
    if tgt_segs is None:
        tgt_segs = segment_document(tgt_doc, limits, config.tgt_lang, by_line=config.segmented)
    return Inputs(src_doc, tgt_doc, tuple(src_segs), tuple(tgt_segs),
                  tuple(beads) if beads is not None else None)


#: Software catalogs: units paired by id, short UI strings and messages (not TMX: a
#: translation memory holds prose sentences, which the similarity checks serve).
SOFTWARE_CATALOGS = frozenset({"po", "xliff"})


def is_catalog(inputs: Inputs) -> bool:
    """Whether the input is a software catalog (PO, XLIFF): no alignment, no sentence models."""
    return inputs.beads is not None and inputs.source.fmt in SOFTWARE_CATALOGS


def for_catalog(detectors: Sequence[Prepared], config: AuditConfig) -> list[Prepared]:
    """The detectors for a catalog: the names detector without spaCy NER (UI strings are not
    running prose; NER there costs seconds of model loading for mostly capitalised UI words),
    unless its ``use_ner`` option was given."""
    from dataclasses import replace

    from mtaudit.detectors import get_detector

    out = []
    for p in detectors:
        opts = dict(config.detector_options.get(p.detector.name) or {})
        if p.detector.name == "names" and "use_ner" not in opts:
            p = replace(p, detector=get_detector("names", {**opts, "use_ner": False}))
        out.append(p)
    return out


def load_embedder(config: AuditConfig, notices: list[str]) -> Any | None:
    """The sentence embedder, or None (length-only alignment) with a notice saying why."""
    if config.embedder in ("none", "", None):
        notices.append("no sentence embedder (--embedder none): alignment uses sentence "
                       "lengths only (Gale–Church) and no similarity is computed")
        return None
    from mtaudit.embed import get_embedder

    try:
        return get_embedder(config.embedder)
    except ModelUnavailable as exc:
        notices.append(f"sentence embedder unavailable ({exc}); alignment falls back to "
                       "sentence lengths only (Gale–Church) and no similarity is computed")
        return None


def align_inputs(inputs: Inputs, embedder: Any | None, config: AuditConfig,
                 progress: Progress | None) -> tuple[Bead, ...]:
    if inputs.beads is not None:
        return inputs.beads
    from mtaudit.align import align

    cb = (lambda done, total: progress("align", done, total)) if progress else None
    return tuple(align([s.text for s in inputs.source_segments],
                       [s.text for s in inputs.target_segments],
                       embedder=embedder, config=config.align, progress=cb))


def build_pairs(inputs: Inputs, beads: Sequence[Bead]) -> tuple[AlignedPair, ...]:
    return tuple(
        AlignedPair.from_segments(i, inputs.source, inputs.target,
                                  tuple(inputs.source_segments[j] for j in b.src),
                                  tuple(inputs.target_segments[j] for j in b.tgt), b.confidence)
        for i, b in enumerate(beads))


def pair_similarities(pairs: Sequence[AlignedPair],
                      embedder: Any | None) -> tuple[float | None, ...] | None:
    """Cosine similarity of each pair's source and target text (None for 0-1 / 1-0 pairs)."""
    if embedder is None:
        return None
    both = [p for p in pairs if p.source and p.target]
    if not both:
        return tuple(None for _ in pairs)
    src = embedder.encode([p.source_text for p in both])
    tgt = embedder.encode([p.target_text for p in both])
    sims = {p.index: float((src[k] * tgt[k]).sum()) for k, p in enumerate(both)}
    return tuple(round(sims[p.index], 4) if p.index in sims else None for p in pairs)


def cached_detect(detectors: Sequence[Prepared], ctx: DetectorContext,
                  progress: Progress | None) -> list[Flag]:
    """:func:`~mtaudit.app.detection.detect`, served from the on-disk detection cache
    (:mod:`mtaudit.app.detection_cache`) when every detector is one of mtaudit's own and the
    same inputs were seen; a run that warns is not stored."""
    import warnings

    from mtaudit.app import detection_cache as dc
    from mtaudit.core import plugins

    cache = dc.open_cache()
    if cache is None or not all(plugins.builtin("detector", p.detector.name)
                                for p in detectors):
        return detect(detectors, ctx, progress)
    key = dc.detector_key(dc.context_key(ctx),
                          {"detectors": [_detector_entry(p.detector) for p in detectors]})
    hit = cache.get(key)
    if hit is not None:
        if progress:
            progress("detect", len(detectors), len(detectors))
        return hit
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        flags = detect(detectors, ctx, progress)
    for w in caught:  # shown as they would have been; and such a run is not kept
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
    if not caught:
        cache.put(key, flags)
    return flags


def mqm_scores(results: Sequence[PairResult], config: AuditConfig
               ) -> tuple[list[dict[str, float]], dict[str, float]]:
    """MQM figures of each pair and of the document (:func:`mtaudit.core.mqm.mqm_scores`)."""
    from mtaudit.core.mqm import mqm_scores as score_mqm

    return score_mqm(results, config.mqm_weights)


def make_signature(config: AuditConfig, embedder: Any | None, detectors: Sequence[Prepared],
                   rt: RetranslationStep, corpus: dict[str, Any],
                   prealigned: bool) -> dict[str, Any]:
    if prealigned:
        aligner = "prealigned"
    else:
        from mtaudit.align import align_signature

        aligner = align_signature(config.align, embedder)
    return {
        "mtaudit": __version__,
        "pair": f"{config.src_lang}-{config.tgt_lang}",
        "segmenter": "lines" if config.segmented else SEGMENTER_SIGNATURE,
        "embedder": getattr(embedder, "signature", None) if embedder else "none",
        "aligner": aligner,
        "align_config": config.align.to_dict(),
        "detectors": [_detector_entry(p.detector) for p in detectors],
        "retranslation": rt.signature,
        "scoring": dict(corpus.get("signatures", {})) if corpus else {},
        "mqm_weights": dict(config.mqm_weights),
        "checks": {"languages": config.check_languages, "related": config.check_related},
    }


def _detector_entry(detector: Any) -> dict[str, Any]:
    """The detector's signature entry, with ``package`` (``dist==version``) for a plugin that
    is not mtaudit's own."""
    from mtaudit.core import plugins

    entry = dict(detector.signature())
    pkg = plugins.package("detector", detector.name)
    if pkg:
        entry["package"] = pkg
    return entry


def _created() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = (datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit()
           else datetime.now(timezone.utc))
    return now.replace(microsecond=0).isoformat()


# ----------------------------------------------------------------------------------------------
# The recipe
# ----------------------------------------------------------------------------------------------
def audit(source: str | Path | Document, target: str | Path | Document | None = None, *,
          config: AuditConfig | None = None, progress: Progress | None = None,
          **overrides: Any) -> AuditReport:
    """Audit a translation against its source and return the report.

    ``source``/``target`` are file paths (plain text, TSV, JSONL, PO, XLIFF, TMX; ``target`` is
    omitted for bilingual files) or :class:`~mtaudit.core.types.Document` objects. Options are an
    :class:`~mtaudit.app.config.AuditConfig` and/or its fields as keywords, e.g.
    ``audit(src, tgt, src_lang="ar", tgt_lang="fr", reference="ref.fr.txt")``.
    """
    config = resolve_config(config, overrides)
    check_config(config)
    notices: list[str] = []

    detectors = load_detectors(config)  # first: a bad option fails before any work
    notices.extend(shadowed_plugins())
    inputs = load_inputs(source, target, config)
    check_languages(inputs, config)
    check_proportions(inputs, config)
    if is_catalog(inputs):
        # units are paired by id: no alignment, and the similarity checks are not meant for
        # one-line UI strings (an empty msgstr must stay flagged, not be "covered nearby")
        embedder = None
        detectors = for_catalog(detectors, config)
        notices.append("software catalog: units paired by id, no sentence embedder loaded "
                       "(similarity-based checks off) and names found without NER")
    else:
        embedder = load_embedder(config, notices)
    beads = align_inputs(inputs, embedder, config, progress)
    pairs = build_pairs(inputs, beads)
    sims = pair_similarities(pairs, embedder)
    if inputs.beads is None:
        check_related(pairs, embedder, config)
    rt = retranslate(pairs, inputs.source, config, notices, progress)
    check_reference(pairs, rt, embedder, config)
    pair_scores, corpus = score(pairs, rt, config)

    ctx = DetectorContext(inputs.source, inputs.target, pairs, config.src_lang, config.tgt_lang,
                          rt.texts, rt.kind, sims, dict(config.resources), embedder)
    flags = cached_detect(detectors, ctx, progress)

    by_pair: dict[int, list[Flag]] = {}
    for f in flags:
        by_pair.setdefault(f.pair_index, []).append(f)
    results = [PairResult(p, tuple(by_pair.get(p.index, ())),
                          rt.texts[p.index] if rt.texts else None, pair_scores[p.index],
                          sims[p.index] if sims else None)
               for p in pairs]
    pair_mqms, doc_mqm = mqm_scores(results, config)
    results = [PairResult(r.pair, r.flags, r.retranslation, r.scores, r.similarity, m)
               for r, m in zip(results, pair_mqms, strict=True)]

    return AuditReport(
        source=inputs.source.meta(), target=inputs.target.meta(), results=tuple(results),
        signature=make_signature(config, embedder, detectors, rt, corpus,
                                 inputs.beads is not None),
        corpus_scores=corpus, notices=tuple(notices), mqm=doc_mqm, created=_created())


__all__ = ["Inputs", "Prepared", "RetranslationStep", "align_inputs", "audit", "build_pairs",
           "check_config", "check_languages", "check_proportions", "check_reference",
           "check_related", "detect",
           "drop_subsumed", "load_detectors", "load_embedder", "load_inputs", "make_signature",
           "mqm_scores", "pair_similarities", "retranslate", "score"]
