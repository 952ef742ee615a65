"""Confidence intervals for proportions and their differences (vectorised, NumPy only).

- :func:`wilson` — the Wilson score interval of a proportion (Wilson 1927), which stays inside
  [0, 1] and behaves well for small n and shares near 0 or 1, unlike the normal ("Wald") interval.
- :func:`newcombe_diff` — the hybrid score interval of a difference of two independent
  proportions (Newcombe 1998, method 10), built from the two Wilson intervals.

>>> low, high = wilson(28, 42)
>>> round(float(low), 3), round(float(high), 3)
(0.516, 0.789)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm

DEFAULT_CONFIDENCE = 0.95


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return float(norm.ppf(0.5 + confidence / 2))


def wilson(count: ArrayLike, n: ArrayLike, confidence: float = DEFAULT_CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of ``count`` successes out of ``n``; NaN where ``n`` is 0 or missing.

    low, high = (p + z²/2n ∓ z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), with p = count / n.
    """
    z = _z(confidence)
    count = np.asarray(count, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = count / n
        z2 = z * z
        centre = p + z2 / (2 * n)
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        denominator = 1 + z2 / n
        low = (centre - half) / denominator
        high = (centre + half) / denominator
    bad = ~(n > 0)
    low = np.where(bad, np.nan, np.clip(low, 0.0, 1.0))
    high = np.where(bad, np.nan, np.clip(high, 0.0, 1.0))
    return low, high


def newcombe_diff(count1: ArrayLike, n1: ArrayLike, count2: ArrayLike, n2: ArrayLike,
                  confidence: float = DEFAULT_CONFIDENCE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The difference p1 − p2 of two independent proportions and its hybrid score interval.

    With (l1, u1), (l2, u2) the Wilson intervals of p1 and p2 (Newcombe 1998, method 10):
    low = d − sqrt((p1 − l1)² + (u2 − p2)²), high = d + sqrt((u1 − p1)² + (p2 − l2)²).
    Returns (diff, low, high); NaN where either n is 0.
    """
    count1, n1 = np.asarray(count1, dtype=np.float64), np.asarray(n1, dtype=np.float64)
    count2, n2 = np.asarray(count2, dtype=np.float64), np.asarray(n2, dtype=np.float64)
    l1, u1 = wilson(count1, n1, confidence)
    l2, u2 = wilson(count2, n2, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1, p2 = count1 / n1, count2 / n2
        diff = p1 - p2
        low = diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    bad = ~((n1 > 0) & (n2 > 0))
    return (np.where(bad, np.nan, diff), np.where(bad, np.nan, low), np.where(bad, np.nan, high))
