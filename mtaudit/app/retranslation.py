"""The re-translation and scoring steps of the pipeline: the source re-translated by an MT
model or read from the user's reference (a reference is not a translator:
:mod:`mtaudit.app.reference`), then sacrebleu scores against it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from mtaudit.app.config import AuditConfig
from mtaudit.core.errors import ModelUnavailable
from mtaudit.core.types import AlignedPair, Document

# progress(stage, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RetranslationStep:
    texts: tuple[str | None, ...] | None
    kind: str | None
    signature: dict[str, Any] | None


@dataclass(frozen=True)
class Pretranslated:
    """Re-translations made before the audit by the translator its config names (the corpus
    MT stage, :mod:`mtaudit.app.corpus_mt`): source segment text (stripped) -> translation; or
    the :class:`~mtaudit.core.errors.ModelUnavailable` message that stage met, raised again in
    the audit's re-translation step so that the audit ends as it would have on its own (a
    notice, or that error with ``require_retranslation``)."""

    translations: Mapping[str, str] = field(default_factory=dict)
    unavailable: str | None = None


_GIVEN: ContextVar[Pretranslated | None] = ContextVar("mtaudit_pretranslated", default=None)


@contextmanager
def pretranslated(given: Pretranslated | None) -> Iterator[None]:
    """Audits run in this block take their MT re-translations from ``given`` (None: as usual);
    segments it lacks are translated as usual."""
    token = _GIVEN.set(given)
    try:
        yield
    finally:
        _GIVEN.reset(token)


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

            given = _GIVEN.get()
            if given is not None and given.unavailable:
                raise ModelUnavailable(given.unavailable)
            r = retranslate_pairs(pairs, source, config, progress=cb,
                                  translations=given.translations if given else None)
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
