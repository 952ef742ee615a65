"""The barometer analysis, checked against loop-based computations of DESIGN.md's definitions."""

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.quadrants import classify
from frisat.core.schema import DONT_KNOW
from tests.core.helpers import random_frame

INST = get_instrument()
HALF_TEN = Fraction(11, 2)


def python_index(row: pd.Series, spor: str, dim: str, min_answered: int = 3) -> float:
    vals = [row[f"{spor}_{dim}_{x}"] for x in "abcd"]
    vals = [v for v in vals if not math.isnan(v) and v != DONT_KNOW]
    return sum(vals) / len(vals) if len(vals) >= min_answered else float("nan")


def exact_mean(values: list[float]) -> Fraction:
    """The exact mean (answers are whole numbers, so every index is rational)."""
    return sum((Fraction(v).limit_denominator(1000) for v in values), Fraction(0)) / len(values)


def python_quadrant(vigt: float, impl: float, x_line: float = 5.5, y_line: float = 5.5):
    if math.isnan(vigt) or math.isnan(impl):
        return None
    if vigt >= x_line:
        return "fortsaet" if impl >= y_line else "fokus"
    return "overimplementering" if impl >= y_line else "lav_prioritet"


def close(a, b) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or (isinstance(b, float) and math.isnan(b)))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 40), st.integers(1, 8))
@example(4625, 27, 1)  # a group mean exactly on the 5.5 line (found by hypothesis)
def test_summary_agrees_with_independent_computation(seed, n, k):
    frame = random_frame(INST, n, seed=seed)
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=k))
    for record in result.summary_records():
        members = frame[frame["omraade"] == record["omraade"]]
        spor = record["spor"]
        impl = [python_index(r, spor, "impl") for _, r in members.iterrows()]
        vigt = [python_index(r, spor, "vigt") for _, r in members.iterrows()]
        impl_ok = [v for v in impl if not math.isnan(v)]
        vigt_ok = [v for v in vigt if not math.isnan(v)]
        n_any = sum(1 for a, b in zip(impl, vigt, strict=True) if not (math.isnan(a) and math.isnan(b)))
        if n_any < k:
            assert record["suppressed"] is True
            assert all(record[c] is None for c in record if c not in ("omraade", "spor", "suppressed"))
            continue
        assert record["suppressed"] is False
        assert record["n"] == n_any
        assert record["impl_n"] == len(impl_ok) and record["vigt_n"] == len(vigt_ok)
        impl_mean = sum(impl_ok) / len(impl_ok) if len(impl_ok) >= k else None
        vigt_mean = sum(vigt_ok) / len(vigt_ok) if len(vigt_ok) >= k else None
        assert close(record["impl_mean"], impl_mean)
        assert close(record["vigt_mean"], vigt_mean)
        if impl_mean is not None and vigt_mean is not None:
            assert close(record["gap"], vigt_mean - impl_mean)
            # The quadrant rule (on the line counts as high) is about the exact mean.
            exact_impl, exact_vigt = exact_mean(impl_ok), exact_mean(vigt_ok)
            expected = ("fortsaet" if exact_impl >= HALF_TEN else "fokus") if exact_vigt >= HALF_TEN else (
                "overimplementering" if exact_impl >= HALF_TEN else "lav_prioritet")
            assert record["quadrant_absolute"] == expected


def test_quadrant_lines_count_as_high():
    assert classify(5.5, 5.5).item() == "fortsaet"
    # A mean that is 5.5 on paper but 5.4999… after floating-point summation is on the line.
    assert classify(5.5 - 1e-12, 5.5 - 1e-12).item() == "fortsaet"
    assert classify(5.5 - 1e-6, 5.5).item() == "overimplementering"
    assert classify(5.5, 5.4999).item() == "fokus"
    assert classify(5.4999, 5.5).item() == "overimplementering"
    assert classify(1, 1).item() == "lav_prioritet"
    assert classify(np.nan, 3).item() is None


def test_relative_quadrant_uses_group_means():
    frame = random_frame(INST, 60, seed=3, missing=0, dont_know=0)
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=1))
    resp = result.respondents
    for _, rows in resp.groupby(["omraade", "spor"], observed=True):
        impl_line = rows["impl_index"].mean()
        vigt_line = rows["vigt_index"].mean()
        for _, r in rows.iterrows():
            assert r["quadrant_relative"] == python_quadrant(r["vigt_index"], r["impl_index"], vigt_line, impl_line)
            assert r["quadrant_absolute"] == python_quadrant(r["vigt_index"], r["impl_index"])


def test_small_group_is_hidden_everywhere():
    frame = random_frame(INST, 40, seed=5, groups=("stor",), missing=0, dont_know=0)
    frame.loc[frame.index[:3], "omraade"] = "lille"
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=5))
    small = result.summary[result.summary["omraade"] == "lille"]
    assert small["suppressed"].all()
    value_cols = [c for c in small.columns if c not in ("omraade", "spor", "suppressed")]
    assert small[value_cols].isna().all().all()
    small_resp = result.respondents[result.respondents["omraade"] == "lille"]
    assert small_resp["suppressed"].all()
    assert small_resp[["impl_index", "vigt_index"]].isna().all().all()
    assert small_resp["quadrant_absolute"].isna().all() and small_resp["quadrant_relative"].isna().all()
    assert "lille" not in set(result.comments["omraade"])
    assert result.counts.set_index("omraade").loc["lille", "suppressed"]
    big = result.summary[result.summary["omraade"] == "stor"]
    assert not big["suppressed"].any() and big["impl_mean"].notna().all()


def test_dont_know_is_not_a_number():
    frame = random_frame(INST, 10, seed=1, missing=0, dont_know=0)
    frame["regler_impl_a"] = DONT_KNOW
    frame["regler_impl_b"] = 10.0
    frame["regler_impl_c"] = 10.0
    frame["regler_impl_d"] = 10.0
    result = analyze(frame, INST, config=AnalysisConfig(min_n=1))
    assert result.summary.set_index("spor").loc["regler", "impl_mean"] == 10.0
    frame["regler_impl_b"] = DONT_KNOW  # only 2 of 4 answered → no index
    result = analyze(frame, INST, config=AnalysisConfig(min_n=1))
    assert result.summary.set_index("spor").loc["regler", "impl_n"] == 0


def test_missing_background_values_form_their_own_group():
    frame = random_frame(INST, 30, seed=2)
    frame.loc[frame.index[:10], "omraade"] = pd.NA
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=1))
    assert "(ikke angivet)" in set(result.summary["omraade"])
    assert result.counts["respondents"].sum() == 30


def test_outliers_follow_tukey_rule():
    frame = random_frame(INST, 30, seed=9, groups=("x",), missing=0, dont_know=0)
    for x in "abcd":
        frame[f"regler_impl_{x}"] = 8.0
        frame[f"regler_vigt_{x}"] = 8.0
    frame.loc[frame.index[0], [f"regler_impl_{x}" for x in "abcd"]] = 1.0
    result = analyze(frame, INST, config=AnalysisConfig(min_n=5))
    regler = result.respondents[result.respondents["spor"] == "regler"]
    assert regler["outlier"].tolist() == [True] + [False] * 29
    assert result.summary.set_index("spor").loc["regler", "outliers"] == 1


def test_grouping_by_several_columns_and_by_nothing():
    frame = random_frame(INST, 80, seed=4)
    result = analyze(frame, INST, by=["omraade", "gruppe"], config=AnalysisConfig(min_n=1))
    assert len(result.summary) == 3 * 2 * 5
    assert list(result.summary.columns[:3]) == ["omraade", "gruppe", "spor"]
    overall = analyze(frame, INST)
    assert list(overall.summary["spor"]) == ["regler", "maal", "dok", "tillid", "innov"]
    assert "omraade" not in overall.summary.columns


@pytest.mark.parametrize("by", [["respondent_id"], ["farve"], ["omraade", "omraade"]])
def test_bad_grouping_is_refused(by):
    with pytest.raises(FrisatError):
        analyze(random_frame(INST, 5), INST, by=by)


def test_bad_config_and_empty_data_are_refused():
    with pytest.raises(FrisatError):
        AnalysisConfig(min_n=0)
    with pytest.raises(FrisatError, match="ingen besvarelser"):
        analyze(random_frame(INST, 5).iloc[:0], INST)


_GROUP_TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "a", " a", "a ", "B", "æble", "Åkirkeby", "10", "9"]),
                        st.text(max_size=4))


@given(st.lists(_GROUP_TEXT, max_size=40))
@settings(max_examples=80, deadline=None)
def test_group_key_is_the_text_with_missing_and_blank_as_ikke_angivet_in_sorted_categories(values):
    from frisat.core.analysis import MISSING_GROUP, _group_key

    series = pd.Series(values, dtype="string", name="omraade")
    key = _group_key(series)
    expected = [MISSING_GROUP if v is None or not v.strip() else v for v in values]
    assert key.astype(object).tolist() == expected
    assert list(key.cat.categories) == sorted(set(expected))
    assert key.name == "omraade" and key.index.equals(series.index)


def test_group_key_of_mixed_python_values_merges_those_with_the_same_text():
    from frisat.core.analysis import MISSING_GROUP, _group_key

    key = _group_key(pd.Series([1, "1", None, 2.5, " "], dtype=object))
    assert key.astype(object).tolist() == ["1", "1", MISSING_GROUP, "2.5", MISSING_GROUP]
    assert list(key.cat.categories) == sorted(["1", "2.5", MISSING_GROUP])
