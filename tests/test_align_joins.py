"""Coarse-to-fine join embeddings (mtaudit.align.joins): sentences once, joins near the path."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from mtaudit.align import AlignConfig, align
from mtaudit.align.joins import JoinVectors, estimated_joins
from mtaudit.core.errors import ConfigError

SRC = ["The government announced a new budget on Monday.",
       "It includes large investments in public transport.",
       "Opposition parties criticised the plan as unrealistic.",
       "The finance minister defended the figures in parliament.",
       "A vote is expected before the end of the month.",
       "Analysts say the economy could slow down next year.",
       "Farmers asked for more help after a dry summer.",
       "The central bank kept its interest rate unchanged."]
TGT = ["Le gouvernement a annoncé un nouveau budget lundi.",
       "Il comprend d'importants investissements dans les transports publics, mais les "
       "partis d'opposition ont jugé le plan irréaliste.",
       "Le ministre des Finances a défendu les chiffres.",
       "Il l'a fait au Parlement.",
       "Un vote est attendu avant la fin du mois.",
       "Illustration : atelier graphique / studio",
       "Selon les analystes, l'économie pourrait ralentir l'an prochain.",
       "Les agriculteurs ont demandé davantage d'aide après un été sec.",
       "La banque centrale a maintenu son taux directeur inchangé."]


class Counting:
    """Wraps an embedder and records every text it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.signature = inner.signature
        self.texts: list[str] = []

    def encode(self, texts):
        self.texts += list(texts)
        return self.inner.encode(texts)


def _pairs(beads):
    return [(b.src, b.tgt) for b in beads]


def test_refine_finds_the_exact_alignment_with_fewer_texts(use):
    exact_emb, refine_emb = Counting(use), Counting(use)
    exact = align(SRC, TGT, embedder=exact_emb, config=replace(AlignConfig(), joins="exact"))
    refined = align(SRC, TGT, embedder=refine_emb, config=AlignConfig())
    assert AlignConfig().joins == "refine"
    assert _pairs(refined) == _pairs(exact)
    # the merge, the split and the caption are found either way
    assert ((1, 2), (1,)) in _pairs(refined) and ((3,), (2, 3)) in _pairs(refined)
    assert ((), (5,)) in _pairs(refined)
    # every sentence embedded once; joins only where a bead near the path needs them
    assert set(SRC) | set(TGT) <= set(refine_emb.texts)
    assert len(refine_emb.texts) < len(exact_emb.texts)
    assert sum(map(len, refine_emb.texts)) < 0.6 * sum(map(len, exact_emb.texts))


def test_joins_of_the_returned_beads_are_exact(use):
    """The beads of the path are scored on the embedding of their joined text, never on the
    estimate: each many-sided bead's joined text was embedded."""
    emb = Counting(use)
    beads = align(SRC, TGT, embedder=emb, config=AlignConfig())
    seen = set(emb.texts)
    for b in beads:
        for side, idx in ((SRC, b.src), (TGT, b.tgt)):
            if len(idx) > 1:
                assert " ".join(side[i].strip() for i in idx) in seen


def test_estimates_are_length_weighted_unit_sums():
    v = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    plain = estimated_joins(v, 3)
    assert np.allclose(plain[2][0], [2 ** -0.5, 2 ** -0.5])
    weighted = estimated_joins(v, 3, np.array([3.0, 1.0, 1.0]))
    assert weighted[2][0][0] > weighted[2][0][1]  # the longer sentence weighs more
    assert np.allclose(np.linalg.norm(weighted[3], axis=1), 1.0)


def test_refine_embeds_only_missing_joins(use):
    emb = Counting(use)
    side = JoinVectors(SRC, emb, 3)
    assert len(emb.texts) == len(SRC) and not side.complete
    assert side.refine({2: np.array([1, 1, 4])}) == 2
    assert side.refine({2: np.array([1])}) == 0  # already exact
    assert emb.texts[-2:] == [f"{SRC[1]} {SRC[2]}", f"{SRC[4]} {SRC[5]}"]
    assert np.allclose(side.vecs[2][1], use.encode([f"{SRC[1]} {SRC[2]}"])[0], atol=1e-6)


@pytest.mark.parametrize("bad", [{"joins": "lazy"}, {"join_gap": -1.0},
                                 {"join_rounds": -2}, {"join_rounds": True}])
def test_bad_join_settings_are_refused(use, bad):
    with pytest.raises(ConfigError, match="join"):
        align(SRC, TGT, embedder=use, config=replace(AlignConfig(), **bad))
