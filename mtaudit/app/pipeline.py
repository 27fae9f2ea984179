"""The audit pipeline, as a recipe of named steps.

    load -> check languages -> segment -> embed & align -> check related -> similarities
         -> re-translate -> score -> detect -> MQM -> report

Each step is a small function; :func:`audit` only strings them together. Heavy backends
(embedder, lingua, spaCy, MT models) are loaded lazily by the steps that need them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mtaudit.app.config import AuditConfig
from mtaudit.core.errors import ConfigError, InputError, ModelUnavailable
from mtaudit.core.types import AlignedPair, Bead, Document, Flag, PairResult, Segment
from mtaudit.core.version import __version__
from mtaudit.detectors import (
    Detector,
    DetectorContext,
    Setup,
    checked_flags,
    default_detectors,
    get_detector,
)
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


def check_config(config: AuditConfig) -> None:
    """Settings that can be checked before any work: the MT backend is a registered plugin."""
    from mtaudit.core import plugins

    if config.mt_model != "none" and not config.reference:
        backends = plugins.names("mt backend")
        if config.mt_backend not in backends:
            raise ConfigError(f"unknown mt backend {config.mt_backend!r}; use "
                              f"{', '.join(backends)}")


def load_inputs(source: Any, target: Any, config: AuditConfig) -> Inputs:
    """Read the files (or take the given Documents) and segment plain-text documents."""
    from mtaudit.analysis.segment import segment
    from mtaudit.ingest import load_pair

    if isinstance(source, Document):
        if not isinstance(target, Document):
            raise InputError("when the source is a Document, the target must be one too")
        src_doc, tgt_doc, src_segs, tgt_segs, beads = source, target, None, None, None
        for doc, side in ((src_doc, "source"), (tgt_doc, "target")):
            if not doc.text.strip():
                raise InputError(f"the {side} document is empty")
    else:
        loaded = load_pair(source, target, config.src_lang, config.tgt_lang,
                           max_bytes=int(config.max_input_mb * 2**20))
        src_doc, tgt_doc = loaded.source, loaded.target
        src_segs, tgt_segs, beads = (loaded.source_segments, loaded.target_segments, loaded.beads)
    if src_segs is None:
        src_segs = tuple(segment(src_doc.text, config.src_lang))
    if tgt_segs is None:
        tgt_segs = tuple(segment(tgt_doc.text, config.tgt_lang))
    return Inputs(src_doc, tgt_doc, tuple(src_segs), tuple(tgt_segs),
                  tuple(beads) if beads is not None else None)


def check_languages(inputs: Inputs, config: AuditConfig) -> None:
    if not config.check_languages:
        return
    from mtaudit.analysis.langid import check_pair_languages

    check_pair_languages(inputs.source, inputs.target, config.src_lang, config.tgt_lang)


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


def check_related(pairs: Sequence[AlignedPair], sims: Sequence[float | None] | None,
                  config: AuditConfig) -> None:
    """Refuse two documents that are not translations of each other
    (:mod:`mtaudit.analysis.relatedness`)."""
    if not config.check_related or sims is None:
        return
    from mtaudit.analysis.relatedness import MIN_SIMILARITY, relatedness

    n_src = sum(len(p.source) for p in pairs)
    aligned_src = sum(len(p.source) for p in pairs if p.source and p.target)
    r = relatedness(sims, aligned_src, n_src)
    if not r.related:
        raise InputError(
            f"the documents do not look like translations of each other (median similarity of "
            f"aligned sentences {r.median:.2f} < {MIN_SIMILARITY}; {aligned_src}/{n_src} "
            "source sentences aligned); pass --no-check-related to audit anyway")


def check_reference(pairs: Sequence[AlignedPair], rt: RetranslationStep, embedder: Any | None,
                    config: AuditConfig) -> None:
    """Refuse a reference file that is not a translation of the source: the rule of
    :func:`check_related`, between each pair's source text and its reference text. With no
    embedder only the coverage is checked."""
    if not config.check_related or rt.kind != "reference" or rt.texts is None:
        return
    from mtaudit.analysis.relatedness import cosines, relatedness

    n_src = sum(len(p.source) for p in pairs)
    both = [(p, ref) for p, ref in zip(pairs, rt.texts, strict=True) if p.source and ref]
    covered = sum(len(p.source) for p, _ in both)
    sims = (cosines(embedder, [p.source_text for p, _ in both], [r for _, r in both])
            if embedder is not None and both else None)
    r = relatedness(sims, covered, n_src)
    if not r.related:
        shown = f"median similarity {r.median:.2f}; " if r.median is not None else ""
        raise InputError(
            f"the reference {config.reference} does not look like a translation of the source "
            f"({shown}{covered}/{n_src} source sentences have a reference); "
            "pass --no-check-related to use it anyway")


@dataclass(frozen=True)
class RetranslationStep:
    texts: tuple[str | None, ...] | None
    kind: str | None
    signature: dict[str, Any] | None


def retranslate(pairs: Sequence[AlignedPair], source: Document, config: AuditConfig,
                notices: list[str], progress: Progress | None) -> RetranslationStep:
    if config.mt_model == "none" and not config.reference:
        notices.append("re-translation switched off (--mt-model none): no scores against a "
                       "re-translation; checks that need no model ran")
        return RetranslationStep(None, None, None)
    cb = (lambda done, total: progress("retranslate", done, total)) if progress else None
    try:
        if config.reference:
            from mtaudit.app.reference import read_reference_pairs

            r = read_reference_pairs(pairs, source, config)
        else:
            from mtaudit.mt import retranslate_pairs

            r = retranslate_pairs(pairs, source, config, progress=cb)
    except ModelUnavailable as exc:
        if config.require_retranslation:
            raise
        notices.append(f"{exc} (every check that needs no model still ran; "
                       "--require-retranslation makes this an error)")
        return RetranslationStep(None, None, None)
    if r.signature.get("lines_rejected"):
        notices.append(f"the reference {config.reference} has one line per source sentence but "
                       "its lines do not translate the sentences in order: it was aligned as "
                       "a document instead")
    return RetranslationStep(tuple(r.texts), r.kind, dict(r.signature))


def score(pairs: Sequence[AlignedPair], rt: RetranslationStep,
          config: AuditConfig) -> tuple[list[dict[str, float]], dict[str, Any]]:
    per_pair: list[dict[str, float]] = [{} for _ in pairs]
    if rt.texts is None:
        return per_pair, {}
    from mtaudit.analysis.scoring import corpus_scores, sentence_scores

    hyps, refs = [], []
    for k, (p, ref) in enumerate(zip(pairs, rt.texts, strict=True)):
        if ref is None or not p.target:
            continue
        per_pair[k] = sentence_scores(p.target_text, ref, config.tgt_lang)
        hyps.append(p.target_text)
        refs.append(ref)
    return per_pair, (corpus_scores(hyps, refs, config.tgt_lang) if hyps else {})


@dataclass(frozen=True)
class Prepared:
    """A detector with what its ``prepare`` step loaded."""

    detector: Detector
    state: Any


def load_detectors(config: AuditConfig) -> list[Prepared]:
    """The detectors to run, made from their options and prepared (every resource loaded and
    checked) before any document work: a bad option or a glossary that does not parse fails
    here, not after alignment and re-translation."""
    from mtaudit.detectors import registered

    known = registered()
    names = config.detectors if config.detectors is not None else default_detectors()
    if config.detectors is None and config.resources.get("glossary") and "terms" not in names:
        names = (*names, "terms")  # a glossary given means: check it
    for name in config.detector_options:
        if name not in known:
            raise ConfigError(f"options given for unknown detector {name!r}; known: "
                              f"{', '.join(sorted(known))}")
        if name not in names:
            raise ConfigError(f"options given for detector {name!r}, which does not run "
                              f"(running: {', '.join(names)})")
    detectors = [get_detector(n, config.detector_options.get(n)) for n in names]
    setup = Setup(config.src_lang, config.tgt_lang, dict(config.resources))
    return [Prepared(d, d.prepare(setup)) for d in detectors]


def detect(detectors: Sequence[Prepared], ctx: DetectorContext,
           progress: Progress | None) -> list[Flag]:
    flags: list[Flag] = []
    for k, p in enumerate(detectors):
        flags.extend(checked_flags(p.detector, p.detector.detect(ctx, p.state)))
        if progress:
            progress("detect", k + 1, len(detectors))
    flags = drop_subsumed(flags)
    # Deterministic order: by pair, then side, then position.
    flags.sort(key=lambda f: (f.pair_index, f.side != "target", f.start, f.end, f.category,
                              f.detector))
    return flags


def drop_subsumed(flags: Sequence[Flag]) -> list[Flag]:
    """Drop flags lying inside a critical flag's span on the same side of the same pair.

    A passage left untranslated (critical) makes every word-level flag inside it (a name, a
    number, a divergence from the re-translation) a consequence of the same error: MQM counts
    one error per problem, so only the enclosing flag is kept.
    """
    critical = [f for f in flags if f.severity == "critical"]
    return [f for f in flags
            if f.severity == "critical" or not any(
                c.pair_index == f.pair_index and c.side == f.side and c.start <= f.start
                and f.end <= c.end for c in critical)]


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
        "segmenter": SEGMENTER_SIGNATURE,
        "embedder": getattr(embedder, "signature", None) if embedder else "none",
        "aligner": aligner,
        "align_config": config.align.to_dict(),
        "detectors": [p.detector.signature() for p in detectors],
        "retranslation": rt.signature,
        "scoring": dict(corpus.get("signatures", {})) if corpus else {},
        "mqm_weights": dict(config.mqm_weights),
        "checks": {"languages": config.check_languages, "related": config.check_related},
    }


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
    inputs = load_inputs(source, target, config)
    check_languages(inputs, config)
    embedder = load_embedder(config, notices)
    beads = align_inputs(inputs, embedder, config, progress)
    pairs = build_pairs(inputs, beads)
    sims = pair_similarities(pairs, embedder)
    if inputs.beads is None:
        check_related(pairs, sims, config)
    rt = retranslate(pairs, inputs.source, config, notices, progress)
    check_reference(pairs, rt, embedder, config)
    pair_scores, corpus = score(pairs, rt, config)

    ctx = DetectorContext(inputs.source, inputs.target, pairs, config.src_lang, config.tgt_lang,
                          rt.texts, rt.kind, sims, dict(config.resources), embedder)
    flags = detect(detectors, ctx, progress)

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
