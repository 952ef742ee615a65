"""Derived importance checked against a plain per-group loop (np.corrcoef, lstsq on z-scores)."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.derived_importance import (
    COLUMNS,
    MIN_COMPLETE,
    derived_importance,
    regression_weights,
)
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.schema import DONT_KNOW
from tests.core.helpers import random_frame

INST = get_instrument()
SPOR = [s.id for s in INST.spor]


def correlated_frame(n: int, seed: int, groups=("a", "b", "c"), missing: float = 0.08) -> pd.DataFrame:
    """Random answers where the overall item d depends on a–c with weights that differ per spor."""
    frame = random_frame(INST, n, seed=seed, groups=groups, missing=missing)
    rng = np.random.default_rng(seed + 1)
    for spor in SPOR:
        weights = rng.uniform(-0.2, 1, 3)
        parts = np.column_stack([frame[f"{spor}_impl_{i}"].to_numpy() for i in "abc"])
        parts = np.where((parts == DONT_KNOW) | np.isnan(parts), 5.0, parts)
        d = np.clip(np.rint(parts @ weights / max(weights.sum(), 0.3) + rng.normal(0, 1.5, n)), 1, 10)
        keep = np.isnan(frame[f"{spor}_impl_d"].to_numpy())
        frame[f"{spor}_impl_d"] = np.where(keep, np.nan, d)
    return frame


def answered(value: float) -> bool:
    return not (math.isnan(value) or value == DONT_KNOW)


def reference(members: pd.DataFrame, spor: str, minimum: int) -> dict:
    """Correlations, standardised weights and R² of one group × spor, computed row by row."""
    columns = [f"{spor}_impl_{i}" for i in "abcd"]
    rows = [[float(r[c]) for c in columns] for _, r in members.iterrows()]
    rows = [row for row in rows if all(answered(v) for v in row)]
    out = {"n_complete": len(rows), "correlation": [math.nan] * 3, "beta": [math.nan] * 3, "r_squared": math.nan,
           "ambiguous": False}
    if len(rows) < minimum:
        return out
    m = np.array(rows)
    sd = m.std(axis=0, ddof=1)
    for j in range(3):
        if sd[j] > 0 and sd[3] > 0:
            out["correlation"][j] = float(np.corrcoef(m[:, j], m[:, 3])[0, 1])
    if (sd == 0).any():
        return out
    z = (m - m.mean(axis=0)) / sd
    if np.linalg.matrix_rank(z[:, :3]) < 3:
        return out
    out["ambiguous"] = np.linalg.cond(np.corrcoef(z[:, :3].T)) > 1e8
    coef, *_ = np.linalg.lstsq(z[:, :3], z[:, 3], rcond=None)
    residual = z[:, 3] - z[:, :3] @ coef
    out["beta"] = [float(c) for c in coef]
    out["r_squared"] = float(1 - (residual @ residual) / (z[:, 3] @ z[:, 3]))
    return out


def reference_agreement(stated: list[float], beta: list[float]) -> list:
    """The documented rule, row by row."""
    if any(math.isnan(v) for v in stated + beta):
        return [None] * len(stated)
    out = []
    for s, b in zip(stated, beta, strict=True):
        stated_top = s == max(stated) and max(stated) > min(stated)
        stated_bottom = s == min(stated) and min(stated) < max(stated)
        derived_top = b == max(beta) and max(beta) > min(beta)
        derived_bottom = b == min(beta) and min(beta) < max(beta)
        if stated_top and (derived_bottom or b <= 0.1):
            out.append("underrated")
        elif stated_bottom and derived_top:
            out.append("overlooked")
        else:
            out.append("agree")
    return out


def reference_rank(values: list[float]) -> list:
    """1 = largest; ties share the best rank; missing values get no rank."""
    return [None if math.isnan(v) else 1 + sum(1 for w in values if not math.isnan(w) and w > v) for v in values]


def close(a, b, tol=1e-7) -> bool:
    if a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a)):
        return b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    return b is not None and b is not pd.NA and math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 70), st.integers(1, 9), st.floats(0, 0.3))
def test_derived_importance_equals_plain_loop(seed, n, min_n, missing):
    frame = correlated_frame(n, seed, missing=missing)
    table = derived_importance(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=min_n))
    assert list(table.columns) == ["omraade", *COLUMNS]
    summary = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=min_n)).summary
    minimum = max(MIN_COMPLETE, min_n)
    for (group, spor), rows in table.groupby(["omraade", "spor"], sort=False):
        assert list(rows["indicator"]) == ["a", "b", "c"]
        analysed = summary[(summary["omraade"] == group) & (summary["spor"] == spor)].iloc[0]
        assert bool(rows["suppressed"].iloc[0]) == bool(analysed["suppressed"])
        if analysed["suppressed"]:
            assert rows[["n", "stated_n", "n_complete", "stated_rank", "derived_rank"]].isna().all().all()
            assert rows[["stated_mean", "correlation", "beta", "r_squared"]].isna().all().all()
            assert rows["agreement"].isna().all()
            continue
        assert (rows["n"] == analysed["n"]).all()
        members = frame[frame["omraade"] == group]
        expected = reference(members, spor, minimum)
        stated = []
        for j, row in enumerate(rows.itertuples()):
            answers = [float(v) for v in members[f"{spor}_vigt_{'abc'[j]}"] if answered(float(v))]
            assert row.stated_n == len(answers)
            stated.append(sum(answers) / len(answers) if len(answers) >= min_n else math.nan)
            assert close(row.stated_mean, stated[-1])
            assert row.n_complete == expected["n_complete"]
            assert close(row.correlation, expected["correlation"][j])
            if expected["ambiguous"] and math.isnan(row.beta):
                continue  # numerically near-singular: no weights is an acceptable answer
            assert close(row.beta, expected["beta"][j], 1e-6), (group, spor, j)
            assert close(row.r_squared, expected["r_squared"], 1e-6)
        betas = [float(b) for b in rows["beta"]]
        assert [None if pd.isna(r) else int(r) for r in rows["stated_rank"]] == reference_rank(stated)
        assert [None if pd.isna(r) else int(r) for r in rows["derived_rank"]] == reference_rank(betas)
        assert [None if pd.isna(a) else a for a in rows["agreement"]] == reference_agreement(stated, betas)


def test_groups_and_order_follow_analyze_including_missing_background():
    frame = correlated_frame(120, 3)
    frame.loc[frame.index[:20], "omraade"] = pd.NA
    frame.loc[frame.index[20:30], "omraade"] = "  "
    table = derived_importance(frame, INST, by=["omraade", "gruppe"])
    summary = analyze(frame, INST, by=["omraade", "gruppe"]).summary
    assert "(ikke angivet)" in set(table["omraade"])
    keys = table[["omraade", "gruppe", "spor"]].drop_duplicates().reset_index(drop=True)
    pd.testing.assert_frame_equal(keys, summary[["omraade", "gruppe", "spor"]].reset_index(drop=True),
                                  check_dtype=False)
    merged = keys.merge(table.drop_duplicates(["omraade", "gruppe", "spor"]), on=["omraade", "gruppe", "spor"])
    assert list(merged["n"].astype("Int64")) == list(summary["n"])


def test_without_grouping_one_group():
    frame = correlated_frame(60, 5)
    table = derived_importance(frame, INST)
    assert list(table.columns) == COLUMNS
    assert len(table) == 3 * len(SPOR)
    expected = reference(frame, "regler", MIN_COMPLETE)
    assert close(table.loc[0, "beta"], expected["beta"][0], 1e-6)


def test_small_group_is_suppressed_with_no_values():
    frame = correlated_frame(80, 11, groups=("stor",))
    frame.loc[frame.index[:4], "omraade"] = "lille"
    table = derived_importance(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=5))
    small = table[table["omraade"] == "lille"]
    assert small["suppressed"].all() and len(small) == 3 * len(SPOR)
    value_columns = ["n", "stated_n", "stated_mean", "stated_rank", "n_complete", "correlation", "beta",
                     "r_squared", "derived_rank", "agreement"]
    assert small[value_columns].isna().all().all()
    assert not table.loc[table["omraade"] == "stor", "suppressed"].any()


def test_degenerate_cases_give_nan_without_warnings():
    rng = np.random.default_rng(0)
    frame = correlated_frame(40, 2, groups=("x",), missing=0)
    # regler: the overall item does not vary; maal: a and b identical (singular design);
    # dok: c does not vary; tillid: only 4 complete answers.
    frame["regler_impl_d"] = 7.0
    frame["maal_impl_b"] = frame["maal_impl_a"]
    frame["dok_impl_c"] = 3.0
    frame.loc[frame.index[4:], "tillid_impl_a"] = DONT_KNOW
    frame["innov_impl_a"] = rng.integers(1, 11, 40).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = derived_importance(frame, INST).set_index(["spor", "indicator"])
    assert table.loc["regler", ["correlation", "beta", "r_squared"]].isna().all().all()
    assert table.loc["maal", ["beta", "r_squared"]].isna().all().all()
    assert table.loc["maal", "correlation"].notna().all()
    assert table.loc[("dok", "c"), "correlation"] != table.loc[("dok", "c"), "correlation"]  # NaN
    assert table.loc[("dok", "a"), "correlation"] == pytest.approx(reference(frame, "dok", 5)["correlation"][0])
    assert table.loc["dok", "beta"].isna().all()
    assert (table.loc["tillid", "n_complete"] == 4).all()
    assert table.loc["tillid", ["correlation", "beta", "r_squared"]].isna().all().all()
    assert table.loc["innov", "beta"].notna().all()
    assert table.loc["regler", "agreement"].isna().all()  # no weights, so nothing to compare
    assert table.loc["regler", "stated_rank"].notna().all()


def test_complete_answers_below_min_n_give_no_weights():
    frame = correlated_frame(40, 4, groups=("x",), missing=0)
    frame.loc[frame.index[7:], "regler_impl_a"] = np.nan
    table = derived_importance(frame, INST, config=AnalysisConfig(min_n=8)).set_index(["spor", "indicator"])
    assert (table.loc["regler", "n_complete"] == 7).all()
    assert table.loc["regler", ["correlation", "beta", "r_squared"]].isna().all().all()
    assert table.loc["maal", "beta"].notna().all()


def test_regression_weights_known_values():
    # d = 2a + b exactly, c unrelated noise: standardised weights follow from the sds of a and b.
    rng = np.random.default_rng(1)
    a, b, c = rng.normal(0, 1, 500), rng.normal(0, 2, 500), rng.normal(0, 1, 500)
    d = 2 * a + b
    values = np.column_stack([a, b, c, d])
    n, correlation, beta, r_squared = regression_weights(values, np.zeros(500, dtype=np.int64), 1)
    sd_d = d.std(ddof=1)
    assert n[0] == 500
    assert beta[0] == pytest.approx([2 * a.std(ddof=1) / sd_d, b.std(ddof=1) / sd_d, 0], abs=1e-9)
    assert r_squared[0] == pytest.approx(1.0)
    assert correlation[0, 0] == pytest.approx(np.corrcoef(a, d)[0, 1])


def test_agreement_labels_on_constructed_data():
    # a: said to matter most but unrelated to d; c: said to matter least but drives d.
    rng = np.random.default_rng(7)
    n = 200
    frame = correlated_frame(n, 9, groups=("x",), missing=0)
    a, b, c = (rng.integers(1, 11, n).astype(float) for _ in range(3))
    frame["regler_impl_a"], frame["regler_impl_b"], frame["regler_impl_c"] = a, b, c
    frame["regler_impl_d"] = np.clip(np.rint(0.3 * b + 0.7 * c + rng.normal(0, 0.5, n)), 1, 10)
    frame["regler_vigt_a"], frame["regler_vigt_b"], frame["regler_vigt_c"] = 10.0, 8.0, 6.0
    rows = derived_importance(frame, INST).query("spor == 'regler'").set_index("indicator")
    assert list(rows["stated_rank"]) == [1, 2, 3]
    assert list(rows["derived_rank"]) == [3, 2, 1]
    assert list(rows["agreement"]) == ["underrated", "agree", "overlooked"]

    # Ceiling effect: all three said to be equally important → no stated top or bottom, so no disagreement
    # even though a is unrelated to d. Two tied at the top both count as top.
    frame["regler_vigt_a"] = frame["regler_vigt_b"] = frame["regler_vigt_c"] = 10.0
    rows = derived_importance(frame, INST).query("spor == 'regler'").set_index("indicator")
    assert list(rows["stated_rank"]) == [1, 1, 1]
    assert list(rows["agreement"]) == ["agree"] * 3
    frame["regler_vigt_c"] = 9.0
    rows = derived_importance(frame, INST).query("spor == 'regler'").set_index("indicator")
    assert list(rows["stated_rank"]) == [1, 1, 3]
    assert list(rows["agreement"]) == ["underrated", "agree", "overlooked"]


def test_bad_input_gives_danish_errors():
    frame = correlated_frame(20, 1)
    with pytest.raises(FrisatError, match="Kan ikke gruppere"):
        derived_importance(frame, INST, by=["skonummer"])
    with pytest.raises(FrisatError, match="ingen besvarelser"):
        derived_importance(frame.iloc[:0], INST)
