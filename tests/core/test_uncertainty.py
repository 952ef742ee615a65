"""Confidence intervals and quadrant certainty, checked against scipy and loop-based computations."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from frisat.core import uncertainty
from frisat.core.analysis import UNCERTAINTY_COLUMNS, AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.uncertainty import (
    bootstrap_interval,
    grouped_bootstrap_interval,
    grouped_t_interval,
    interval_crosses,
    mean_ci,
    quadrant_certain,
    t_interval,
    t_interval_from_stats,
)
from tests.core.helpers import random_frame
from tests.core.test_analysis import python_quadrant

INST = get_instrument()

PUBLIC_SUMMARY_COLUMNS = [
    "omraade", "spor", "n",
    "impl_n", "impl_mean", "impl_sd", "impl_median", "impl_q1", "impl_q3", "impl_min", "impl_max", "impl_alpha",
    "vigt_n", "vigt_mean", "vigt_sd", "vigt_median", "vigt_q1", "vigt_q3", "vigt_min", "vigt_max", "vigt_alpha",
    "gap", "quadrant_absolute", "outliers", "suppressed",
    "impl_ci_low", "impl_ci_high", "vigt_ci_low", "vigt_ci_high", "quadrant_certain",
]


def scipy_interval(values: list[float], confidence: float) -> tuple[float, float]:
    """The reference: scipy's t interval of one group, computed independently of frisat."""
    n = len(values)
    if n < 2:
        return math.nan, math.nan
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    if sd == 0:
        return mean, mean  # scipy returns nan for scale 0; the interval has zero width
    low, high = stats.t.interval(confidence, n - 1, loc=mean, scale=sd / math.sqrt(n))
    return float(low), float(high)


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# -- t interval --------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 100_000), st.integers(0, 60), st.integers(1, 6),
       st.floats(0.5, 0.999, allow_nan=False), st.floats(0, 0.4))
def test_grouped_t_interval_equals_scipy_per_group(seed, n, groups, confidence, missing):
    rng = np.random.default_rng(seed)
    values = np.round(rng.uniform(1, 10, n) * 4) / 4
    values[rng.random(n) < missing] = np.nan
    codes = rng.integers(0, groups, n)
    low, high = grouped_t_interval(values, codes, groups, confidence)
    for g in range(groups):
        members = [float(v) for v, c in zip(values, codes, strict=True) if c == g and not math.isnan(v)]
        expected = scipy_interval(members, confidence)
        assert same(low[g], expected[0]) and same(high[g], expected[1]), (g, members)


def test_t_interval_known_values_and_edge_cases():
    low, high = t_interval([4.0, 5, 6, 7, 8])
    # mean 6, sd √2.5, t(0.975, 4) = 2.776445 → 6 ∓ 1.963155
    assert math.isclose(low, 6 - 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5), rel_tol=1e-12)
    assert math.isclose(high, 6 + 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5), rel_tol=1e-12)
    assert all(math.isnan(v) for v in t_interval([3.0]))
    assert all(math.isnan(v) for v in t_interval([]))
    assert t_interval([7.0, 7.0, np.nan, 7.0]) == (7.0, 7.0)
    narrow = t_interval([4.0, 5, 6, 7, 8], confidence=0.8)
    assert low < narrow[0] < narrow[1] < high


def test_t_interval_from_stats_matches_raw_computation():
    low, high = t_interval_from_stats([6.0, 2.0, np.nan], [2.0, 1.0, 1.0], [16, 1, 5])
    ref = stats.t.interval(0.95, 15, loc=6.0, scale=2.0 / 4)
    assert math.isclose(low[0], ref[0]) and math.isclose(high[0], ref[1])
    assert np.isnan(low[1:]).all() and np.isnan(high[1:]).all()


# -- bootstrap ---------------------------------------------------------------------------------


def test_bootstrap_is_reproducible_with_a_seed():
    rng = np.random.default_rng(11)
    values = rng.integers(1, 11, 300).astype(float)
    codes = rng.integers(0, 4, 300)
    first = grouped_bootstrap_interval(values, codes, 4, seed=5)
    again = grouped_bootstrap_interval(values, codes, 4, seed=5)
    other = grouped_bootstrap_interval(values, codes, 4, seed=6)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("direct_factor", [0, 10**9], ids=["multinomial", "value-by-value"])
def test_bootstrap_is_close_to_the_t_interval_for_large_n(monkeypatch, direct_factor):
    monkeypatch.setattr(uncertainty, "_DIRECT_FACTOR", direct_factor)
    rng = np.random.default_rng(3)
    n = 2000
    values = np.round(np.clip(rng.normal(6, 2, 3 * n), 1, 10) * 3) / 3
    codes = np.repeat(np.arange(3), n)
    boot_low, boot_high = grouped_bootstrap_interval(values, codes, 3, n_boot=4000, seed=1)
    t_low, t_high = grouped_t_interval(values, codes, 3)
    se = np.array([values[codes == g].std(ddof=1) / math.sqrt(n) for g in range(3)])
    # Percentile and t intervals agree to Monte Carlo error (about 0.05 standard errors at B = 4000).
    assert np.all(np.abs(boot_low - t_low) < 0.15 * se)
    assert np.all(np.abs(boot_high - t_high) < 0.15 * se)


def test_both_bootstrap_paths_give_the_same_distribution(monkeypatch):
    # Few distinct values and many respondents: the multinomial path. Forcing the value-by-value
    # path must give the same interval up to Monte Carlo error.
    rng = np.random.default_rng(8)
    values = rng.choice([1.0, 2.0, 7.0, 10.0], size=500, p=[0.1, 0.2, 0.5, 0.2])
    codes = np.zeros(500, dtype=np.int64)
    results = {}
    for factor in (0, 10**9):
        monkeypatch.setattr(uncertainty, "_DIRECT_FACTOR", factor)
        results[factor] = grouped_bootstrap_interval(values, codes, 1, n_boot=20_000, seed=2)
    se = values.std(ddof=1) / math.sqrt(500)
    assert abs(results[0][0][0] - results[10**9][0][0]) < 0.1 * se
    assert abs(results[0][1][0] - results[10**9][1][0]) < 0.1 * se


def test_bootstrap_edge_cases():
    low, high = grouped_bootstrap_interval(np.array([5.0, 3.0, 3.0, 3.0, np.nan, 1.0, 9.0]),
                                           np.array([0, 1, 1, 1, 2, 2, 2]), 4)
    assert math.isnan(low[0]) and math.isnan(high[0])  # one value
    assert low[1] == high[1] == 3.0  # all equal
    assert 1.0 <= low[2] <= high[2] <= 9.0  # NaN left out: values 1 and 9
    assert math.isnan(low[3])  # empty group
    # n = 2, values 1 and 9: resample means are 1, 5, 9 with probability ¼, ½, ¼.
    assert (low[2], high[2]) == (1.0, 9.0)
    assert bootstrap_interval([2.0, 4.0, 6.0, 8.0], seed=1) == bootstrap_interval([2.0, 4.0, 6.0, 8.0], seed=1)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 80))
def test_bootstrap_interval_lies_within_the_data(seed, n):
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 11, n).astype(float)
    low, high = bootstrap_interval(values, n_boot=200, seed=seed)
    assert values.min() <= low <= high <= values.max()


def test_mean_ci_is_tidy_and_matches_the_grouped_functions():
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"g": rng.choice(["a", "b"], 50), "x": rng.integers(1, 11, 50).astype(float),
                          "y": rng.integers(1, 11, 50).astype(float)})
    table = mean_ci(frame, ["x", "y"], "g")
    assert list(table.columns) == ["g", "dv", "n", "mean", "ci_low", "ci_high"]
    assert len(table) == 4
    row = table[(table["g"] == "b") & (table["dv"] == "y")].iloc[0]
    ref = scipy_interval(frame.loc[frame["g"] == "b", "y"].tolist(), 0.95)
    assert math.isclose(row["ci_low"], ref[0]) and math.isclose(row["ci_high"], ref[1])
    boot = mean_ci(frame, "x", method="bootstrap", seed=9)
    assert len(boot) == 1 and boot["ci_low"].iloc[0] < boot["mean"].iloc[0] < boot["ci_high"].iloc[0]
    assert boot.equals(mean_ci(frame, "x", method="bootstrap", seed=9))


# -- quadrant certainty ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vigt", "vigt_ci", "impl", "impl_ci", "expected"),
    [
        (7.0, (6.0, 8.0), 3.0, (2.0, 4.0), True),          # well inside one quadrant
        (7.0, (5.5, 8.0), 3.0, (2.0, 4.0), True),          # starts exactly on the line: still high
        (7.0, (5.4999, 8.0), 3.0, (2.0, 4.0), False),      # reaches just below the line
        (5.0, (4.0, 5.5), 3.0, (2.0, 4.0), False),         # ends exactly on the line from below: crosses
        (5.0, (4.0, 5.4999), 3.0, (2.0, 4.0), True),
        (5.5, (5.0, 6.0), 8.0, (7.0, 9.0), False),         # the mean on the line counts as high
        (7.0, (6.0, 8.0), 5.0, (4.0, 6.0), False),         # only implementation crosses
        (7.0, (6.0, 8.0), 6.0, (5.5, 6.5), True),
        (7.0, (7.0, 7.0), 3.0, (3.0, 3.0), True),          # zero-width intervals
        (7.0, (np.nan, np.nan), 3.0, (2.0, 4.0), None),    # a missing interval: unknown
        (np.nan, (6.0, 8.0), 3.0, (2.0, 4.0), None),
    ],
)
def test_quadrant_certain_at_the_boundaries(vigt, vigt_ci, impl, impl_ci, expected):
    got = quadrant_certain(vigt, impl, *vigt_ci, *impl_ci)
    assert got.tolist() == [pd.NA if expected is None else expected]


@settings(max_examples=200, deadline=None)
@given(*(st.sampled_from([1.0, 4.0, 5.4999, 5.5, 5.5001, 7.0, 10.0]) for _ in range(6)))
def test_quadrant_certain_equals_the_four_corner_definition(a, b, c, d, e, f):
    vigt_low, vigt, vigt_high = sorted((a, b, c))
    impl_low, impl, impl_high = sorted((d, e, f))
    point = python_quadrant(vigt, impl)
    corners = {python_quadrant(x, y) for x in (vigt_low, vigt_high) for y in (impl_low, impl_high)}
    got = quadrant_certain(vigt, impl, vigt_low, vigt_high, impl_low, impl_high).tolist()[0]
    assert got == (corners == {point})


def test_interval_crosses_per_dimension_and_a_custom_line():
    got = interval_crosses([5.0, 6.0, 2.0], [4.0, 5.6, 1.0], [6.0, 7.0, 3.5], line=[5.5, 5.5, 3.0])
    assert got.tolist() == [True, False, True]


# -- in the analysis ---------------------------------------------------------------------------


def test_summary_gains_the_columns_after_suppressed():
    result = analyze(random_frame(INST, 60, seed=1), INST, by=["omraade"])
    assert list(result.summary.columns) == PUBLIC_SUMMARY_COLUMNS
    assert tuple(PUBLIC_SUMMARY_COLUMNS[-5:]) == UNCERTAINTY_COLUMNS
    record = result.summary_records()[0]
    assert isinstance(record["impl_ci_low"], float) and isinstance(record["quadrant_certain"], bool)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 100_000), st.integers(2, 50), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_analysis_intervals_equal_scipy_on_the_respondent_indices(seed, n, confidence):
    frame = random_frame(INST, n, seed=seed)
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=2, confidence=confidence))
    resp = result.respondents
    for record in result.summary_records():
        rows = resp[(resp["omraade"] == record["omraade"]) & (resp["spor"] == record["spor"])]
        for dim in ("impl", "vigt"):
            values = [float(v) for v in rows[f"{dim}_index"] if not math.isnan(v)]
            if record["suppressed"] or record[f"{dim}_mean"] is None:
                assert record[f"{dim}_ci_low"] is None and record[f"{dim}_ci_high"] is None
                continue
            low, high = scipy_interval(values, confidence)
            assert same(record[f"{dim}_ci_low"], low) and same(record[f"{dim}_ci_high"], high)
        certain = record["quadrant_certain"]
        if None in (record["impl_ci_low"], record["vigt_ci_low"]):
            assert certain is None
        else:
            corners = {python_quadrant(x, y) for x in (record["vigt_ci_low"], record["vigt_ci_high"])
                       for y in (record["impl_ci_low"], record["impl_ci_high"])}
            assert certain == (corners == {record["quadrant_absolute"]})


def test_suppressed_and_thin_groups_carry_no_intervals():
    frame = random_frame(INST, 40, seed=5, groups=("stor",), missing=0, dont_know=0)
    frame.loc[frame.index[:3], "omraade"] = "lille"
    # In "stor", only 4 respondents keep an importance index for regler: that dimension is thin.
    frame.loc[frame.index[3:39], [f"regler_vigt_{x}" for x in "abcd"]] = np.nan
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=5))
    records = {(r["omraade"], r["spor"]): r for r in result.summary_records()}
    for spor in ("regler", "maal"):
        small = records[("lille", spor)]
        assert small["suppressed"] is True
        assert all(small[c] is None for c in UNCERTAINTY_COLUMNS)
    thin = records[("stor", "regler")]
    assert thin["suppressed"] is False and thin["impl_ci_low"] is not None
    assert thin["vigt_ci_low"] is None and thin["vigt_ci_high"] is None and thin["quadrant_certain"] is None
    full = records[("stor", "maal")]
    assert all(full[c] is not None for c in UNCERTAINTY_COLUMNS)


def test_a_single_respondent_has_no_interval():
    frame = random_frame(INST, 1, seed=2, missing=0, dont_know=0)
    record = analyze(frame, INST, config=AnalysisConfig(min_n=1)).summary_records()[0]
    assert record["impl_mean"] is not None
    assert all(record[c] is None for c in UNCERTAINTY_COLUMNS)


def test_bootstrap_in_the_analysis_is_seeded():
    frame = random_frame(INST, 80, seed=6)

    def run(seed: int) -> pd.DataFrame:
        config = AnalysisConfig(ci_method="bootstrap", bootstrap_samples=500, seed=seed)
        return analyze(frame, INST, by=["omraade"], config=config).summary

    first, again, other = run(1), run(1), run(2)
    pd.testing.assert_frame_equal(first, again)
    assert not first["impl_ci_low"].equals(other["impl_ci_low"])
    t = analyze(frame, INST, by=["omraade"]).summary
    assert (first["impl_ci_low"] - t["impl_ci_low"]).abs().max() < 0.5


@pytest.mark.parametrize("bad", [
    {"confidence": 0}, {"confidence": 1}, {"confidence": 95}, {"confidence": float("nan")},
    {"ci_method": "normal"}, {"bootstrap_samples": 10}, {"bootstrap_samples": 10**6},
    {"bootstrap_samples": 2000.0}, {"seed": -1}, {"seed": 1.5},
])
def test_bad_uncertainty_options_are_refused_in_danish(bad):
    with pytest.raises(FrisatError, match=r"Konfidensniveauet|Metoden|bootstrap-stikprøver|Frøet"):
        AnalysisConfig(**bad)


@given(st.lists(st.one_of(st.integers(1, 60).map(float), st.floats(0.5, 1e6)), min_size=1, max_size=40),
       st.floats(0.5, 0.999))
@settings(max_examples=60, deadline=None)
def test_t_quantiles_equal_scipy_elementwise(df, probability):
    df = np.asarray(df)
    assert np.array_equal(uncertainty.t_quantiles(probability, df), stats.t.ppf(probability, df))


@given(st.lists(st.tuples(st.integers(0, 4), st.floats(-50, 50)), min_size=1, max_size=60))
@settings(max_examples=60, deadline=None)
def test_grouped_mean_sd_equals_a_plain_loop(pairs):
    codes = np.array([c for c, _ in pairs])
    values = np.array([v for _, v in pairs])
    n, mean, sd = uncertainty.grouped_mean_sd(values, codes, 5)
    for group in range(5):
        mine = [v for c, v in pairs if c == group]
        assert n[group] == len(mine)
        if mine:
            assert mean[group] == pytest.approx(math.fsum(mine) / len(mine), abs=1e-9)
        if len(mine) >= 2:
            assert sd[group] == pytest.approx(float(np.std(mine, ddof=1)), rel=1e-9, abs=1e-9)
