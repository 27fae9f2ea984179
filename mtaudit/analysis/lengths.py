"""Length norms: character counts, log length ratios and robust (median/MAD) statistics.

The omission and mistranslation detectors judge a pair's length ratio against the document's
own norm (median and robust scale of the 1-1 pairs' log ratios), with a floor on the scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Floor of the robust scale of log length ratios (tuned with the omission detector; the
# mistranslation detector reads the same norm, so both use this one value).
MIN_LOG_RATIO_SCALE = 0.08


def robust_norm(values: Sequence[float]) -> tuple[float, float] | None:
    """(median, robust scale = 1.4826·MAD) of ``values``; None when fewer than 3 values."""
    if len(values) < 3:
        return None
    v = sorted(values)
    med = median(v)
    mad = median(sorted(abs(x - med) for x in v))
    return med, 1.4826 * mad


def median(v: Sequence[float]) -> float:
    """Median of an already sorted sequence."""
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def chars(text: str) -> int:
    """Characters that are not white space."""
    return sum(1 for c in text if not c.isspace())


def log_ratio(src_chars: int, tgt_chars: int) -> float:
    """log((target + 1) / (source + 1)) of two character counts."""
    return math.log((tgt_chars + 1) / (src_chars + 1))
