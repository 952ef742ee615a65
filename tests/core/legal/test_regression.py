"""The fixed-effects regression against an independent computation (weighted within transformation + a
hand-written cluster sandwich)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from frisat.core.errors import FrisatError
from frisat.core.legal.regression import fixed_effects
from frisat.core.legal.schema import ALL_AREAS


def _panel(seed: int, kommuner: int = 12, years: int = 6) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    rates, covariates = [], []
    for k in range(kommuner):
        alpha = rng.normal(0.3, 0.05)
        for y in range(2015, 2015 + years):
            x1, x2 = rng.normal(0, 1), rng.normal(1, 0.2)
            n = int(rng.integers(25, 400))
            rate = float(np.clip(alpha + 0.02 * x1 - 0.05 * x2 + rng.normal(0, 0.03), 0, 1))
            rates.append((f"K{k}", ALL_AREAS, y, n, rate))
            covariates.append((f"K{k}", y, x1, x2))
    return (pd.DataFrame(rates, columns=["kommune", "lovomraade", "aar", "realitetsbehandlede", "rate"]),
            pd.DataFrame(covariates, columns=["kommune", "aar", "x1", "x2"]))


def _by_hand(rates: pd.DataFrame, covariates: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    data = rates.merge(covariates, on=["kommune", "aar"])
    w = data["realitetsbehandlede"].to_numpy(float)
    y = data["rate"].to_numpy() * 100
    x = data[["x1", "x2"]].to_numpy()
    groups = data["kommune"].to_numpy()
    # weighted within transformation: subtract each municipality's weighted mean
    yd, xd = y.copy(), x.copy()
    for g in np.unique(groups):
        m = groups == g
        yd[m] -= np.average(y[m], weights=w[m])
        xd[m] -= np.average(x[m], weights=w[m], axis=0)
    sw = np.sqrt(w)
    xw, yw = xd * sw[:, None], yd * sw
    beta = np.linalg.solve(xw.T @ xw, xw.T @ yw)
    resid = yw - xw @ beta
    bread = np.linalg.inv(xw.T @ xw)
    meat = np.zeros((2, 2))
    for g in np.unique(groups):
        m = groups == g
        score = xw[m].T @ resid[m]
        meat += np.outer(score, score)
    n_obs, n_groups = len(y), len(np.unique(groups))
    k = 2 + n_groups  # the dummies count as parameters in the small-sample correction
    correction = n_groups / (n_groups - 1) * (n_obs - 1) / (n_obs - k)
    se = np.sqrt(np.diag(bread @ meat @ bread) * correction)
    return beta, se


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_coefficients_and_clustered_errors_match_the_within_estimator(seed):
    rates, covariates = _panel(seed)
    result = fixed_effects(rates, covariates)
    beta, se = _by_hand(rates, covariates)
    np.testing.assert_allclose(result.table["koefficient"], beta, rtol=1e-8)
    np.testing.assert_allclose(result.table["std_fejl"], se, rtol=1e-6)
    assert result.n == len(rates) and result.n_kommuner == 12
    assert list(result.table["variabel"]) == ["x1", "x2"]


def test_a_municipality_with_one_year_is_dropped_and_too_few_rows_refused():
    rates, covariates = _panel(4, kommuner=5, years=3)
    rates = rates[~((rates["kommune"] == "K0") & (rates["aar"] > 2015))]
    result = fixed_effects(rates, covariates)
    assert result.dropped_single == 1 and result.n_kommuner == 4
    with pytest.raises(FrisatError, match="For få"):
        fixed_effects(rates[rates["kommune"] == "K1"], covariates)
