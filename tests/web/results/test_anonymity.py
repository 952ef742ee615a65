"""The combination audit as the results pages apply it (pure pandas, no database)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.web.results.anonymity import OTHER_LABEL, decide, disclosure_for, merge_groups, other_label
from tests.core.disclosure_check import leaks


def frame(layout: list[tuple[str, str, str, int]], waves: tuple[str, ...] = ("1",)) -> pd.DataFrame:
    rows = []
    for wave in waves:
        for area, unit, group, n in layout:
            rows += [{"omraade": area, "enhed": unit, "gruppe": group, "maaling": wave}] * n
    return pd.DataFrame(rows).astype("string")


LAYOUT = [
    ("skole", "A", "medarbejder", 3),          # a small unit
    ("skole", "B", "medarbejder", 7), ("skole", "B", "leder", 2),
    ("skole", "C", "medarbejder", 10), ("skole", "C", "leder", 3),
    ("dagtilbud", "D", "medarbejder", 12), ("dagtilbud", "E", "medarbejder", 6),
]
FOUR_VIEWS = [("dagtilbud", "Vugge", "leder", 1), ("dagtilbud", "Vugge", "medarbejder", 6),
              ("dagtilbud", "Børne", "leder", 1), ("dagtilbud", "Børne", "medarbejder", 6),
              ("skole", "Skole", "medarbejder", 9)]


def requests(data: pd.DataFrame):
    """Every request the filter form offers: (waves, filters, grouping)."""
    waves = sorted(data["maaling"].unique())
    units = data[["omraade", "enhed"]].drop_duplicates().itertuples(index=False)
    places = [{}] + [{"omraade": o} for o in sorted(data["omraade"].unique())] + [
        {"omraade": o, "enhed": e} for o, e in units]
    groups = [{}] + [{"gruppe": g} for g in sorted(data["gruppe"].unique())]
    selections = [s for size in range(1, len(waves) + 1) for s in combinations(waves, size)]
    for selected in selections:
        for place in places:
            for group in groups:
                for by in (None, "omraade", "enhed", "gruppe", *(["maaling"] if len(selected) > 1 else [])):
                    yield selected, {**place, **group}, by


def shown_cells(data: pd.DataFrame, k: int) -> list[list[int]]:
    """The atoms of every cell any request shows (the subset, each shown group and «Øvrige»)."""
    disclosure = disclosure_for(data, k, waves=sorted(data["maaling"].unique()))
    cells = []
    for selected, filters, by in requests(data):
        part = data[data["maaling"].isin(selected).to_numpy()]
        decision = decide(part, filters, by, k, disclosure, several_waves=len(selected) > 1)
        if not decision.allowed:
            continue
        subset = part[decision.rows.to_numpy()]
        cells.append(subset.index)
        if by:
            keys = subset[by].astype("string").fillna("")
            cells += [index for g, index in keys.groupby(keys).groups.items() if g not in decision.merged]
            cells.append(subset.index[keys.isin(decision.merged).to_numpy()])
    return [sorted(set(disclosure.atoms.loc[c])) for c in cells]


@pytest.mark.parametrize(("layout", "waves", "k"), [(LAYOUT, ("1",), 5), (LAYOUT, ("1", "2"), 5),
                                                    (FOUR_VIEWS, ("1", "2"), 5), (FOUR_VIEWS, ("1", "2"), 3)])
def test_no_combination_of_every_request_isolates_fewer_than_k(layout, waves, k):
    data = frame(layout, waves)
    disclosure = disclosure_for(data, k, waves=list(waves))
    sizes = np.bincount(disclosure.atoms.to_numpy())
    cells = shown_cells(data, k)
    assert cells and leaks(cells, sizes, k) == []


@st.composite
def organisations(draw):
    units = [(f"o{a}", f"u{a}{u}") for a in range(draw(st.integers(1, 2))) for u in range(draw(st.integers(1, 2)))]
    groups = ["leder", "medarbejder"][:draw(st.integers(1, 2))]
    waves = ("1", "2")[:draw(st.integers(1, 2))]
    rows = []
    for wave in waves:
        rows += [(o, u, g, draw(st.integers(0, 12)), wave) for o, u in units for g in groups]
    data = pd.concat([frame([(o, u, g, n)], (w,)) for o, u, g, n, w in rows if n], ignore_index=True) if any(
        r[3] for r in rows) else None
    return data, draw(st.integers(3, 5))


@settings(max_examples=10, deadline=None)
@given(organisations())
def test_random_organisations_admit_no_combination_of_what_any_request_shows(case):
    data, k = case
    if data is None:
        return
    disclosure = disclosure_for(data, k, waves=sorted(data["maaling"].unique()))
    sizes = np.bincount(disclosure.atoms.to_numpy())
    assert leaks(shown_cells(data, k), sizes, k) == []


def test_the_four_views_cannot_all_be_shown():
    data = frame(FOUR_VIEWS, ("1", "2"))
    disclosure = disclosure_for(data, 5, waves=["1", "2"])

    def view(waves, filters, by, row):
        part = data[data["maaling"].isin(waves).to_numpy()]
        decision = decide(part, filters, by, 5, disclosure, several_waves=len(waves) > 1)
        return decision.allowed and row not in decision.merged

    shown = [view(("1",), {}, "enhed", "Vugge"), view(("2",), {}, "enhed", "Vugge"),
             view(("1", "2"), {"gruppe": "medarbejder"}, "omraade", "dagtilbud"),
             view(("1", "2"), {"gruppe": "medarbejder"}, "enhed", "Børne")]
    assert not all(shown)
    assert view(("1",), {}, None, "") and view(("1", "2"), {}, None, "")   # the totals are always there


def test_subset_below_k_is_refused():
    data = frame(LAYOUT)
    disclosure = disclosure_for(data, 5)
    assert decide(data, {"omraade": "skole", "enhed": "A"}, None, 5, disclosure).reason == "subset"
    assert decide(data, {"gruppe": "leder", "omraade": "skole", "enhed": "B"}, None, 5, disclosure).reason == "subset"
    assert decide(data, {}, None, 5, disclosure).allowed


def test_all_minus_the_other_units_cannot_reveal_a_small_unit():
    data = frame(LAYOUT)
    disclosure = disclosure_for(data, 5)
    # skole = A (3) + B (9) + C (13): showing skole, B and C would give A as skole − B − C.
    b = decide(data, {"omraade": "skole", "enhed": "B"}, None, 5, disclosure)
    c = decide(data, {"omraade": "skole", "enhed": "C"}, None, 5, disclosure)
    assert decide(data, {"omraade": "skole"}, None, 5, disclosure).allowed
    assert not (b.allowed and c.allowed)
    assert {b.reason, c.reason} - {""} == {"difference"}
    # dagtilbud has no small unit: both units can be shown.
    assert decide(data, {"omraade": "dagtilbud", "enhed": "E"}, None, 5, disclosure).allowed
    assert decide(data, {"omraade": "dagtilbud", "enhed": "D"}, None, 5, disclosure).allowed


def test_a_unit_and_its_employees_are_not_both_shown_when_it_has_few_leaders():
    data = frame(LAYOUT)
    disclosure = disclosure_for(data, 5)
    # C = 10 medarbejdere + 3 ledere: "C" and "C, medarbejdere" would give the leaders.
    whole = decide(data, {"omraade": "skole", "enhed": "C"}, None, 5, disclosure)
    staff = decide(data, {"omraade": "skole", "enhed": "C", "gruppe": "medarbejder"}, None, 5, disclosure)
    assert not (whole.allowed and staff.allowed)


def test_grouping_merges_groups_that_may_not_be_shown_alone():
    data = frame(LAYOUT)
    disclosure = disclosure_for(data, 5)
    decision = decide(data, {}, "enhed", 5, disclosure)
    assert decision.allowed and "A" in decision.merged and decision.small == ["A"]
    assert len(decision.merged) >= 2            # A alone in «Øvrige» would be A
    assert "D" not in decision.merged and "E" not in decision.merged


def test_merged_group_is_never_below_k():
    data = frame([("skole", "A", "leder", 2), ("skole", "B", "leder", 20), ("skole", "C", "leder", 30)])
    disclosure = disclosure_for(data, 5)
    decision = decide(data, {}, "enhed", 5, disclosure)
    merged = merge_groups(data[decision.rows.to_numpy()], "enhed", decision.merged)
    assert (merged["enhed"] == OTHER_LABEL).sum() >= 5
    assert "A" in decision.merged and len(decision.merged) == 2


def test_several_waves_with_a_small_wave_are_refused_as_wave():
    data = pd.concat([frame(LAYOUT, ("1",)), frame([("skole", "C", "leder", 3)], ("2",))], ignore_index=True)
    disclosure = disclosure_for(data, 5, waves=["1", "2"])
    assert decide(data, {}, None, 5, disclosure, several_waves=True).reason == "wave"
    assert decide(data, {"omraade": "dagtilbud"}, None, 5, disclosure, several_waves=True).allowed


@pytest.mark.parametrize("existing", [["A"], [OTHER_LABEL]])
def test_other_label_is_unique(existing):
    assert other_label(pd.Series(existing, dtype="string")) not in existing
