"""Mistranslation detector: re-translation word diff, similarity outliers."""

from __future__ import annotations

import pytest
from detector_ctx import make_ctx

from mtaudit.core.errors import ConfigError
from mtaudit.detectors import get_detector
from mtaudit.detectors.base import Setup
from mtaudit.detectors.mistranslation import word_diff


def det(**opts):
    return get_detector("mistranslation", **opts)


def test_word_diff_finds_a_substitution_and_ignores_shifts_and_inflection():
    tgt = "Le gouvernement a rejeté la proposition du parlement hier."
    retr = "Hier, le gouvernement a accepté la proposition du parlement."
    ((a, b, n, r),) = word_diff(tgt, retr, "fr")
    assert tgt[a:b] == "rejeté" and r == "accepté" and n == 1
    # same words in another order, one inflected: nothing
    assert word_diff("Les ministres ont signé l'accord hier.",
                     "Hier, l'accord a été signé par les ministres.", "fr") == []


def test_word_diff_skips_additions_without_counterpart():
    # extra words in the translation with nothing unmatched nearby in the re-translation
    assert word_diff("Le président russe Vladimir Poutine a signé la loi.",
                     "Le président a signé la loi.", "fr") == []


def test_retranslation_flags_the_diverging_span():
    tgt = "Les manifestants ont célébré la victoire de l'équipe nationale dans la capitale."
    retr = "Les manifestants ont dénoncé la corruption du gouvernement régional dans la capitale."
    ctx = make_ctx([(["src"], [tgt])], "ar", "fr", retranslations=[retr],
                   retranslation_kind="mt")
    flags = det().run(ctx)
    assert len(flags) == 1
    f = flags[0]
    assert f.category == "mistranslation" and f.side == "target"
    assert f.text == "célébré la victoire de l'équipe nationale"
    assert f.severity == "minor"                     # capped by default (max_severity)
    assert "corruption" in f.suggestion
    (g,) = det(max_severity="major").run(ctx)
    assert g.severity == "major"


def test_close_retranslation_gives_no_flag():
    tgt = "Le ministre est arrivé lundi dans la capitale pour des entretiens."
    retr = "Lundi, le ministre est arrivé dans la capitale pour des discussions."
    ctx = make_ctx([(["src"], [tgt])], "ar", "fr", retranslations=[retr])
    assert det().run(ctx) == []


def test_similarity_outlier_without_retranslation():
    sents = [(f"Sentence number {i} of the source.", f"Phrase numéro {i} de la cible.")
             for i in range(8)]
    sims = [0.72, 0.75, 0.70, 0.74, 0.73, 0.71, 0.76, 0.15]
    ctx = make_ctx([([s], [t]) for s, t in sents], "en", "fr", similarities=sims)
    flags = det().run(ctx)
    assert [(f.pair_index, f.category, f.side) for f in flags] == [(7, "mistranslation",
                                                                     "target")]
    assert flags[0].severity == "major"
    assert flags[0].text == ctx.pairs[7].target_text


def test_no_flag_when_similarities_are_uniform_or_too_few():
    sents = [([f"Source {i}."], [f"Cible {i}."]) for i in range(8)]
    ctx = make_ctx(sents, "en", "fr", similarities=[0.7, 0.72, 0.69, 0.71, 0.7, 0.68, 0.73, 0.6])
    assert det().run(ctx) == []
    few = make_ctx(sents[:3], "en", "fr", similarities=[0.7, 0.72, 0.1])
    assert det().run(few) == []
    assert det().run(make_ctx(sents, "en", "fr")) == []   # nothing to go on: no flag


def test_unknown_span_embedder_fails_in_prepare():
    with pytest.raises(ConfigError, match="unknown embedder"):
        det(span_embedder="word2vec").prepare(Setup("ar", "fr"))
    assert det().prepare(Setup("ar", "fr")) is None
    assert det(span_embedder="none").prepare(Setup("ar", "fr")) is None


class SameEmbedder:
    """Every text embeds to the same unit vector: every candidate looks like a paraphrase."""

    def encode(self, texts):
        import numpy as np

        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_prepared_span_embedder_drops_paraphrases():
    tgt = "Les manifestants ont célébré la victoire de l'équipe nationale dans la capitale."
    retr = "Les manifestants ont dénoncé la corruption du gouvernement régional dans la capitale."
    ctx = make_ctx([(["src"], [tgt])], "ar", "fr", retranslations=[retr],
                   retranslation_kind="mt")
    d = det(span_embedder="use")  # what prepare would load; given here, so nothing is loaded
    assert d.detect(ctx, SameEmbedder()) == []
    assert len(det(span_embedder="none").detect(ctx)) == 1  # without it: the flag stays
