"""The transformers and ctranslate2 backends, run for real on a tiny random MarianMT model
(and a tiny NLLB-style model for language codes), built once per test session, offline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("sentencepiece")

from tiny_marian import build_tiny_nllb, source_sentences, tiny_model_path

from mtaudit.mt.base import MTOptions, joiner
from mtaudit.mt.chunking import split_to_fit
from mtaudit.mt.transformers_backend import TransformersTranslator

pytestmark = pytest.mark.slow

FAST = {"beam_size": 2, "max_length": 10}  # random weights never stop: cap the output length


@pytest.fixture(scope="module")
def tiny() -> Path:
    return tiny_model_path()


@pytest.fixture(scope="module")
def nllb(tmp_path_factory) -> Path:
    return build_tiny_nllb(tmp_path_factory.mktemp("nllb") / "tiny-nllb")


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "cache"))


def test_lazy_loading_signature_and_real_outputs(tiny):
    t = TransformersTranslator(str(tiny), MTOptions(**FAST))
    assert t.loads == 0  # resolving the model loads nothing
    sig = t.signature()
    assert sig["backend"] == "transformers" and sig["model"] == str(tiny)
    assert sig["revision"].startswith("local-")
    assert sig["settings"] == {"beam_size": 2, "max_length": 10, "max_input_tokens": None}
    src = source_sentences(8)
    out = t.translate(src, "ar", "fr")
    assert t.loads == 1
    assert len(out) == len(src) and all(isinstance(o, str) and o for o in out)
    assert len(set(out)) == len(src)  # init_std=0.5: different inputs, different outputs
    assert t.translate(src[:2], "ar", "fr") == out[:2]  # deterministic
    assert t.loads == 1


def test_batching(tiny):
    src = source_sentences(8)
    small = TransformersTranslator(str(tiny), MTOptions(**FAST, batch_size=3))
    out_small = small.translate(src, "ar", "fr")
    assert small.model_calls == 3  # ceil(8 / 3)
    big = TransformersTranslator(str(tiny), MTOptions(**FAST, batch_size=16))
    assert big.translate(src, "ar", "fr") == out_small
    assert big.model_calls == 1


def test_blank_and_empty_inputs(tiny):
    t = TransformersTranslator(str(tiny), MTOptions(**FAST))
    assert t.translate([], "ar", "fr") == []
    out = t.translate(["", "   ", source_sentences(1)[0]], "ar", "fr")
    assert out[:2] == ["", ""] and out[2]
    assert t.inputs == 1  # blanks never reach the model


def test_long_sentences_are_chunked_not_truncated(tiny):
    long = " ".join(source_sentences(6)[2:5])  # three sentences glued: ~100+ tokens
    t = TransformersTranslator(str(tiny), MTOptions(**FAST, max_input_tokens=24))
    assert t.max_input_tokens == 24
    out = t.translate([long], "ar", "fr")[0]
    tok = t._tokenizer

    def count(s: str) -> int:
        return len(tok(s)["input_ids"])

    assert count(long) > 24
    pieces = split_to_fit(long, count, 24)
    assert len(pieces) >= 3 and t.inputs == len(pieces)
    assert all(count(p) <= 24 for p in pieces)
    # every word of the sentence reaches the model, in order
    assert " ".join(pieces).split() == long.split()
    # the translation is the join of the pieces' translations
    alone = TransformersTranslator(str(tiny), MTOptions(**FAST)).translate(pieces, "ar", "fr")
    assert out == joiner("fr").join(alone)
    # with the model's own limit (512) the same sentence goes in whole
    whole = TransformersTranslator(str(tiny), MTOptions(**FAST))
    whole.translate([long], "ar", "fr")
    assert whole.inputs == 1


def test_max_input_tokens_is_capped_by_the_model(tiny):
    t = TransformersTranslator(str(tiny), MTOptions(**FAST, max_input_tokens=100_000))
    assert t.max_input_tokens == 512  # max_position_embeddings of the tiny model


needs_ct2 = pytest.mark.skipif(importlib.util.find_spec("ctranslate2") is None,
                               reason="ctranslate2 not installed")


@needs_ct2
def test_ctranslate2_fp32_matches_transformers(tiny, tmp_path):
    from mtaudit.mt.ctranslate2_backend import CTranslate2Translator

    src = source_sentences(10)
    ref = TransformersTranslator(str(tiny), MTOptions(**FAST)).translate(src, "ar", "fr")
    opts = MTOptions(**FAST, compute_type="float32", cache_dir=str(tmp_path))
    t = CTranslate2Translator(str(tiny), opts)
    assert not t.converted and t.loads == 0
    assert t.translate(src, "ar", "fr") == ref  # token-identical (FINDINGS)
    folder = t.ct2_folder()
    assert (folder / "model.bin").is_file() and folder.is_relative_to(tmp_path)
    stamp = (folder / "model.bin").stat().st_mtime_ns
    # a second translator reuses the converted model
    again = CTranslate2Translator(str(tiny), opts)
    assert again.translate(src[:2], "ar", "fr") == ref[:2]
    assert (folder / "model.bin").stat().st_mtime_ns == stamp
    # the converted folder is itself a model (tokenizer saved alongside)
    direct = CTranslate2Translator(str(folder), MTOptions(**FAST, compute_type="float32"))
    assert direct.converted
    assert direct.translate(src[:3], "ar", "fr") == ref[:3]


@needs_ct2
def test_ctranslate2_int8_and_signature(tiny, tmp_path):
    from mtaudit.mt.ctranslate2_backend import CTranslate2Translator

    t = CTranslate2Translator(str(tiny), MTOptions(**FAST, cache_dir=str(tmp_path)))
    sig = t.signature()
    assert sig["backend"] == "ctranslate2" and sig["settings"]["compute_type"] == "int8"
    src = source_sentences(5)
    out = t.translate(src, "ar", "fr")
    # int8 on random weights changes outputs: check the shape only
    assert len(out) == 5 and all(out) and t.model_calls == 1


@needs_ct2
def test_nllb_language_codes_steer_both_backends(nllb, tmp_path):
    from mtaudit.mt.ctranslate2_backend import CTranslate2Translator
    from mtaudit.mt.families import setup_languages

    opts = MTOptions(**FAST, compute_type="float32", cache_dir=str(tmp_path))
    t = TransformersTranslator(str(nllb), opts)
    src = source_sentences(3)
    to_fr = t.translate(src, "ar", "fr")
    to_de = t.translate(src, "ar", "de")
    assert to_fr != to_de  # forced first token fra_Latn vs deu_Latn
    setup = setup_languages(t._tokenizer, "ar", "fr")
    assert (setup.family, setup.target_token) == ("nllb", "fra_Latn")
    ids = t._tokenizer("مرحبا")["input_ids"]
    assert t._tokenizer.convert_ids_to_tokens(ids)[0] == "arb_Arab"  # source language token
    c = CTranslate2Translator(str(nllb), opts)
    assert c.translate(src, "ar", "fr") == to_fr  # target prefix == forced BOS
    assert c.translate(src, "ar", "de") == to_de


def test_unloadable_folder_is_model_unavailable(tmp_path):
    from mtaudit.core.errors import ModelUnavailable

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "marian"}')
    t = TransformersTranslator(str(broken), MTOptions(**FAST))
    with pytest.raises(ModelUnavailable, match="cannot load"):
        t.translate(["نص"], "ar", "fr")


def test_threads_option_sets_torch_threads(tiny):
    import torch

    before = torch.get_num_threads()
    try:
        t = TransformersTranslator(str(tiny), MTOptions(**FAST, threads=1))
        t.translate(["نص"], "ar", "fr")
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_m2m100_language_tokens(tiny):
    from transformers import M2M100Tokenizer

    from mtaudit.mt.families import setup_languages

    tok = M2M100Tokenizer(vocab_file=str(tiny / "vocab.json"), spm_file=str(tiny / "source.spm"))
    setup = setup_languages(tok, "ar", "fr")
    assert (setup.family, setup.target_token, setup.prefix) == ("m2m100", "__fr__", "")
    assert tok.convert_ids_to_tokens(tok("مرحبا")["input_ids"])[0] == "__ar__"
