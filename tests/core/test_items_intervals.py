"""The interval helpers of core/intervals.py against independent computations."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from frisat.core.intervals import newcombe_diff, wilson


@st.composite
def count_and_n(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=2000))
    return draw(st.integers(min_value=0, max_value=n)), n


@settings(max_examples=300, deadline=None)
@given(count_and_n(), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_agrees_with_statsmodels(pair: tuple[int, int], confidence: float) -> None:
    count, n = pair
    low, high = wilson(count, n, confidence)
    expected = proportion_confint(count, n, alpha=1 - confidence, method="wilson")
    assert float(low) == pytest.approx(expected[0], abs=1e-12)
    assert float(high) == pytest.approx(expected[1], abs=1e-12)


def test_wilson_vectorised_and_empty() -> None:
    low, high = wilson(np.array([0, 3, 5]), np.array([0, 10, 5]))
    assert math.isnan(low[0]) and math.isnan(high[0])
    expected = proportion_confint(np.array([3, 5]), np.array([10, 5]), method="wilson")
    np.testing.assert_allclose(low[1:], expected[0], atol=1e-12)
    np.testing.assert_allclose(high[1:], expected[1], atol=1e-12)


def _newcombe_loop(x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95) -> tuple[float, float, float]:
    """Newcombe (1998), method 10, written out from the paper with plain floats: p1 − p2."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)

    def score(x: int, n: int) -> tuple[float, float]:
        p = x / n
        centre = 2 * n * p + z * z
        half = z * math.sqrt(z * z + 4 * n * p * (1 - p))
        return (centre - half) / (2 * (n + z * z)), (centre + half) / (2 * (n + z * z))

    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = score(x1, n1)
    l2, u2 = score(x2, n2)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def test_newcombe_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873–890, Table II: 56/70 − 48/80, method 10.
    diff, low, high = newcombe_diff(48, 80, 56, 70)  # second minus first
    assert float(diff) == pytest.approx(0.2)
    assert float(low) == pytest.approx(0.0524, abs=5e-5)
    assert float(high) == pytest.approx(0.3339, abs=5e-5)


@settings(max_examples=300, deadline=None)
@given(count_and_n(), count_and_n(), st.sampled_from([0.9, 0.95, 0.99]))
def test_newcombe_agrees_with_plain_loop(first: tuple[int, int], second: tuple[int, int], confidence: float) -> None:
    diff, low, high = newcombe_diff(second[0], second[1], first[0], first[1], confidence)  # first − second
    expected = _newcombe_loop(*first, *second, confidence)
    assert (float(diff), float(low), float(high)) == pytest.approx(expected, abs=1e-9)
    assert -1 - 1e-12 <= float(low) <= float(diff) <= float(high) <= 1 + 1e-12


def test_newcombe_empty_group_is_nan() -> None:
    diff, low, high = newcombe_diff([0], [0], [2], [5])
    assert np.isnan(diff).all() and np.isnan(low).all() and np.isnan(high).all()
