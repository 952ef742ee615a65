"""The follow-up list and comments by quadrant, checked against plain loops over respondents."""

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.followup import REASONS, comments_by_quadrant, followup, shown_comments
from frisat.core.instrument import get_instrument
from frisat.core.quadrants import QUADRANT_IDS
from frisat.core.schema import DONT_KNOW
from frisat.demo import generate_responses
from tests.core.helpers import random_frame
from tests.core.test_analysis import python_index

INST = get_instrument()
SPOR = [s.id for s in INST.spor]
AREAS = ("skole", "aeldre", "dagtilbud")
COLUMNS = ["omraade", "enhed", "spor", "reason", "value", "dimension", "impl_mean", "vigt_mean", "reference"]


def unit_frame(seed: int, n_units: int = 9, max_size: int = 12, shift: float = 4.0) -> pd.DataFrame:
    """Units of 1–max_size respondents in three areas; each unit's answers shifted so some stand out."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, max_size + 1, n_units)
    unit = np.repeat(np.arange(n_units), sizes)
    frame = random_frame(INST, len(unit), seed=seed, groups=("x",))
    frame["enhed"] = pd.array([f"enhed {u}" for u in unit], dtype="string")
    frame["omraade"] = pd.array([AREAS[u % 3] for u in unit], dtype="string")
    for dim, (low, high) in (("impl", (-shift, shift)), ("vigt", (-shift, 1))):
        offset = np.rint(rng.uniform(low, high, n_units))[unit]
        for spor in SPOR:
            for item in "abcd":
                column = f"{spor}_{dim}_{item}"
                values = frame[column].to_numpy(copy=True)
                real = values >= 1
                values[real] = np.clip(values[real] + offset[real], 1, 10)
                frame[column] = values
    return frame


def exact(values: list[float]) -> Fraction:
    return sum((Fraction(v).limit_denominator(1000) for v in values), Fraction(0)) / len(values)


def plain_cells(frame: pd.DataFrame, columns: list[str]) -> dict:
    """Per group (values of ``columns``) and spor: lists of impl and vigt indices, row by row."""
    cells: dict = {}
    for _, row in frame.iterrows():
        key = tuple(row[c] for c in columns)
        for spor in SPOR:
            cell = cells.setdefault((*key, spor), {"impl": [], "vigt": [], "n": 0})
            impl, vigt = python_index(row, spor, "impl"), python_index(row, spor, "vigt")
            cell["n"] += not (math.isnan(impl) and math.isnan(vigt))
            for dim, value in (("impl", impl), ("vigt", vigt)):
                if not math.isnan(value):
                    cell[dim].append(value)
    return cells


def expected_followup(frame: pd.DataFrame, by: list[str], min_n: int, top: int, limit: float) -> dict:
    units = plain_cells(frame, by)
    areas = plain_cells(frame, by[:1] if len(by) > 1 else [])
    expected: dict = {reason: {} for reason in REASONS}
    gaps = []
    for key, cell in units.items():
        if cell["n"] < min_n:
            continue  # suppressed: never listed
        means = {dim: exact(cell[dim]) if len(cell[dim]) >= min_n else None for dim in ("impl", "vigt")}
        if means["impl"] is not None and means["vigt"] is not None:
            gap = means["vigt"] - means["impl"]
            if means["vigt"] >= Fraction(11, 2) > means["impl"]:
                expected["priority"][key] = float(gap)
            if gap > 0:
                gaps.append((float(gap), key))
        area = areas[(*key[:1], key[-1]) if len(by) > 1 else (key[-1],)]
        for dim in ("impl", "vigt"):
            if means[dim] is not None:
                difference = means[dim] - exact(area[dim])
                if abs(difference) > limit:
                    expected["deviation"].setdefault(key, []).append(float(difference))
    expected["largest_gap"] = sorted(gaps, reverse=True)[:top]
    return expected


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 7), st.integers(1, 12), st.sampled_from([0.5, 1.0, 1.5, 2.5]))
def test_followup_equals_plain_computation(seed, min_n, top, limit):
    frame = unit_frame(seed)
    result = analyze(frame, INST, by=["omraade", "enhed"], config=AnalysisConfig(min_n=min_n))
    table = followup(result, frame, INST, top=top, deviation=limit)
    assert list(table.columns) == COLUMNS
    assert set(table["reason"]) <= set(REASONS) - {"largest_change"}
    expected = expected_followup(frame, ["omraade", "enhed"], min_n, top, limit)
    listed = {reason: rows for reason, rows in table.groupby("reason")}
    empty = table.iloc[:0]

    rows = listed.get("priority", empty)
    got = {(r.omraade, r.enhed, r.spor): r.value for r in rows.itertuples()}
    assert got.keys() == expected["priority"].keys()
    assert all(math.isclose(got[k], v, abs_tol=1e-9) for k, v in expected["priority"].items())

    rows = listed.get("deviation", empty)
    got_deviation: dict = {}
    for r in rows.itertuples():
        got_deviation.setdefault((r.omraade, r.enhed, r.spor), []).append(r.value)
    assert got_deviation.keys() == expected["deviation"].keys()
    for key, values in expected["deviation"].items():
        assert sorted(got_deviation[key]) == pytest.approx(sorted(values))

    rows = listed.get("largest_gap", empty)
    assert list(rows["value"]) == pytest.approx([gap for gap, _ in expected["largest_gap"]])
    gap_of = {key: gap for gap, key in expected["largest_gap"]}
    for r in rows.itertuples():  # ties may be broken differently, but each listed gap is the unit's own
        key = (r.omraade, r.enhed, r.spor)
        assert key in gap_of or r.value == pytest.approx(expected["largest_gap"][-1][0])

    visible = result.summary[~result.summary["suppressed"]]
    assert set(zip(table["omraade"], table["enhed"], strict=True)) <= set(
        zip(visible["omraade"], visible["enhed"], strict=True))
    for _, rows in table.groupby("reason"):  # largest first within each reason
        assert list(rows["value"].abs()) == sorted(rows["value"].abs(), reverse=True)


def test_suppressed_units_are_never_listed_even_when_extreme():
    frame = unit_frame(3, n_units=6, max_size=12, shift=1)
    extreme = random_frame(INST, 2, seed=99, groups=("skole",), missing=0, dont_know=0)
    extreme["enhed"] = pd.array(["lille enhed"] * 2, dtype="string")
    for spor in SPOR:
        for item in "abcd":
            extreme[f"{spor}_impl_{item}"] = 1.0
            extreme[f"{spor}_vigt_{item}"] = 10.0
    frame = pd.concat([frame, extreme], ignore_index=True)
    config = AnalysisConfig(min_n=3)
    result = analyze(frame, INST, by=["omraade", "enhed"], config=config)
    previous = analyze(frame.iloc[::-1].assign(**{"regler_impl_a": 10.0}), INST, by=["omraade", "enhed"],
                       config=config)
    table = followup(result, frame, INST, previous=previous, top=50, deviation=0.1)
    assert "lille enhed" not in set(table["enhed"])
    assert not table.empty
    # Without suppression the unit would top every list: the test can fail.
    loose = analyze(frame, INST, by=["omraade", "enhed"], config=AnalysisConfig(min_n=1))
    assert "lille enhed" in set(followup(loose, frame, INST, top=1)["enhed"])


def test_largest_change_against_previous_wave():
    frame = unit_frame(5, n_units=12, max_size=10)
    later = frame.copy()
    rng = np.random.default_rng(5)
    bump = {f"enhed {u}": float(rng.integers(-3, 4)) for u in range(12)}
    for column in [c for c in frame.columns if "_impl_" in c]:
        values = later[column].to_numpy(copy=True)
        real = values >= 1
        values[real] = np.clip(values[real] + later["enhed"].map(bump).to_numpy(dtype=float)[real], 1, 10)
        later[column] = values
    config = AnalysisConfig(min_n=4)
    before = analyze(frame, INST, by=["omraade", "enhed"], config=config)
    after = analyze(later, INST, by=["omraade", "enhed"], config=config)
    table = followup(after, later, INST, previous=before, top=5)
    changes = table[table["reason"] == "largest_change"]

    old, new = plain_cells(frame, ["omraade", "enhed"]), plain_cells(later, ["omraade", "enhed"])
    expected = []
    for key, cell in new.items():
        if cell["n"] < 4 or old[key]["n"] < 4 or len(cell["impl"]) < 4 or len(old[key]["impl"]) < 4:
            continue
        change = float(exact(cell["impl"]) - exact(old[key]["impl"]))
        if change:
            expected.append(change)
    expected.sort(key=abs, reverse=True)
    assert list(changes["value"]) == pytest.approx(expected[:5])
    # the numbers a sentence needs: now and before (reference), and their difference
    assert (changes["dimension"] == "impl").all()
    assert list(changes["impl_mean"] - changes["reference"]) == pytest.approx(list(changes["value"]))
    with pytest.raises(FrisatError, match="samme gruppering"):
        followup(after, later, INST, previous=analyze(frame, INST, by=["enhed"], config=config))


def test_unit_only_grouping_compares_with_everybody():
    frame = unit_frame(8, n_units=6)
    result = analyze(frame, INST, by=["enhed"], config=AnalysisConfig(min_n=1))
    table = followup(result, frame, INST, deviation=0.5)
    assert list(table.columns) == ["enhed", "spor", "reason", "value", "dimension", "impl_mean", "vigt_mean",
                                   "reference"]
    expected = expected_followup(frame, ["enhed"], 1, 10, 0.5)["deviation"]
    got = table[table["reason"] == "deviation"]
    assert {(r.enhed, r.spor) for r in got.itertuples()} == set(expected)
    # everybody's mean of the row's dimension and spor is the reference
    everybody = plain_cells(frame, [])
    for r in got.itertuples():
        assert r.reference == pytest.approx(float(exact(everybody[(r.spor,)][r.dimension])))


def test_rows_carry_codes_and_the_numbers_behind_their_value():
    frame = unit_frame(2)
    result = analyze(frame, INST, by=["omraade", "enhed"], config=AnalysisConfig(min_n=1))
    table = followup(result, frame, INST, deviation=1.0)
    assert set(table["reason"]) == {"priority", "deviation", "largest_gap"}
    assert all(str(v).isascii() for column in ("spor", "reason", "dimension") for v in table[column].dropna())
    summary = result.summary.set_index(["omraade", "enhed", "spor"])
    for row in table.itertuples():
        unit = summary.loc[(row.omraade, row.enhed, row.spor)]
        assert (row.impl_mean, row.vigt_mean) == pytest.approx((unit["impl_mean"], unit["vigt_mean"]))
        if row.reason == "deviation":
            assert row.dimension in ("impl", "vigt")
            assert getattr(row, f"{row.dimension}_mean") - row.reference == pytest.approx(row.value)
        else:
            assert pd.isna(row.dimension) and math.isnan(row.reference)
            assert row.vigt_mean - row.impl_mean == pytest.approx(row.value)


def test_bad_arguments_give_danish_errors():
    frame = unit_frame(1)
    result = analyze(frame, INST, by=["omraade", "enhed"])
    with pytest.raises(FrisatError, match=r"pr\. enhed"):
        followup(analyze(frame, INST), frame, INST)
    for top in (0, -1, 2.5, True):
        with pytest.raises(FrisatError, match="heltal"):
            followup(result, frame, INST, top=top)
    with pytest.raises(FrisatError, match="positivt"):
        followup(result, frame, INST, deviation=0)
    with pytest.raises(FrisatError, match="passer ikke"):
        followup(result, frame.iloc[:5], INST)


# -- comments by quadrant --------------------------------------------------------------------------


def test_comments_by_quadrant_counts_and_order():
    frame = unit_frame(4, n_units=9)
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=1))
    table = comments_by_quadrant(result)
    assert list(table.columns) == ["spor", "quadrant_absolute", "quadrant_basis", "n_comments", "omraade",
                                   "comment"]

    # Plain loop: every non-empty comment with its respondent's own quadrant, else its area's.
    expected = plain_placements(frame, result)
    counts: dict = {}
    for (spor, quadrant, _basis) in expected:
        counts[(spor, quadrant)] = counts.get((spor, quadrant), 0) + 1
    got = {(r.spor, r.quadrant_absolute): r.n_comments for r in table.itertuples()}
    assert got == counts
    assert sorted(((r.spor, r.quadrant_absolute, r.quadrant_basis if not pd.isna(r.quadrant_basis) else None)
                   for r in table.itertuples()), key=str) == sorted(expected, key=str)
    assert len(table) == len(expected)
    order = [(SPOR.index(r.spor), QUADRANT_IDS.index(r.quadrant_absolute) if r.quadrant_absolute else 4)
             for r in table.itertuples()]
    assert order == sorted(order)


def own_quadrant(impl: float, vigt: float) -> str | None:
    if math.isnan(impl) or math.isnan(vigt):
        return None
    if vigt >= 5.5:
        return "fortsaet" if impl >= 5.5 else "fokus"
    return "overimplementering" if impl >= 5.5 else "lav_prioritet"


def plain_placements(frame: pd.DataFrame, result) -> list[tuple]:
    """(spor, quadrant, basis) per shown comment, by a loop: own quadrant, else the area's summary row."""
    group = {(r.omraade, r.spor): (r.quadrant_absolute if isinstance(r.quadrant_absolute, str) else None,
                                   bool(r.suppressed)) for r in result.summary.itertuples()}
    out = []
    for _, row in frame.iterrows():
        for spor in SPOR:
            text = row[f"{spor}_kommentar"]
            quadrant_of_group, suppressed = group[(row["omraade"], spor)]
            if pd.isna(text) or not str(text).strip() or suppressed:
                continue
            own = own_quadrant(python_index(row, spor, "impl"), python_index(row, spor, "vigt"))
            if own is not None:
                out.append((spor, own, "respondent"))
            else:
                out.append((spor, quadrant_of_group, "gruppe" if quadrant_of_group else None))
    return out


@pytest.mark.parametrize("design", ["begge", "halvdel", "gruppe"])
def test_shown_comments_are_placed_by_the_respondent_else_by_the_group(design):
    frame = generate_responses(INST, respondents=240, seed=21, design=design)
    # some respondents answer only one dimension of «regler» in the full design too
    if design == "begge":
        frame.loc[frame.index[:30], [f"regler_vigt_{i}" for i in "abcd"]] = np.nan
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=3))
    shown = shown_comments(result)
    assert list(shown.columns) == ["omraade", "spor", "quadrant_absolute", "group_quadrant", "placement",
                                   "placement_basis", "comment"]
    got = sorted(zip(shown["spor"], shown["placement"],
                     [None if pd.isna(b) else b for b in shown["placement_basis"]], strict=True), key=str)
    assert got == sorted(plain_placements(frame, result), key=str)
    basis = set(shown["placement_basis"].dropna())
    assert basis == ({"gruppe"} if design != "begge" else {"respondent", "gruppe"})
    # the respondent's own quadrant column is left as analyze gave it
    assert shown["quadrant_absolute"].isna().all() == (design != "begge")
    mine = shown["placement_basis"] == "respondent"
    assert (shown.loc[mine, "placement"] == shown.loc[mine, "quadrant_absolute"]).all()


def test_comments_of_suppressed_groups_are_never_included():
    frame = unit_frame(6, n_units=6, max_size=10)
    frame[[f"{s}_kommentar" for s in SPOR]] = pd.NA
    # A group of 2 respondents (below min_n by size) with comments everywhere.
    small = random_frame(INST, 2, seed=12, groups=("lille",), missing=0, dont_know=0)
    small["enhed"] = pd.array(["lille"] * 2, dtype="string")
    for spor in SPOR:
        small[f"{spor}_kommentar"] = pd.array(["hemmelig lille"] * 2, dtype="string")
    # A group of 6 (above min_n) in which only 2 answered the regler index: its regler row is suppressed.
    thin = random_frame(INST, 6, seed=13, groups=("tynd",), missing=0, dont_know=0)
    thin["enhed"] = pd.array(["tynd"] * 6, dtype="string")
    thin.loc[thin.index[2:], [f"regler_{d}_{i}" for d in ("impl", "vigt") for i in "abcd"]] = DONT_KNOW
    thin["regler_kommentar"] = pd.array(["hemmelig tynd"] * 6, dtype="string")
    thin["maal_kommentar"] = pd.array(["synlig tynd"] * 6, dtype="string")
    frame = pd.concat([frame, small, thin], ignore_index=True)
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=5))
    summary = result.summary.set_index(["omraade", "spor"])
    assert summary.loc[("lille", "regler"), "suppressed"] and summary.loc[("tynd", "regler"), "suppressed"]
    assert not summary.loc[("tynd", "maal"), "suppressed"]

    assert "hemmelig lille" not in set(result.comments["comment"])  # analyze leaves small groups out
    table = comments_by_quadrant(result)
    assert not table["comment"].str.startswith("hemmelig").any()
    assert (table["comment"] == "synlig tynd").sum() == 6
    assert int(table.loc[table["comment"] == "synlig tynd", "n_comments"].iloc[0]) >= 1
    assert comments_by_quadrant(analyze(frame.drop(columns=[f"{s}_kommentar" for s in SPOR]).pipe(
        lambda f: f.assign(**{f"{s}_kommentar": pd.array([pd.NA] * len(f), dtype="string") for s in SPOR})),
        INST, by=["omraade"])).empty


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 100_000), st.integers(1, 6))
def test_priority_top_keeps_the_largest_gaps_in_fokus(seed, priority_top):
    frame = unit_frame(seed)
    result = analyze(frame, INST, by=["omraade", "enhed"], config=AnalysisConfig(min_n=2))
    expected = expected_followup(frame, ["omraade", "enhed"], 2, 10, 1.5)["priority"]
    table = followup(result, frame, INST, priority_top=priority_top)
    got = table[table["reason"] == "priority"]
    largest = sorted(expected.values(), reverse=True)[:priority_top]
    assert list(got["value"]) == pytest.approx(largest)
    for r in got.itertuples():  # each listed gap is the unit's own
        assert math.isclose(expected[(r.omraade, r.enhed, r.spor)], r.value, abs_tol=1e-9)
    uncapped = followup(result, frame, INST)
    others = table[table["reason"] != "priority"].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, uncapped[uncapped["reason"] != "priority"].reset_index(drop=True))


def test_priority_top_is_checked():
    frame = unit_frame(1)
    result = analyze(frame, INST, by=["omraade", "enhed"])
    for bad in (0, 2.5, True):
        with pytest.raises(FrisatError, match="prioriteter"):
            followup(result, frame, INST, priority_top=bad)
