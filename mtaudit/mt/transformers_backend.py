"""Re-translation with a Hugging Face seq2seq model (MarianMT, NLLB-200, M2M100...) on torch.

The model is a local folder or a hub id already in the local HF cache (see :mod:`.hub`); it is
loaded on the first :meth:`translate` call, never downloaded. Sentences longer than the model's
input limit are split (:mod:`.chunking`) rather than truncated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mtaudit.core.errors import ConfigError, ModelUnavailable

from .base import MTOptions, Translator, joiner, quiet_transformers, require_module
from .chunking import chunk_texts, rejoin
from .families import LangSetup, model_max_input, setup_languages
from .hub import ResolvedModel, resolve


class TransformersTranslator(Translator):
    backend = "transformers"

    def __init__(self, model: str, options: MTOptions | None = None) -> None:
        super().__init__()
        require_module("torch", self.backend)
        require_module("transformers", self.backend)
        self.options = options or MTOptions()
        self.resolved: ResolvedModel = resolve(model, self.options.revision)
        self.model_id = model
        self._model: Any = None
        self._tokenizer: Any = None
        self._device = "cpu"
        self._limit = 0

    def signature(self) -> dict[str, Any]:
        return {"backend": self.backend, "model": self.model_id,
                "revision": self.resolved.revision, "settings": self.options.output_settings()}

    # -- loading ---------------------------------------------------------------------------
    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        device = self.options.device
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda" and not torch.cuda.is_available():
            raise ConfigError("mt option device='cuda' but torch sees no CUDA device")
        if self.options.threads:
            torch.set_num_threads(self.options.threads)
        path = str(self.resolved.path)
        with quiet_transformers():
            try:
                self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
                model = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)
            except Exception as exc:  # any loading failure: a model we cannot use
                first = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"
                raise ModelUnavailable(f"re-translation unavailable: cannot load "
                                       f"{self.model_id} ({first})") from exc
        self._model = model.to(device).eval()
        self._device = device
        limit = model_max_input(self._tokenizer, model.config)
        if self.options.max_input_tokens is not None:
            limit = min(limit, self.options.max_input_tokens)
        self._limit = limit
        self.loads += 1

    @property
    def max_input_tokens(self) -> int:
        self._load()
        return self._limit

    # -- translation -----------------------------------------------------------------------
    def _count(self, setup: LangSetup) -> Any:
        tok = self._tokenizer

        def count(text: str) -> int:
            return len(tok(setup.prefix + text)["input_ids"])

        return count

    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        texts = list(texts)
        if not texts:
            return []
        self._load()
        setup = setup_languages(self._tokenizer, src, tgt)
        count = self._count(setup)
        pieces, owner = chunk_texts(texts, count, self._limit)
        self.inputs += len(pieces)
        outputs = self._generate(pieces, setup)
        return rejoin(owner, outputs, len(texts), joiner(tgt))

    def _generate(self, pieces: list[str], setup: LangSetup) -> list[str]:
        import torch

        tok, model, opts = self._tokenizer, self._model, self.options
        order = sorted(range(len(pieces)), key=lambda k: len(pieces[k]))
        results: list[str] = [""] * len(pieces)
        gen: dict[str, Any] = {"num_beams": opts.beam_size}
        if setup.target_token is not None:
            gen["forced_bos_token_id"] = tok.convert_tokens_to_ids(setup.target_token)
        for start in range(0, len(order), opts.batch_size):
            batch = order[start:start + opts.batch_size]
            enc = tok([setup.prefix + pieces[k] for k in batch], return_tensors="pt",
                      padding=True, truncation=False)
            longest = int(enc["input_ids"].shape[1])
            max_new = opts.max_length or min(2 * longest + 16, max(self._limit, 32))
            enc = {k: v.to(self._device) for k, v in enc.items()}
            with torch.inference_mode():
                out = model.generate(**enc, max_new_tokens=max_new, **gen)
            self.model_calls += 1
            decoded = tok.batch_decode(out, skip_special_tokens=True)
            for k, text in zip(batch, decoded, strict=True):
                results[k] = text
        return results
