"""Relative (centred) importance and the points allocation, checked against plain loops and scipy."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.relative_importance import (
    INDICATOR_COLUMNS,
    POINTS_COLUMNS,
    SPOR_COLUMNS,
    points_summary,
    relative_importance,
)
from frisat.core.schema import DONT_KNOW
from tests.core.helpers import random_frame

INST = get_instrument()
SPOR = [s.id for s in INST.spor]
VIGT = [f"{spor}_vigt_{item}" for spor in SPOR for item in "abcd"]


def t_interval(values: list[float], confidence: float) -> tuple[float, float]:
    n = len(values)
    if n < 2:
        return math.nan, math.nan
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    if sd == 0:
        return mean, mean
    low, high = stats.t.interval(confidence, n - 1, loc=mean, scale=sd / math.sqrt(n))
    return float(low), float(high)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def rank(values: list[float]) -> list:
    return [None if math.isnan(v) else 1 + sum(1 for w in values if not math.isnan(w) and w > v) for v in values]


def close(a, b, tol=1e-9) -> bool:
    if a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a)):
        return b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    return b is not None and b is not pd.NA and math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def plain_relative(frame: pd.DataFrame, min_items: int, min_answered: int = 3):
    """Per group: lists of (raw, centred) answers per indicator and of (raw index, centred score) per spor."""
    indicators: dict = {}
    spor_scores: dict = {}
    for _, row in frame.iterrows():
        answers = {c: float(row[c]) for c in VIGT if not math.isnan(row[c]) and row[c] != DONT_KNOW}
        if len(answers) < min_items:
            continue
        own = sum(answers.values()) / len(answers)
        group = row["omraade"]
        for column, value in answers.items():
            indicators.setdefault((group, column), []).append((value, value - own))
        for spor in SPOR:
            mine = [answers[f"{spor}_vigt_{i}"] for i in "abcd" if f"{spor}_vigt_{i}" in answers]
            if len(mine) >= min_answered:
                spor_scores.setdefault((group, spor), []).append((mean(mine), mean([v - own for v in mine])))
    return indicators, spor_scores


def check_row(row, pairs: list, min_n: int, confidence: float) -> None:
    raw = [p[0] for p in pairs]
    centred = [p[1] for p in pairs]
    assert row["n"] == len(pairs)
    if len(pairs) < min_n:
        assert math.isnan(row["raw_mean"]) and math.isnan(row["centred_mean"]) and math.isnan(row["centred_ci_low"])
        return
    assert close(row["raw_mean"], mean(raw))
    assert close(row["centred_mean"], mean(centred))
    low, high = t_interval(centred, confidence)
    assert close(row["centred_ci_low"], low, 1e-8) and close(row["centred_ci_high"], high, 1e-8)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 50), st.integers(1, 8), st.integers(1, 20),
       st.floats(0, 0.5), st.sampled_from([0.8, 0.95, 0.99]))
def test_relative_importance_equals_plain_loop(seed, n, min_n, min_items, missing, confidence):
    frame = random_frame(INST, n, seed=seed, missing=missing)
    config = AnalysisConfig(min_n=min_n, confidence=confidence)
    indicators, spor_table = relative_importance(frame, INST, by=["omraade"], config=config, min_items=min_items)
    assert list(indicators.columns) == ["omraade", *INDICATOR_COLUMNS]
    assert list(spor_table.columns) == ["omraade", *SPOR_COLUMNS]
    summary = analyze(frame, INST, by=["omraade"], config=config).summary.set_index(["omraade", "spor"])
    expected_indicators, expected_spor = plain_relative(frame, min_items)

    for group, rows in indicators.groupby("omraade"):
        assert len(rows) == 20
        for _, row in rows.iterrows():
            assert row["suppressed"] == summary.loc[(group, row["spor"]), "suppressed"]
            if row["suppressed"]:
                assert pd.isna(row["n"]) and pd.isna(row["rank"]) and math.isnan(row["centred_mean"])
                continue
            check_row(row, expected_indicators.get((group, f"{row['spor']}_vigt_{row['indicator']}"), []),
                      min_n, confidence)
        assert [None if pd.isna(r) else int(r) for r in rows["rank"]] == rank(list(rows["centred_mean"]))

    for group, rows in spor_table.groupby("omraade"):
        assert list(rows["spor"]) == SPOR
        for _, row in rows.iterrows():
            assert row["suppressed"] == summary.loc[(group, row["spor"]), "suppressed"]
            if not row["suppressed"]:
                check_row(row, expected_spor.get((group, row["spor"]), []), min_n, confidence)
        assert [None if pd.isna(r) else int(r) for r in rows["rank"]] == rank(list(rows["centred_mean"]))


def test_centring_removes_a_respondents_general_level():
    # Two respondents with the same profile at different levels (one rates everything 3 higher):
    # centred, they are identical, and the ranking follows the profile, not the level.
    profile = np.tile(np.array([2.0, 1, 0, -1]), 5) + np.repeat(np.arange(5.0), 4) * 0.25
    frame = random_frame(INST, 10, seed=1, groups=("x",), missing=0, dont_know=0)
    for i in range(10):
        frame.loc[frame.index[i], VIGT] = 5 + profile + (3 if i % 2 else 0)
    indicators, spor_table = relative_importance(frame, INST, config=AnalysisConfig(min_n=5))
    centred = indicators["centred_mean"].to_numpy()
    assert centred == pytest.approx(profile - profile.mean())
    assert (indicators["centred_ci_high"] - indicators["centred_ci_low"]).abs().max() < 1e-9  # no spread left
    assert spor_table["centred_mean"].to_numpy() == pytest.approx(
        [profile[4 * k:4 * k + 4].mean() - profile.mean() for k in range(5)])
    assert list(spor_table["rank"]) == [5, 4, 3, 2, 1]
    assert indicators.loc[indicators["centred_mean"].idxmax(), ["spor", "indicator"]].tolist() == ["innov", "a"]


def test_min_items_excludes_respondents_with_few_answers():
    frame = random_frame(INST, 30, seed=4, groups=("x",), missing=0, dont_know=0)
    frame.loc[frame.index[:6], VIGT[9:]] = DONT_KNOW  # 9 answered importance items
    default, _ = relative_importance(frame, INST)
    lenient, _ = relative_importance(frame, INST, min_items=9)
    assert default.loc[0, "n"] == 24 and lenient.loc[0, "n"] == 30
    for bad in (0, 21, 2.5, True):
        with pytest.raises(FrisatError, match="vigtighedsspørgsmål"):
            relative_importance(frame, INST, min_items=bad)


def test_small_group_suppressed_everywhere():
    frame = random_frame(INST, 60, seed=8, groups=("stor",), missing=0)
    frame.loc[frame.index[:3], "omraade"] = "lille"
    indicators, spor_table = relative_importance(frame, INST, by=["omraade"])
    for table in (indicators, spor_table):
        small = table[table["omraade"] == "lille"]
        assert small["suppressed"].all()
        assert small[["n", "raw_mean", "centred_mean", "centred_ci_low", "centred_ci_high", "rank"]].isna().all().all()
        assert not table.loc[table["omraade"] == "stor", "suppressed"].any()


# -- points allocation -----------------------------------------------------------------------------


def with_points(frame: pd.DataFrame, rng: np.random.Generator, share_invalid: float = 0.3) -> pd.DataFrame:
    n = len(frame)
    points = np.floor(rng.dirichlet(np.ones(5), n) * 100)
    points[:, 0] += 100 - points.sum(axis=1)
    kind = rng.integers(0, 6, n)
    broken = rng.random(n) < share_invalid
    points[broken & (kind == 0), 1] += 1                      # sums to 101
    points[broken & (kind == 1), 2] = np.nan                  # one missing
    points[broken & (kind == 2)] = np.nan                     # none answered
    points[broken & (kind == 3), 3] += 0.5                    # not whole
    points[broken & (kind == 3), 4] -= 0.5
    rows = broken & (kind == 4)
    points[rows, 0], points[rows, 1] = -10, points[rows, 1] + points[rows, 0] + 10  # negative, sum 100
    points[broken & (kind == 5), 0] = DONT_KNOW
    for k, spor in enumerate(SPOR):
        frame[f"{spor}_point"] = points[:, k]
    return frame


def plain_valid(row) -> bool:
    values = [row[f"{spor}_point"] for spor in SPOR]
    return (all(not math.isnan(v) and 0 <= v <= 100 and v == int(v) for v in values)
            and sum(values) == 100)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 60), st.integers(1, 8))
def test_points_summary_equals_plain_loop(seed, n, min_n):
    frame = with_points(random_frame(INST, n, seed=seed), np.random.default_rng(seed))
    config = AnalysisConfig(min_n=min_n)
    table = points_summary(frame, INST, by=["omraade"], config=config)
    assert list(table.columns) == ["omraade", *POINTS_COLUMNS]
    summary = analyze(frame, INST, by=["omraade"], config=config).summary.set_index(["omraade", "spor"])
    for group, rows in table.groupby("omraade"):
        members = [r for _, r in frame[frame["omraade"] == group].iterrows() if plain_valid(r)]
        assert list(rows["spor"]) == SPOR
        for _, row in rows.iterrows():
            assert row["suppressed"] == summary.loc[(group, row["spor"]), "suppressed"]
            if row["suppressed"]:
                assert pd.isna(row["n"]) and math.isnan(row["mean_points"]) and pd.isna(row["rank"])
                continue
            values = [float(r[f"{row['spor']}_point"]) for r in members]
            assert row["n"] == len(values)
            if len(values) < min_n:
                assert math.isnan(row["mean_points"]) and math.isnan(row["ci_low"])
                continue
            assert close(row["mean_points"], mean(values))
            low, high = t_interval(values, 0.95)
            assert close(row["ci_low"], low, 1e-8) and close(row["ci_high"], high, 1e-8)
        assert [None if pd.isna(r) else int(r) for r in rows["rank"]] == rank(list(rows["mean_points"]))
        if not rows["mean_points"].isna().any():
            assert rows["mean_points"].sum() == pytest.approx(100)


def test_points_summary_known_values_and_invalid_rows_ignored():
    frame = random_frame(INST, 8, seed=2, groups=("x",), missing=0, dont_know=0)
    good = [[40, 30, 20, 10, 0]] * 6
    bad = [[40, 30, 20, 10, 1], [np.nan] * 5]
    for k, spor in enumerate(SPOR):
        frame[f"{spor}_point"] = [row[k] for row in good + bad]
    table = points_summary(frame, INST)
    assert list(table["n"]) == [6] * 5
    assert list(table["mean_points"]) == [40, 30, 20, 10, 0]
    assert list(table["ci_low"]) == [40, 30, 20, 10, 0]  # no spread: zero-width interval
    assert list(table["rank"]) == [1, 2, 3, 4, 5]


def test_points_summary_empty_without_point_columns():
    frame = random_frame(INST, 20, seed=3)
    table = points_summary(frame, INST, by=["omraade"])
    assert table.empty and list(table.columns) == ["omraade", *POINTS_COLUMNS]
    frame["regler_point"] = 100.0  # only one of the five: still no allocation to summarise
    assert points_summary(frame, INST).empty


def test_points_summary_uses_the_instruments_total():
    from frisat.core.instrument import Instrument, parse_instrument

    if "allocation" not in Instrument.model_fields:
        pytest.skip("the instrument format has no allocation block yet")
    inst = parse_instrument("id: ti-point\nextends: vive-frisaettelse\n"
                            "allocation:\n  total: 10\n  question: Fordel 10 point.\n")
    frame = random_frame(INST, 7, seed=2, groups=("x",), missing=0, dont_know=0)
    allocations = [[4, 3, 2, 1, 0]] * 5 + [[40, 30, 20, 10, 0], [4, 3, 2, 1, 1]]  # the last two are invalid
    for k, spor in enumerate(SPOR):
        frame[f"{spor}_point"] = [float(row[k]) for row in allocations]
    table = points_summary(frame, inst)
    assert list(table["n"]) == [5] * 5
    assert list(table["mean_points"]) == [4, 3, 2, 1, 0]
