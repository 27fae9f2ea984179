"""Build a tiny MarianMT model (random weights) so tests run the real MT code paths offline.

The model is meaningless as a translator, but it is a genuine ``MarianMTModel`` with a genuine
``MarianTokenizer`` (SentencePiece vocabularies trained on the seed texts), so loading,
batching, chunking, generation, caching and ctranslate2 conversion are all exercised for real.
``init_std=0.5`` makes different inputs give different outputs (with the default 0.02 a random
model emits the same string for everything). See /work/shared/FINDINGS.md.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SOURCE_SEED = SEEDS / "003_a11d716948e0df65.txt"   # Arabic
TARGET_SEED = SEEDS / "000_446608ba329916e1.txt"   # French


def _train_spm(text: str, prefix: Path, vocab_size: int) -> None:
    import io

    import sentencepiece as spm

    lines = [ln for ln in text.splitlines() if ln.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, normalization_rule_name="identity",
        minloglevel=2)
    prefix.with_suffix(".spm").write_bytes(model.getvalue())


def _pieces(path: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(path))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def write_marian_tokenizer(out: Path, src_lang: str = "ar", tgt_lang: str = "fr"
                           ) -> dict[str, int]:
    """The shared vocabulary of ``out/source.spm`` and ``out/target.spm`` (``</s>`` 0,
    ``<unk>`` 1, ``<pad>`` last) written as ``vocab.json``, and the MarianTokenizer saved in
    ``out``; returns the vocabulary."""
    from transformers import MarianTokenizer

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(out / "source.spm") + _pieces(out / "target.spm"):
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"),
                          str(out / "vocab.json"), source_lang=src_lang, target_lang=tgt_lang,
                          model_max_length=512)
    tok.save_pretrained(out)
    return vocab


def build_tiny_marian(out_dir: str | Path, *, seed: int = 0, vocab_size: int = 300) -> Path:
    """Write a tiny Marian model + tokenizer to ``out_dir`` and return the folder."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _train_spm(SOURCE_SEED.read_text(encoding="utf-8"), out / "source", vocab_size)
    _train_spm(TARGET_SEED.read_text(encoding="utf-8"), out / "target", vocab_size)
    vocab = write_marian_tokenizer(out)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=512, pad_token_id=pad,
        decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=None,
        init_std=0.5, num_beams=2, max_length=64)
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.save_pretrained(out)
    return out


_BUILT: dict[str, Path] = {}


def tiny_model_path() -> Path:
    """The tiny model, built once per process into a temporary folder (removed at exit)."""
    if "path" not in _BUILT:
        import atexit
        import shutil
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="mtaudit-tiny-marian-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _BUILT["path"] = build_tiny_marian(root / "tiny-marian-ar-fr")
    return _BUILT["path"]


def source_sentences(n: int = 12) -> list[str]:
    """The first ``n`` non-blank lines of the Arabic seed (test inputs)."""
    lines = [ln.strip() for ln in SOURCE_SEED.read_text(encoding="utf-8").splitlines()]
    return [ln for ln in lines if ln][:n]


if __name__ == "__main__":  # pragma: no cover - manual use: python tests/tiny_marian.py DIR
    import sys

    print(build_tiny_marian(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tiny-marian"))


def build_tiny_nllb(out_dir: str | Path, *, seed: int = 0) -> Path:
    """A tiny NLLB-style model (M2M100 architecture + ``NllbTokenizer`` with FLORES-200 language
    tokens), to exercise language-code handling (``src_lang``, forced first target token)."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = SOURCE_SEED.read_text(encoding="utf-8") + TARGET_SEED.read_text(encoding="utf-8")
    # Character-level BPE (no merges): the transformers 5 NllbTokenizer takes vocab + merges.
    vocab: dict[str, int] = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for ch in "▁" + "".join(sorted(set(text) - set(" \n\t\r"))):
        vocab.setdefault(ch, len(vocab))
    tok = NllbTokenizer(vocab=vocab, merges=[], model_max_length=512)
    tok.save_pretrained(out)
    config = M2M100Config(
        vocab_size=len(tok), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=512, pad_token_id=tok.pad_token_id,
        bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
        decoder_start_token_id=tok.eos_token_id, forced_eos_token_id=None, init_std=0.5,
        scale_embedding=True)
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    # Random weights would mostly emit the ~200 language tokens (skipped when decoding, so every
    # output would be empty): shrink their (tied) embeddings so ordinary pieces win, while each
    # language token still steers the decoder differently.
    lang_ids = [i for i in tok.added_tokens_decoder if i >= len(vocab)]
    with torch.no_grad():
        model.model.shared.weight[lang_ids] *= 0.2
    model.save_pretrained(out)
    return out
