"""Gale–Church (1993) length model: cost of aligning ``ls`` source with ``lt`` target characters."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Gale & Church's bead priors (1-0 and 0-1 share their 0.0099, 2-1 and 1-2 their 0.089).
GC_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
OTHER_PRIOR = 0.0005  # beads beyond Gale & Church's set (3-1, 1-3, 2-3...)


def prior_cost(n: int, m: int) -> float:
    return -math.log(GC_PRIORS.get((n, m), OTHER_PRIOR))


def log_erfc(x: np.ndarray) -> np.ndarray:
    """log(erfc(x)) for x >= 0, stable for large x (Numerical Recipes' erfcc, rel. err < 1.2e-7)."""
    import numpy as np

    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    return np.log(t) - x * x + poly


def length_cost(ls: np.ndarray, lt: np.ndarray, ratio: float, variance: float) -> np.ndarray:
    """-log P(|delta| >= observed) under Gale–Church's normal model (0 for a perfect ratio).

    ``ratio`` is expected target characters per source character (the document's own ratio),
    ``delta = (lt - ratio*ls) / sqrt(variance * mean(ratio*ls, lt))``.
    """
    import numpy as np

    ls = np.asarray(ls, dtype=np.float64)
    lt = np.asarray(lt, dtype=np.float64)
    mean = np.maximum((ratio * ls + lt) / 2.0, 1.0)
    delta = np.abs(lt - ratio * ls) / np.sqrt(variance * mean)
    return -log_erfc(delta / math.sqrt(2.0))
