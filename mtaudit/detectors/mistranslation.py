"""Mistranslation candidates.

**With a re-translation** (MT re-translation of the source, or a user reference), the
translation and the re-translation are compared word by word. The edit alignment is
shift-insensitive: a word of either side counts as matched when the other side has the same
word or one sharing its stem (common prefix of 5+ letters covering 70 % of the shorter word)
anywhere in the sentence, so reordering and inflection never fire. What remains are runs of
unmatched content words (stop words from spaCy's lists may sit inside a run). A run of the
translation is a candidate only when the re-translation has unmatched content words at about
the same relative position (a substitution, not an addition or an omission, which other
detectors handle), and only when the whole pair diverges (sentence chrF below ``max_chrf``).
With a sentence embedder (the pipeline's, or ``span_embedder``), a candidate whose spans embed
close together (cosine ≥ ``synonym_cosine``) is taken as a paraphrase and dropped. The flag
spans the run of
the translation, with the re-translation's words as suggestion. Severity: major when the run
has ``major_words`` content words or more and the pair's chrF is below ``major_chrf``; minor
otherwise. Single-word runs are minor and need a pair chrF below ``single_word_chrf``.

**Without one**, the cross-lingual similarity of each pair (from the sentence embedder) is
compared with the document's own norm: robust z-score (median, 1.4826·MAD) over the 1-1
pairs. A pair ``z_threshold`` deviations below and at least ``min_drop`` below the median is a
candidate (whole target span): major from ``major_z``. Pairs whose length ratio already marks
them as partial omissions, and segments under ``min_words`` words, are left alone.
Measured on WMT21 TED en-de (dev, USE similarities, each talk × system a document): at z ≤ −3
the flagged pairs carried a rater's Major accuracy error 16 % of the time against a 12 % base
rate, at z ≤ −4.5 19 % (21 pairs of 7,406): sentence similarity barely separates errors from
free but correct renderings, hence the strict default.

Precision over recall throughout.

Measured (human MQM spans of WMT21 TED and WMT23, the segment's human reference given as the
re-translation, 2026-11-23): a word-difference flag lands on a rater's accuracy span 16 % of
the time on TED en-de (dev; a span of the same length at a random place: 15 %), 39 % on
WMT23 en-de (random: 31 %) and 16 % on TED zh-en (random: 17 %). Free references differ from
a translation almost everywhere, so these flags are hints to check, capped at minor
(``max_severity``); a literal MT re-translation may do better, which is not measured here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from mtaudit.analysis.lengths import MIN_LOG_RATIO_SCALE, chars, log_ratio, robust_norm
from mtaudit.analysis.runs import runs, unmatched
from mtaudit.analysis.words import words
from mtaudit.core.options import Options
from mtaudit.core.types import AlignedPair, Flag
from mtaudit.detectors.base import Detector, DetectorContext, Setup


def word_diff(target: str, retranslation: str, lang: str
              ) -> list[tuple[int, int, int, str]]:
    """Substitution candidates: (start, end) in ``target``, content words, re-translation text.

    Shift-insensitive: words present anywhere on the other side (same stem) are matched.
    """
    tw, rw = words(target), words(retranslation)
    if not tw or not rw:
        return []
    t_content, t_miss = unmatched(tw, [w for _, _, w in rw], lang)
    r_content, r_miss = unmatched(rw, [w for _, _, w in tw], lang)
    r_runs = runs(r_miss, r_content)
    out = []
    for i0, i1, n in runs(t_miss, t_content):
        c0, c1 = i0 / len(tw), (i1 + 1) / len(tw)
        near = [(a, b) for a, b, _ in r_runs
                if a / len(rw) < c1 + 0.2 and (b + 1) / len(rw) > c0 - 0.2]
        if not near:
            continue
        a = min(x for x, _ in near)
        b = max(y for _, y in near)
        out.append((tw[i0][0], tw[i1][1], n, retranslation[rw[a][0]:rw[b][1]]))
    return out


@dataclass(frozen=True)
class MistranslationOptions(Options):
    # with a re-translation
    max_chrf: float = 65.0  # pairs closer than this to the re-translation are left alone
    chrf_z: float = 1.5  # ... and pairs less than this many robust deviations below
    min_chrf_scale: float = 5.0  #     the document's median chrF (with min_pairs pairs)
    major_chrf: float = 55.0
    single_word_chrf: float = 40.0
    # word differences from a free reference were no better than chance at finding the
    # raters' error spans (see below): by default they are reported as minor at most
    max_severity: str = "minor"
    major_words: int = 3
    # drop candidates whose spans embed close together: None = the pipeline's embedder
    # (ctx.embedder) when there is one, "none" = never, or an embedder name
    span_embedder: str | None = None
    synonym_cosine: float = 0.75
    # without one
    z_threshold: float = 4.5
    major_z: float = 6.0
    min_drop: float = 0.15
    min_pairs: int = 5
    min_scale: float = 0.03
    omission_z: float = 3.0  # length-ratio z below which the omission detector owns it
    min_words: int = 6  # shorter target segments are not judged by similarity


class MistranslationDetector(Detector):
    name = "mistranslation"
    categories = ("mistranslation",)
    Options = MistranslationOptions
    default = True

    def prepare(self, setup: Setup) -> Any:
        """The embedder named by ``span_embedder`` (an unknown name fails here), or None."""
        if self.options.span_embedder in (None, "none"):
            return None
        from mtaudit.embed import get_embedder

        return get_embedder(self.options.span_embedder)

    def detect(self, ctx: DetectorContext, prepared: Any = None) -> list[Flag]:
        flags: list[Flag] = []
        pairs = [p for p in ctx.pairs if p.source and p.target]
        with_retr = [p for p in pairs if ctx.retranslation(p)]
        if with_retr:
            flags.extend(self._from_retranslations(with_retr, ctx, prepared))
        without = [p for p in pairs if not ctx.retranslation(p)]
        if without and ctx.similarities is not None:
            flags.extend(self._from_similarity(without, ctx))
        return flags

    # ----- re-translation -------------------------------------------------------------------
    def _from_retranslations(self, pairs: list[AlignedPair], ctx: DetectorContext,
                             prepared: Any = None) -> list[Flag]:
        from sacrebleu.metrics import CHRF

        chrf = CHRF()
        o = self.options
        scores = [chrf.sentence_score(p.target_text, [ctx.retranslation(p) or ""]).score
                  for p in pairs]
        # the document's own norm of agreement with the re-translation: free references and
        # other MT systems differ everywhere, so only pairs far below it are examined
        norm = robust_norm(scores) if len(scores) >= o.min_pairs else None
        cands = []
        for pair, score in zip(pairs, scores, strict=True):
            retr = ctx.retranslation(pair) or ""
            if score >= o.max_chrf:
                continue
            if norm is not None and (score - norm[0]) / max(norm[1], o.min_chrf_scale) \
                    > -o.chrf_z:
                continue
            for start, end, n, r_text in word_diff(pair.target_text, retr, ctx.tgt_lang):
                if n == 1 and score >= o.single_word_chrf:
                    continue
                cands.append((pair, start, end, n, r_text, score))
        emb = None
        if o.span_embedder not in (None, "none"):
            emb = prepared if prepared is not None else self.prepare(ctx.setup())
        elif o.span_embedder is None:
            emb = ctx.embedder
        if cands and emb is not None and hasattr(emb, "encode"):
            a = emb.encode([c[0].target_text[c[1]:c[2]] for c in cands])
            b = emb.encode([c[4] for c in cands])
            cos = (a * b).sum(axis=1)
            cands = [c for c, s in zip(cands, cos, strict=True) if s < o.synonym_cosine]
        flags = []
        kind = ctx.retranslation_kind or "mt"
        other = "reference" if kind == "reference" else "re-translation"
        for pair, start, end, n, r_text, score in cands:
            sev = "major" if n >= o.major_words and score < o.major_chrf else "minor"
            if o.max_severity == "minor":
                sev = "minor"
            flags.append(Flag.on_pair(
                pair, start, end, category="mistranslation", severity=sev,
                detector=self.name, suggestion=r_text,
                confidence=round(min(0.9, 0.3 + 0.1 * n + (o.max_chrf - score) / 100), 2),
                message=f"differs from the {other} (“{r_text}”); pair chrF {score:.0f}"))
        return flags

    # ----- similarity only --------------------------------------------------------------------
    def _from_similarity(self, pairs: list[AlignedPair], ctx: DetectorContext) -> list[Flag]:
        o = self.options
        sims = ctx.similarities
        assert sims is not None
        ref = [s for p in ctx.pairs if p.kind == "1-1" and (s := sims[p.index]) is not None]
        if len(ref) < o.min_pairs:
            return []
        got = robust_norm(ref)
        if got is None:
            return []
        med, scale = got[0], max(got[1], o.min_scale)
        ratios = [log_ratio(chars(p.source_text), chars(p.target_text))
                  for p in ctx.pairs if p.kind == "1-1"]
        rnorm = robust_norm(ratios)
        flags = []
        for pair in pairs:
            s = sims[pair.index]
            if s is None or len(words(pair.target_text)) < o.min_words:
                continue  # the similarity of very short segments is too noisy
            z = (s - med) / scale
            if z > -o.z_threshold or s > med - o.min_drop:
                continue
            if rnorm is not None:
                rz = (log_ratio(chars(pair.source_text), chars(pair.target_text))
                      - rnorm[0]) / max(rnorm[1], MIN_LOG_RATIO_SCALE)
                if rz <= -o.omission_z:
                    continue
            sev = "major" if z <= -o.major_z else "minor"
            flags.append(Flag.on_pair(
                pair, 0, len(pair.target_text), category="mistranslation", severity=sev,
                detector=self.name, confidence=round(min(0.9, 1 - math.exp(z / 4)), 2),
                message=f"cross-lingual similarity {s:.2f} is far below this document's norm "
                        f"{med:.2f} (robust z = {z:.1f}): meaning may differ"))
        return flags
