"""Waves: change, trend and positions, checked against scipy and plain loops over respondents and units."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.schema import conform
from frisat.core.waves import CHANGE_COLUMNS, POSITION_COLUMNS, TREND_COLUMNS, changes, positions, trend, wave_order
from tests.core.helpers import random_frame
from tests.core.test_analysis import python_index
from tests.core.test_comparisons import hand_welch, same

INST = get_instrument()
SPOR = [s.id for s in INST.spor]
DIMS = ("impl", "vigt")


def wave_frame(n: int, seed: int = 0, waves=("1", "2"), units: int = 4, missing: float = 0.1) -> pd.DataFrame:
    """``n`` respondents with random answers, spread at random over ``waves`` and ``units`` units."""
    rng = np.random.default_rng(seed + 1)
    frame = random_frame(INST, n, seed=seed, missing=missing)
    frame["maaling"] = pd.array(rng.choice(list(waves), n), dtype="string")
    frame["enhed"] = pd.array([f"enhed {u}" for u in rng.integers(0, units, n)], dtype="string")
    return frame


def plain_records(frame: pd.DataFrame) -> list[dict]:
    """Every respondent as a dict with its background and its indices, computed one row at a time."""
    records = []
    for _, row in frame.iterrows():
        record = {c: row[c] for c in ("gruppe", "omraade", "enhed", "maaling")}
        for spor in SPOR:
            for dim in DIMS:
                record[(spor, dim)] = python_index(row, spor, dim)
        records.append(record)
    return records


def values(records, spor, dim) -> list[float]:
    return [r[(spor, dim)] for r in records if not math.isnan(r[(spor, dim)])]


def n_spor(records, spor) -> int:
    return sum(1 for r in records if not all(math.isnan(r[(spor, d)]) for d in DIMS))


def pick(table: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        mask &= (table[column] == value).to_numpy(dtype=bool)
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


# -- natural wave order ------------------------------------------------------------------------


def test_wave_order_is_natural():
    assert wave_order(["2027-1", "2026-2", "2026-1"]) == ["2026-1", "2026-2", "2027-1"]
    assert wave_order(["10", "2", "1", "2"]) == ["1", "2", "10"]
    assert wave_order(["Forår 2026", "efterår 2025", "Efterår 2026"]) == ["efterår 2025", "Efterår 2026", "Forår 2026"]
    assert wave_order(["v10", "v9", "w1"]) == ["v9", "v10", "w1"]


@given(st.lists(st.tuples(st.integers(2000, 2100), st.integers(1, 12)), min_size=1, max_size=12, unique=True))
def test_wave_order_sorts_year_and_number_as_numbers(pairs):
    labels = [f"{year}-{number}" for year, number in pairs]
    assert wave_order(labels) == [f"{y}-{k}" for y, k in sorted(pairs)]
    numbers = sorted({year * 100 + number for year, number in pairs})
    assert wave_order(str(v) for v in reversed(numbers)) == [str(v) for v in numbers]


# -- trend -------------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 100_000), st.integers(10, 80), st.integers(1, 8), st.sampled_from([0.9, 0.95]))
@example(180, 10, 1, 0.9)  # wave «2» has no respondents: the others are numbered 1, 2
def test_trend_agrees_with_scipy_t_interval(seed, n, min_n, confidence):
    frame = wave_frame(n, seed, waves=("2", "10", "1"))
    table = trend(frame, INST, by=["gruppe"], config=AnalysisConfig(min_n=min_n, confidence=confidence))
    assert list(table.columns) == ["gruppe", *TREND_COLUMNS]
    records = plain_records(frame)
    expected = 0
    present = [w for w in ("1", "2", "10") if w in set(frame["maaling"])]  # a small frame can miss a wave
    for group in sorted(frame["gruppe"].unique()):
        for order, wave in enumerate(present, start=1):
            cell = [r for r in records if r["gruppe"] == group and r["maaling"] == wave]
            if not cell:
                continue
            for spor in SPOR:
                for dim in DIMS:
                    expected += 1
                    row = pick(table, gruppe=group, wave=wave, spor=spor, dimension=dim)
                    assert row["wave_order"] == order
                    xs = values(cell, spor, dim)
                    if n_spor(cell, spor) < min_n:
                        assert row["suppressed"] and row[["n", "mean", "ci_low", "ci_high"]].isna().all()
                        continue
                    assert not row["suppressed"] and row["n"] == len(xs)
                    if len(xs) < min_n:
                        assert math.isnan(row["mean"])
                        continue
                    assert same(row["mean"], sum(xs) / len(xs))
                    sd = float(np.std(xs, ddof=1)) if len(xs) > 1 else math.nan
                    if len(xs) > 1 and sd > 0:
                        low, high = stats.t.interval(confidence, len(xs) - 1, loc=sum(xs) / len(xs),
                                                     scale=sd / math.sqrt(len(xs)))
                        assert same(row["ci_low"], low) and same(row["ci_high"], high)
    assert len(table) == expected


@pytest.mark.parametrize("method", ["t", "bootstrap"])
def test_trend_of_each_wave_equals_analyze_of_that_wave(method):
    frame = wave_frame(240, seed=4, waves=("2026-1", "2026-2"))
    config = AnalysisConfig(ci_method=method, bootstrap_samples=200, seed=11)
    table = trend(frame, INST, by=["omraade"], config=config, waves=["2026-2"])
    assert set(table["wave"]) == {"2026-2"}
    summary = analyze(frame[frame["maaling"] == "2026-2"], INST, by=["omraade"], config=config).summary
    for record in summary.to_dict("records"):
        for dim in DIMS:
            row = pick(table, omraade=record["omraade"], spor=record["spor"], dimension=dim)
            assert row["n"] == record[f"{dim}_n"]
            for stat in ("mean", "ci_low", "ci_high"):
                assert same(row[stat], record[f"{dim}_{stat}"]), (dim, stat)


# -- changes: unpaired and paired -----------------------------------------------------------------


def expected_paired(records, group, spor, dim, old, new, min_n):
    """Unit differences (new − old) of the units with ≥ min_n indices in both waves, by plain loops."""
    differences = []
    for unit in sorted({r["enhed"] for r in records}):
        means = []
        for wave in (old, new):
            xs = values([r for r in records if r["gruppe"] == group and r["enhed"] == unit and r["maaling"] == wave],
                        spor, dim)
            means.append(sum(xs) / len(xs) if len(xs) >= min_n else None)
        if None not in means:
            differences.append(means[1] - means[0])
    return differences


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 100_000), st.integers(20, 140), st.integers(1, 6), st.integers(2, 6))
@example(7, 400, 5, 4)  # large enough that several units pair up in each group
def test_changes_agree_with_scipy_and_plain_loops(seed, n, min_n, units):
    waves = ("2026-2", "2026-10", "2027-1")
    frame = wave_frame(n, seed, waves=waves, units=units)
    confidence = 0.95
    table = changes(frame, INST, by=["gruppe"], config=AnalysisConfig(min_n=min_n, confidence=confidence))
    assert list(table.columns) == ["gruppe", *CHANGE_COLUMNS]
    records = plain_records(frame)
    checked_paired = 0
    for group in sorted(frame["gruppe"].unique()):
        for old, new in (("2026-2", "2026-10"), ("2026-10", "2027-1")):  # the natural order
            before = [r for r in records if r["gruppe"] == group and r["maaling"] == old]
            after = [r for r in records if r["gruppe"] == group and r["maaling"] == new]
            if not before and not after:
                continue
            for spor in SPOR:
                for dim in DIMS:
                    row = pick(table, gruppe=group, wave_from=old, wave_to=new, spor=spor, dimension=dim)
                    if n_spor(before, spor) < min_n or n_spor(after, spor) < min_n:
                        assert row["suppressed"]
                        assert row[["n_from", "mean_to", "change", "paired_units", "paired_change"]].isna().all()
                        continue
                    a, b = values(before, spor, dim), values(after, spor, dim)
                    assert not row["suppressed"] and row["n_from"] == len(a) and row["n_to"] == len(b)
                    if len(a) >= min_n and len(b) >= min_n:
                        assert same(row["change"], sum(b) / len(b) - sum(a) / len(a))
                        if len(a) > 1 and len(b) > 1 and np.var(a) + np.var(b) > 0:
                            hand = hand_welch(b, a, confidence)
                            assert same(row["ci_low"], hand["ci_low"]) and same(row["ci_high"], hand["ci_high"])
                            assert same(row["df"], hand["df"]) and same(row["p_value"], hand["p_value"])
                            if min(np.var(a), np.var(b)) > 0:  # scipy warns about a constant sample
                                test = stats.ttest_ind(b, a, equal_var=False)
                                assert same(row["p_value"], test.pvalue) and same(row["df"], test.df)
                    else:
                        assert math.isnan(row["change"]) and row["significant"] is pd.NA
                    differences = expected_paired(records, group, spor, dim, old, new, min_n)
                    assert row["paired_units"] == len(differences)
                    if differences:
                        assert same(row["paired_change"], sum(differences) / len(differences))
                    else:
                        assert math.isnan(row["paired_change"])
                    if len(differences) > 1 and np.std(differences) > 0:
                        checked_paired += 1
                        low, high = stats.t.interval(confidence, len(differences) - 1,
                                                     loc=np.mean(differences), scale=stats.sem(differences))
                        assert same(row["paired_ci_low"], low) and same(row["paired_ci_high"], high)
                        assert row["paired_significant"] == (low > 0 or high < 0)
    if n >= 400:
        assert checked_paired > 0


def test_paired_unit_below_threshold_in_one_wave_does_not_count():
    rows = []
    # Unit A: 6 respondents in both waves; unit B: 6 in wave 1 but only 4 in wave 2; unit C: 6 and 6.
    for unit, sizes, shift in (("A", (6, 6), 1.0), ("B", (6, 4), -3.0), ("C", (6, 6), 2.0)):
        for wave, size in zip(("1", "2"), sizes, strict=True):
            for i in range(size):
                value = 4 + (i % 3) + (shift if wave == "2" else 0)
                rows.append({"respondent_id": f"{unit}{wave}{i}", "enhed": unit, "maaling": wave,
                             "gruppe": "leder", **{f"{s}_{d}_{x}": value for s in SPOR for d in DIMS for x in "abcd"}})
    frame = conform(pd.DataFrame(rows), INST)
    table = changes(frame, INST, config=AnalysisConfig(min_n=5))
    row = pick(table, spor="regler", dimension="impl")
    assert row["paired_units"] == 2  # A and C; B has 4 < 5 respondents in wave 2
    assert same(row["paired_change"], 1.5)
    low, high = stats.t.interval(0.95, 1, loc=1.5, scale=stats.sem([1.0, 2.0]))
    assert same(row["paired_ci_low"], low) and same(row["paired_ci_high"], high)
    # With the threshold at 4, unit B counts too: its mean goes from 5 to (4 + 5 + 6 + 4) / 4 − 3.
    row = pick(changes(frame, INST, config=AnalysisConfig(min_n=4)), spor="regler", dimension="impl")
    assert row["paired_units"] == 3 and same(row["paired_change"], (1.0 + 2.0 + (4.75 - 3 - 5)) / 3)


def test_units_without_a_name_and_no_pairing():
    frame = wave_frame(300, seed=2, units=3)
    frame.loc[frame.index[:150], "enhed"] = pd.NA
    table = changes(frame, INST, config=AnalysisConfig(min_n=5))
    records = plain_records(frame[frame["enhed"].notna()])
    row = pick(table, spor="maal", dimension="vigt")
    for r in records:
        r["gruppe"] = "alle"
    assert row["paired_units"] == len(expected_paired(records, "alle", "maal", "vigt", "1", "2", 5))
    unpaired = changes(frame, INST, unit_column=None)
    assert unpaired["paired_units"].isna().all() and unpaired["paired_change"].isna().all()
    assert np.allclose(unpaired["change"], table["change"])


def test_group_in_only_one_wave_is_suppressed():
    frame = wave_frame(200, seed=3)
    frame.loc[(frame["gruppe"] == "leder") & (frame["maaling"] == "2"), "gruppe"] = "medarbejder"
    table = changes(frame, INST, by=["gruppe"])
    leaders = table[table["gruppe"] == "leder"]
    assert len(leaders) == 2 * len(SPOR) and leaders["suppressed"].all()
    assert leaders[["n_from", "mean_from", "change", "ci_low", "paired_units"]].isna().all().all()
    assert not table.loc[table["gruppe"] == "medarbejder", "suppressed"].any()


def test_explicit_waves_select_and_order():
    frame = wave_frame(300, seed=5, waves=("a", "b", "c"))
    table = changes(frame, INST, waves=["c", "a"])
    assert set(zip(table["wave_from"], table["wave_to"], strict=True)) == {("c", "a")}
    records = plain_records(frame)
    a = values([r for r in records if r["maaling"] == "a"], "dok", "impl")
    c = values([r for r in records if r["maaling"] == "c"], "dok", "impl")
    assert same(pick(table, spor="dok", dimension="impl")["change"], np.mean(a) - np.mean(c))
    natural = changes(frame, INST)
    assert list(dict.fromkeys(zip(natural["wave_from"], natural["wave_to"], strict=True))) == [("a", "b"), ("b", "c")]


# -- positions ---------------------------------------------------------------------------------


def test_positions_are_the_trend_means_of_consecutive_waves():
    frame = wave_frame(400, seed=6, waves=("1", "2", "3"))
    frame.loc[(frame["omraade"] == "c") & (frame["maaling"] == "3"), "omraade"] = "a"
    config = AnalysisConfig(min_n=5)
    table = positions(frame, INST, by=["omraade"], config=config)
    assert list(table.columns) == ["omraade", *POSITION_COLUMNS]
    means = trend(frame, INST, by=["omraade"], config=config)
    for row in table.to_dict("records"):
        if row["omraade"] == "c" and row["wave_to"] == "3":
            assert row["suppressed"] and all(math.isnan(row[c]) for c in ("vigt_from", "impl_to"))
            continue
        assert not row["suppressed"]
        for side in ("from", "to"):
            for dim in DIMS:
                expected = pick(means, omraade=row["omraade"], spor=row["spor"], dimension=dim,
                                wave=row[f"wave_{side}"])["mean"]
                assert same(row[f"{dim}_{side}"], expected)
    assert len(table) == 3 * len(SPOR) * 2


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("function", "kwargs", "message"), [
    (changes, {"wave_column": "kommune"}, "ingen kolonne «kommune» med målinger"),
    (trend, {"wave_column": "kommune"}, "ingen kolonne «kommune» med målinger"),
    (changes, {"by": ["maaling"]}, "både bruges til målinger"),
    (changes, {"waves": ["1", "7"]}, "Målingen «7» findes ikke"),
    (changes, {"waves": ["1", "1"]}, "to gange"),
    (changes, {"waves": ["2"]}, "kun én måling"),
    (positions, {"waves": ["2"]}, "kun én måling"),
    (changes, {"unit_column": "maaling"}, "både angive enheder og målinger"),
    (changes, {"unit_column": "kommune"}, "ingen kolonne «kommune» med enheder"),
    (changes, {"wave_column": "regler_impl_a"}, "ikke en baggrundskolonne"),
])
def test_bad_arguments_are_refused_in_danish(function, kwargs, message):
    frame = wave_frame(60, seed=1).drop(columns=["kommune"])
    before = frame.copy()
    with pytest.raises(FrisatError, match=message):
        function(frame, INST, **kwargs)
    pd.testing.assert_frame_equal(frame, before)


def test_one_wave_and_missing_waves_are_refused():
    frame = wave_frame(60, seed=1, waves=("1",))
    with pytest.raises(FrisatError, match="kun én måling"):
        changes(frame, INST)
    assert len(trend(frame, INST)) == len(SPOR) * 2  # a trend of one wave is allowed
    frame = wave_frame(60, seed=1)
    frame.loc[frame.index[:3], "maaling"] = pd.NA
    frame.loc[frame.index[3], "maaling"] = "  "
    with pytest.raises(FrisatError, match="4 besvarelser mangler en måling"):
        trend(frame, INST)
    with pytest.raises(FrisatError, match="ingen besvarelser"):
        changes(frame.iloc[:0], INST)


def test_docstring_examples():
    import doctest

    from frisat.core import waves

    assert doctest.testmod(waves).failed == 0
