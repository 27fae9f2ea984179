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


def check_proportions(inputs: Inputs, config: AuditConfig) -> None:
    """Before alignment: refuse two documents whose sentence counts are so far apart that no
    alignment could cover :data:`~mtaudit.analysis.relatedness.MIN_COVERAGE` of the longer one
    (a bead holds at most ``max_bead`` sentences of a side), e.g. a 24-sentence article against
    a 5 MB text of 19,000 sentences. Exact, not a heuristic: :func:`check_related` would refuse
    the pair anyway, after embedding all of it."""
    if not config.check_related or inputs.beads is not None:
        return
    from mtaudit.analysis.relatedness import MIN_COVERAGE

    n_src, n_tgt = len(inputs.source_segments), len(inputs.target_segments)
    k = config.align.max_bead
    for name, short, long_ in (("source", n_src, n_tgt), ("translation", n_tgt, n_src)):
        if long_ >= 4 and short * k < MIN_COVERAGE * long_:
            other = "translation" if name == "source" else "source"
            raise InputError(
                f"the documents do not look like translations of each other: the {other} has "
                f"{long_:,} sentences and the {name} {short:,}, so at most {short * k:,} of "
                f"them could be aligned (under {MIN_COVERAGE:.0%}); pass --no-check-related "
                "to audit anyway")


def check_related(pairs: Sequence[AlignedPair], embedder: Any | None,
                  config: AuditConfig) -> None:
    """Refuse two documents that are not translations of each other: aligned pairs no more
    alike than mismatched ones, too little of either side aligned, or the same text on both
    sides (:mod:`mtaudit.analysis.relatedness`)."""
    if not config.check_related:
        return
    from mtaudit.analysis.relatedness import assess

    both = [p for p in pairs if p.source and p.target]
    r = assess(embedder, [p.source_text for p in both], [p.target_text for p in both],
               covered=sum(len(p.source) for p in both),
               total=sum(len(p.source) for p in pairs),
               covered_target=sum(len(p.target) for p in both),
               total_target=sum(len(p.target) for p in pairs))
    if r.problem is not None:
        raise InputError(f"the documents do not look like translations of each other: "
                         f"{r.problem}; pass --no-check-related to audit anyway")


def check_reference(pairs: Sequence[AlignedPair], rt: RetranslationStep, embedder: Any | None,
                    config: AuditConfig) -> None:
    """Refuse a reference file that is not a translation of the source: the rule of
    :func:`check_related`, between each pair's source text and its reference text. With no
    embedder only the coverage is checked."""
    if not config.check_related or rt.kind != "reference" or rt.texts is None:
        return
    from mtaudit.analysis.relatedness import assess

    n_src = sum(len(p.source) for p in pairs)
    both = [(p, ref) for p, ref in zip(pairs, rt.texts, strict=True) if p.source and ref]
    r = assess(embedder, [p.source_text for p, _ in both], [ref for _, ref in both],
               covered=sum(len(p.source) for p, _ in both), total=n_src)
    if r.problem is not None:
        raise InputError(f"the reference {config.reference} does not look like a translation "
                         f"of the source: {r.problem}; pass --no-check-related to use it "
                         "anyway")
