"""Aligner settings (part of every run signature). Defaults tuned on Bleualign ``dev`` only."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class AlignConfig:
    max_bead: int = 4          # largest n or m in an n-m bead; beads have n + m <= max_bead + 1
    window: int = 10           # half-width of the search band around the coarse path
    skip_cost: float = 0.2     # cost of a 0-1 / 1-0 bead (tuned on dev)
    skip_slope: float = 1.0    # skip cost += skip_slope * (best 1-1 match - median best match)
    len_weight: float = 0.02   # weight of the Gale–Church length cost (nats) in a bead's cost
    extra_cost: float = 0.0    # penalty per sentence beyond the first on each side of a bead
    cross_weight: float = 1.0  # n-m beads with n, m >= 2 pay cross_weight *
    cross_floor: float = 0.5   # ... max(0, cross_floor - sim) (no weak crossing merges)
    sim_offset: float = 0.0    # bead cost uses (sim_offset - cosine)
    size_power: float = 0.5    # ... times ((n + m) / 2) ** size_power
    margin: float = 1.0        # subtract margin * mean cosine to random other-side sentences
    margin_mode: str = "random"  # that background: "random", "knn" (CSLS), "knn_ratio" (LASER)
    margin_k: int = 4          # ... of the k nearest other-side sentences in the knn modes
    member_weight: float = 1.0  # weight of the per-member penalty of many-sided beads
    member_floor: float = 0.0   # ... max(0, member_floor - cos(member, other side))
    gain_weight: float = 2.0   # penalty when a bead minus an end sentence matches better
    split_weight: float = 1.0  # penalty when a bead matches no better than a part of a split
    split_margin: float = 0.0  # ... max(0, best part sim + split_margin - sim(bead))
    nb_weight: float = 0.0     # subtract nb_weight * similarity to the sentences just outside
    skip_rel: float = 0.0      # skip cost += skip_rel * quantile of the side's best 1-1 sims
    skip_q: float = 0.5        # ... that quantile
    gc_variance: float = 6.8   # Gale–Church variance per character (s^2)
    full_dp_cells: int = 400_000  # (N+1)(M+1) up to this: exact DP; above: coarse-to-fine band
    joins: str = "refine"      # "refine": sentences embedded once, joins near the path (joins.py)
    join_gap: float = 0.3      # ... exact embeddings for beads within this cost of the best path
    join_rounds: int = 2       # ... at most this many refinement rounds; "exact": embed all joins
    temperature: float = 0.05  # softmin temperature of the bead posteriors (confidence)
    calib_a: float = 0.09       # confidence = sigmoid(calib_a + calib_b * logit(posterior))
    calib_b: float = 0.52      # (logistic fit on dev beads)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
