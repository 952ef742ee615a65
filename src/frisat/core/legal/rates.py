"""Omgørelsesprocent per municipality, law area and year, with Wilson intervals and funnel positions.

- decided (``realitetsbehandlede``) = total − afvist/henvist; reversed (``omgjort``) = ændret/ophævet +
  hjemvist; rate = omgjort / realitetsbehandlede with a 95 % Wilson interval (:func:`frisat.core.intervals.wilson`).
- Years: ``calendar`` (Q1–Q4) or ``shifted`` (seed 003: "2.-4. kvartal + 1. kvartal i det efterfølgende
  år", so Q1 of year t+1 belongs to year t). A year is kept only when the snapshot holds all four of
  its quarters (else a ``incomplete_years`` note names it).
- Law level: rows with an empty ``paragraf``; a law area that has only paragraph rows is their sum.
  ``lovomraade`` :data:`~.schema.ALL_AREAS` sums every law area.
- National rate per year and law area: pooled over every municipality of the same snapshot (the
  few-cases rule does not change it).
- Funnel plot: under H0 a municipality's reversed count is Binomial(n, p0), n its decided cases and
  p0 the national rate. Limits are exact binomial quantiles, L = F⁻¹(α/2), U = F⁻¹(1 − α/2) with
  ``scipy.stats.binom.ppf``; position ``over`` when x > U, ``under`` when x < L, else ``inden``
  (α = 0.05; the 99.8 % limits, α = 0.002, are drawn too and give ``funnel_position_998``). This is the
  funnel plot of Spiegelhalter (2005, *Statistics in Medicine* 24:1185–1202) without his
  interpolation between the discrete quantiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from frisat.core.intervals import wilson
from frisat.core.legal import schema as s
from frisat.core.legal.schema import LegalNote

YearConvention = Literal["calendar", "shifted"]
FUNNEL_CONFIDENCE = (0.95, 0.998)

RATE_COLUMNS: tuple[str, ...] = (
    "kommune", "lovomraade", "aar", "realitetsbehandlede", "omgjort", "rate", "ci_low", "ci_high",
    "national_rate", "funnel_position", "few_cases")
"""The columns of rates.csv, in order (docs/legal.md); ``funnel_position_998`` follows them."""


def analysis_year(aar: pd.Series | np.ndarray, kvartal: pd.Series | np.ndarray,
                  convention: YearConvention) -> np.ndarray:
    """The analysis year of each (aar, kvartal): the calendar year, or seed 003's shifted year.

    >>> analysis_year([2023, 2024, 2024], [4, 1, 2], "shifted")  # Q1 2024 belongs to 2023
    array([2023, 2023, 2024])
    """
    aar = np.asarray(aar, dtype=np.int64)
    if convention == "calendar":
        return aar.copy()
    if convention == "shifted":
        return np.where(np.asarray(kvartal) == 1, aar - 1, aar)
    raise ValueError(f"unknown year convention {convention!r}")


def law_level(table: pd.DataFrame) -> pd.DataFrame:
    """One row per municipality × law area × year × quarter (law rows, or the sum of paragraph rows)."""
    keys = [s.KOMMUNE, s.LOVOMRAADE, s.AAR, s.KVARTAL]
    law = table[table[s.PARAGRAF] == ""]
    have = law[keys].drop_duplicates().assign(_have=True)
    paragraphs = table[table[s.PARAGRAF] != ""].merge(have, on=keys, how="left")
    paragraphs = paragraphs[paragraphs["_have"].isna()]
    summed = paragraphs.groupby(keys, as_index=False)[list(s.COUNTS)].sum()
    return pd.concat([law[[*keys, *s.COUNTS]], summed], ignore_index=True)


@dataclass
class RatesResult:
    """Yearly rates (every municipality), the national rates and the notes for the reader."""

    rates: pd.DataFrame
    national: pd.DataFrame
    convention: YearConvention
    min_cases: int
    notes: list[LegalNote] = field(default_factory=list)


def yearly_counts(table: pd.DataFrame, convention: YearConvention) -> tuple[pd.DataFrame, list[int]]:
    """Decided and reversed cases per kommune × lovomraade × year (plus :data:`ALL_AREAS`), and the
    years dropped because the snapshot lacks some of their quarters."""
    rows = law_level(table)
    rows = rows.assign(aar=analysis_year(rows[s.AAR], rows[s.KVARTAL], convention))
    quarters = pd.DataFrame({"y": analysis_year(table[s.AAR], table[s.KVARTAL], convention),
                             "q": table[s.KVARTAL].to_numpy()}).drop_duplicates()
    per_year = quarters.groupby("y")["q"].nunique()
    incomplete = sorted(int(y) for y, n in per_year.items() if n < 4)
    rows = rows[~rows[s.AAR].isin(incomplete)]
    rows = rows.assign(realitetsbehandlede=rows[s.TOTAL] - rows[s.REFUSED],
                       omgjort=rows[s.CHANGED] + rows[s.RETURNED])
    keys = [s.KOMMUNE, s.LOVOMRAADE, s.AAR]
    by_area = rows.groupby(keys, as_index=False)[["realitetsbehandlede", "omgjort"]].sum()
    overall = rows.groupby([s.KOMMUNE, s.AAR], as_index=False)[["realitetsbehandlede", "omgjort"]].sum()
    overall.insert(1, s.LOVOMRAADE, s.ALL_AREAS)
    counts = pd.concat([by_area, overall], ignore_index=True)
    counts = counts.astype({"realitetsbehandlede": "int64", "omgjort": "int64", s.AAR: "int64"})
    return counts.sort_values(keys, ignore_index=True), incomplete


def national_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Pooled rate of every municipality per law area and year."""
    national = counts.groupby([s.LOVOMRAADE, s.AAR], as_index=False)[["realitetsbehandlede", "omgjort"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        national["national_rate"] = national["omgjort"] / national["realitetsbehandlede"].where(
            national["realitetsbehandlede"] > 0)
    return national


def funnel_limits(n: np.ndarray | pd.Series | int, p0: np.ndarray | pd.Series | float,
                  confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper funnel limits as counts: the α/2 and 1 − α/2 quantiles of Binomial(n, p0).

    >>> low, high = funnel_limits(200, 0.15)  # 200 decided cases, national rate 15 %
    >>> int(low), int(high)
    (20, 40)
    """
    alpha = 1 - confidence
    n = np.asarray(n, dtype=np.int64)
    p0 = np.asarray(p0, dtype=float)
    low = stats.binom.ppf(alpha / 2, n, p0)
    high = stats.binom.ppf(1 - alpha / 2, n, p0)
    return low, high


def funnel_position(omgjort: np.ndarray | pd.Series, n: np.ndarray | pd.Series, p0: np.ndarray | pd.Series,
                    confidence: float = 0.95) -> np.ndarray:
    """``over`` / ``under`` the funnel limits, or ``inden``; empty where n = 0 or p0 is unknown.

    >>> funnel_position([12, 30, 48, 3], [200, 200, 200, 0], [0.15, 0.15, 0.15, 0.15]).tolist()
    ['under', 'inden', 'over', '']
    """
    x = np.asarray(omgjort, dtype=float)
    n = np.asarray(n, dtype=np.int64)
    p0 = np.asarray(p0, dtype=float)
    usable = (n > 0) & np.isfinite(p0)
    low, high = funnel_limits(np.where(usable, n, 1), np.where(usable, p0, 0.5), confidence)
    position = np.where(x > high, "over", np.where(x < low, "under", "inden")).astype(object)
    position[~usable] = ""
    return position


def compute_rates(table: pd.DataFrame, convention: YearConvention = "calendar",
                  min_cases: int = s.DEFAULT_MIN_CASES, exclude_few: bool = False) -> RatesResult:
    """Rates of every municipality × law area × year in the canonical ``table`` (see module doc)."""
    if min_cases < 0:
        raise ValueError("min_cases must be non-negative")
    counts, incomplete = yearly_counts(table, convention)
    national = national_rates(counts)
    rates = counts.merge(national[[s.LOVOMRAADE, s.AAR, "national_rate"]], on=[s.LOVOMRAADE, s.AAR], how="left")
    n = rates["realitetsbehandlede"].to_numpy()
    x = rates["omgjort"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        rates["rate"] = np.where(n > 0, x / np.where(n > 0, n, 1), np.nan)
    low, high = wilson(x, n)
    rates["ci_low"], rates["ci_high"] = low, high
    rates["funnel_position"] = funnel_position(x, n, rates["national_rate"], FUNNEL_CONFIDENCE[0])
    rates["few_cases"] = n <= min_cases
    rates["funnel_position_998"] = funnel_position(x, n, rates["national_rate"], FUNNEL_CONFIDENCE[1])
    rates = rates[[*RATE_COLUMNS, "funnel_position_998"]]
    notes = [LegalNote("appeals_only")]
    if convention == "shifted":
        notes.append(LegalNote("shifted_year"))
    if incomplete:
        notes.append(LegalNote("incomplete_years", {"years": incomplete}))
    few = int(rates.loc[rates[s.LOVOMRAADE] == s.ALL_AREAS, "few_cases"].sum())
    if exclude_few:
        excluded = int(rates["few_cases"].sum())
        rates = rates[~rates["few_cases"]].reset_index(drop=True)
        notes.append(LegalNote("few_cases_excluded", {"limit": min_cases, "count": excluded}))
    else:
        notes.append(LegalNote("few_cases", {"limit": min_cases, "count": few}))
    if rates.empty:
        notes.append(LegalNote("no_rows"))
    return RatesResult(rates.reset_index(drop=True), national, convention, min_cases, notes)


def funnel_curve(p0: float, max_n: int, confidence: float, points: int = 200) -> pd.DataFrame:
    """The funnel limits as proportions over n = 1 … max_n (for the figure)."""
    n = np.unique(np.geomspace(1, max(max_n, 2), points).round().astype(np.int64))
    low, high = funnel_limits(n, p0, confidence)
    return pd.DataFrame({"n": n, "low": low / n, "high": high / n})
