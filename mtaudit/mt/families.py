"""How each model family is told the language pair, shared by the transformers and ctranslate2
backends: NLLB-200 and M2M100 take a source-language setting on the tokenizer and a forced
first target token; multi-target OPUS-MT models take a ``>>fr<<`` prefix; plain bilingual
models (MarianMT ``opus-mt-ar-fr``...) need nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtaudit.core.errors import ConfigError

from .base import base_lang
from .langcodes import m2m100_code, nllb_code


@dataclass(frozen=True)
class LangSetup:
    family: str                 # "nllb", "m2m100", "marian-multi" or "plain"
    prefix: str = ""            # text put before every source sentence
    target_token: str | None = None  # token forced as the first target token


def model_max_input(tokenizer: Any, config: Any | None = None) -> int:
    """The longest input (in tokens) the model accepts."""
    limits = []
    tok_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_max, int) and 0 < tok_max < 100_000:
        limits.append(tok_max)
    pos = getattr(config, "max_position_embeddings", None) if config is not None else None
    if isinstance(pos, int) and pos > 0:
        limits.append(pos)
    return min(limits) if limits else 512


def setup_languages(tokenizer: Any, src: str, tgt: str) -> LangSetup:
    """Configure ``tokenizer`` for ``src``→``tgt`` and say what generation needs."""
    name = type(tokenizer).__name__.lower()
    unk = getattr(tokenizer, "unk_token_id", None)

    def known(token: str) -> bool:
        return tokenizer.convert_tokens_to_ids(token) not in (None, unk)

    if "nllb" in name:
        s, t = nllb_code(src), nllb_code(tgt)
        for code in (s, t):
            if not known(code):
                raise ConfigError(f"this NLLB tokenizer has no language token {code!r}")
        tokenizer.src_lang = s
        return LangSetup("nllb", target_token=t)
    if "m2m100" in name:
        s, t = m2m100_code(src), m2m100_code(tgt)
        tokenizer.src_lang = s
        token = tokenizer.get_lang_token(t)
        if not known(token):
            raise ConfigError(f"this M2M100 tokenizer has no language token {token!r}")
        return LangSetup("m2m100", target_token=token)
    vocab = tokenizer.get_vocab() if hasattr(tokenizer, "get_vocab") else {}
    for code in (tgt, base_lang(tgt)):
        if f">>{code}<<" in vocab:
            return LangSetup("marian-multi", prefix=f">>{code}<< ")
    return LangSetup("plain")
