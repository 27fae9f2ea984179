"""The on-disk alignment cache: a repeat alignment in a new process skips the search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import numpy as np
import pytest

from mtaudit.align import AlignConfig, align
from mtaudit.align.disk_cache import CACHE_FILE, AlignmentCache, alignment_key
from mtaudit.embed.base import CachedEmbedder

SRC = ["Der Zug fuhr um acht Uhr ab.", "Es regnete den ganzen Tag.",
       "Am Abend kamen wir in der Hütte an.", "Niemand war da."]
TGT = ["Le train partit à huit heures.", "Il plut toute la journée.",
       "Le soir, nous arrivâmes au refuge.", "Personne n'était là."]


class Topical(CachedEmbedder):
    """Stand-in embedder: sentence i of either side gets the same random direction."""

    name = "topical"
    dim = 16
    alignment_cache = True

    def __init__(self, signature: str = "topical/1") -> None:
        super().__init__()
        self.signature = signature
        self.calls = 0

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = []
        for t in texts:
            idx = [k for k, (a, b) in enumerate(zip(SRC, TGT, strict=True)) if a in t or b in t]
            v = sum(np.random.default_rng(k).normal(size=self.dim) for k in idx)
            out.append(v if idx else np.random.default_rng(99).normal(size=self.dim))
        return np.stack(out).astype(np.float32)


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("MTAUDIT_EMBEDDING_CACHE", "off")  # only the alignment cache serves
    monkeypatch.delenv("MTAUDIT_ALIGNMENT_CACHE", raising=False)
    return tmp_path


def _pairs(beads):
    return [(b.src, b.tgt, b.confidence) for b in beads]


def test_a_repeat_in_a_new_process_embeds_nothing(cache_dir):
    first = Topical()
    a = align(SRC, TGT, embedder=first)
    assert first.calls > 0 and (cache_dir / CACHE_FILE).is_file()
    second = Topical()  # a new process: nothing in memory
    b = align(SRC, TGT, embedder=second)
    assert second.calls == 0
    assert _pairs(a) == _pairs(b)
    assert [(b.src, b.tgt) for b in a] == [((i,), (i,)) for i in range(4)]


def test_an_edit_another_config_or_model_misses(cache_dir):
    align(SRC, TGT, embedder=Topical())
    for src, cfg, sig in (([*SRC[:3], "Niemand war mehr da."], AlignConfig(), "topical/1"),
                          (SRC, replace(AlignConfig(), skip_cost=0.3), "topical/1"),
                          (SRC, AlignConfig(), "topical/2")):
        e = Topical(sig)
        align(src, TGT, embedder=e, config=cfg)
        assert e.calls > 0, (src, cfg, sig)


def test_off_switch_and_embedders_that_do_not_ask(cache_dir, monkeypatch):
    class Plain(Topical):
        alignment_cache = False

    align(SRC, TGT, embedder=Plain())
    assert not (cache_dir / CACHE_FILE).exists()
    monkeypatch.setenv("MTAUDIT_ALIGNMENT_CACHE", "off")
    align(SRC, TGT, embedder=Topical())
    assert not (cache_dir / CACHE_FILE).exists()


def test_a_damaged_row_is_ignored_and_replaced(cache_dir):
    from mtaudit.align import align_signature

    a = align(SRC, TGT, embedder=Topical())
    from mtaudit.core.build_id import build_id
    from mtaudit.core.results_cache import component_identity

    key = alignment_key(f"{align_signature(AlignConfig(), Topical())}|"
                        f"{component_identity(Topical())}|{build_id()}", SRC, TGT)
    with sqlite3.connect(cache_dir / CACHE_FILE) as conn:  # beads that skip a sentence
        conn.execute("UPDATE alignments SET beads = ? WHERE key = ?",
                     ("[[0, 1, 0, 1, 0.9], [2, 4, 1, 4, 0.9]]", key))
    assert AlignmentCache(cache_dir).get(key, 4, 4) is None
    e = Topical()
    assert _pairs(align(SRC, TGT, embedder=e)) == _pairs(a) and e.calls > 0
    assert AlignmentCache(cache_dir).get(key, 4, 4) is not None


def test_a_corrupt_file_is_rebuilt_with_a_warning(cache_dir):
    (cache_dir / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    with pytest.warns(RuntimeWarning, match="alignment cache"):
        beads = align(SRC, TGT, embedder=Topical())
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(4)]


def test_another_embedder_class_under_the_same_signature_misses(cache_dir):
    align(SRC, TGT, embedder=Topical())

    class Other(Topical):
        pass

    e = Other()  # same signature, another class: its vectors may differ
    align(SRC, TGT, embedder=e)
    assert e.calls > 0
