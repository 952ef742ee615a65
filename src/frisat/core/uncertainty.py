"""Confidence intervals for group means, and whether a quadrant placement is certain.

Two interval methods, both computed per group and vectorised over groups (no Python loop runs
over respondents):

- **t interval** (the default): x̄ ± t_{(1+c)/2, n−1} · s / √n, with s the sample standard
  deviation (ddof = 1) and t the Student-t quantile with n − 1 degrees of freedom (Student 1908;
  any textbook, e.g. Agresti & Finlay, *Statistical Methods for the Social Sciences*, ch. 5).
- **percentile bootstrap**: draw B resamples of size n with replacement from the group's values,
  take each resample's mean, and use the (1 − c)/2 and (1 + c)/2 quantiles of the B means
  (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, ch. 13). Seeded with a NumPy
  ``Generator``, so the same data and seed give the same interval.

A group with fewer than two values has no interval (NaN). A group whose values are all equal has a
zero-width interval at its mean.

A placement in the importance–implementation plane (:mod:`frisat.core.quadrants`) is *certain*
when the quadrant of the mean point is also the quadrant of every corner of the rectangle spanned
by the two intervals — that is, when neither interval crosses its dividing line (a value exactly on
a line counts as high, as everywhere else).

>>> import numpy as np
>>> low, high = t_interval(np.array([4.0, 5, 6, 7, 8]))
>>> round(low, 4), round(high, 4)
(4.0368, 7.9632)
>>> quadrant_certain(7.0, 3.0, 6.0, 8.0, 2.0, 4.0).tolist()
[True]
>>> quadrant_certain(7.0, 5.0, 6.0, 8.0, 4.5, 5.5).tolist()
[False]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd
from scipy import stats

from frisat.core.quadrants import MIDPOINT

CI_METHODS = ("t", "bootstrap")
DEFAULT_CONFIDENCE = 0.95
DEFAULT_BOOTSTRAP_SAMPLES = 2000
DEFAULT_SEED = 2024

_BLOCK_CELLS = 1 << 19
"""Upper bound on the cells (replicates × values) of one bootstrap step (~4 MB per array: small
enough to stay in cache, which makes resampling several times faster than larger steps)."""
_DIRECT_FACTOR = 32
"""A group is resampled value by value when n ≤ this × its number of distinct values; otherwise
its resample counts are drawn from a multinomial over the distinct values (same distribution).
Measured on 2 cores: a value costs ~8 ns to resample, a multinomial category ~250–450 ns to draw."""

SeedLike = int | Sequence[int] | np.random.Generator | None


def _generator(seed: SeedLike) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _check(confidence: float, n_boot: int | None = None) -> None:
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    if n_boot is not None and n_boot < 1:
        raise ValueError("n_boot must be at least 1")


# -- t interval --------------------------------------------------------------------------------


def t_interval_from_stats(
    mean: np.ndarray | float, sd: np.ndarray | float, n: np.ndarray | float, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[np.ndarray, np.ndarray]:
    """The t interval of means from their summary statistics (vectorised).

    low, high = mean ∓ t_{(1+c)/2, n−1} · sd / √n; NaN where n < 2 or an input is missing.

    >>> low, high = t_interval_from_stats([6.0], [2.0], [16])
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (4.9343, 7.0657)
    """
    _check(confidence)
    mean = np.atleast_1d(np.asarray(mean, dtype=float))
    sd = np.atleast_1d(np.asarray(sd, dtype=float))
    n = np.atleast_1d(np.asarray(n, dtype=float))
    usable = n >= 2
    df = np.where(usable, n - 1, 1.0)
    quantile = t_quantiles((1 + confidence) / 2, df)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = quantile * sd / np.sqrt(n)
    low = np.where(usable, mean - half, np.nan)
    high = np.where(usable, mean + half, np.nan)
    return low, high


def t_quantiles(probability: float, df: np.ndarray) -> np.ndarray:
    """``scipy.stats.t.ppf(probability, df)`` elementwise, evaluated once per distinct df.

    Groups of the same size share their quantile; at 50,000 units the per-element ppf cost seconds.
    """
    distinct, where = np.unique(df, return_inverse=True)
    return stats.t.ppf(probability, distinct)[where].reshape(np.shape(df))


def grouped_t_interval(
    values: np.ndarray, codes: np.ndarray, n_groups: int, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[np.ndarray, np.ndarray]:
    """The t interval of the mean of ``values`` in each group ``0 … n_groups − 1``.

    ``codes`` gives each value's group (as from ``DataFrame.groupby(...).ngroup()``; −1 = no
    group). NaN values are left out. Means and standard deviations are two-pass sums per group
    (``numpy.bincount``), so a million values in hundreds of groups take milliseconds.
    """
    values = np.asarray(values, dtype=float)
    codes = np.asarray(codes)
    keep = ~np.isnan(values) & (codes >= 0)
    n, mean, sd = grouped_mean_sd(values[keep], codes[keep], n_groups)
    return t_interval_from_stats(mean, sd, n, confidence)


def grouped_mean_sd(values: np.ndarray, codes: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group ``0 … n_groups − 1``: n (float), mean and sd (ddof = 1) of ``values``.

    ``values`` must hold no NaN and ``codes`` no −1 (filter first). Two passes with
    ``numpy.bincount``: the group means, then the squared deviations from them.
    """
    n = np.bincount(codes, minlength=n_groups).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(codes, weights=values, minlength=n_groups) / n
        deviation = values - mean[codes]
        sd = np.sqrt(np.bincount(codes, weights=deviation * deviation, minlength=n_groups) / (n - 1))
    return n, mean, sd


def t_interval(values: np.ndarray | Sequence[float], confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """The t interval of the mean of one sample (NaN values left out); (nan, nan) when n < 2.

    Equals ``scipy.stats.t.interval(confidence, n - 1, loc=mean, scale=sd / sqrt(n))`` whenever
    sd > 0.
    """
    values = np.asarray(values, dtype=float)
    low, high = grouped_t_interval(values, np.zeros(len(values), dtype=np.int64), 1, confidence)
    return float(low[0]), float(high[0])


# -- percentile bootstrap ----------------------------------------------------------------------


def _blocks(costs: np.ndarray, limit: int) -> list[np.ndarray]:
    """Consecutive positions into blocks whose summed cost stays within ``limit`` (≥ 1 each)."""
    if len(costs) == 0:
        return []
    edges = [0]
    total = 0
    for i, cost in enumerate(costs.tolist()):  # a loop over groups, never over values
        if total and total + cost > limit:
            edges.append(i)
            total = 0
        total += cost
    edges.append(len(costs))
    positions = np.arange(len(costs))
    return [positions[a:b] for a, b in pairwise(edges)]


def _direct_means(x: np.ndarray, size: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means (n_boot × groups) of groups stored back to back in ``x`` with sizes ``size``.

    Each pick is ⌊U · n⌋ for a uniform double U, i.e. uniform on 0 … n − 1 up to n · 2⁻⁵³ (exact for
    any practical n), and four times faster than bounded integers of varying bounds.
    """
    starts = np.concatenate([[0], np.cumsum(size)[:-1]])
    offset = np.repeat(starts, size)
    within = np.repeat(size, size).astype(float)
    last = offset + np.repeat(size, size) - 1
    cells = len(x)
    out = np.empty((n_boot, len(size)))
    step = max(1, _BLOCK_CELLS // max(cells, 1))
    for first in range(0, n_boot, step):
        rows = min(step, n_boot - first)
        uniform = rng.random((rows, cells))
        uniform *= within
        picks = uniform.astype(np.intp)
        picks += offset
        np.minimum(picks, last, out=picks)
        out[first:first + rows] = np.add.reduceat(x[picks], starts, axis=1) / size
    return out


def _multinomial_means(value: np.ndarray, prob: np.ndarray, size: np.ndarray, n_boot: int,
                       rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means from multinomial counts over each group's distinct values.

    ``value`` and ``prob`` are groups × distinct values (right-aligned, zero-padded on the left so
    that the last category, which NumPy gives the remainder, is always a real value).
    """
    out = np.empty((n_boot, len(size)))
    per_replicate = value.size
    step = max(1, _BLOCK_CELLS // max(per_replicate, 1))
    for first in range(0, n_boot, step):
        rows = min(step, n_boot - first)
        counts = rng.multinomial(size, prob, size=(rows, len(size)))
        out[first:first + rows] = np.einsum("bgj,gj->bg", counts, value) / size
    return out


def grouped_bootstrap_interval(
    values: np.ndarray,
    codes: np.ndarray,
    n_groups: int,
    confidence: float = DEFAULT_CONFIDENCE,
    n_boot: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: SeedLike = DEFAULT_SEED,
) -> tuple[np.ndarray, np.ndarray]:
    """The percentile-bootstrap interval of the mean of ``values`` in each group.

    For each group with n ≥ 2 values: B = ``n_boot`` resamples of size n with replacement, the
    mean of each, and the ((1 − c)/2, (1 + c)/2) quantiles of the B means (linear interpolation).
    ``codes`` as in :func:`grouped_t_interval`; ``seed`` an int (or a ``numpy.random.Generator``).

    Cost is bounded by B × Σ_g min(n_g, 32 · d_g), d_g being the number of distinct values in group
    g: a small group is resampled value by value; a large group with few distinct values (such as
    the barometer's indices, at most a few dozen) has its resample counts drawn from the
    multinomial distribution over its distinct values, which is the same bootstrap distribution at
    a cost independent of n. Memory is bounded by processing groups and replicates in blocks.
    """
    _check(confidence, n_boot)
    rng = _generator(seed)
    values = np.asarray(values, dtype=float)
    codes = np.asarray(codes)
    keep = ~np.isnan(values) & (codes >= 0)
    x, g = values[keep], codes[keep]
    order = np.lexsort((x, g))
    x, g = x[order], g[order]
    n = np.bincount(g, minlength=n_groups)
    first_of_group = np.concatenate([[0], np.cumsum(n)[:-1]])

    # Runs of equal values within each group: the distinct values and how often each occurs.
    change = np.ones(len(x), dtype=bool)
    change[1:] = (g[1:] != g[:-1]) | (x[1:] != x[:-1])
    run_start = np.flatnonzero(change)
    run_length = np.diff(np.append(run_start, len(x)))
    run_group = g[run_start]
    distinct = np.bincount(run_group, minlength=n_groups)
    first_run = np.concatenate([[0], np.cumsum(distinct)[:-1]])

    low = np.full(n_groups, np.nan)
    high = np.full(n_groups, np.nan)
    quantiles = [(1 - confidence) / 2, (1 + confidence) / 2]
    usable = n >= 2
    multinomial = usable & (n > _DIRECT_FACTOR * distinct)
    direct = np.flatnonzero(usable & ~multinomial)
    multinomial = np.flatnonzero(multinomial)

    for block in _blocks(n[direct], max(1, _BLOCK_CELLS // n_boot)):
        groups = direct[block]
        size = n[groups]
        members = np.repeat(first_of_group[groups], size) + (
            np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size))
        means = _direct_means(x[members], size, n_boot, rng)
        low[groups], high[groups] = np.quantile(means, quantiles, axis=0)

    if len(multinomial):
        width = int(distinct[multinomial].max())
        per_group = np.full(len(multinomial), width)
        for block in _blocks(per_group, max(width, _BLOCK_CELLS // n_boot)):
            groups = multinomial[block]
            d = distinct[groups]
            runs = np.repeat(first_run[groups], d) + (np.arange(d.sum()) - np.repeat(np.cumsum(d) - d, d))
            row = np.repeat(np.arange(len(groups)), d)
            column = width - np.repeat(d, d) + (runs - np.repeat(first_run[groups], d))
            value = np.zeros((len(groups), width))
            prob = np.zeros((len(groups), width))
            value[row, column] = x[run_start[runs]]
            prob[row, column] = run_length[runs] / n[groups][row]
            means = _multinomial_means(value, prob, n[groups], n_boot, rng)
            low[groups], high[groups] = np.quantile(means, quantiles, axis=0)
    return low, high


def bootstrap_interval(
    values: np.ndarray | Sequence[float],
    confidence: float = DEFAULT_CONFIDENCE,
    n_boot: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: SeedLike = DEFAULT_SEED,
) -> tuple[float, float]:
    """The percentile-bootstrap interval of the mean of one sample (NaN values left out).

    >>> bootstrap_interval([3.0, 3.0, 3.0])
    (3.0, 3.0)
    """
    values = np.asarray(values, dtype=float)
    low, high = grouped_bootstrap_interval(values, np.zeros(len(values), dtype=np.int64), 1, confidence,
                                           n_boot, seed)
    return float(low[0]), float(high[0])


def grouped_mean_interval(
    values: np.ndarray,
    codes: np.ndarray,
    n_groups: int,
    confidence: float = DEFAULT_CONFIDENCE,
    method: str = "t",
    n_boot: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: SeedLike = DEFAULT_SEED,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`grouped_t_interval` or :func:`grouped_bootstrap_interval`, by ``method``."""
    if method == "t":
        return grouped_t_interval(values, codes, n_groups, confidence)
    if method == "bootstrap":
        return grouped_bootstrap_interval(values, codes, n_groups, confidence, n_boot, seed)
    raise ValueError(f"unknown method {method!r}; use one of {CI_METHODS}")


def mean_ci(
    data: pd.DataFrame,
    dv: str | Sequence[str],
    between: str | Sequence[str] = (),
    confidence: float = DEFAULT_CONFIDENCE,
    method: str = "t",
    n_boot: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Group means with confidence intervals, as a tidy DataFrame (pingouin style).

    One row per group × dependent variable: the ``between`` columns, ``dv``, ``n``, ``mean``,
    ``ci_low`` and ``ci_high``. Missing values are left out; each variable gets its own seeded
    stream (``[seed, i]``), so adding a variable does not change the others' bootstrap intervals.

    >>> frame = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 3, "x": [4.0, 5, 6, 7, 8, 2, 2, 2]})
    >>> mean_ci(frame, "x", "g").round(4).to_dict("records")[0]
    {'g': 'a', 'dv': 'x', 'n': 5, 'mean': 6.0, 'ci_low': 4.0368, 'ci_high': 7.9632}
    """
    dvs = [dv] if isinstance(dv, str) else list(dv)
    by = [between] if isinstance(between, str) else list(between)
    if by:
        grouped = data.groupby(by, observed=True, sort=True, dropna=False)
        codes = grouped.ngroup().to_numpy()
        index = grouped.size().index.to_frame(index=False)
    else:
        codes = np.zeros(len(data), dtype=np.int64)
        index = pd.DataFrame(index=range(1))
    n_groups = len(index)
    parts = []
    for i, column in enumerate(dvs):
        values = data[column].to_numpy(dtype=float, na_value=np.nan)
        low, high = grouped_mean_interval(values, codes, n_groups, confidence, method, n_boot, [seed, i])
        valid = ~np.isnan(values)
        counts = np.bincount(codes[valid], minlength=n_groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.bincount(codes[valid], weights=values[valid], minlength=n_groups) / counts
        part = index.copy()
        part["dv"] = column
        part["n"] = counts
        part["mean"] = means
        part["ci_low"] = low
        part["ci_high"] = high
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


# -- certainty of a quadrant placement ---------------------------------------------------------


def interval_crosses(
    mean: np.ndarray | float, low: np.ndarray | float, high: np.ndarray | float, line: np.ndarray | float = MIDPOINT
) -> pd.arrays.BooleanArray:
    """Whether an interval reaches the other side of a dividing line than its mean.

    With "on the line counts as high": True when ``low`` or ``high`` falls on another side of
    ``line`` than ``mean`` (so an interval ending exactly on the line from below crosses it, and
    one starting exactly on it does not). Missing (``pd.NA``) when any input is missing.

    >>> interval_crosses([5.0, 6.0, 5.0], [4.0, 5.5, 4.0], [5.5, 7.0, 5.4]).tolist()
    [True, False, False]
    """
    mean, low, high, line = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (mean, low, high, line))
    side = mean >= line
    crosses = ((low >= line) != side) | ((high >= line) != side)
    missing = np.isnan(mean) | np.isnan(low) | np.isnan(high) | np.isnan(line)
    crosses, missing = np.broadcast_arrays(crosses, missing)
    return pd.arrays.BooleanArray(crosses & ~missing, missing.copy())


def quadrant_certain(
    importance: np.ndarray | float,
    implementation: np.ndarray | float,
    importance_low: np.ndarray | float,
    importance_high: np.ndarray | float,
    implementation_low: np.ndarray | float,
    implementation_high: np.ndarray | float,
    importance_line: np.ndarray | float = MIDPOINT,
    implementation_line: np.ndarray | float = MIDPOINT,
) -> pd.arrays.BooleanArray:
    """Whether each mean point's quadrant holds at all four corners of its interval rectangle.

    True: every corner (importance low/high × implementation low/high) lies in the quadrant of the
    point (importance, implementation) — equivalently, neither interval crosses its dividing line
    (:func:`interval_crosses`). False: the placement is uncertain. Missing (``pd.NA``) when the
    point or an interval is missing.
    """
    across = interval_crosses(importance, importance_low, importance_high, importance_line)
    up = interval_crosses(implementation, implementation_low, implementation_high, implementation_line)
    return _certain(across, up)


def _certain(across: pd.arrays.BooleanArray, up: pd.arrays.BooleanArray) -> pd.arrays.BooleanArray:
    # Kleene logic would make "crosses one line, other interval missing" True/False; a placement
    # with a missing interval is simply unknown, so any missing input gives NA.
    missing = np.asarray(across.isna()) | np.asarray(up.isna())
    crosses = across.to_numpy(dtype=bool, na_value=False) | up.to_numpy(dtype=bool, na_value=False)
    return pd.arrays.BooleanArray(~crosses & ~missing, missing)
