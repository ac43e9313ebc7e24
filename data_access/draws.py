"""Random draws shared by the synthetic-data generators (deterministic for a given random.Random)."""

from __future__ import annotations

import math
import random


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count; the normal approximation above 50 keeps large cities fast."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def log_uniform(rng: random.Random, low: float, high: float) -> int:
    """Sizes spread evenly on a log scale (many small towns, few large cities)."""
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))
