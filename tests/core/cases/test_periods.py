"""Period statistics and changes checked against scipy and plain Python."""

import math
import statistics

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from frisat.core.cases.periods import compare_periods
from frisat.core.cases.registrations import derive_measures, validate_registrations
from frisat.core.cases.scheme import get_scheme
from frisat.core.intervals import bootstrap_median_diff
from frisat.demo.cases import generate_cases

SCHEME = get_scheme("boernesager-frikommune")


def _demo():
    raw = generate_cases().astype(object)
    frame = validate_registrations(raw.where(raw != "", None), SCHEME, "demo")
    return frame, derive_measures(frame, SCHEME)


def close(a, b, tol=1e-9):
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def test_period_statistics_equal_plain_python_and_scipy():
    frame, measures = _demo()
    result = compare_periods(frame, measures, SCHEME, limits={"dage_beslutning_indsats": 30}, n_boot=500, seed=3)
    table = result.periods.set_index(["measure", "period"])
    for period in ("foer", "aar1", "aar2"):
        values = [v for v, p in zip(measures["dage_beslutning_indsats"], frame["periode"], strict=True)
                  if p == period and not math.isnan(v)]
        row = table.loc[("dage_beslutning_indsats", period)]
        n = len(values)
        assert row["n"] == n
        assert close(row["mean"], statistics.fmean(values))
        assert close(row["sd"], statistics.stdev(values))
        assert close(row["median"], statistics.median(values))
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert close(row["q1"], q1) and close(row["q3"], q3)
        low, high = stats.t.interval(0.95, n - 1, loc=statistics.fmean(values),
                                     scale=statistics.stdev(values) / math.sqrt(n))
        assert close(row["mean_ci_low"], low) and close(row["mean_ci_high"], high)
        within = sum(v <= 30 for v in values)
        assert close(row["share_within"], within / n)
        z = stats.norm.ppf(0.975)
        centre = (within + z * z / 2) / (n + z * z)
        half = z / (n + z * z) * math.sqrt(within * (n - within) / n + z * z / 4)
        assert close(row["share_ci_low"], centre - half) and close(row["share_ci_high"], centre + half)


def test_the_demo_shows_seed_000s_fall_from_34_to_22_days():
    frame, measures = _demo()
    result = compare_periods(frame, measures, SCHEME, n_boot=200)
    means = result.periods.set_index(["measure", "period"])["mean"]
    assert round(means[("dage_beslutning_indsats", "foer")]) == 34
    assert round(means[("dage_beslutning_indsats", "aar2")]) == 22
    assert frame["periode"].value_counts().to_dict() == {"aar2": 87, "foer": 75, "aar1": 75}


def test_changes_use_welch_bootstrap_and_newcombe():
    frame, measures = _demo()
    result = compare_periods(frame, measures, SCHEME, limits={"dage_beslutning_indsats": 30}, n_boot=300, seed=9)
    change = result.changes.set_index(["measure", "from_period", "to_period"]).loc[
        ("dage_beslutning_indsats", "foer", "aar2")]
    values = measures["dage_beslutning_indsats"]
    before = values[(frame["periode"] == "foer").to_numpy()].dropna().to_numpy()
    after = values[(frame["periode"] == "aar2").to_numpy()].dropna().to_numpy()
    ci = stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95)
    assert close(change["diff_mean"], after.mean() - before.mean())
    assert close(change["diff_ci_low"], ci.low) and close(change["diff_ci_high"], ci.high)
    expected = bootstrap_median_diff(before, after, n_boot=300, seed=9)
    assert (change["diff_median"], change["median_ci_low"], change["median_ci_high"]) == expected
    assert close(change["diff_share"], (after <= 30).mean() - (before <= 30).mean())
    assert change["share_diff_ci_low"] < change["diff_share"] < change["share_diff_ci_high"]
    assert list(result.changes.columns[:9]) == ["measure", "from_period", "to_period", "diff_mean", "diff_ci_low",
                                                "diff_ci_high", "diff_median", "median_ci_low", "median_ci_high"]


def test_small_cells_are_cautioned_or_blanked():
    frame, measures = _demo()
    keep = (frame["periode"] != "aar1") | (frame.index % 25 == 0)  # 3 cases left in aar1
    frame, measures = frame[keep].reset_index(drop=True), measures[keep].reset_index(drop=True)
    result = compare_periods(frame, measures, SCHEME, n_boot=100, min_n=5, small_n=80)
    row = result.periods.set_index(["measure", "period"]).loc[("aendringer", "aar1")]
    assert row["n"] == 3 and np.isnan(row["mean"]) and row["caution"] == "suppressed"
    assert result.periods.set_index(["measure", "period"]).loc[("aendringer", "foer"), "caution"] == "small_n"
    codes = {(n.code, n.params.get("period")) for n in result.notes}
    assert ("suppressed", "aar1") in codes and ("small_n", "foer") in codes
    change = result.changes.set_index(["measure", "from_period", "to_period"]).loc[("aendringer", "foer", "aar1")]
    assert np.isnan(change["diff_mean"]) and np.isnan(change["diff_median"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["foer", "aar1", "aar2"]), st.sampled_from(["Nord", "Syd"]),
                          st.integers(0, 60)), min_size=1, max_size=60))
def test_grouped_counts_and_means_equal_a_loop(cases):
    frame = pd.DataFrame({"periode": [c[0] for c in cases], "kommune": [c[1] for c in cases]})
    measures = pd.DataFrame({m.id: [float(c[2]) for c in cases] for m in SCHEME.measures})
    result = compare_periods(frame, measures, SCHEME, by=["kommune"], n_boot=20, min_n=1)
    table = result.periods[result.periods["measure"] == "aendringer"]
    for _, r in table.iterrows():
        values = [c[2] for c in cases if c[0] == r["period"] and c[1] == r["kommune"]]
        assert r["n"] == len(values)
        if values:
            assert close(r["mean"], statistics.fmean(values))
        else:
            assert np.isnan(r["mean"])
