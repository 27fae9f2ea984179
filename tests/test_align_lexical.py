"""Lexical anchors of the aligner: numbers of any script, accent-folded cognates, idf weights."""

from __future__ import annotations

import numpy as np

from mtaudit.align.lexical import anchor_vectors, features


def test_features_digits_of_any_script_and_folded_prefixes():
    # text order; "l'" and "m" are too short to be anchors; accents are folded
    assert features("En 1956, l'Expédition atteignit 8125 m.", prefix_len=4) == [
        "#1956", "wexpe", "watte", "#8125"]
    # Eastern Arabic-Indic digits read by their value; short words (< min_word) are no anchors
    assert features("عام ١٩٥٦ في", min_word=4) == ["#1956"]
    assert features("Die Expedition", prefix_len=4) == ["wexpe"]


def test_anchor_vectors_match_shared_numbers_and_names_only():
    src = ["Die Expedition erreichte 1956 den Gipfel.", "Das Wetter war schlecht.",
           "Kato und Higeta folgten."]
    tgt = ["L'expédition atteignit le sommet en 1956.", "Le temps était mauvais.",
           "Kato et Higeta suivirent."]
    s, t = anchor_vectors(src, tgt, max_bead=2)
    sim = s[1] @ t[1].T
    assert sim[0, 0] > 0.9 and sim[2, 2] > 0.9
    # nothing shared: zero vector, cosine 0 with everything
    assert np.allclose(s[1][1], 0) and np.allclose(sim[1], 0)
    assert sim[0, 2] == 0 and sim[2, 0] == 0
    # a join is the sum of its sentences' anchors
    assert s[2].shape == (2, s[1].shape[1])
    assert (s[2] @ t[1].T)[1, 2] > 0.9 and (s[2] @ t[1].T)[0, 0] > 0.9


def test_frequent_anchors_weigh_less():
    src = ["1999 Alpen 5", "1999 Alpen 7", "1999 Alpen 8"]
    tgt = ["1999 Alpes 5", "1999 Alpes 7", "1999 Alpes 8"]
    s, t = anchor_vectors(src, tgt, max_bead=1)
    sim = s[1] @ t[1].T
    # "#1999" and "walpe" occur in every sentence (idf 0): only the distinct digit counts
    assert np.allclose(np.diag(sim), 1.0) and np.allclose(sim - np.diag(np.diag(sim)), 0.0)


def test_aligner_with_anchors_on():
    from mtaudit.align import AlignConfig, align, align_signature
    from mtaudit.embed import get_embedder

    use = get_embedder("use")
    src = ["Die Expedition erreichte 1956 den Gipfel des Manaslu (8125 m).",
           "Das Wetter war schlecht.", "Kato und Higeta folgten zwei Tage später."]
    tgt = ["L'expédition atteignit en 1956 le sommet du Manaslu (8125 m).",
           "Le temps était mauvais.", "Kato et Higeta suivirent deux jours plus tard."]
    cfg = AlignConfig(lex_weight=0.1, max_bead=5)
    beads = align(src, tgt, embedder=use, config=cfg)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(3)]
    assert align_signature(cfg, use) != align_signature(AlignConfig(), use)
