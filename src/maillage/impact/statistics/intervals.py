"""95 % intervals for the impact indicators. Django-free.

- **Rates** (a share of meetings, of agreements): the Wilson score interval. Unlike the textbook
  Wald interval it stays inside [0, 1] and keeps close to its nominal coverage for the small
  groups and the rates near 0 or 1 that follow-up surveys produce (Brown, Cai and DasGupta,
  *Interval estimation for a binomial proportion*, 2001).
- **Medians** (an amount, days to agreement): the distribution-free interval between two order
  statistics, whose coverage follows from the binomial distribution with p = 1/2 whatever the
  amounts' distribution; exact, with no resampling. Below six values no such pair reaches 95 %,
  and the interval is left out.
- **Totals of amounts** (what everyone asked would report, estimated from the respondents): a
  percentile bootstrap over the respondents, those without an amount counting zero (2,000
  resamples, a fixed seed so the same data always give the same interval). Amounts are heavily
  skewed (a few large contracts), where a t interval around the mean is too narrow on the side
  that matters. The sum of what was *reported* is exact and has no interval: its uncertainty is
  the estimate's.

Every interval describes the uncertainty from who happened to answer, treating respondents as
a random sample of those asked; it cannot correct a bias in who answers.
"""

import math
from collections.abc import Sequence

import numpy as np

#: The standard normal quantile for a two-sided 95 % interval.
Z_95 = 1.959963984540054
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20140524

type Interval = tuple[float, float]


def wilson(successes: int, trials: int, *, z: float = Z_95) -> Interval | None:
    """The Wilson score interval of ``successes / trials`` (None without trials)."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes out of {trials} trials")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (z / (1 + z2 / trials)) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    return (max(0.0, centre - half), min(1.0, centre + half))


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return float(np.median(np.asarray(values, dtype=float)))


def median_interval(values: Sequence[float], *, confidence: float = 0.95) -> Interval | None:
    """The narrowest symmetric pair of order statistics covering the median with at least
    ``confidence`` (None when even the minimum and maximum do not)."""
    n = len(values)
    ordered = sorted(float(v) for v in values)
    # P(X(j) <= median <= X(n+1-j)) = 1 - 2 P(B <= j-1), with B ~ Binomial(n, 1/2).
    best = None
    cumulative = 0.0
    for j in range(1, n // 2 + 1):
        cumulative += math.comb(n, j - 1) / 2**n
        if 1 - 2 * cumulative < confidence:
            break
        best = j
    if best is None:
        return None
    return (ordered[best - 1], ordered[n - best])


def _bootstrap_sums(values: np.ndarray) -> np.ndarray:
    """``BOOTSTRAP_RESAMPLES`` sums of resamples of ``values`` (with replacement, same size)."""
    n = len(values)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    # In batches, so that memory stays bounded for cells with thousands of values.
    batch = max(1, min(BOOTSTRAP_RESAMPLES, 2_000_000 // n))
    return np.concatenate(
        [
            values[rng.integers(0, n, size=(min(batch, BOOTSTRAP_RESAMPLES - start), n))].sum(
                axis=1
            )
            for start in range(0, BOOTSTRAP_RESAMPLES, batch)
        ]
    )


def _percentiles(samples: np.ndarray, confidence: float) -> Interval:
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return (float(low), float(high))


def bootstrap_total_interval(
    values: Sequence[float], population: int, *, confidence: float = 0.95
) -> Interval | None:
    """Percentile bootstrap interval of ``population`` times the mean of ``values``: the total
    over everyone asked, when ``values`` are the respondents' (zeros included) and those who
    did not answer resemble them."""
    n = len(values)
    if n < 2 or population < n:
        return None
    sums = _bootstrap_sums(np.asarray(values, dtype=float))
    return _percentiles(sums * (population / n), confidence)
