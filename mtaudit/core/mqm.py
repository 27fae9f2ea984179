"""MQM scoring: error points per pair and per document, and a 0–100 quality score.

This follows the *raw scoring model* of MQM (themqm.org, "The MQM Scoring Models"; Lommel et
al. 2024, "The Multi-Range Theory of Translation Quality Measurement: MQM scoring models and
Statistical Quality Control", arXiv:2405.16969):

* Absolute Penalty Total  ``APT = Σ weight(severity)`` over the errors, with the severity
  multipliers of ``AuditConfig.mqm_weights`` (default minor 1, major 5, critical 25: the weights
  of Freitag et al. 2021, "Experts, Errors, and Context").
  A key ``"<category>:<severity>"`` overrides the weight of one category, e.g.
  ``{"punctuation:minor": 0.1}`` as in Freitag et al.;
* Evaluation Word Count ``EWC``: the words of the *evaluated target text*. MQM practice
  (ISO 5060, the MQM scoring models) normalises by the evaluated translation; ASTM F2575 counts
  source words instead. We use target words, counted as whitespace tokens holding a letter or a
  digit; in scripts written without spaces (Chinese, Japanese, Thai) each character counts, as
  ISO 5060 allows character counts;
* Per-Word Penalty Total ``PWPT = APT / EWC``; normed to a reference word count of 1,000:
  ``per_1000_words = 1000 · PWPT`` (the usual "errors points per 1,000 words");
* Overall Quality Score ``score = max(0, 100 · (1 − PWPT))`` (maximum score value 100). One
  major error in 100 words gives 95; 20 minor errors in 100 words give 80.

Before counting, flags that mark the same text twice (same side, spans overlapping by more than
half of the shorter one, e.g. a number flag inside a mistranslation flag) count once, at the
heaviest weight: an MQM annotator marks one error per span.

A pair with no target words (a source-only pair) is evaluated as one word, so that its
omission weighs fully (score 0 for a major omission).

**Missing weights.** This module is the one place MQM is computed (the pipeline, the corpus
check, the gate and the renderers all call it) and it has one fallback: when no weights are
given (``None`` or an empty mapping, e.g. a report whose signature records none), the
:data:`DEFAULT_WEIGHTS` apply (:func:`resolve_weights`). Weights that are given but lack a
severity are a configuration error (:func:`flag_weight`), never silently completed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mtaudit.core.errors import ConfigError
from mtaudit.core.types import SEVERITIES, Flag, PairResult

#: Severity weights when none are given: minor 1, major 5, critical 25 (Freitag et al. 2021).
#: Defined only here; ``mtaudit.app.config.DEFAULT_MQM_WEIGHTS`` is this mapping. Read-only by
#: convention: copy it (``dict(DEFAULT_WEIGHTS)``) to change weights.
DEFAULT_WEIGHTS: Mapping[str, float] = {"minor": 1.0, "major": 5.0, "critical": 25.0}

_WORDISH = re.compile(r"\w", re.UNICODE)
_NO_SPACE_SCRIPT = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff]")


def count_words(text: str) -> int:
    """Words of ``text`` for MQM normalisation (CJK/Thai characters count one each)."""
    n = 0
    for tok in text.split():
        cjk = len(_NO_SPACE_SCRIPT.findall(tok))
        if cjk:
            rest = _NO_SPACE_SCRIPT.sub(" ", tok)
            n += cjk + sum(1 for t in rest.split() if _WORDISH.search(t))
        elif _WORDISH.search(tok):
            n += 1
    return n


def resolve_weights(weights: Mapping[str, float] | None) -> Mapping[str, float]:
    """The weights to score with: ``weights``, or :data:`DEFAULT_WEIGHTS` when none are given
    (``None`` or empty). The only fallback for missing weights."""
    return weights if weights else DEFAULT_WEIGHTS


def weights_of(signature: Mapping[str, Any]) -> Mapping[str, float]:
    """The weights a report was scored with, read from its signature (``mqm_weights``),
    with the one fallback of :func:`resolve_weights`."""
    weights = signature.get("mqm_weights")
    return resolve_weights(weights if isinstance(weights, Mapping) else None)


def flag_weight(flag: Flag, weights: Mapping[str, float]) -> float:
    """The penalty of one flag: ``weights["category:severity"]`` or ``weights[severity]``."""
    key = f"{flag.category}:{flag.severity}"
    if key in weights:
        return float(weights[key])
    try:
        return float(weights[flag.severity])
    except KeyError:
        raise ConfigError(f"mqm_weights has no weight for severity {flag.severity!r}; "
                          f"give one for each of {', '.join(SEVERITIES)}") from None


def counted_flags(flags: Iterable[Flag], weights: Mapping[str, float]) -> list[Flag]:
    """Flags that count: of flags marking the same text (same pair and side, overlap above
    half the shorter span), only the heaviest."""
    ordered = sorted(flags, key=lambda f: -flag_weight(f, weights))
    kept: list[Flag] = []
    for f in ordered:
        dup = False
        for g in kept:
            if g.pair_index != f.pair_index or g.side != f.side:
                continue
            overlap = min(f.end, g.end) - max(f.start, g.start)
            shorter = min(f.end - f.start, g.end - g.start)
            if shorter > 0 and overlap > shorter / 2:
                dup = True
                break
        if not dup:
            kept.append(f)
    return kept


def _scores(flags: Sequence[Flag], n_words: int, weights: Mapping[str, float] | None
            ) -> dict[str, float]:
    weights = resolve_weights(weights)
    counted = counted_flags(flags, weights)
    points = sum(flag_weight(f, weights) for f in counted)
    words = max(int(n_words), 1)
    out: dict[str, float] = {
        "points": round(points, 4),
        "words": float(n_words),
        "per_1000_words": round(1000.0 * points / words, 4),
        "score": round(max(0.0, 100.0 * (1.0 - points / words)), 4),
        "errors": float(len(counted)),
    }
    for sev in SEVERITIES:
        out[sev] = float(sum(1 for f in counted if f.severity == sev))
    return out


def pair_mqm(flags: Sequence[Flag], n_words: int, weights: Mapping[str, float] | None = None
             ) -> dict[str, float]:
    """MQM figures of one pair: points, words, per_1000_words, score, errors and counts by
    severity. ``n_words`` is the pair's evaluated target word count."""
    return _scores(list(flags), n_words, weights)


def document_mqm(results: Sequence[PairResult], weights: Mapping[str, float] | None = None
                 ) -> dict[str, Any]:
    """MQM figures of the whole document (target words of all pairs, all flags)."""
    flags = [f for r in results for f in r.flags]
    n_words = sum(count_words(r.pair.target_text) for r in results)
    out: dict[str, Any] = _scores(flags, n_words, weights)
    return out


def mqm_scores(results: Sequence[PairResult], weights: Mapping[str, float] | None = None
               ) -> tuple[list[dict[str, float]], dict[str, Any]]:
    """MQM figures of each pair (in order) and of the whole document, for ``results`` scored
    with ``weights`` (:data:`DEFAULT_WEIGHTS` when none are given). What the pipeline stores in
    a report, and what the corpus check and the gate recompute."""
    weights = resolve_weights(weights)
    per_pair = [pair_mqm(r.flags, count_words(r.pair.target_text), weights) for r in results]
    return per_pair, document_mqm(results, weights)
