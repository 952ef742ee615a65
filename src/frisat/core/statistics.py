"""Group statistics and Cronbach's alpha, vectorised over groups.

Functions take a DataFrame of values plus group keys and return tidy DataFrames; no Python loop
runs over respondents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STAT_NAMES = ("n", "mean", "sd", "median", "q1", "q3", "min", "max")


def describe_groups(values: pd.DataFrame, keys: list[pd.Series]) -> pd.DataFrame:
    """Descriptive statistics of every column of ``values`` within each group.

    Over the non-missing values of each column: n, mean, sd (ddof = 1), median, quartiles
    (q1, q3; linear interpolation as in R's type 7 and numpy's default), min and max.
    Returns one row per group (index = the group keys) and columns ``(column, stat)``.
    """
    grouped = values.groupby(keys, observed=True, sort=True, dropna=False)
    quartiles = grouped.quantile([0.25, 0.5, 0.75])  # one sort per column for all three
    parts = {
        "n": grouped.count(),
        "mean": grouped.mean(),
        "sd": grouped.std(ddof=1),
        "median": quartiles.xs(0.5, level=-1),
        "q1": quartiles.xs(0.25, level=-1),
        "q3": quartiles.xs(0.75, level=-1),
        "min": grouped.min(),
        "max": grouped.max(),
    }
    out = pd.concat(parts, axis=1)  # columns: (stat, column)
    out.columns = out.columns.swaplevel(0, 1)
    return out.sort_index(axis=1)


def cronbach_alpha(items: np.ndarray) -> float:
    """Cronbach's alpha of a respondents × items matrix, listwise complete cases.

    alpha = k / (k − 1) · (1 − Σ var(item) / var(total)), sample variances (ddof = 1).
    NaN when fewer than two complete cases, fewer than two items, or zero total variance.

    >>> round(cronbach_alpha(np.array([[1, 2], [2, 3], [3, 3], [4, 5.0]])), 4)
    0.96
    """
    items = np.asarray(items, dtype=float)
    complete = items[~np.isnan(items).any(axis=1)]
    k = complete.shape[1]
    if k < 2 or complete.shape[0] < 2:
        return float("nan")
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_var))


def grouped_cronbach_alpha(items: pd.DataFrame, keys: list[pd.Series]) -> pd.Series:
    """Cronbach's alpha of the columns of ``items`` within each group (listwise complete cases)."""
    k = items.shape[1]
    complete = items.notna().all(axis=1)
    data = items[complete].copy()
    data["__total"] = data.sum(axis=1)
    grouped = data.groupby([key[complete] for key in keys], observed=True, sort=True, dropna=False)
    variances = grouped.var(ddof=1)
    counts = grouped.size()
    item_var = variances.drop(columns="__total").sum(axis=1, min_count=k)
    total_var = variances["__total"]
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = k / (k - 1) * (1 - item_var / total_var)
    alpha[(counts < 2) | (total_var == 0) | (k < 2)] = np.nan
    return alpha.astype(float)
