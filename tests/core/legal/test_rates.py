"""Rates, intervals, years, national level and funnel positions against independent computations."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from frisat.core.legal import schema as s
from frisat.core.legal.rates import analysis_year, compute_rates, funnel_limits, funnel_position, law_level
from tests.core.legal.helpers import random_table


def _loop_counts(table: pd.DataFrame, shifted: bool) -> dict[tuple[str, str, int], tuple[int, int]]:
    """Decided and reversed cases per (kommune, law area, year) with a plain loop over law-level rows."""
    out: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in table.itertuples(index=False):
        if row.paragraf:
            continue
        year = row.aar - 1 if shifted and row.kvartal == 1 else row.aar
        for area in (row.lovomraade, s.ALL_AREAS):
            cell = out[(row.kommune, area, year)]
            cell[0] += row.antal_sager - row.afvist_henvist
            cell[1] += row.aendret_ophaevet + row.hjemvist
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.mark.parametrize("convention", ["calendar", "shifted"])
def test_counts_rates_and_national_agree_with_a_plain_loop(convention):
    table = random_table(1, paragraphs=True)
    result = compute_rates(table, convention)
    expected = _loop_counts(table, convention == "shifted")
    first, last = 2019, 2022
    incomplete = {last + 1} if convention == "calendar" else {first - 1}
    expected = {k: v for k, v in expected.items() if k[2] not in incomplete}
    got = {(r.kommune, r.lovomraade, r.aar): (r.realitetsbehandlede, r.omgjort)
           for r in result.rates.itertuples(index=False)}
    assert got == expected
    for r in result.rates.itertuples(index=False):
        assert r.rate == pytest.approx(r.omgjort / r.realitetsbehandlede)
        n = sum(v[0] for k, v in expected.items() if k[1] == r.lovomraade and k[2] == r.aar)
        x = sum(v[1] for k, v in expected.items() if k[1] == r.lovomraade and k[2] == r.aar)
        assert r.national_rate == pytest.approx(x / n)
    assert any(n.code == "incomplete_years" and n.params["years"] == sorted(incomplete) for n in result.notes)


def test_shifted_year_moves_only_the_first_quarter_back():
    aar = np.array([2020, 2020, 2020, 2020, 2021])
    kvartal = np.array([1, 2, 3, 4, 1])
    expected = [a - 1 if q == 1 else a for a, q in zip(aar, kvartal, strict=True)]
    assert analysis_year(aar, kvartal, "shifted").tolist() == expected
    assert analysis_year(aar, kvartal, "calendar").tolist() == aar.tolist()


def test_paragraph_rows_are_summed_only_where_the_law_row_is_missing():
    table = random_table(2, kommuner=1, areas=1, paragraphs=True)
    law = table[table[s.PARAGRAF] == ""]
    assert law_level(table)[s.TOTAL].sum() == law[s.TOTAL].sum()
    only_paragraphs = table[table[s.PARAGRAF] != ""]
    assert law_level(only_paragraphs)[s.TOTAL].sum() == only_paragraphs[s.TOTAL].sum()


def test_wilson_interval_matches_statsmodels():
    result = compute_rates(random_table(3, kommuner=8))
    rows = result.rates[result.rates["realitetsbehandlede"] > 0]
    low, high = proportion_confint(rows["omgjort"], rows["realitetsbehandlede"], alpha=0.05, method="wilson")
    np.testing.assert_allclose(rows["ci_low"], low, atol=1e-12)
    np.testing.assert_allclose(rows["ci_high"], high, atol=1e-12)


def _binom_cdf(k: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 150), p=st.floats(0.02, 0.98), confidence=st.sampled_from([0.95, 0.998]))
def test_funnel_limits_are_the_binomial_quantiles(n, p, confidence):
    alpha = 1 - confidence
    low, high = funnel_limits(n, p, confidence)
    # plain loop: the smallest k whose CDF reaches the probability (the quantile's definition)
    expect_low = next(k for k in range(n + 1) if _binom_cdf(k, n, p) >= alpha / 2 - 1e-12)
    expect_high = next(k for k in range(n + 1) if _binom_cdf(k, n, p) >= 1 - alpha / 2 - 1e-12)
    assert int(low) == expect_low and int(high) == expect_high
    assert int(low) == stats.binom.ppf(alpha / 2, n, p) and int(high) == stats.binom.ppf(1 - alpha / 2, n, p)
    # the chance of falling outside each limit by chance is at most alpha / 2
    assert stats.binom.sf(high, n, p) <= alpha / 2 + 1e-12
    assert stats.binom.cdf(low - 1, n, p) <= alpha / 2 + 1e-12


def test_funnel_position_compares_with_the_limits():
    n = np.array([100, 100, 100, 0])
    x = np.array([10, 30, 50, 0])
    p0 = np.full(4, 0.3)
    low, high = stats.binom.ppf(0.025, 100, 0.3), stats.binom.ppf(0.975, 100, 0.3)
    expected = ["under" if v < low else "over" if v > high else "inden" for v in x[:3]] + [""]
    assert funnel_position(x, n, p0).tolist() == expected
    assert expected[:3] == ["under", "inden", "over"]


def test_few_cases_are_flagged_and_excluded_on_request():
    table = random_table(4, kommuner=5, scale=3)
    flagged = compute_rates(table, min_cases=15)
    assert (flagged.rates["few_cases"] == (flagged.rates["realitetsbehandlede"] <= 15)).all()
    assert flagged.rates["few_cases"].any()
    excluded = compute_rates(table, min_cases=15, exclude_few=True)
    assert (excluded.rates["realitetsbehandlede"] > 15).all()
    assert len(excluded.rates) == int((~flagged.rates["few_cases"]).sum())
    # the national rate does not depend on the exclusion
    merged = excluded.rates.merge(flagged.rates, on=["kommune", "lovomraade", "aar"])
    np.testing.assert_allclose(merged["national_rate_x"], merged["national_rate_y"])
    assert any(n.code == "appeals_only" for n in excluded.notes)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_interval_contains_rate_and_parts(seed):
    rates = compute_rates(random_table(seed, kommuner=2, areas=1, scale=4)).rates
    usable = rates[rates["realitetsbehandlede"] > 0]
    assert ((usable["ci_low"] <= usable["rate"] + 1e-12) & (usable["rate"] <= usable["ci_high"] + 1e-12)).all()
    assert (rates["omgjort"] <= rates["realitetsbehandlede"]).all()


@settings(max_examples=40, deadline=None)
@given(quarters=st.lists(st.tuples(st.integers(1990, 2100), st.integers(1, 4)), min_size=1, max_size=40))
def test_shifted_year_by_a_plain_loop_over_quarters(quarters):
    aar = np.array([a for a, _q in quarters])
    kvartal = np.array([q for _a, q in quarters])
    expected = []
    for year, quarter in quarters:  # seed 003: quarters 2–4 of a year plus quarter 1 of the year after
        expected.append(year if quarter in (2, 3, 4) else year - 1)
    assert analysis_year(aar, kvartal, "shifted").tolist() == expected
    assert analysis_year(aar, kvartal, "calendar").tolist() == [a for a, _q in quarters]


@pytest.mark.parametrize("convention", ["calendar", "shifted"])
def test_national_rate_per_year_and_law_area_by_a_plain_loop(convention):
    table = random_table(11, kommuner=7, areas=3)
    result = compute_rates(table, convention)
    decided: dict[tuple[str, int], int] = defaultdict(int)
    reversed_: dict[tuple[str, int], int] = defaultdict(int)
    for row in table.itertuples(index=False):  # every municipality's law-level rows of the year, added up
        year = row.aar - 1 if convention == "shifted" and row.kvartal == 1 else row.aar
        for area in (row.lovomraade, s.ALL_AREAS):
            decided[(area, year)] += row.antal_sager - row.afvist_henvist
            reversed_[(area, year)] += row.aendret_ophaevet + row.hjemvist
    national = result.national
    assert len(national) > 0
    for row in national.itertuples(index=False):
        assert row.national_rate == pytest.approx(reversed_[(row.lovomraade, row.aar)] / decided[(row.lovomraade,
                                                                                                   row.aar)])


def test_every_rows_funnel_positions_match_scipy_binomial_quantiles():
    rates = compute_rates(random_table(12, kommuner=10, scale=20)).rates
    for row in rates.itertuples(index=False):
        for confidence, got in ((0.95, row.funnel_position), (0.998, row.funnel_position_998)):
            alpha = 1 - confidence
            low = stats.binom.ppf(alpha / 2, row.realitetsbehandlede, row.national_rate)
            high = stats.binom.ppf(1 - alpha / 2, row.realitetsbehandlede, row.national_rate)
            expected = ("" if row.realitetsbehandlede == 0 else "over" if row.omgjort > high
                        else "under" if row.omgjort < low else "inden")
            assert got == expected
    assert {"inden"} <= set(rates["funnel_position"])


def test_funnel_curve_is_the_quantiles_as_proportions():
    from frisat.core.legal.rates import funnel_curve

    curve = funnel_curve(0.3, 500, 0.95)
    assert curve["n"].iloc[0] == 1 and curve["n"].iloc[-1] == 500 and curve["n"].is_monotonic_increasing
    for row in curve.itertuples(index=False):
        assert row.low == stats.binom.ppf(0.025, row.n, 0.3) / row.n
        assert row.high == stats.binom.ppf(0.975, row.n, 0.3) / row.n
