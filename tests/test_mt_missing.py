"""Missing models, options and default-model choice: fast tests, no model is loaded."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from mtaudit.app.config import AuditConfig
from mtaudit.core.errors import ConfigError, ModelUnavailable
from mtaudit.core.types import AlignedPair, Document, Segment
from mtaudit.mt import MTOptions, retranslate_pairs
from mtaudit.mt.chunking import split_to_fit
from mtaudit.mt.hub import choose_default, default_models, resolve
from mtaudit.mt.langcodes import m2m100_code, nllb_code
from mtaudit.mt.retranslate import PivotTranslator, get_translator

EXPECTED = ("re-translation unavailable: Helsinki-NLP/opus-mt-ar-fr not found locally; "
            "fetch it with `mtaudit models pull Helsinki-NLP/opus-mt-ar-fr`")


@pytest.fixture(autouse=True)
def _empty_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "mtaudit"))


def _one_pair() -> tuple[list[AlignedPair], Document]:
    src = Document("قال المتحدث.", "ar")
    tgt = Document("Le porte-parole a dit.", "fr")
    seg_s, seg_t = Segment(src.text, 0, len(src.text)), Segment(tgt.text, 0, len(tgt.text))
    return [AlignedPair.from_segments(0, src, tgt, (seg_s,), (seg_t,))], src


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("hf_offline", ["1", None])
def test_missing_model_fails_fast_with_pull_hint(backend, hf_offline, monkeypatch):
    # Without HF_HUB_OFFLINE, huggingface_hub would retry for ~70 s: we never ask it.
    if hf_offline is None:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("HF_HUB_OFFLINE", hf_offline)
    pairs, src = _one_pair()
    config = AuditConfig(mt_model="Helsinki-NLP/opus-mt-ar-fr", mt_backend=backend)
    start = time.perf_counter()
    with pytest.raises(ModelUnavailable) as err:
        retranslate_pairs(pairs, src, config)
    assert time.perf_counter() - start < 1.0
    assert str(err.value) == EXPECTED


def test_default_model_for_the_pair_is_named_when_missing():
    pairs, src = _one_pair()
    start = time.perf_counter()
    with pytest.raises(ModelUnavailable) as err:
        retranslate_pairs(pairs, src, AuditConfig())  # no mt_model: the ar-fr default
    assert time.perf_counter() - start < 1.0
    assert str(err.value) == EXPECTED
    with pytest.raises(ModelUnavailable, match="opus-mt-de-en not found locally"):
        choose_default("de", "en")


def test_missing_local_folder_and_bad_hub_id():
    from mtaudit.core.errors import ConfigError

    # a path the user typed is an error (exit 2), not "go and pull it from the hub"
    with pytest.raises(ConfigError, match="MT model folder /nonexistent/model/folder does not"):
        resolve("/nonexistent/model/folder")
    with pytest.raises(ModelUnavailable, match="not found locally"):
        resolve("not a valid id!!")


def test_default_models_table():
    d = default_models("ar", "fr")
    assert d["direct"] == "Helsinki-NLP/opus-mt-ar-fr"
    assert d["pivot"] == ["Helsinki-NLP/opus-mt-ar-en", "Helsinki-NLP/opus-mt-en-fr"]
    assert "facebook/nllb-200-distilled-600M" in d["multilingual"]
    assert default_models("en", "fr")["pivot"] is None
    assert default_models("de", "es")["direct"] == "Helsinki-NLP/opus-mt-de-es"


def _fake_hub_model(hub: Path, repo: str, source: Path, commit: str) -> Path:
    """Lay out a model in the standard HF cache format (what `models pull` produces)."""
    root = hub / f"models--{repo.replace('/', '--')}"
    snap = root / "snapshots" / commit
    snap.mkdir(parents=True)
    for f in source.iterdir():
        shutil.copy(f, snap / f.name)
    (root / "refs").mkdir()
    (root / "refs" / "main").write_text(commit)
    return snap


def test_hub_cache_resolution_and_pivot_default(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "marian"}')
    hub = tmp_path / "hf"
    a = "a" * 40
    _fake_hub_model(hub, "Helsinki-NLP/opus-mt-ar-en", folder, a)
    _fake_hub_model(hub, "Helsinki-NLP/opus-mt-en-fr", folder, "b" * 40)
    r = resolve("Helsinki-NLP/opus-mt-ar-en")
    assert r.revision == a and r.origin == "hub-cache" and (r.path / "config.json").is_file()
    # no direct ar-fr model, both pivot halves present: the default is the pivot chain
    assert choose_default("ar", "fr") == ["Helsinki-NLP/opus-mt-ar-en",
                                          "Helsinki-NLP/opus-mt-en-fr"]
    pytest.importorskip("transformers")
    translator = get_translator(AuditConfig())
    assert isinstance(translator, PivotTranslator)
    sig = translator.signature()
    assert sig["backend"] == "pivot" and sig["pivot"] == "en"
    assert [s["revision"] for s in sig["steps"]] == [a, "b" * 40]
    # once the direct model is there, it wins
    _fake_hub_model(hub, "Helsinki-NLP/opus-mt-ar-fr", folder, "c" * 40)
    assert choose_default("ar", "fr") == ["Helsinki-NLP/opus-mt-ar-fr"]


def test_options_are_validated():
    with pytest.raises(ConfigError, match="unknown mt option"):
        MTOptions.from_mapping({"beams": 3})
    with pytest.raises(ConfigError, match="beam_size"):
        MTOptions.from_mapping({"beam_size": 0})
    with pytest.raises(ConfigError, match="device"):
        MTOptions.from_mapping({"device": "tpu"})
    with pytest.raises(ConfigError, match="max_input_tokens"):
        MTOptions.from_mapping({"max_input_tokens": 2})
    assert MTOptions.from_mapping({"beam_size": 2}).beam_size == 2
    pairs, src = _one_pair()
    with pytest.raises(ConfigError, match="unknown mt backend"):
        retranslate_pairs(pairs, src, AuditConfig(mt_model=str(Path(__file__).parent),
                                                  mt_backend="marian-cli"))
    # a reference is not a translator: it is given with --reference, not as a backend
    with pytest.raises(ConfigError, match="unknown mt backend 'reference'"):
        retranslate_pairs(pairs, src, AuditConfig(mt_backend="reference"))


def test_language_codes_for_multilingual_models():
    assert nllb_code("ar") == "arb_Arab"
    assert nllb_code("fr") == "fra_Latn"
    assert nllb_code("zh-CN") == "zho_Hans"
    assert nllb_code("ary_Arab") == "ary_Arab"  # already FLORES-200: unchanged
    with pytest.raises(ConfigError, match="FLORES-200"):
        nllb_code("xx")
    assert m2m100_code("fr") == "fr"
    assert m2m100_code("pt-BR") == "pt"


def test_chunking_without_a_model():
    def words(s: str) -> int:
        return len(s.split())

    text = "un deux trois, quatre cinq six; sept huit neuf dix onze douze treize"
    pieces = split_to_fit(text, words, 4)
    assert all(words(p) <= 4 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert pieces[0] == "un deux trois,"  # cut at clause punctuation first
    assert split_to_fit("court", words, 4) == ["court"]
    assert split_to_fit("   ", words, 4) == []
    assert split_to_fit("x" * 50, len, 8) and all(len(p) <= 8 for p in split_to_fit("x" * 50,
                                                                                    len, 8))


def test_multi_target_marian_prefix():
    from mtaudit.mt.families import setup_languages

    class FakeMulti:  # an opus-mt-en-ROMANCE style vocabulary
        unk_token_id = 1

        def get_vocab(self):
            return {">>fr<<": 5, ">>es<<": 6, "▁le": 7}

        def convert_tokens_to_ids(self, token):
            return self.get_vocab().get(token, 1)

    setup = setup_languages(FakeMulti(), "en", "fr-FR")
    assert (setup.family, setup.prefix) == ("marian-multi", ">>fr<< ")


def test_missing_backend_package_is_reported(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ctranslate2" else real(name, *a))
    pairs, src = _one_pair()
    with pytest.raises(ModelUnavailable, match="needs the 'ctranslate2' package"):
        retranslate_pairs(pairs, src, AuditConfig(mt_model=str(Path(__file__).parent),
                                                  mt_backend="ctranslate2"))


def test_paths_and_hub_ids_are_told_apart(tmp_path, monkeypatch):
    from mtaudit.mt.hub import looks_like_path

    for path in ("/opt/models/opus", "./opus", "../opus", "~/opus", "C:/opus", "D:model",
                 "models\\opus", "a/b/c"):
        assert looks_like_path(path), path
    for hub_id in ("Helsinki-NLP/opus-mt-ar-fr", "t5-small", "facebook/nllb-200-distilled-600M"):
        assert not looks_like_path(hub_id), hub_id
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-models").mkdir()
    assert looks_like_path("my-models/opus-ar-fr")  # its folder exists here: a path
