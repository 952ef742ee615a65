"""Statistics checked against independent, loop-based computations."""

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from frisat.core.scoring import row_index
from frisat.core.statistics import cronbach_alpha, describe_groups, grouped_cronbach_alpha


def alpha_by_covariance(items: np.ndarray) -> float:
    """Alpha from the covariance matrix: k/(k-1) · (1 − trace(C) / sum(C))."""
    complete = items[~np.isnan(items).any(axis=1)]
    cov = np.cov(complete, rowvar=False, ddof=1)
    k = cov.shape[0]
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def test_alpha_matches_known_value():
    # Worked example: 4 items, 5 respondents, computed by hand.
    items = np.array([[3, 4, 3, 4], [5, 5, 4, 5], [1, 2, 2, 1], [4, 4, 5, 4], [2, 1, 2, 3.0]])
    assert math.isclose(cronbach_alpha(items), alpha_by_covariance(items), rel_tol=1e-12)
    # item variances 2.5, 2.7, 1.7, 2.3 (sum 9.2); total scores 14, 19, 6, 17, 8
    # (mean 12.8, squared deviations sum 126.8) → variance 31.7
    assert math.isclose(cronbach_alpha(items), 4 / 3 * (1 - 9.2 / 31.7), rel_tol=1e-12)


def test_alpha_is_listwise_and_nan_when_undefined():
    items = np.array([[1, 2], [2, np.nan], [3, 4], [5, 5.0]])
    assert math.isclose(cronbach_alpha(items), cronbach_alpha(items[[0, 2, 3]]))
    assert math.isnan(cronbach_alpha(np.array([[1, 2.0]])))
    assert math.isnan(cronbach_alpha(np.array([[3, 3], [3, 3.0]])))


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(3, 40), st.just(4)),
              elements=st.one_of(st.integers(1, 10).map(float), st.just(np.nan))))
def test_alpha_agrees_with_covariance_formula(items):
    complete = items[~np.isnan(items).any(axis=1)]
    expected = float("nan")
    if len(complete) >= 2 and complete.sum(axis=1).var(ddof=1) > 0:
        expected = alpha_by_covariance(items)
    got = cronbach_alpha(items)
    assert (math.isnan(got) and math.isnan(expected)) or math.isclose(
        got, expected, rel_tol=1e-9, abs_tol=1e-9
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(5, 60))
def test_grouped_alpha_equals_alpha_per_group(seed, n):
    rng = np.random.default_rng(seed)
    items = rng.integers(1, 11, size=(n, 4)).astype(float)
    items[rng.random((n, 4)) < 0.1] = np.nan
    groups = pd.Series(rng.choice(["x", "y", "z"], n), name="g")
    got = grouped_cronbach_alpha(pd.DataFrame(items), [groups])
    for name, value in got.items():
        expected = cronbach_alpha(items[groups.to_numpy() == name])
        assert (math.isnan(value) and math.isnan(expected)) or math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 50))
def test_describe_groups_matches_python(seed, n):
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 11, n).astype(float)
    values[rng.random(n) < 0.2] = np.nan
    groups = pd.Series(rng.choice(["x", "y"], n), name="g")
    table = describe_groups(pd.DataFrame({"v": values}), [groups])
    for name in table.index:
        vals = [v for v, g in zip(values, groups, strict=True) if g == name and not math.isnan(v)]
        row = table.loc[name, "v"]
        assert row["n"] == len(vals)
        if not vals:
            continue
        assert math.isclose(row["mean"], sum(vals) / len(vals))
        assert math.isclose(row["min"], min(vals)) and math.isclose(row["max"], max(vals))
        srt = sorted(vals)
        mid = len(srt) // 2
        median = srt[mid] if len(srt) % 2 else (srt[mid - 1] + srt[mid]) / 2
        assert math.isclose(row["median"], median)
        if len(vals) > 1:
            mean = sum(vals) / len(vals)
            sd = math.sqrt(sum((v - mean) ** 2 for v in vals) / (len(vals) - 1))
            assert math.isclose(row["sd"], sd)
            # R type-7 quartile
            pos = 0.25 * (len(srt) - 1)
            lo = math.floor(pos)
            q1 = srt[lo] + (pos - lo) * (srt[min(lo + 1, len(srt) - 1)] - srt[lo])
            assert math.isclose(row["q1"], q1)
        else:
            assert math.isnan(row["sd"])


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 30), st.just(4)),
              elements=st.one_of(st.integers(1, 10).map(float), st.just(np.nan))),
       st.integers(1, 4))
def test_row_index_matches_python(values, min_answered):
    got = row_index(values, min_answered)
    for row, value in zip(values, got, strict=True):
        answered = [v for v in row if not math.isnan(v)]
        if len(answered) < min_answered:
            assert math.isnan(value)
        else:
            assert math.isclose(value, sum(answered) / len(answered))


def test_respondent_indices_equal_nansum_of_the_answer_matrix():
    """The column-wise index equals the 2-D nansum definition bit for bit, «ved ikke» included."""
    from frisat.core.instrument import get_instrument
    from frisat.core.schema import DONT_KNOW, numeric_answers
    from frisat.core.scoring import index_column, respondent_indices
    from frisat.demo import generate_responses

    inst = get_instrument()
    frame = generate_responses(inst, respondents=3000, seed=4)
    frame.loc[frame.index[::5], inst.item_columns(inst.spor[0].id, "impl")[1]] = DONT_KNOW
    for min_answered in (1, 3, 4):
        got = respondent_indices(frame, inst, min_answered)
        for spor in inst.spor:
            for dim in inst.dimension_ids:
                values = numeric_answers(frame, inst.item_columns(spor.id, dim))
                answered = (~np.isnan(values)).sum(axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    expected = np.nansum(values, axis=1) / answered
                expected[answered < min_answered] = np.nan
                np.testing.assert_array_equal(got[index_column(spor.id, dim)].to_numpy(), expected)
