"""Scoring against a re-translation: sacrebleu sentence and corpus scores, tokenizers, CIs."""

from __future__ import annotations

import warnings

import pytest
import sacrebleu

from mtaudit.analysis.scoring import METRICS, bleu_tokenizer, corpus_scores, sentence_scores

HYPS = [
    "Le président a rencontré les ministres hier soir à Paris.",
    "Les forces de sécurité ont arrêté quatre suspects.",
    "Le bilan s'élève à 137 morts selon les autorités.",
    "Une enquête a été ouverte pour terrorisme.",
    "Les pays des pays voisins ont exprimé leur solidarité.",
    "La salle de concert était pleine au moment de l'attaque.",
]
REFS = [
    "Le président a rencontré les ministres hier soir à Paris.",
    "Les services de sécurité ont interpellé quatre suspects.",
    "Le bilan est de 137 morts d'après les autorités.",
    "Une enquête pour terrorisme a été ouverte.",
    "Les pays voisins ont exprimé leur solidarité.",
    "La salle était comble lors de l'attaque.",
]


def test_sentence_scores_identical_and_different():
    same = sentence_scores(HYPS[0], REFS[0], "fr")
    assert set(same) == set(METRICS)
    assert same == {"chrf": 100.0, "chrf++": 100.0, "bleu": 100.0, "ter": 0.0}
    diff = sentence_scores(HYPS[5], REFS[5], "fr")
    assert 0 < diff["chrf"] < 100 and 0 < diff["bleu"] < 100 and diff["ter"] > 0
    chrfpp = sacrebleu.metrics.CHRF(word_order=2).sentence_score(HYPS[5], [REFS[5]]).score
    assert diff["chrf++"] == pytest.approx(chrfpp, abs=1e-4)
    assert diff["chrf++"] != diff["chrf"]


def test_sentence_scores_match_sacrebleu_directly():
    got = sentence_scores(HYPS[1], REFS[1], "fr")
    assert got["chrf"] == pytest.approx(sacrebleu.sentence_chrf(HYPS[1], [REFS[1]]).score, abs=1e-4)
    assert got["bleu"] == pytest.approx(sacrebleu.sentence_bleu(HYPS[1], [REFS[1]]).score,
                                        abs=1e-4)
    assert got["ter"] == pytest.approx(sacrebleu.sentence_ter(HYPS[1], [REFS[1]]).score, abs=1e-4)


def test_empty_reference_follows_sacrebleu_convention():
    s = sentence_scores("quelque chose", "", "fr")
    assert s["ter"] == 100.0 and s["chrf"] == 0.0
    assert sentence_scores("", "", "fr")["ter"] == 0.0


def test_tokenizer_per_language():
    assert bleu_tokenizer("fr") == ("13a", None)
    assert bleu_tokenizer("en-US") == ("13a", None)
    assert bleu_tokenizer("zh") == ("zh", None)
    assert bleu_tokenizer("th") == ("char", None)
    tok, note = bleu_tokenizer("ja")
    if tok == "char":  # MeCab is not installed here: say so, do not pretend
        assert note and "ja-mecab" in note and "unavailable" in note
    else:
        assert tok == "ja-mecab" and note is None


def test_japanese_without_mecab_warns_and_says_so_in_corpus_notes():
    if bleu_tokenizer("ja")[0] != "char":
        pytest.skip("MeCab installed")
    with pytest.warns(UserWarning, match="ja-mecab"):
        sentence_scores("今日は晴れです", "今日は晴れ", "ja")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = corpus_scores(["今日は晴れです"] * 3, ["今日は晴れ"] * 3, "ja", n_bootstrap=10)
    assert "tok:char" in res["signatures"]["bleu"]
    assert res["notes"] and "ja-mecab" in res["notes"][0]


def test_corpus_scores_values_signatures_and_ci():
    res = corpus_scores(HYPS, REFS, "fr", n_bootstrap=200)
    for name in METRICS:
        lo, hi = res[name]["ci95"]
        assert lo <= res[name]["score"] <= hi or name == "bleu"  # BLEU is not a mean
        assert lo < hi
    assert res["bleu"]["score"] == pytest.approx(sacrebleu.corpus_bleu(HYPS, [REFS]).score,
                                                 abs=1e-3)
    assert res["chrf"]["score"] == pytest.approx(sacrebleu.corpus_chrf(HYPS, [REFS]).score,
                                                 abs=1e-3)
    assert res["signatures"]["chrf"].startswith("nrefs:1|bs:200|seed:12345|case:mixed|")
    assert "tok:13a" in res["signatures"]["bleu"]
    assert "nw:2" in res["signatures"]["chrf++"]
    assert res["n"] == len(HYPS)
    assert res["bootstrap"] == {"n": 200, "seed": 12345, "method": "sacrebleu"}


def test_corpus_bootstrap_is_deterministic_and_seeded(monkeypatch):
    # sacrebleu seeds its bootstrap from SACREBLEU_SEED (default 12345)
    monkeypatch.setenv("SACREBLEU_SEED", "7")
    a = corpus_scores(HYPS, REFS, "fr", n_bootstrap=100)
    b = corpus_scores(HYPS, REFS, "fr", n_bootstrap=100)
    monkeypatch.setenv("SACREBLEU_SEED", "8")
    c = corpus_scores(HYPS, REFS, "fr", n_bootstrap=100)
    assert a == b and a["bootstrap"]["seed"] == 7
    assert any(a[m]["ci95"] != c[m]["ci95"] for m in METRICS)


def test_corpus_edge_cases():
    one = corpus_scores(HYPS[:1], REFS[:1], "fr")
    assert one["chrf"]["ci95"] is None and one["chrf"]["score"] == 100.0
    empty = corpus_scores([], [], "fr")
    assert empty["chrf"]["score"] is None
    with pytest.raises(ValueError, match="hypotheses"):
        corpus_scores(HYPS, REFS[:2], "fr")
