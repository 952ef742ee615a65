"""The anonymity rules of the results pages (pure pandas, no database)."""

from __future__ import annotations

import pandas as pd
import pytest

from frisat.web.results.anonymity import OTHER_LABEL, decide, hidden_cells, merge_groups, other_label


def frame(layout: list[tuple[str, str, str, int]], waves: tuple[str, ...] = ("1",)) -> pd.DataFrame:
    rows = []
    for wave in waves:
        for omraade, enhed, gruppe, n in layout:
            rows += [{"omraade": omraade, "enhed": enhed, "gruppe": gruppe, "maaling": wave}] * n
    return pd.DataFrame(rows).astype("string")


LAYOUT = [
    ("skole", "A", "medarbejder", 3),          # a small unit
    ("skole", "B", "medarbejder", 7), ("skole", "B", "leder", 2),
    ("skole", "C", "medarbejder", 10), ("skole", "C", "leder", 3),
    ("dagtilbud", "D", "medarbejder", 12), ("dagtilbud", "E", "medarbejder", 6),
]


def test_hidden_cells_adds_the_smallest_shown_cell_until_the_hidden_part_reaches_k():
    assert hidden_cells(pd.Series({"A": 3, "B": 9, "C": 13}), 5) == {"A", "B"}
    assert hidden_cells(pd.Series({"A": 3, "B": 4, "C": 13}), 5) == {"A", "B"}   # 7 ≥ k already
    assert hidden_cells(pd.Series({"A": 1, "B": 1, "C": 13}), 5) == {"A", "B", "C"}
    assert hidden_cells(pd.Series({"A": 0, "B": 9, "C": 13}), 5) == set()
    assert hidden_cells(pd.Series({"B": 9, "C": 9}), 5) == set()
    # ties are broken by name, so every request hides the same cell
    assert hidden_cells(pd.Series({"A": 2, "C": 9, "B": 9}), 5) == {"A", "B"}


def test_subset_below_k_is_refused():
    data = frame(LAYOUT)
    assert decide(data, {"omraade": "skole", "enhed": "A"}, None, 5).reason == "subset"
    assert decide(data, {"gruppe": "leder", "omraade": "skole", "enhed": "B"}, None, 5).reason == "subset"
    assert decide(data, {}, None, 5).allowed


def test_all_minus_the_other_units_cannot_reveal_a_small_unit():
    data = frame(LAYOUT)
    # skole = A (3) + B (9) + C (13): showing B and C would give A as skole − B − C.
    b = decide(data, {"omraade": "skole", "enhed": "B"}, None, 5)
    c = decide(data, {"omraade": "skole", "enhed": "C"}, None, 5)
    assert not b.allowed and b.reason == "difference"
    assert c.allowed                                  # skole − C = A + B = 12 respondents
    # dagtilbud has no small unit: both units can be shown.
    assert decide(data, {"omraade": "dagtilbud", "enhed": "E"}, None, 5).allowed


def test_a_unit_minus_its_employees_cannot_reveal_its_leaders():
    data = frame(LAYOUT)
    # C = 10 medarbejdere + 3 ledere: "C, medarbejdere" would give the leaders as C − that.
    decision = decide(data, {"omraade": "skole", "enhed": "C", "gruppe": "medarbejder"}, None, 5)
    assert not decision.allowed and decision.reason == "difference"


def test_grouping_merges_groups_that_could_not_be_shown_alone():
    data = frame(LAYOUT)
    decision = decide(data, {}, "enhed", 5)
    assert decision.allowed and decision.merged == ["A", "B"] and decision.small == ["A"]
    # employees by unit: B's employees (7) are shown? B − B's employees = 2 leaders → merged too.
    by_unit = decide(data, {"gruppe": "medarbejder"}, "enhed", 5)
    assert {"A", "B", "C"} <= set(by_unit.merged)
    assert "D" not in by_unit.merged and "E" not in by_unit.merged


def test_merged_group_is_never_below_k():
    data = frame([("skole", "A", "leder", 2), ("skole", "B", "leder", 20), ("skole", "C", "leder", 30)])
    decision = decide(data, {}, "enhed", 5)
    merged = merge_groups(data[decision.rows.to_numpy()], "enhed", decision.merged)
    assert (merged["enhed"] == OTHER_LABEL).sum() >= 5
    assert decision.merged == ["A", "B"]


def test_several_waves_need_k_in_every_wave():
    data = pd.concat([frame(LAYOUT, ("1",)), frame([("skole", "C", "leder", 3)], ("2",))], ignore_index=True)
    assert decide(data, {}, None, 5, several_waves=True).reason == "wave"
    assert decide(data, {"omraade": "dagtilbud"}, None, 5, several_waves=True).allowed


@pytest.mark.parametrize("existing", [["A"], [OTHER_LABEL]])
def test_other_label_is_unique(existing):
    assert other_label(pd.Series(existing, dtype="string")) not in existing


def test_merged_group_must_itself_pass_as_a_filter():
    data = frame(LAYOUT)
    # Employees by område: dagtilbud's employees (18) are dagtilbud minus its 0 leaders — fine;
    # skole's employees are skole minus 5 leaders — fine too: nothing merged.
    assert decide(data, {"gruppe": "medarbejder"}, "omraade", 5).merged == []
    # Add 2 leaders to dagtilbud: dagtilbud's employees may not be shown (dagtilbud − them = 2
    # leaders), and «Øvrige» = dagtilbud's employees alone would show the same. So both merge.
    more = pd.concat([data, frame([("dagtilbud", "D", "leder", 2)])], ignore_index=True)
    assert decide(more, {"gruppe": "medarbejder"}, "omraade", 5).merged == ["dagtilbud", "skole"]
