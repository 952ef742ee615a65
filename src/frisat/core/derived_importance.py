"""Derived importance beside stated importance (issue 4, item 2).

Stated importance is what respondents say (the vigt answers). Derived importance is how strongly
an indicator's implementation goes together with the overall judgement of the spor (indicator d,
"alt i alt"): Van Ryzin & Immerwahr (2007), "Importance-performance analysis of citizen
satisfaction surveys", *Public Administration* 85(1), 215–226. Where the two disagree is worth a
closer look: the ceiling effect in stated importance (seed 002, section 3.8.2) hides it.

>>> from frisat.core.instrument import get_instrument
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> table = derived_importance(generate_responses(inst, seed=1), inst, by=["omraade"])
>>> list(table.columns[:4])
['omraade', 'spor', 'indicator', 'n']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from frisat.core.analysis import AnalysisConfig
from frisat.core.errors import FrisatError
from frisat.core.grouping import GroupCells, check_barometer, group_cells, item_ids, spor_counts, tidy
from frisat.core.instrument import Instrument
from frisat.core.schema import numeric_answers

MIN_COMPLETE = 5
"""Fewest complete answers (a–d all answered) for a correlation or regression; never below min_n."""
WEAK_BETA = 0.1
"""A standardised weight at or below this counts as a weak relation to the overall judgement."""
SINGULAR_CONDITION = 1e10
"""A predictor correlation matrix with a larger condition number is singular: no weights."""
AGREEMENTS = ("agree", "underrated", "overlooked")
"""The ``agreement`` codes (stable ASCII; :mod:`frisat.reporting.codes` has their labels and sentences)."""

COLUMNS = ["spor", "indicator", "n", "stated_n", "stated_mean", "stated_rank", "n_complete", "correlation",
           "beta", "r_squared", "derived_rank", "agreement", "suppressed"]
"""Columns after the ``by`` columns (documented in :func:`derived_importance`)."""


def derived_importance(
    frame: pd.DataFrame,
    instrument: Instrument,
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    *,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Stated and derived importance of indicators a–c of every spor, per group.

    Within each group × spor, over the respondents who answered all four implementation items
    a–d ("ved ikke" counts as missing; listwise), with x = a, b, c and d the overall indicator:

    - ``correlation``: Pearson's r(impl_x, impl_d);
    - ``beta``: the standardised regression weight of impl_x in the OLS regression of z(impl_d) on
      z(impl_a), z(impl_b), z(impl_c); computed as β = R⁻¹·r, R being the predictors' correlation
      matrix and r their correlations with d;
    - ``r_squared``: R² = Σ β_x · r_x of that model (the same on the spor's three rows);
    - ``n_complete``: the number of complete respondents.

    Beside them, the stated importance: ``stated_mean`` = the group's mean of vigt_x over its
    ``stated_n`` answers. ``stated_rank`` and ``derived_rank`` rank the three indicators within
    the spor by ``stated_mean`` resp. ``beta`` (1 = most important; ties share the best rank).

    ``agreement`` compares the two rankings within the spor (needs all three stated means and
    weights, else missing). "Top" means the highest value of the three, "bottom" the lowest,
    and neither exists when all three are equal:

    - ``underrated`` (underkendt): stated top, but derived bottom or β ≤ 0.1 — said to matter most, yet barely
      related to the overall judgement;
    - ``overlooked`` (overset): stated bottom, but derived top — said to matter least, yet most related;
    - ``agree`` (enige): otherwise.

    Columns: ``*by, spor, indicator, n, stated_n, stated_mean, stated_rank, n_complete,
    correlation, beta, r_squared, derived_rank, agreement, suppressed``. ``n`` is analyze's n
    (respondents with an index for the spor); below ``config.min_n`` the row is suppressed and
    every value is missing. A stated mean with fewer than min_n answers is missing; correlation,
    weight and R² are missing with fewer than max(5, min_n) complete respondents, zero variance,
    or a singular predictor matrix (never an exception). Spor without an overall item are left out.
    ``indices``: the respondents' indices when the caller has them (:func:`frisat.core.scoring.indices_for`).
    """
    config = config or AnalysisConfig()
    check_barometer(instrument)
    cells = group_cells(frame, instrument, by)
    n_spor = spor_counts(frame, instrument, cells, config.min_answered, indices)
    minimum = max(MIN_COMPLETE, config.min_n)
    parts = []
    for position, section in enumerate(instrument.spor):
        overall = section.overall_item
        items = item_ids(instrument, section.id, "impl")
        if overall is None or overall not in items or len(items) < 2:
            continue
        predictors = [i for i in items if i != overall]
        impl = numeric_answers(frame, [f"{section.id}_impl_{i}" for i in [*predictors, overall]])
        n_complete, correlation, beta, r_squared = regression_weights(impl, cells.codes, cells.n_groups, minimum)
        vigt = numeric_answers(frame, [f"{section.id}_vigt_{i}" for i in predictors])
        for j, item in enumerate(predictors):
            stated_n, stated_mean = cells.means(vigt[:, j])
            parts.append(pd.DataFrame({
                "__group": np.arange(cells.n_groups), "__spor": position, "__item": j,
                "spor": section.id, "indicator": item, "n": n_spor[section.id], "stated_n": stated_n,
                "stated_mean": np.where(stated_n >= config.min_n, stated_mean, np.nan),
                "n_complete": n_complete, "correlation": correlation[:, j], "beta": beta[:, j],
                "r_squared": r_squared,
            }))
    if not parts:
        raise FrisatError(f"Instrumentet «{instrument.id}» har ingen spor med en samlet indikator (overall_item); "
                          "afledt vigtighed kan ikke beregnes.")
    out = tidy(cells, parts, ["__spor", "__item"])
    return _finish(out, cells, config)


def _finish(out: pd.DataFrame, cells: GroupCells, config: AnalysisConfig) -> pd.DataFrame:
    suppressed = out["n"].to_numpy() < config.min_n
    values = ["n", "stated_n", "stated_mean", "n_complete", "correlation", "beta", "r_squared"]
    out[values] = out[values].astype(float)
    out.loc[suppressed, values] = np.nan
    cell = out.groupby(["__group", "__spor"], sort=False)
    for column, rank in (("stated_mean", "stated_rank"), ("beta", "derived_rank")):
        out[rank] = cell[column].rank(ascending=False, method="min").astype("Int64")
    out["agreement"] = _agreement(out, cell)
    out["suppressed"] = suppressed
    for column in ("n", "stated_n", "n_complete"):
        out[column] = out[column].astype("Int64")
    return out[[*cells.by, *COLUMNS]]


def _agreement(out: pd.DataFrame, cell: Any) -> pd.Series:
    """The agreement rule of :func:`derived_importance`, vectorised over rows."""
    flags = {}
    for column in ("stated_mean", "beta"):
        high, low = cell[column].transform("max"), cell[column].transform("min")
        flags[column] = ((out[column] == high) & (high > low), (out[column] == low) & (low < high))
        flags[column + "_all"] = cell[column].transform("count") == cell[column].transform("size")
    stated_top, stated_bottom = flags["stated_mean"]
    derived_top, derived_bottom = flags["beta"]
    known = flags["stated_mean_all"] & flags["beta_all"]
    agreement = np.select(
        [~known, stated_top & (derived_bottom | (out["beta"] <= WEAK_BETA)), stated_bottom & derived_top],
        [None, "underrated", "overlooked"], default="agree",
    )
    return pd.Series(agreement, index=out.index, dtype=object)


def regression_weights(
    values: np.ndarray, codes: np.ndarray, n_groups: int, minimum: int = MIN_COMPLETE
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group: complete n, r(x_j, y), standardised β_j and R² of y (last column) on the others.

    ``values`` is respondents × (p predictors + criterion); rows with any NaN are left out
    (listwise). Sums of cross-products of deviations from the group means are accumulated with
    ``numpy.bincount`` (two passes, no loop over respondents); correlations follow from them, and
    β = R⁻¹·r is solved for all groups at once. Returns arrays of shape (G,), (G, p), (G, p), (G,);
    NaN where the group has fewer than ``minimum`` complete rows, a variable does not vary, or
    (for β and R²) the predictors' correlation matrix is singular.
    """
    k = values.shape[1]
    p = k - 1
    complete = ~np.isnan(values).any(axis=1)
    x, g = values[complete], codes[complete]
    n = np.bincount(g, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.column_stack([np.bincount(g, weights=x[:, j], minlength=n_groups) for j in range(k)]) / n[:, None]
        deviation = x - means[g]
        cross = np.empty((n_groups, k, k))
        for i in range(k):
            for j in range(i, k):
                cross[:, i, j] = cross[:, j, i] = np.bincount(g, weights=deviation[:, i] * deviation[:, j],
                                                              minlength=n_groups)
        squares = np.diagonal(cross, axis1=1, axis2=2)
        # Zero variance, allowing for rounding in the deviations of a constant column.
        varying = squares > 1e-12 * n[:, None] * (1 + means * means)
        sd = np.sqrt(squares)
        corr = cross / (sd[:, :, None] * sd[:, None, :])
    enough = n >= minimum
    correlation = np.where(enough[:, None] & varying[:, :p] & varying[:, [p]], corr[:, :p, p], np.nan)

    beta = np.full((n_groups, p), np.nan)
    usable = np.flatnonzero(enough & varying.all(axis=1))
    if len(usable):
        matrix, target = corr[usable][:, :p, :p], corr[usable][:, :p, p]
        with np.errstate(invalid="ignore", divide="ignore"):
            condition = np.linalg.cond(matrix)
        regular = np.isfinite(condition) & (condition < SINGULAR_CONDITION)
        solved = usable[regular]
        if len(solved):
            beta[solved] = np.linalg.solve(matrix[regular], target[regular][..., None])[..., 0]
    r_squared = np.einsum("gp,gp->g", beta, np.nan_to_num(correlation, nan=0.0))
    r_squared[np.isnan(beta).any(axis=1)] = np.nan
    return n, correlation, beta, r_squared

