"""retranslate_pairs: the pipeline's entry point, with the cache, every backend and references."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from tiny_marian import SOURCE_SEED, TARGET_SEED, source_sentences

from mtaudit.app.config import AuditConfig
from mtaudit.app.reference import read_reference_pairs
from mtaudit.core.errors import InputError
from mtaudit.core.types import AlignedPair, Document, Segment, sha256_text
from mtaudit.mt import Retranslation, retranslate_pairs

FAST = {"beam_size": 2, "max_length": 10}
HAS_MT = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "sentencepiece"))
needs_mt = pytest.mark.skipif(not HAS_MT, reason="mtaudit[mt] not installed")
needs_ct2 = pytest.mark.skipif(importlib.util.find_spec("ctranslate2") is None,
                               reason="ctranslate2 not installed")


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "cache"))


def _doc(lines: list[str], lang: str) -> tuple[Document, list[Segment]]:
    text = "\n".join(lines)
    segs, pos = [], 0
    for i, line in enumerate(lines):
        segs.append(Segment(line, pos, pos + len(line), index=i))
        pos += len(line) + 1
    return Document(text, lang), segs


def make_pairs() -> tuple[list[AlignedPair], Document]:
    """1-1, 2-1, 0-1, 1-0 and a 1-1 whose source repeats the first one."""
    s = source_sentences(4)
    src, ss = _doc([s[0], s[1], s[2], s[3], s[0]], "ar")
    tgt, ts = _doc(["Phrase un.", "Phrase deux et trois.", "Légende photo.", "Encore un."], "fr")
    beads = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), ()), ((4,), (3,))]
    pairs = [AlignedPair.from_segments(i, src, tgt, tuple(ss[j] for j in b[0]),
                                       tuple(ts[j] for j in b[1]))
             for i, b in enumerate(beads)]
    return pairs, src


class CallCounter:
    """Wraps a translator class's translate() to count calls and inputs."""

    def __init__(self, monkeypatch, cls):
        self.calls, self.texts = 0, 0
        original = cls.translate

        def counting(inner, texts, src, tgt):
            self.calls += 1
            self.texts += len(texts)
            return original(inner, texts, src, tgt)

        monkeypatch.setattr(cls, "translate", counting)


@pytest.fixture(scope="module")
def tiny():
    if not HAS_MT:
        pytest.skip("mtaudit[mt] not installed")
    from tiny_marian import tiny_model_path

    return tiny_model_path()


@needs_mt
@pytest.mark.slow
def test_second_run_is_served_by_the_cache_without_loading_the_model(tiny, monkeypatch):
    from mtaudit.mt.transformers_backend import TransformersTranslator

    pairs, src = make_pairs()
    config = AuditConfig(mt_model=str(tiny), mt_options=FAST)
    counter = CallCounter(monkeypatch, TransformersTranslator)
    seen: list[tuple[int, int]] = []
    rt = retranslate_pairs(pairs, src, config, progress=lambda d, t: seen.append((d, t)))
    assert isinstance(rt, Retranslation) and rt.kind == "mt"
    assert counter.calls == 1 and counter.texts == 4  # 5 source segments, 4 distinct texts
    assert (rt.translated, rt.from_cache) == (4, 0)
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert len(rt.texts) == len(pairs)
    assert rt.texts[2] is None                     # 0-1 pair: no source text
    assert rt.texts[0] and rt.texts[3]             # 1-1 and 1-0 pairs are re-translated
    assert rt.texts[4] == rt.texts[0]              # same source sentence, same translation
    # the 2-1 pair: its two source sentences translated separately and joined
    alone = TransformersTranslator(str(tiny), config_options(config))
    parts = alone.translate([pairs[1].source[0].text, pairs[1].source[1].text], "ar", "fr")
    assert rt.texts[1] == " ".join(parts)
    sig = rt.signature
    assert sig["kind"] == "mt" and sig["backend"] == "transformers"
    assert sig["model"] == str(tiny) and sig["revision"].startswith("local-")
    assert sig["settings"] == {"beam_size": 2, "max_length": 10, "max_input_tokens": None}
    assert (sig["src_lang"], sig["tgt_lang"]) == ("ar", "fr")

    # Second audit of the same document: no model call, the model is not even loaded.
    calls_before = counter.calls

    def no_load(self):
        raise AssertionError("the model must not be loaded on a fully cached run")

    monkeypatch.setattr(TransformersTranslator, "_load", no_load)
    rt2 = retranslate_pairs(pairs, src, config)
    assert counter.calls == calls_before
    assert rt2.texts == rt.texts and rt2.signature == rt.signature
    assert (rt2.translated, rt2.from_cache) == (0, 4)


def config_options(config):
    from mtaudit.mt import MTOptions

    return MTOptions.from_mapping(config.mt_options)


@needs_mt
@pytest.mark.slow
def test_settings_and_cache_switch_change_what_is_reused(tiny, monkeypatch):
    from mtaudit.mt.transformers_backend import TransformersTranslator

    pairs, src = make_pairs()
    counter = CallCounter(monkeypatch, TransformersTranslator)
    retranslate_pairs(pairs, src, AuditConfig(mt_model=str(tiny), mt_options=FAST))
    other = retranslate_pairs(pairs, src, AuditConfig(mt_model=str(tiny),
                                                      mt_options={**FAST, "beam_size": 3}))
    assert other.translated == 4  # another beam size is another cache entry
    nocache = retranslate_pairs(pairs, src, AuditConfig(mt_model=str(tiny),
                                                        mt_options={**FAST, "cache": False}))
    assert nocache.translated == 4 and nocache.signature["cache"] is False
    assert counter.calls == 3
    # batch size and device do not change the key
    same = retranslate_pairs(pairs, src, AuditConfig(mt_model=str(tiny),
                                                     mt_options={**FAST, "batch_size": 2}))
    assert same.from_cache == 4 and counter.calls == 3


@needs_mt
@needs_ct2
@pytest.mark.slow
def test_ctranslate2_backend_through_the_entry_point(tiny, tmp_path):
    pairs, src = make_pairs()
    config = AuditConfig(mt_model=str(tiny), mt_backend="ctranslate2",
                         mt_options={**FAST, "compute_type": "float32"})
    rt = retranslate_pairs(pairs, src, config)
    assert rt.signature["backend"] == "ctranslate2"
    assert rt.signature["settings"]["compute_type"] == "float32"
    assert rt.texts[2] is None and all(rt.texts[i] for i in (0, 1, 3, 4))
    # fp32 CTranslate2 output equals transformers output, but the cache keeps them apart
    ref = retranslate_pairs(pairs, src, AuditConfig(mt_model=str(tiny), mt_options=FAST))
    assert ref.translated == 4
    assert ref.texts == rt.texts
    again = retranslate_pairs(pairs, src, config)
    assert again.from_cache == 4


@needs_mt
@pytest.mark.slow
def test_pivot_chain(tiny):
    pairs, src = make_pairs()
    rt = retranslate_pairs(pairs, src, AuditConfig(mt_model=f"{tiny}+{tiny}", mt_options=FAST))
    sig = rt.signature
    assert sig["backend"] == "pivot" and sig["pivot"] == "en" and len(sig["steps"]) == 2
    assert rt.texts[2] is None and all(rt.texts[i] for i in (0, 1, 3, 4))


# -- reference files -------------------------------------------------------------------------
def test_reference_one_line_per_source_sentence(tmp_path):
    pairs, src = make_pairs()
    lines = ["Réf zéro.", "Réf un.", "Réf deux.", "Réf trois.", "Réf quatre."]
    ref = tmp_path / "ref.fr.txt"
    ref.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    rt = read_reference_pairs(pairs, src, AuditConfig(reference=str(ref), embedder="none"))
    assert rt.kind == "reference"
    assert rt.texts == ("Réf zéro.", "Réf un. Réf deux.", None, "Réf trois.", "Réf quatre.")
    sig = rt.signature
    assert sig["mode"] == "lines" and sig["path"] == str(ref.resolve())
    assert sig["sha256"] == sha256_text(ref.read_text(encoding="utf-8"))


def test_reference_errors(tmp_path):
    pairs, src = make_pairs()
    short = tmp_path / "short.txt"
    short.write_text("une\ndeux\n", encoding="utf-8")
    with pytest.raises(InputError, match="2 lines but the source has 5 sentences"):
        read_reference_pairs(pairs, src, AuditConfig(reference=str(short),
                                                  mt_options={"reference_mode": "lines"}))
    with pytest.raises(InputError, match="not found"):
        read_reference_pairs(pairs, src, AuditConfig(reference=str(tmp_path / "missing.txt")))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Réf\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"not valid UTF-8.*latin-1"):
        read_reference_pairs(pairs, src, AuditConfig(reference=str(latin1)))


def test_reference_document_maps_alignment_beads_to_pairs(tmp_path, monkeypatch):
    """A whole reference document: segmented, aligned to the source sentences, and each pair
    gets the reference text of the beads covering its source sentences."""
    import mtaudit.align
    from mtaudit.core.types import Bead

    pairs, src = make_pairs()
    ref = tmp_path / "ref.txt"
    ref.write_text("Alpha un. Beta deux. Gamma trois.\n\nDelta quatre.", encoding="utf-8")
    calls = {}

    def fake_align(s, t, *, embedder, config, progress=None):
        calls["src"], calls["tgt"], calls["embedder"] = list(s), list(t), embedder
        # src 0 <-> ref 0; src 1+2 <-> ref 1; src 3 <-> nothing; src 4 <-> ref 2+3
        return [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ()), Bead((4,), (2, 3))]

    monkeypatch.setattr(mtaudit.align, "align", fake_align)
    rt = read_reference_pairs(pairs, src, AuditConfig(reference=str(ref), embedder="none"))
    assert calls["src"] == [seg.text for p in pairs for seg in p.source]
    assert calls["tgt"] == ["Alpha un.", "Beta deux.", "Gamma trois.", "Delta quatre."]
    assert calls["embedder"] is None
    assert rt.texts == ("Alpha un.", "Beta deux.", None, "", "Gamma trois.\n\nDelta quatre.")
    assert rt.signature["mode"] == "document"
    assert rt.signature["reference_sentences"] == 4


@pytest.mark.slow
def test_reference_document_real_alignment_on_the_seed_pair():
    """The noisy French seed used as a reference for the Arabic seed, aligned for real."""
    from mtaudit.analysis.segment import segment

    src = Document(SOURCE_SEED.read_text(encoding="utf-8"), "ar")
    tgt = Document("", "fr")
    segs = segment(src.text, "ar")
    pairs = [AlignedPair.from_segments(i, src, tgt, (seg,), ()) for i, seg in enumerate(segs)]
    rt = read_reference_pairs(pairs, src, AuditConfig(reference=str(TARGET_SEED)))
    assert rt.signature["mode"] == "document" and rt.signature["embedder"] == "use"
    filled = [t for t in rt.texts if t]
    assert len(filled) >= 0.8 * len(pairs)
    # references come from the reference document, in order
    ref_text = TARGET_SEED.read_text(encoding="utf-8")
    positions = [ref_text.find(t) for t in filled]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_tiny_model_helper_is_not_seed_fitted():
    # the test model's vocabularies are trained on the seeds, but nothing in mtaudit.mt is
    root = Path(__file__).resolve().parents[1] / "mtaudit" / "mt"
    words = ("Portnikov", "Bortnikov", "Crocus", "Crocos")
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not any(w in text for w in words), path
