"""Aligner settings (part of every run signature)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class AlignConfig:
    max_bead: int = 4          # largest n or m in an n-m bead
    window: int = 10           # half-width of the search band around the coarse path
    skip_cost: float = 0.3     # cost of a 0-1 / 1-0 bead (tuned on dev)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
