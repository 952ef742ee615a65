"""The extended analysis in one call: which tables appear for which data, grouping, visibility and errors.

The statistics themselves are tested in their own modules; here a few numbers are checked against
plain NumPy to make sure the orchestration hands the right rows and groupings to them.
"""

import numpy as np
import pandas as pd
import pytest

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.extended import (
    TABLES,
    ExtendedConfig,
    combine_relative,
    extended_analysis,
    visible_frame,
)
from frisat.core.instrument import get_instrument
from frisat.core.notes import Note
from frisat.core.schema import DONT_KNOW, numeric_answers
from frisat.demo import generate_responses

INST = get_instrument()
POINTS = get_instrument("vive-frisaettelse-point")


def index(frame: pd.DataFrame, spor: str, dim: str, inst=INST) -> np.ndarray:
    """DESIGN.md's index by hand: mean of answered a–d when at least 3 are answered."""
    values = frame[inst.item_columns(spor, dim)].to_numpy(dtype=float, copy=True)
    values[values == DONT_KNOW] = np.nan
    answered = (~np.isnan(values)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered >= 3, np.nansum(values, axis=1) / answered, np.nan)


@pytest.fixture(scope="module")
def one_wave():
    frame = generate_responses(INST, seed=3)  # pilot shape: leaders only, one wave, no points
    return frame, analyze(frame, INST, by=["omraade"])


@pytest.fixture(scope="module")
def full():
    frame = generate_responses(POINTS, respondents=1200, kommuner=2, seed=5, waves=2)
    result = analyze(frame, POINTS, by=["omraade"])
    return frame, result, extended_analysis(frame, POINTS, result)


def test_one_wave_one_group_gives_the_importance_tables_and_says_why_the_rest_is_missing(one_wave):
    frame, result = one_wave
    extended = extended_analysis(frame, INST, result)
    assert set(extended.tables()) == {"derived_importance", "relative_importance", "followup"}
    assert extended.changes is None and extended.trend is None and extended.positions is None
    reasons = extended.not_applicable
    assert reasons["changes"] == Note("single_wave", {"column": "maaling", "wave": "1"})
    assert reasons["trend"] == reasons["changes"]
    assert reasons["group_differences"] == Note("single_group", {"column": "gruppe", "group": "leder"})
    assert reasons["points"] == Note("no_points")
    assert extended.design is not None and extended.design.design == "begge"
    assert extended.waves == [] and extended.groups == ["leder"]


def test_two_waves_two_groups_and_points_give_every_table(full):
    _, result, extended = full
    assert list(extended.tables()) == list(TABLES)
    assert extended.positions is not None and extended.not_applicable == {}
    assert extended.waves == ["1", "2"] and extended.groups == ["leder", "medarbejder"]
    assert extended.unit_by == ("omraade", "enhed")
    assert extended.notes == [Note("waves_pooled", {"count": 2, "waves": ["1", "2"], "column": "maaling"})]
    # Each table is grouped like the main analysis.
    for name, table in extended.tables().items():
        if name != "followup":
            assert list(table.columns[:2]) in (["omraade", "spor"], ["omraade", "level"]), name
            assert set(table["omraade"]) == set(result.summary["omraade"]), name


def test_switched_off_computes_nothing(full):
    frame, result, _ = full
    extended = extended_analysis(frame, POINTS, result, ExtendedConfig(enabled=False))
    assert not extended.enabled and extended.tables() == {} and extended.design is None


def test_group_difference_and_change_agree_with_plain_numpy(full):
    frame, _, extended = full
    impl = index(frame, "regler", "impl", POINTS)
    area = (frame["omraade"] == "skole").to_numpy()
    leader = (frame["gruppe"] == "leder").to_numpy()
    row = extended.group_differences.query("omraade == 'skole' and spor == 'regler' and dimension == 'impl'").iloc[0]
    assert (row["group"], row["reference"]) == ("leder", "medarbejder")  # the largest group is the reference
    expected = np.nanmean(impl[area & leader]) - np.nanmean(impl[area & ~leader])
    assert row["difference"] == pytest.approx(expected, rel=1e-12)
    wave = frame["maaling"].to_numpy()
    change = extended.changes.query("omraade == 'skole' and spor == 'regler' and dimension == 'impl'").iloc[0]
    before, after = np.nanmean(impl[area & (wave == "1")]), np.nanmean(impl[area & (wave == "2")])
    assert change["change"] == pytest.approx(after - before)
    trend = extended.trend.query("omraade == 'skole' and spor == 'regler' and dimension == 'impl' and wave == '2'")
    assert int(trend["n"].iloc[0]) == int((~np.isnan(impl[area & (wave == "2")])).sum())


def test_points_summary_agrees_with_plain_numpy(full):
    frame, _, extended = full
    points = frame[POINTS.allocation_columns()].to_numpy(dtype=float)
    area = (frame["omraade"] == "aeldre").to_numpy()
    valid = area & ~np.isnan(points).any(axis=1) & (points.sum(axis=1) == 100)
    row = extended.points.query("omraade == 'aeldre' and spor == 'tillid'").iloc[0]
    assert int(row["n"]) == int(valid.sum())
    assert row["mean_points"] == pytest.approx(points[valid, POINTS.allocation_spor().index("tillid")].mean())


def test_compared_and_wave_columns_leave_the_grouping():
    frame = generate_responses(INST, respondents=900, seed=8, waves=2)
    result = analyze(frame, INST, by=["gruppe", "maaling"])
    extended = extended_analysis(frame, INST, result)
    assert list(extended.group_differences.columns[:2]) == ["maaling", "spor"]  # gruppe is what is compared
    assert list(extended.changes.columns[:2]) == ["gruppe", "spor"]  # maaling is what changes
    assert list(extended.derived_importance.columns[:2]) == ["gruppe", "maaling"]
    assert extended.notes == []  # the waves are already apart


def test_grouping_by_unit_keeps_the_units_in_the_change_table():
    frame = generate_responses(INST, respondents=600, seed=1, waves=2)
    extended = extended_analysis(frame, INST, analyze(frame, INST, by=["enhed"]))
    assert list(extended.changes.columns[:2]) == ["enhed", "spor"]
    shown = extended.changes[~extended.changes["suppressed"]]
    assert set(shown["paired_units"].dropna()) <= {0, 1}  # within one unit there is at most that unit to pair


def test_wave_order_can_be_given(full):
    frame, result, _ = full
    extended = extended_analysis(frame, POINTS, result, ExtendedConfig(waves=("2", "1")))
    assert extended.waves == ["2", "1"]
    assert set(zip(extended.changes["wave_from"], extended.changes["wave_to"], strict=True)) == {("2", "1")}


@pytest.mark.parametrize("config,message", [
    (ExtendedConfig(waves=("1", "9")), "Målingen «9» findes ikke"),
    (ExtendedConfig(group_column="farve"), "«farve» kan ikke bruges som kolonne for respondentgrupper"),
    (ExtendedConfig(reference="borgmester"), "Referencegruppen «borgmester» findes ikke"),
])
def test_bad_settings_are_refused_in_danish(full, config, message):
    frame, result, _ = full
    with pytest.raises(FrisatError, match=message):
        extended_analysis(frame, POINTS, result, config)


@pytest.mark.parametrize("kwargs,message", [
    ({"wave_column": "gruppe"}, "skal være forskellige"),
    ({"waves": ("1", "1")}, "to gange"),
    ({"followup_top": 0}, "mindst 1"),
    ({"unit_column": " "}, "må ikke være tomt"),
])
def test_config_is_checked(kwargs, message):
    with pytest.raises(FrisatError, match=message):
        ExtendedConfig(**kwargs)


def test_an_empty_group_column_is_not_compared(one_wave):
    frame, _ = one_wave
    frame = frame.copy()
    frame["gruppe"] = pd.array([pd.NA] * len(frame), dtype="string")
    extended = extended_analysis(frame, INST, analyze(frame, INST, by=["omraade"]))
    assert extended.group_differences is None
    assert extended.not_applicable["group_differences"] == Note("no_groups", {"column": "gruppe"})


def test_a_failing_table_does_not_stop_the_others(full):
    frame, _, _ = full
    frame = frame.copy()
    frame.loc[frame.index[:3], "maaling"] = pd.NA  # waves.changes refuses respondents without a wave
    extended = extended_analysis(frame, POINTS, analyze(frame, POINTS, by=["omraade"]))
    assert extended.changes is None and extended.not_applicable["changes"].code == "error"
    assert "mangler en måling" in extended.not_applicable["changes"].params["message"]
    assert extended.derived_importance is not None and extended.group_differences is not None


# -- anonymity ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_small_group():
    """Three kommuner; «Lilleby» has 3 respondents (below k = 5) who all answer 1 on implementation."""
    frame = generate_responses(INST, respondents=600, kommuner=2, seed=11, waves=2)
    small = frame.iloc[:3].copy()
    small["respondent_id"] = ["SMALL-1", "SMALL-2", "SMALL-3"]
    small["kommune"] = "Lilleby"
    small["enhed"] = "HEMMELIG-ENHED"
    for spor in INST.spor:
        small[INST.item_columns(spor.id, "impl")] = 1.0
    frame = pd.concat([frame, small], ignore_index=True)
    return frame, analyze(frame, INST, by=["kommune"], config=AnalysisConfig(min_n=5))


def test_visible_frame_blanks_the_suppressed_group_only(with_small_group):
    frame, result = with_small_group
    visible = visible_frame(result, frame)
    small = (frame["kommune"] == "Lilleby").to_numpy()
    items = [c for s in INST.spor for d in ("impl", "vigt") for c in INST.item_columns(s.id, d)]
    assert np.isnan(numeric_answers(visible, items)[small]).all()
    assert visible[[INST.comment_column(s.id) for s in INST.spor]][small].isna().all().all()
    pd.testing.assert_frame_equal(visible[~small], frame[~small])
    others = frame[~small].reset_index(drop=True)
    assert visible_frame(analyze(others, INST, by=["kommune"]), others) is others  # nothing to hide: no copy


def test_no_table_shows_a_value_of_the_suppressed_group(with_small_group):
    frame, result = with_small_group
    extended = extended_analysis(frame, INST, result)
    for name, table in extended.tables().items():
        if name == "followup":
            assert "HEMMELIG-ENHED" not in set(table["enhed"].astype(str)) and "Lilleby" not in table.to_string()
            continue
        rows = table[table["kommune"] == "Lilleby"]
        assert len(rows) and rows["suppressed"].all(), name
        values = rows.drop(columns=["kommune", "spor", "suppressed", "level", "indicator", "dimension", "group",
                                    "reference", "wave", "wave_order", "wave_from", "wave_to"], errors="ignore")
        assert values.isna().all().all(), name


def test_overall_tables_leave_out_the_suppressed_respondents(with_small_group):
    frame, result = with_small_group
    whole = extended_analysis(frame, INST, result, by=(), only=("trend", "derived_importance"))
    assert set(whole.tables()) == {"derived_importance", "trend"}
    shown = (frame["kommune"] != "Lilleby").to_numpy()
    impl = index(frame, "regler", "impl")
    wave = frame["maaling"].to_numpy()
    row = whole.trend.query("spor == 'regler' and dimension == 'impl' and wave == '1'").iloc[0]
    members = shown & (wave == "1")
    assert int(row["n"]) == int((~np.isnan(impl[members])).sum())
    assert row["mean"] == pytest.approx(np.nanmean(impl[members]))  # the three 1s would pull it down


# -- helpers ------------------------------------------------------------------------------------


def test_combine_relative_puts_spor_before_indicators_per_group():
    indicators = pd.DataFrame({"omraade": ["a", "a", "b"], "spor": ["x", "x", "x"], "indicator": ["a", "b", "a"],
                               "n": [5, 5, 6], "rank": [1, 2, 1]})
    spor = pd.DataFrame({"omraade": ["a", "b"], "spor": ["x", "x"], "n": [5, 6], "rank": [1, 1]})
    table = combine_relative(indicators, spor, ["omraade"])
    assert list(table.columns) == ["omraade", "level", "spor", "indicator", "n", "rank"]
    assert table[["omraade", "level", "indicator"]].astype(object).where(table.notna(), None).values.tolist() == [
        ["a", "spor", None], ["a", "indikator", "a"], ["a", "indikator", "b"],
        ["b", "spor", None], ["b", "indikator", "a"]]


def test_analyze_without_detail_has_the_same_means(full):
    frame, _, _ = full
    for config in (AnalysisConfig(), AnalysisConfig(ci_method="bootstrap", bootstrap_samples=200, seed=3)):
        detailed = analyze(frame, POINTS, by=["omraade", "enhed"], config=config)
        light = analyze(frame, POINTS, by=["omraade", "enhed"], config=config, detail=False)
        assert list(light.summary.columns) == list(detailed.summary.columns)
        blank = [c for c in light.summary.columns if c.endswith(("median", "q1", "q3", "min", "max", "alpha"))]
        assert light.summary[[*blank, "outliers"]].isna().all().all()
        kept = [c for c in light.summary.columns if c not in (*blank, "outliers")]
        pd.testing.assert_frame_equal(light.summary[kept], detailed.summary[kept])
        assert light.respondents.empty and light.comments.empty
        assert light.counts.equals(detailed.counts)


# -- missing background values and indices computed once ------------------------------------------


@pytest.mark.parametrize("dtype", ["string", "object", "str"])
def test_a_missing_unit_does_not_crash_and_is_not_listed(one_wave, dtype):
    """A canonical frame may have pd.NA (or None/NaN) in ``enhed``: such respondents have no unit."""
    frame, _ = one_wave
    frame = frame.copy()
    units = frame["enhed"].astype(object).to_numpy(copy=True)
    units[::7] = pd.NA if dtype != "str" else None
    frame["enhed"] = pd.Series(units, index=frame.index).astype(dtype)
    extended = extended_analysis(frame, INST, analyze(frame, INST, by=["omraade"]))
    assert extended.followup is not None, extended.not_applicable
    listed = set(extended.followup["enhed"].astype(str))
    named = {str(u) for u in units if isinstance(u, str)}
    assert listed <= named and "(ikke angivet)" not in listed and "<NA>" not in listed


def test_every_unit_missing_gives_no_followup(one_wave):
    frame, _ = one_wave
    frame = frame.copy()
    frame["enhed"] = pd.array([pd.NA] * len(frame), dtype="string")
    extended = extended_analysis(frame, INST, analyze(frame, INST, by=["omraade"]))
    assert extended.followup is None
    assert extended.not_applicable["followup"] == Note("no_units", {"column": "enhed"})


def test_indices_passed_once_give_the_same_tables(full):
    """The core functions' ``indices=`` argument changes nothing but the work done."""
    from frisat.core.comparisons import compare_groups
    from frisat.core.derived_importance import derived_importance
    from frisat.core.relative_importance import points_summary, relative_importance
    from frisat.core.scoring import respondent_indices
    from frisat.core.waves import changes, positions, trend

    frame, _, _ = full
    frame = frame.iloc[::-1].set_axis(np.arange(len(frame)) * 3 + 7)  # a non-trivial index
    indices = respondent_indices(frame, POINTS)
    calls = [
        lambda **kw: derived_importance(frame, POINTS, by=["omraade"], **kw),
        lambda **kw: relative_importance(frame, POINTS, by=["omraade"], **kw)[0],
        lambda **kw: points_summary(frame, POINTS, by=["omraade"], **kw),
        lambda **kw: compare_groups(frame, POINTS, by=["omraade"], **kw),
        lambda **kw: trend(frame, POINTS, by=["omraade"], **kw),
        lambda **kw: changes(frame, POINTS, by=["omraade"], **kw),
        lambda **kw: positions(frame, POINTS, by=["omraade"], **kw),
        lambda **kw: analyze(frame, POINTS, by=["omraade"], **kw).summary,
        lambda **kw: analyze(frame, POINTS, by=["omraade", "enhed"], detail=False, **kw).summary,
    ]
    for call in calls:
        pd.testing.assert_frame_equal(call(indices=indices), call())
    one_wave = frame[frame["maaling"] == frame["maaling"].iloc[0]]  # a subset of the rows takes its own
    pd.testing.assert_frame_equal(analyze(one_wave, POINTS, indices=indices).summary,
                                  analyze(one_wave, POINTS).summary)
