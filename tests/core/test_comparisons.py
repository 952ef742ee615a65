"""Groups side by side, checked against scipy's Welch test and a hand formula computed in plain loops."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats

from frisat.core.analysis import MISSING_GROUP, AnalysisConfig
from frisat.core.comparisons import COMPARISON_COLUMNS, compare_groups, welch_difference
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from tests.core.helpers import random_frame
from tests.core.test_analysis import python_index

INST = get_instrument()
SPOR = [s.id for s in INST.spor]


def same(a, b, tol=1e-9) -> bool:
    if a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a)):
        return b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def hand_welch(a: list[float], b: list[float], confidence: float) -> dict[str, float]:
    """Welch's interval written out from the textbook formula, one sample at a time."""
    na, nb = len(a), len(b)
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((x - ma) ** 2 for x in a) / (na - 1)
    vb = sum((x - mb) ** 2 for x in b) / (nb - 1)
    se = math.sqrt(va / na + vb / nb)
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    half = stats.t.ppf((1 + confidence) / 2, df) * se
    p_value = 2 * stats.t.sf(abs(ma - mb) / se, df)
    return {"difference": ma - mb, "ci_low": ma - mb - half, "ci_high": ma - mb + half, "df": df, "p_value": p_value}


def indices_of(frame: pd.DataFrame, spor: str, dim: str) -> list[float]:
    return [v for v in (python_index(r, spor, dim) for _, r in frame.iterrows()) if not math.isnan(v)]


def answered_either(frame: pd.DataFrame, spor: str) -> int:
    return sum(1 for _, r in frame.iterrows()
               if not (math.isnan(python_index(r, spor, "impl")) and math.isnan(python_index(r, spor, "vigt"))))


# -- welch_difference --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 100_000), st.integers(2, 40), st.integers(2, 40), st.floats(0.5, 0.999))
def test_welch_difference_equals_scipy_ttest_ind(seed, na, nb, confidence):
    rng = np.random.default_rng(seed)
    a = rng.normal(rng.uniform(1, 10), rng.uniform(0.1, 3), na)
    b = rng.normal(rng.uniform(1, 10), rng.uniform(0.1, 3), nb)
    d, low, high, df, p = welch_difference(a.mean(), a.var(ddof=1), na, b.mean(), b.var(ddof=1), nb, confidence)
    reference = stats.ttest_ind(a, b, equal_var=False)
    interval = reference.confidence_interval(confidence)
    assert same(d[0], a.mean() - b.mean())
    assert same(low[0], interval.low) and same(high[0], interval.high)
    assert same(df[0], reference.df) and same(p[0], reference.pvalue)


def test_welch_difference_edge_cases():
    # Both samples constant: a zero-width interval at the difference, p 0 (or 1 when equal).
    d, low, high, df, p = welch_difference([7.0, 5.0], [0.0, 0.0], [4, 4], [5.0, 5.0], [0.0, 0.0], [3, 3])
    assert d.tolist() == [2.0, 0.0] and low.tolist() == [2.0, 0.0] and high.tolist() == [2.0, 0.0]
    assert p.tolist() == [0.0, 1.0] and np.isnan(df).all()
    # One side with a single value: no interval, but the difference of means.
    d, low, high, df, p = welch_difference(6.0, np.nan, 1, 4.0, 1.0, 5)
    assert d[0] == 2.0 and np.isnan([low[0], high[0], df[0], p[0]]).all()
    with pytest.raises(ValueError):
        welch_difference(1.0, 1.0, 3, 1.0, 1.0, 3, confidence=1.0)


# -- compare_groups against loops ---------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 100_000), st.integers(6, 60), st.integers(1, 8), st.sampled_from([0.8, 0.95]))
@example(2325, 6, 1, 0.8)  # one group only (all «medarbejder»)
@example(1, 120, 5, 0.95)  # every area has both groups with enough respondents: the intervals are checked
def test_compare_groups_agrees_with_scipy_and_hand_formula(seed, n, min_n, confidence):
    frame = random_frame(INST, n, seed=seed)
    config = AnalysisConfig(min_n=min_n, confidence=confidence)
    if frame["gruppe"].nunique() < 2:  # a small random frame can hold one group only: nothing to compare
        with pytest.raises(FrisatError, match="kun én respondentgruppe"):
            compare_groups(frame, INST, by=["omraade"], config=config)
        return
    table = compare_groups(frame, INST, by=["omraade"], config=config)
    sizes = frame["gruppe"].value_counts()
    reference = sorted(g for g in sizes.index if sizes[g] == sizes.max())[0]
    expected_rows = 0
    for area in sorted(frame["omraade"].unique()):
        cell = frame[frame["omraade"] == area]
        groups = sorted(cell["gruppe"].unique())
        if reference not in groups:
            continue
        for group in groups:
            if group == reference:
                continue
            a, b = cell[cell["gruppe"] == group], cell[cell["gruppe"] == reference]
            for spor in SPOR:
                for dim in ("impl", "vigt"):
                    expected_rows += 1
                    row = table[(table["omraade"] == area) & (table["spor"] == spor) & (table["dimension"] == dim)
                                & (table["group"] == group)]
                    assert len(row) == 1
                    row = row.iloc[0]
                    assert row["reference"] == reference
                    xa, xb = indices_of(a, spor, dim), indices_of(b, spor, dim)
                    if answered_either(a, spor) < min_n or answered_either(b, spor) < min_n:
                        assert row["suppressed"]
                        assert row[["n_group", "mean_group", "difference", "ci_low", "p_value"]].isna().all()
                        continue
                    assert not row["suppressed"]
                    assert row["n_group"] == len(xa) and row["n_reference"] == len(xb)
                    if len(xa) < min_n or len(xb) < min_n:
                        assert row[["difference", "ci_low", "ci_high", "p_value"]].isna().all()
                        continue
                    assert same(row["mean_group"], sum(xa) / len(xa))
                    assert same(row["mean_reference"], sum(xb) / len(xb))
                    assert same(row["difference"], sum(xa) / len(xa) - sum(xb) / len(xb))
                    spread = np.var(xa, ddof=1) + np.var(xb, ddof=1) if len(xa) > 1 and len(xb) > 1 else 0
                    if len(xa) < 2 or len(xb) < 2 or spread == 0:
                        continue  # scipy has no interval here; the edge cases are tested above
                    hand = hand_welch(xa, xb, confidence)
                    assert same(row["ci_low"], hand["ci_low"]) and same(row["ci_high"], hand["ci_high"])
                    assert same(row["df"], hand["df"]) and same(row["p_value"], hand["p_value"])
                    assert row["significant"] == (hand["ci_low"] > 0 or hand["ci_high"] < 0)
                    if min(np.var(xa), np.var(xb)) > 0:  # scipy warns about a constant sample
                        test = stats.ttest_ind(xa, xb, equal_var=False)
                        interval = test.confidence_interval(confidence)
                        assert same(row["ci_low"], interval.low) and same(row["ci_high"], interval.high)
                        assert same(row["p_value"], test.pvalue)
    assert len(table) == expected_rows


def three_groups(n: int = 90, seed: int = 3) -> pd.DataFrame:
    frame = random_frame(INST, n, seed=seed, missing=0.02, dont_know=0.0)
    labels = ["leder"] * 20 + ["forvaltning"] * 30 + ["medarbejder"] * (n - 50)
    frame["gruppe"] = pd.array(labels, dtype="string")
    return frame


def test_default_reference_is_the_largest_group_and_columns_are_the_contract():
    table = compare_groups(three_groups(), INST)
    assert list(table.columns) == list(COMPARISON_COLUMNS)
    assert set(table["reference"]) == {"medarbejder"}
    assert list(dict.fromkeys(table["group"])) == ["forvaltning", "leder"]
    assert list(dict.fromkeys(table["spor"])) == SPOR
    assert len(table) == 2 * len(SPOR) * 2


def test_named_reference_and_all_pairs():
    frame = three_groups()
    named = compare_groups(frame, INST, reference="leder")
    assert set(named["reference"]) == {"leder"} and set(named["group"]) == {"forvaltning", "medarbejder"}
    pairs = compare_groups(frame, INST, reference="all")
    assert sorted(set(zip(pairs["group"], pairs["reference"], strict=True))) == [
        ("forvaltning", "leder"), ("forvaltning", "medarbejder"), ("leder", "medarbejder")]
    assert len(pairs) == 3 * len(SPOR) * 2


def test_swapping_the_reference_mirrors_the_difference():
    frame = three_groups()
    forward = compare_groups(frame, INST, reference="medarbejder")
    forward = forward[forward["group"] == "leder"].reset_index(drop=True)
    backward = compare_groups(frame, INST, reference="leder")
    backward = backward[backward["group"] == "medarbejder"].reset_index(drop=True)
    assert np.allclose(forward["difference"], -backward["difference"])
    assert np.allclose(forward["ci_low"], -backward["ci_high"])
    assert np.allclose(forward["p_value"], backward["p_value"])
    assert np.allclose(forward["df"], backward["df"])


def test_small_group_is_suppressed_with_no_values():
    frame = three_groups()
    frame.loc[frame.index[:17], "gruppe"] = "politiker"  # leaves 3 leaders
    table = compare_groups(frame, INST, config=AnalysisConfig(min_n=5))
    leaders = table[table["group"] == "leder"]
    assert len(leaders) == 2 * len(SPOR) and leaders["suppressed"].all()
    values = [c for c in COMPARISON_COLUMNS if c not in ("spor", "dimension", "group", "reference", "suppressed")]
    assert leaders[values].isna().all().all()
    assert not table.loc[table["group"] == "politiker", "suppressed"].any()


def test_thin_dimension_blanks_that_side_only():
    frame = three_groups()
    leaders = frame.index[frame["gruppe"] == "leder"]
    # 17 of the 20 leaders skip every importance item of regler: 3 regler_vigt indices remain.
    frame.loc[leaders[:17], [f"regler_vigt_{x}" for x in "abcd"]] = np.nan
    table = compare_groups(frame, INST, config=AnalysisConfig(min_n=5))
    row = table[(table["group"] == "leder") & (table["spor"] == "regler") & (table["dimension"] == "vigt")].iloc[0]
    assert not row["suppressed"] and row["n_group"] == 3
    assert math.isnan(row["mean_group"]) and math.isnan(row["difference"]) and row["significant"] is pd.NA
    assert not math.isnan(row["mean_reference"])
    impl = table[(table["group"] == "leder") & (table["spor"] == "regler") & (table["dimension"] == "impl")].iloc[0]
    assert not math.isnan(impl["difference"])


def test_missing_group_value_is_its_own_group():
    frame = three_groups()
    frame.loc[frame.index[:20], "gruppe"] = pd.NA
    table = compare_groups(frame, INST)
    assert MISSING_GROUP in set(table["group"])


def test_significant_means_interval_excludes_zero():
    rng = np.random.default_rng(5)
    frame = three_groups(200)
    leaders = frame["gruppe"] == "leder"
    for x in "abcd":  # leaders rate regler implementation high, everybody else low
        frame.loc[leaders, f"regler_impl_{x}"] = rng.integers(8, 11, leaders.sum()).astype(float)
        frame.loc[~leaders, f"regler_impl_{x}"] = rng.integers(1, 4, (~leaders).sum()).astype(float)
    table = compare_groups(frame, INST, reference="medarbejder")
    row = table[(table["group"] == "leder") & (table["spor"] == "regler") & (table["dimension"] == "impl")].iloc[0]
    assert row["significant"] and row["ci_low"] > 0 and row["p_value"] < 1e-6
    assert (table["significant"] == ((table["ci_low"] > 0) | (table["ci_high"] < 0))).all()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"group_column": "kommune"}, "ingen kolonne «kommune»"),
    ({"group_column": "regler_impl_a"}, "ikke en baggrundskolonne"),
    ({"by": ["gruppe"]}, "både bruges til respondentgrupper"),
    ({"reference": "borgmester"}, "Referencegruppen «borgmester» findes ikke"),
    ({"by": ["farve"]}, "Kan ikke gruppere efter «farve»"),
])
def test_bad_arguments_are_refused_in_danish(kwargs, message):
    frame = three_groups().drop(columns=["kommune"])
    before = frame.copy()
    with pytest.raises(FrisatError, match=message):
        compare_groups(frame, INST, **kwargs)
    pd.testing.assert_frame_equal(frame, before)


def test_one_group_or_no_data_is_refused():
    frame = three_groups()
    frame["gruppe"] = "leder"
    with pytest.raises(FrisatError, match="kun én respondentgruppe"):
        compare_groups(frame, INST)
    with pytest.raises(FrisatError, match="ingen besvarelser"):
        compare_groups(frame.iloc[:0], INST)


def test_docstring_examples():
    import doctest

    from frisat.core import comparisons

    assert doctest.testmod(comparisons).failed == 0
