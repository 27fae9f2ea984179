"""Re-translation with CTranslate2 (fast CPU inference, int8 by default).

The model is either a converted CTranslate2 folder (it holds ``model.bin``) or a transformers
model (folder or hub id in the local HF cache), converted once into
``<mtaudit cache dir>/ct2/`` (conversion needs torch + transformers; running does not).
Tokenization uses the model's Hugging Face tokenizer: the one saved in the CTranslate2 folder,
the ``tokenizer`` mt option, or the source model's.

Once torch has run in the process, CTranslate2 with more than one intra-op thread is ~10× slower
on this kind of machine (see FINDINGS), so ``threads=0`` means 1 thread when torch is loaded.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtaudit.core.errors import ConfigError, ModelUnavailable

from .base import MTOptions, Translator, joiner, quiet_transformers, require_module
from .cache import default_cache_dir
from .chunking import chunk_texts, rejoin
from .families import LangSetup, model_max_input, setup_languages
from .hub import ResolvedModel, resolve

_TOKENIZER_FILES = ("tokenizer_config.json", "tokenizer.json", "source.spm",
                    "sentencepiece.bpe.model", "spm.model", "vocab.json")


def is_ct2_folder(path: Path) -> bool:
    return (path / "model.bin").is_file()


def _has_tokenizer(path: Path) -> bool:
    return any((path / name).is_file() for name in _TOKENIZER_FILES)


class CTranslate2Translator(Translator):
    backend = "ctranslate2"

    def __init__(self, model: str, options: MTOptions | None = None) -> None:
        super().__init__()
        require_module("ctranslate2", self.backend)
        require_module("transformers", self.backend)  # tokenizers only; torch is not needed
        self.options = options or MTOptions()
        self.model_id = model
        self.resolved: ResolvedModel = resolve(model, self.options.revision)
        self.converted = is_ct2_folder(self.resolved.path)
        self._translator: Any = None
        self._tokenizer: Any = None
        self._limit = 0

    def signature(self) -> dict[str, Any]:
        settings = self.options.output_settings()
        settings["compute_type"] = self.options.compute_type
        return {"backend": self.backend, "model": self.model_id,
                "revision": self.resolved.revision, "settings": settings}

    # -- loading ---------------------------------------------------------------------------
    def ct2_folder(self) -> Path:
        """The CTranslate2 model folder, converting the transformers model on first use."""
        if self.converted:
            return self.resolved.path
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", self.model_id.strip("/"))[-80:]
        root = Path(self.options.cache_dir) if self.options.cache_dir else default_cache_dir()
        out = root / "ct2" / f"{slug}-{self.resolved.revision[:16]}"
        if is_ct2_folder(out):
            return out
        require_module("torch", "ctranslate2 model conversion")
        from ctranslate2.converters import TransformersConverter
        from transformers import AutoTokenizer

        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            with quiet_transformers():
                TransformersConverter(str(self.resolved.path)).convert(str(tmp), force=True)
                AutoTokenizer.from_pretrained(str(self.resolved.path),
                                              local_files_only=True).save_pretrained(str(tmp))
            try:
                os.replace(tmp, out)
            except OSError:  # another process converted it first
                if not is_ct2_folder(out):
                    raise
        except Exception as exc:
            first = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"
            raise ModelUnavailable(f"re-translation unavailable: cannot convert {self.model_id} "
                                   f"for ctranslate2 ({first})") from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return out

    def _load(self) -> None:
        if self._translator is not None:
            return
        import ctranslate2
        from transformers import AutoTokenizer

        folder = self.ct2_folder()
        if self.options.tokenizer:
            tok_path = resolve(self.options.tokenizer).path
        elif _has_tokenizer(folder):
            tok_path = folder
        elif not self.converted:
            tok_path = self.resolved.path
        else:
            raise ConfigError(f"{self.model_id} has no tokenizer files; pass the mt option "
                              "tokenizer=<hub id or folder of the original model>")
        device = self.options.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        threads = self.options.threads or (1 if "torch" in sys.modules else 0)
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(str(tok_path), local_files_only=True)
            self._translator = ctranslate2.Translator(
                str(folder), device=device, compute_type=self.options.compute_type,
                inter_threads=1, intra_threads=threads)
        except Exception as exc:  # any loading failure: a model we cannot use
            first = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"
            raise ModelUnavailable(f"re-translation unavailable: cannot load {self.model_id} "
                                   f"with ctranslate2 ({first})") from exc
        limit = model_max_input(self._tokenizer)
        if self.options.max_input_tokens is not None:
            limit = min(limit, self.options.max_input_tokens)
        self._limit = limit
        self.loads += 1

    # -- translation -----------------------------------------------------------------------
    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        texts = list(texts)
        if not texts:
            return []
        self._load()
        tok = self._tokenizer
        setup = setup_languages(tok, src, tgt)

        def count(text: str) -> int:
            return len(tok(setup.prefix + text)["input_ids"])

        pieces, owner = chunk_texts(texts, count, self._limit)
        self.inputs += len(pieces)
        outputs = self._generate(pieces, setup)
        return rejoin(owner, outputs, len(texts), joiner(tgt))

    def _generate(self, pieces: list[str], setup: LangSetup) -> list[str]:
        tok, opts = self._tokenizer, self.options
        tokens = [tok.convert_ids_to_tokens(tok(setup.prefix + p)["input_ids"]) for p in pieces]
        order = sorted(range(len(pieces)), key=lambda k: len(pieces[k]))
        results: list[str] = [""] * len(pieces)
        for start in range(0, len(order), opts.batch_size):
            batch = order[start:start + opts.batch_size]
            longest = max(len(tokens[k]) for k in batch)
            max_new = opts.max_length or min(2 * longest + 16, max(self._limit, 32))
            prefix = [[setup.target_token] for _ in batch] if setup.target_token else None
            out = self._translator.translate_batch(
                [tokens[k] for k in batch], target_prefix=prefix, beam_size=opts.beam_size,
                max_batch_size=opts.batch_size, max_input_length=0,
                max_decoding_length=max_new)
            self.model_calls += 1
            for k, res in zip(batch, out, strict=True):
                hyp = list(res.hypotheses[0])
                if setup.target_token and hyp and hyp[0] == setup.target_token:
                    hyp = hyp[1:]
                results[k] = tok.decode(tok.convert_tokens_to_ids(hyp), skip_special_tokens=True)
        return results
