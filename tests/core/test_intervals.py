"""Intervals checked against published values, scipy and plain loops."""

import math
import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from frisat.core.intervals import (
    bootstrap_median_diff,
    newcombe_diff,
    welch_diff,
    welch_diff_from_stats,
    wilson,
)

Z95 = 1.959963984540054


def wilson_loop(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson limits as the roots of (p̂ − p)² = z² p(1 − p)/n, by the quadratic formula."""
    p_hat = x / n
    a = 1 + z * z / n
    b = -(2 * p_hat + z * z / n)
    c = p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def test_wilson_matches_newcombe_1998_table():
    # Newcombe (1998a), Table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605.
    low, high = wilson(81, 263)
    assert (round(float(low), 4), round(float(high), 4)) == (0.2553, 0.3662)
    low, high = wilson(15, 148)
    assert (round(float(low), 4), round(float(high), 4)) == (0.0624, 0.1605)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_equals_quadratic_roots(pair):
    x, n = pair
    low, high = wilson(x, n)
    exp_low, exp_high = wilson_loop(x, n)
    assert math.isclose(float(low), max(exp_low, 0.0), abs_tol=1e-12)
    assert math.isclose(float(high), min(exp_high, 1.0), abs_tol=1e-12)


def test_wilson_vectorised_and_empty_is_nan():
    low, high = wilson(np.array([0, 5, 0]), np.array([10, 10, 0]))
    assert low.shape == (3,)
    assert float(low[0]) == 0.0 and math.isnan(float(low[2])) and math.isnan(float(high[2]))
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_newcombe_matches_published_example():
    # Newcombe (1998b), Table II example (a): 56/70 − 48/80, method 10 → 0.0524 to 0.3339.
    diff, low, high = newcombe_diff(48, 80, 56, 70)
    assert math.isclose(float(diff), 0.2)
    assert (round(float(low), 4), round(float(high), 4)) == (0.0524, 0.3339)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_newcombe_equals_plain_formula(first, second):
    (x1, n1), (x2, n2) = first, second
    l1, u1 = wilson_loop(x1, n1)
    l2, u2 = wilson_loop(x2, n2)
    p1, p2 = x1 / n1, x2 / n2
    expected_low = p2 - p1 - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    expected_high = p2 - p1 + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    diff, low, high = newcombe_diff(x1, n1, x2, n2)
    assert math.isclose(float(diff), p2 - p1, abs_tol=1e-12)
    assert math.isclose(float(low), expected_low, abs_tol=1e-9)
    assert math.isclose(float(high), expected_high, abs_tol=1e-9)


samples = st.lists(st.floats(-1000, 1000, allow_nan=False).map(lambda v: round(v, 2)), min_size=2, max_size=60)


@settings(max_examples=150, deadline=None)
@given(samples, samples)
def test_welch_equals_scipy(first, second):
    if np.var(first) + np.var(second) == 0:
        diff, low, high = welch_diff(first, second)
        assert low == high == diff
        return
    result = stats.ttest_ind(second, first, equal_var=False)
    ci = result.confidence_interval(0.95)
    diff, low, high = welch_diff(first, second)
    assert math.isclose(diff, np.mean(second) - np.mean(first), rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(low, ci.low, rel_tol=1e-7, abs_tol=1e-7)
    assert math.isclose(high, ci.high, rel_tol=1e-7, abs_tol=1e-7)


def test_welch_from_stats_vectorised_and_small_n_nan():
    diff, low, high = welch_diff_from_stats([34.0, 5.0], [10.0, 1.0], [75, 1], [22.0, 6.0], [8.0, 1.0], [87, 4])
    assert diff.tolist() == [-12.0, 1.0]
    assert low[0] < -12 < high[0]
    assert math.isnan(low[1]) and math.isnan(high[1])


def bootstrap_loop(first, second, n_boot, seed, confidence=0.95):
    """The documented algorithm with Python loops (one block: small samples)."""
    a = [v for v in first if not math.isnan(v)]
    b = [v for v in second if not math.isnan(v)]
    rng = np.random.default_rng(seed)
    index_a = rng.integers(0, len(a), size=(n_boot, len(a)))
    index_b = rng.integers(0, len(b), size=(n_boot, len(b)))
    reps = []
    for row_a, row_b in zip(index_a.tolist(), index_b.tolist(), strict=True):
        reps.append(statistics.median([b[i] for i in row_b]) - statistics.median([a[i] for i in row_a]))
    reps.sort()

    def quantile(q):  # linear interpolation between order statistics ("type 7")
        h = (len(reps) - 1) * q
        lo = math.floor(h)
        return reps[lo] + (h - lo) * (reps[min(lo + 1, len(reps) - 1)] - reps[lo])

    diff = statistics.median(b) - statistics.median(a)
    return diff, quantile((1 - confidence) / 2), quantile((1 + confidence) / 2)


@settings(max_examples=40, deadline=None)
@given(samples, samples, st.integers(0, 2**32 - 1), st.integers(1, 300))
def test_bootstrap_median_equals_plain_loop(first, second, seed, n_boot):
    got = bootstrap_median_diff(first, second, n_boot=n_boot, seed=seed)
    expected = bootstrap_loop(first, second, n_boot, seed)
    for g, e in zip(got, expected, strict=True):
        assert math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-9)


def test_bootstrap_is_reproducible_and_seed_matters():
    rng = np.random.default_rng(1)
    before, after = rng.gamma(3, 11, 75), rng.gamma(3, 7, 87)
    one = bootstrap_median_diff(before, after, seed=5)
    assert one == bootstrap_median_diff(before, after, seed=5)
    assert one[1:] != bootstrap_median_diff(before, after, seed=6)[1:]
    assert one[1] < one[0] < one[2]
    assert all(math.isnan(v) for v in bootstrap_median_diff([], after))
