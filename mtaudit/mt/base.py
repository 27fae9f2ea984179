"""The translator interface, its options, and the helpers every backend shares."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from typing import Any

from mtaudit.core.errors import ConfigError, ModelUnavailable
from mtaudit.core.text import base_lang

# Languages written without spaces: translations of consecutive segments are joined without one.
_NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo", "dz"})


def joiner(lang: str) -> str:
    """The string that joins sentences in ``lang`` ("" for Chinese, Japanese, Thai...)."""
    return "" if base_lang(lang) in _NO_SPACE_LANGS else " "


def unavailable(model: str) -> ModelUnavailable:
    """The one error raised when a model is neither a local folder nor in the local HF cache."""
    return ModelUnavailable(f"re-translation unavailable: {model} not found locally; "
                            f"fetch it with `mtaudit models pull {model}`")


@dataclass(frozen=True)
class MTOptions:
    """Settings of a re-translation run (``AuditConfig.mt_options``; unknown keys are refused).

    Only the settings that change outputs (``beam_size``, ``max_length``, ``max_input_tokens``,
    ``compute_type``, ``pivot``) enter the cache key; batch size, device and threads do not.

    ``threads``: for transformers, ``torch.set_num_threads(threads)`` (process-wide) when > 0,
    else torch's default (one per core); for ctranslate2, its ``intra_threads``, where 0 means
    1 when torch is loaded in the process, else ctranslate2's default. On a small shared machine
    ``threads=1`` is much faster: OpenMP threads spin when cores are oversubscribed (measured in
    reports/bench_retranslate.md).
    """

    beam_size: int = 4
    batch_size: int = 16
    max_length: int | None = None         # max new tokens; None: 2 × input length + 16
    max_input_tokens: int | None = None   # chunk longer sentences; None: the model's limit
    device: str = "cpu"                   # "cpu", "cuda" or "auto"
    compute_type: str = "int8"            # ctranslate2 only
    threads: int = 0                      # intra-op threads; 0: backend default (see below)
    revision: str | None = None           # hub revision (branch, tag or commit)
    tokenizer: str | None = None          # ctranslate2: tokenizer folder/id if not in the model
    pivot: str = "en"                     # pivot language when no direct model exists
    cache: bool = True                    # use the on-disk re-translation cache
    cache_dir: str | None = None          # default: $MTAUDIT_CACHE_DIR or ~/.cache/mtaudit
    reference_mode: str = "auto"          # reference files: "auto", "lines" or "document"

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any] | None) -> MTOptions:
        options = dict(options or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(f"unknown mt option(s) {', '.join(unknown)}; "
                              f"known: {', '.join(sorted(known))}")
        opts = cls(**options)
        opts.validate()
        return opts

    def validate(self) -> None:
        for name in ("beam_size", "batch_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"mt option {name} must be a positive integer, not {value!r}")
        for name in ("max_length", "max_input_tokens"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 4):
                raise ConfigError(f"mt option {name} must be an integer >= 4, not {value!r}")
        if self.device not in ("cpu", "cuda", "auto"):
            raise ConfigError(f"mt option device must be cpu, cuda or auto, not {self.device!r}")
        if self.reference_mode not in ("auto", "lines", "document"):
            raise ConfigError("mt option reference_mode must be auto, lines or document, "
                              f"not {self.reference_mode!r}")
        if not isinstance(self.threads, int) or self.threads < 0:
            raise ConfigError(f"mt option threads must be an integer >= 0, not {self.threads!r}")

    def output_settings(self) -> dict[str, Any]:
        """The settings that can change a translation (they go into the cache key)."""
        return {"beam_size": self.beam_size, "max_length": self.max_length,
                "max_input_tokens": self.max_input_tokens}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Translator(ABC):
    """A machine-translation backend. Loading is lazy: nothing heavy happens before the first
    :meth:`translate`, so :meth:`signature` (used as cache key) is cheap.

    ``model_calls`` counts calls into the model (one per batch), ``inputs`` the pieces sent to it
    (more than the texts when long ones are chunked) and ``loads`` the model loads, so that
    tests and benchmarks can check that cached runs do no model work.
    """

    backend: str = ""

    def __init__(self) -> None:
        self.model_calls = 0
        self.inputs = 0
        self.loads = 0

    @abstractmethod
    def translate(self, texts: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate each text (batched); returns one string per input, in order."""

    @abstractmethod
    def signature(self) -> dict[str, Any]:
        """Model id, revision, backend and output-relevant settings (JSON-serialisable)."""


def require_module(module: str, backend: str) -> None:
    """Raise ModelUnavailable if ``module`` (needed by ``backend``) is not installed."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ModelUnavailable(f"re-translation unavailable: the {backend} backend needs the "
                               f"{module!r} package; install it with `pip install mtaudit[mt]`")


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """No progress bars on stderr while loading (library code does not print)."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()
