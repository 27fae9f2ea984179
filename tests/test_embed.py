"""Embedders: the protocol, normalisation, the text cache, and clear failures."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from mtaudit.core.errors import ModelUnavailable
from mtaudit.embed import CachedEmbedder, Embedder, get_embedder


class CountingEmbedder(CachedEmbedder):
    name = "counting"
    signature = "counting@test"
    dim = 3

    def __init__(self) -> None:
        super().__init__(batch_size=2)
        self.seen: list[str] = []

    def _encode_batch(self, texts):
        self.seen += texts
        return np.array([[len(t), 1.0, 0.0] for t in texts])


def test_cache_batches_normalises_and_dedups():
    emb = CountingEmbedder()
    out = emb.encode(["ab", "abc", "ab", "abcd", "x"])
    assert out.dtype == np.float32 and out.shape == (5, 3)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(out[0], out[2])
    assert emb.seen == ["ab", "abc", "abcd", "x"]  # duplicates encoded once
    again = emb.encode(["abcd", "ab"])
    assert emb.seen == ["ab", "abc", "abcd", "x"]  # cached: no new backend call
    np.testing.assert_array_equal(again[0], out[3])
    assert emb.encode([]).shape == (0, 3)
    with pytest.raises(TypeError):
        emb.encode("one string")


def test_unknown_name():
    from mtaudit.core.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown embedder"):
        get_embedder("word2vec")


def test_sentence_transformers_missing_or_unavailable(tmp_path):
    if importlib.util.find_spec("sentence_transformers") is None:
        with pytest.raises(ModelUnavailable, match="sentence-transformers"):
            get_embedder("st:sentence-transformers/LaBSE")
    else:  # installed: an empty folder is not a model
        with pytest.raises(ModelUnavailable):
            get_embedder(f"st:{tmp_path}")


def test_use_embedder(use):
    assert isinstance(use, Embedder)
    assert get_embedder(" USE ") is use  # one object per name
    assert use.name == "use" and use.signature.startswith("use-multilingual-v3@fast-use-")
    texts = ["The cat sleeps on the sofa.", "Le chat dort sur le canapé.",
             "Interest rates rose sharply in March."]
    v = use.encode(texts)
    assert v.shape == (3, 512) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2  # a translation is closer than an unrelated text
    np.testing.assert_array_equal(use.encode(texts[1:2])[0], v[1])
