"""Bootstrapped word-translation model of the aligner (IBM Model 1 on the document's own beads)."""

from __future__ import annotations

import numpy as np

from mtaudit.align.transmodel import NULL, tokens, train_ibm1, translation_vectors

# toy German–French "document": every content word occurs in several sentences
SRC = ["Das Haus ist klein.", "Ein Buch ist gross.", "Mein Haus ist gross.",
       "Das Buch ist klein.", "Der Hund schläft im Haus.", "Ein Hund liest kein Buch."]
TGT = ["La maison est petite.", "Un livre est grand.", "Ma maison est grande.",
       "Le livre est petit.", "Le chien dort dans la maison.", "Un chien ne lit aucun livre."]


def test_tokens_fold_cut_and_keep_digits():
    assert tokens("Éléphants à 1956 m", prefix=4) == ["elep", "a", "#1956", "m"]
    assert tokens("Éléphants", prefix=0) == ["elephants"]
    assert tokens("١٩٥٦") == ["#1956"]


def test_ibm1_learns_word_pairs_from_toy_parallel_sentences():
    pairs = [(tokens(s, 0), tokens(t, 0)) for s, t in zip(SRC, TGT, strict=True)]
    model = train_ibm1(pairs, iterations=10)

    def best(e: str) -> str:
        cands = {f: q for (e2, f), q in model.items() if e2 == e}
        return max(cands, key=cands.get)

    assert best("haus") == "maison" and best("buch") == "livre" and best("hund") == "chien"
    # t(. | e) is a distribution over the target words seen with e
    for e in ("haus", "buch", NULL):
        assert abs(sum(q for (e2, _), q in model.items() if e2 == e) - 1.0) < 1e-9
    assert train_ibm1([]) == {}


def test_translation_vectors_prefer_the_translation():
    s, t = translation_vectors(SRC, TGT, [(i, i) for i in range(6)], max_bead=2, prefix=4,
                               iterations=10)
    sim = s[1] @ t[1].T
    assert sim.shape == (6, 6)
    assert [int(r.argmax()) for r in sim] == list(range(6))
    # unit halves: the cosine is the mean of both directions, at most 1
    assert np.all(sim <= 1 + 1e-5)
    # joins: two source sentences against the two matching target ones
    assert s[2].shape == (5, s[1].shape[1])
    assert int((s[2] @ t[2].T)[0].argmax()) == 0
    # held out: a pair the model never saw is still scored by what the others taught
    s, t = translation_vectors(SRC, TGT, [(0, 0), (1, 1), (3, 3), (4, 4), (5, 5)], max_bead=1,
                               prefix=4, iterations=10)
    assert int((s[1] @ t[1].T)[2].argmax()) == 2


def test_aligner_realigns_with_the_bootstrapped_model():
    from mtaudit.align import AlignConfig, align, align_signature
    from mtaudit.embed import get_embedder

    use = get_embedder("use")
    src = ["Die Expedition brach im Mai von Kathmandu auf.",
           "Nach drei Wochen erreichte sie das Basislager am Fuss des Gletschers.",
           "Das Wetter war schlecht.",
           "Es schneite tagelang.",
           "Am 9. Mai erreichten zwei Bergsteiger den Gipfel.",
           "Sie kehrten am nächsten Tag ins Lager zurück."]
    tgt = ["L'expédition quitta Katmandou en mai.",
           "Après trois semaines, elle atteignit le camp de base au pied du glacier.",
           "Le temps était mauvais et il neigea pendant des jours.",
           "Le 9 mai, deux alpinistes atteignirent le sommet.",
           "Ils regagnèrent le camp le lendemain."]
    gold = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), (4,))]
    cfg = AlignConfig(tm_weight=0.4, skip_cost=0.3)
    beads = align(src, tgt, embedder=use, config=cfg)
    assert [(b.src, b.tgt) for b in beads] == gold
    # the model's settings only count in the signature while it is on
    assert align_signature(cfg, use) != align_signature(AlignConfig(), use)
    assert align_signature(AlignConfig(tm_prefix=6), use) == align_signature(AlignConfig(), use)
