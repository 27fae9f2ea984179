"""The pipeline's refusals, each checked as early as it can be: settings before any work,
languages after reading, relatedness after alignment, a reference after reading it. Each raises
a one-line ConfigError or InputError naming the option that turns it off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mtaudit.app.config import AuditConfig
from mtaudit.core.errors import InputError
from mtaudit.core.types import AlignedPair

if TYPE_CHECKING:
    from mtaudit.app.pipeline import Inputs
    from mtaudit.app.retranslation import RetranslationStep


def check_config(config: AuditConfig) -> None:
    """Settings that can be checked before any work: the MT backend and the embedder are
    registered plugins (no model is loaded here)."""
    if config.embedder not in ("none", "", None):
        from mtaudit.embed import check_embedder_name

        check_embedder_name(config.embedder)

    if config.mt_model != "none" and not config.reference:
        from mtaudit.mt.retranslate import check_backend

        check_backend(config.mt_backend)


def check_languages(inputs: Inputs, config: AuditConfig) -> None:
    if not config.check_languages:
        return
    from mtaudit.analysis.langid import check_pair_languages

    check_pair_languages(inputs.source, inputs.target, config.src_lang, config.tgt_lang)


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
