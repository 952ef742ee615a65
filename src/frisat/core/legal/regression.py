"""What explains the rate (seed 003, Tabel 2, its fixed-effects model): a within-municipality regression.

rate (in percentage points) on the covariates plus one dummy per municipality (the fixed effects),
weighted least squares with the decided cases as weights, standard errors clustered by municipality
(statsmodels ``WLS(...).fit(cov_type="cluster")``, with its default small-sample correction
G/(G−1)·(N−1)/(N−K)). Rows: municipality-years of all law areas together (``lovomraade`` "*"),
with the few-cases rule of the caller applied. A municipality with a single year adds nothing to the
within estimate and is dropped (counted in ``dropped_single``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import WLS

from frisat.core.errors import FrisatError
from frisat.core.legal import schema as s


@dataclass
class RegressionResult:
    """Coefficients (percentage points per unit of the covariate) with clustered SEs and p-values."""

    table: pd.DataFrame
    """Columns: variabel, koefficient, std_fejl, p_vaerdi, ci_low, ci_high."""
    n: int
    n_kommuner: int
    dropped_single: int
    covariates: list[str]


def panel(rates: pd.DataFrame, covariates: pd.DataFrame) -> pd.DataFrame:
    """Municipality-years of all law areas merged with the covariates (inner join on kommune, aar)."""
    rows = rates[(rates[s.LOVOMRAADE] == s.ALL_AREAS) & (rates["realitetsbehandlede"] > 0)]
    rows = rows[[s.KOMMUNE, s.AAR, "realitetsbehandlede", "rate"]]
    merged = rows.merge(covariates, on=[s.KOMMUNE, s.AAR], how="inner")
    return merged.dropna().reset_index(drop=True)


def fixed_effects(rates: pd.DataFrame, covariates: pd.DataFrame) -> RegressionResult:
    """Fit the fixed-effects WLS model; ``covariates`` has kommune, aar and numeric columns."""
    names = [c for c in covariates.columns if c not in (s.KOMMUNE, s.AAR)]
    data = panel(rates, covariates)
    years = data.groupby(s.KOMMUNE)[s.AAR].transform("size")
    dropped = int(data.loc[years < 2, s.KOMMUNE].nunique())
    data = data[years >= 2].reset_index(drop=True)
    n_kommuner = data[s.KOMMUNE].nunique()
    if n_kommuner < 2 or len(data) <= len(names) + n_kommuner:
        raise FrisatError("For få kommune-år med både omgørelsesprocent og forklarende variable til "
                          f"regressionen ({len(data)} rækker, {n_kommuner} kommuner med mindst to år).")
    dummies = pd.get_dummies(data[s.KOMMUNE], dtype=float)
    design = pd.concat([data[names].astype(float), dummies], axis=1)
    y = data["rate"].to_numpy() * 100
    groups = pd.factorize(data[s.KOMMUNE])[0]
    fit = WLS(y, design, weights=data["realitetsbehandlede"].to_numpy(dtype=float)).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    ci = fit.conf_int()
    table = pd.DataFrame({
        "variabel": names,
        "koefficient": fit.params[names].to_numpy(),
        "std_fejl": fit.bse[names].to_numpy(),
        "p_vaerdi": fit.pvalues[names].to_numpy(),
        "ci_low": np.asarray(ci.loc[names, 0]),
        "ci_high": np.asarray(ci.loc[names, 1]),
    })
    return RegressionResult(table, len(data), int(n_kommuner), dropped, names)
