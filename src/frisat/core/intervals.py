"""Generic 95 % intervals for shares, differences of shares, of means and of medians.

Shared by the item analysis (:mod:`frisat.core.items`) and the case-registration periods
(:mod:`frisat.core.cases.periods`). Every difference is *second minus first* (later period or wave
minus the earlier one), so a fall from 34 to 22 days is −12.

- :func:`wilson` — Wilson score interval of one share (Wilson 1927; Newcombe 1998, method 3).
- :func:`newcombe_diff` — difference of two independent shares, Newcombe's hybrid score interval
  built from the two Wilson intervals (Newcombe 1998, *Statistics in Medicine* 17, method 10).
- :func:`welch_diff` / :func:`welch_diff_from_stats` — difference of two means with Welch's
  unequal-variance t interval and Welch–Satterthwaite degrees of freedom (equals
  ``scipy.stats.ttest_ind(second, first, equal_var=False).confidence_interval()``).
- :func:`bootstrap_median_diff` — difference of two medians, percentile bootstrap: B resamples of
  each sample drawn independently with replacement from one NumPy ``Generator`` seeded with
  ``seed``, the (1 − c)/2 and (1 + c)/2 quantiles (linear interpolation) of the B differences of
  medians (Efron & Tibshirani 1993, ch. 13). The replicates are drawn in blocks of R =
  max(1, 2²² // (n1 + n2)) rows (bounded memory): per block first R × n1 indices of the first
  sample, then R × n2 of the second (one block when B ≤ R). Same data + seed + B, same interval.

Undefined intervals are NaN: a share with n = 0; a mean difference with fewer than two values in a
sample; a median difference with an empty sample.

>>> low, high = wilson(67, 100)
>>> round(float(low), 4), round(float(high), 4)
(0.5731, 0.7544)
>>> d, low, high = newcombe_diff(30, 42, 36, 45)
>>> round(float(d), 4), round(float(low), 4), round(float(high), 4)
(0.0857, -0.0935, 0.2611)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

DEFAULT_CONFIDENCE = 0.95
DEFAULT_BOOTSTRAP_SAMPLES = 4000
DEFAULT_SEED = 2024
_BLOCK_CELLS = 1 << 22

ArrayLike = np.ndarray | Sequence[float] | float


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    return float(stats.norm.ppf((1 + confidence) / 2))


def wilson(count: ArrayLike, n: ArrayLike, confidence: float = DEFAULT_CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the share count/n (vectorised; NaN where n = 0).

    centre = (x + z²/2) / (n + z²); half = z / (n + z²) · √(x(n − x)/n + z²/4).
    Returns arrays shaped like the broadcast inputs (0-d for scalars; ``float()`` works).
    """
    z = _z(confidence)
    x = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any((x < 0) | (x > n)):
        raise ValueError("count must lie between 0 and n")
    with np.errstate(invalid="ignore", divide="ignore"):
        denominator = n + z * z
        centre = (x + z * z / 2) / denominator
        half = z / denominator * np.sqrt(np.maximum(x * (n - x) / n, 0.0) + z * z / 4)
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def newcombe_diff(
    count1: ArrayLike, n1: ArrayLike, count2: ArrayLike, n2: ArrayLike, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference p2 − p1 of two independent shares with Newcombe's hybrid score interval.

    With Wilson limits (l1, u1), (l2, u2): low = d − √((p2 − l2)² + (u1 − p1)²),
    high = d + √((u2 − p2)² + (p1 − l1)²). NaN where n1 or n2 is 0. Returns (diff, low, high).
    """
    x1, m1 = np.asarray(count1, dtype=float), np.asarray(n1, dtype=float)
    x2, m2 = np.asarray(count2, dtype=float), np.asarray(n2, dtype=float)
    l1, u1 = wilson(x1, m1, confidence)
    l2, u2 = wilson(x2, m2, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = np.where(m1 > 0, x1 / m1, np.nan)
        p2 = np.where(m2 > 0, x2 / m2, np.nan)
    diff = p2 - p1
    low = diff - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = diff + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return diff, low, high


def welch_diff_from_stats(
    mean1: ArrayLike, sd1: ArrayLike, n1: ArrayLike, mean2: ArrayLike, sd2: ArrayLike, n2: ArrayLike,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Welch interval of mean2 − mean1 from summary statistics (sd with ddof = 1; vectorised).

    se = √(s1²/n1 + s2²/n2); df = se⁴ / ((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1)).
    NaN where a sample has fewer than two values; a zero-width interval when both sds are 0.
    """
    _z(confidence)
    m1, s1, k1 = (np.asarray(v, dtype=float) for v in (mean1, sd1, n1))
    m2, s2, k2 = (np.asarray(v, dtype=float) for v in (mean2, sd2, n2))
    usable = (k1 >= 2) & (k2 >= 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        v1 = s1 * s1 / k1
        v2 = s2 * s2 / k2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1 * v1 / (k1 - 1) + v2 * v2 / (k2 - 1))
        df = np.where(usable & (se > 0), df, 1.0)
        half = np.where(se > 0, stats.t.ppf((1 + confidence) / 2, df) * se, 0.0)
    diff = m2 - m1
    low = np.where(usable, diff - half, np.nan)
    high = np.where(usable, diff + half, np.nan)
    return diff, low, high


def _clean(values: np.ndarray | Sequence[float]) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values[~np.isnan(values)]


def welch_diff(
    first: np.ndarray | Sequence[float], second: np.ndarray | Sequence[float], confidence: float = DEFAULT_CONFIDENCE
) -> tuple[float, float, float]:
    """Welch interval of mean(second) − mean(first) (NaN values left out). Returns (diff, low, high).

    >>> diff, low, high = welch_diff([4, 5, 6, 5], [6, 7, 8, 7, 7])
    >>> round(diff, 4), round(low, 4), round(high, 4)
    (2.0, 0.7388, 3.2612)
    """
    a, b = _clean(first), _clean(second)
    sd_a = float(np.std(a, ddof=1)) if len(a) >= 2 else np.nan
    sd_b = float(np.std(b, ddof=1)) if len(b) >= 2 else np.nan
    mean_a = float(np.mean(a)) if len(a) else np.nan
    mean_b = float(np.mean(b)) if len(b) else np.nan
    diff, low, high = welch_diff_from_stats(mean_a, sd_a, len(a), mean_b, sd_b, len(b), confidence)
    return float(diff), float(low), float(high)


def bootstrap_median_diff(
    first: np.ndarray | Sequence[float],
    second: np.ndarray | Sequence[float],
    n_boot: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[float, float, float]:
    """median(second) − median(first) with a seeded percentile-bootstrap interval (see module doc).

    NaN values are left out. Returns (diff, low, high); all NaN when a sample is empty.
    """
    _z(confidence)
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    a, b = _clean(first), _clean(second)
    if len(a) == 0 or len(b) == 0:
        return np.nan, np.nan, np.nan
    diff = float(np.median(b) - np.median(a))
    rng = np.random.default_rng(seed)
    rows = max(1, _BLOCK_CELLS // (len(a) + len(b)))
    replicates = np.empty(n_boot)
    for start in range(0, n_boot, rows):
        size = min(rows, n_boot - start)
        index_a = rng.integers(0, len(a), size=(size, len(a)))
        index_b = rng.integers(0, len(b), size=(size, len(b)))
        replicates[start:start + size] = np.median(b[index_b], axis=1) - np.median(a[index_a], axis=1)
    low, high = np.quantile(replicates, [(1 - confidence) / 2, (1 + confidence) / 2])
    return diff, float(low), float(high)
