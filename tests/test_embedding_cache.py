"""The on-disk embedding cache: a new process embeds only what no earlier run embedded."""

from __future__ import annotations

import numpy as np
import pytest

from mtaudit.embed.base import CachedEmbedder
from mtaudit.embed.disk_cache import CACHE_FILE, EmbeddingCache, embedding_key


class Counting(CachedEmbedder):
    """A deterministic stand-in backend that counts the texts it is asked to embed."""

    name = "counting"
    dim = 8

    def __init__(self, signature: str = "counting/1") -> None:
        super().__init__()
        self.signature = signature
        self.seen: list[str] = []

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        rng = [np.random.default_rng(sum(map(ord, t))) for t in texts]
        return np.stack([r.normal(size=self.dim) for r in rng]).astype(np.float32)


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MTAUDIT_EMBEDDING_CACHE", raising=False)
    return tmp_path


def test_a_second_process_embeds_only_what_changed(cache_dir):
    first = Counting()
    a = first.encode(["un.", "deux.", "trois."])
    assert first.seen == ["un.", "deux.", "trois."]
    second = Counting()  # a new process: empty memory cache, same disk cache
    b = second.encode(["un.", "deux.", "trois.", "quatre."])
    assert second.seen == ["quatre."]
    assert np.array_equal(a, b[:3])  # exactly the vectors computed the first time
    assert (cache_dir / CACHE_FILE).is_file()


def test_the_key_holds_the_model_and_the_normalised_text(cache_dir):
    Counting("model-a").encode(["كِتَابٌ"])
    other = Counting("model-b")
    other.encode(["كِتَابٌ"])
    assert other.seen == ["كتاب"]  # another model: embedded again (normalised Arabic)
    same = Counting("model-a")
    same.encode(["كتاب"])  # the unvocalised spelling is the same text once normalised
    assert same.seen == []
    assert embedding_key("a", "x") != embedding_key("b", "x")


def test_off_switch(cache_dir, monkeypatch):
    monkeypatch.setenv("MTAUDIT_EMBEDDING_CACHE", "off")
    Counting().encode(["un."])
    again = Counting()
    again.encode(["un."])
    assert again.seen == ["un."] and not (cache_dir / CACHE_FILE).exists()


def test_a_corrupt_cache_is_rebuilt_with_a_warning(cache_dir):
    (cache_dir / CACHE_FILE).write_bytes(b"not a database" * 100)
    emb = Counting()
    with pytest.warns(RuntimeWarning, match="embedding cache .* unreadable"):
        emb.encode(["un."])
    assert emb.seen == ["un."]
    later = Counting()
    later.encode(["un."])
    assert later.seen == []


def test_vectors_of_another_dimension_are_ignored(cache_dir):
    cache = EmbeddingCache(cache_dir)
    cache.put_many({"k": np.ones(4, dtype=np.float32)})
    assert cache.get_many(["k"], dim=8) == {}
    assert cache.get_many(["k"], dim=4)["k"].tolist() == [1.0] * 4
    cache.close()


def test_the_cache_is_bounded(cache_dir, monkeypatch):
    """Past its bound, the oldest quarter goes (checked once per process, after a write)."""
    monkeypatch.setenv("MTAUDIT_EMBEDDING_CACHE_MB", "1")
    cache = EmbeddingCache(cache_dir)
    vec = np.ones(512, dtype=np.float32)  # 2 KiB each: 600 of them are over 1 MiB
    cache._pruned = True  # fill first, then check
    cache.put_many({f"old{k}": vec for k in range(400)})
    cache.put_many({f"new{k}": vec for k in range(200)})
    assert cache.prune(2**20) == 150
    assert cache._count("embeddings") == 450
    assert cache.get_many(["old0"], 512) == {} and "new199" in cache.get_many(["new199"], 512)
    assert cache.prune(2**20) == 0  # under the bound now
    cache.close()
