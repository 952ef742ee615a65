"""Standard Cost Model burden: hand-computed hours and a plain-loop reference for the sums."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core import burden

COLUMNS = ["activity_id", "process", "omraade", "kommune", "spor", "minutes_per_occurrence",
           "occurrences_per_year", "people", "after_minutes_per_occurrence", "after_occurrences_per_year",
           "after_people", "outcome"]


def frame(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


# Hand computation (minutes/60 × occurrences × people):
#   1: 30/60 × 200 × 4 = 400 h, fjernes → after 0, freed 400
#   2: 12/60 × 1000 × 5 = 1000 h, forandres to 6 min (others unchanged) → 6/60 × 1000 × 5 = 500, freed 500
#   3: 90/60 × 10 × 2 = 30 h, forankres → 30, freed 0
#   4: 6/60 × 50 × 1 = 5 h, no decision → 5, freed 0
#   5: no estimate (people missing), fjernes → not counted
#   6: 20/60 × 300 × 3 = 300 h, forandres to 20 min × 150 × 2 people → 100 h, freed 200 (other process)
ROWS = [
    [1, "Sygedagpenge", "Beskæftigelse", "Rebild", ["dok"], 30, 200, 4, None, None, None, "fjernes"],
    [2, "Sygedagpenge", "Beskæftigelse", "Rebild", ["dok", "regler"], 12, 1000, 5, 6, None, None, "forandres"],
    [3, "Sygedagpenge", "Beskæftigelse", "Rebild", ["regler"], 90, 10, 2, None, None, None, "forankres"],
    [4, "Sygedagpenge", "Beskæftigelse", "Rebild", [], 6, 50, 1, None, None, None, None],
    [5, "Sygedagpenge", "Beskæftigelse", "Rebild", ["dok"], 10, 10, None, None, None, None, "fjernes"],
    [6, "Visitation", None, "Rebild", ["tillid"], 20, 300, 3, None, 150, 2, "forandres"],
]


def test_hours_per_activity_by_hand():
    table = burden.burden_table(frame(ROWS)).set_index("activity_id")
    assert table["hours_before"].tolist()[:4] == pytest.approx([400, 1000, 30, 5])
    assert math.isnan(table.loc[5, "hours_before"]) and math.isnan(table.loc[5, "hours_after"])
    assert table.loc[6, "hours_before"] == pytest.approx(300)
    assert table["hours_after"].drop(5).tolist() == pytest.approx([0, 500, 30, 5, 100])
    assert table["hours_freed"].drop(5).tolist() == pytest.approx([400, 500, 0, 0, 200])
    assert table["estimated"].tolist() == [True, True, True, True, False, True]


def test_summary_per_process_area_kommune():
    per_process = burden.by_process(frame(ROWS)).set_index("process")
    syg = per_process.loc["Sygedagpenge"]
    assert (syg["activities"], syg["estimated"]) == (5, 4)
    assert (syg["hours_before"], syg["hours_after"], syg["hours_freed"]) == pytest.approx((1435, 535, 900))
    assert syg["freed_share"] == pytest.approx(900 / 1435)
    assert (syg["fjernes"], syg["forandres"], syg["forankres"], syg["undecided"]) == (2, 1, 1, 1)
    assert per_process.loc["Visitation", "hours_freed"] == pytest.approx(200)

    per_area = burden.by_area(frame(ROWS))
    assert len(per_area) == 2  # the process without an area forms its own group
    assert per_area["omraade"].isna().sum() == 1
    assert per_area.loc[per_area["omraade"].isna(), "hours_before"].item() == pytest.approx(300)

    total = burden.by_kommune(frame(ROWS)).set_index("kommune").loc["Rebild"]
    assert (total["hours_before"], total["hours_after"], total["hours_freed"]) == pytest.approx((1735, 635, 1100))
    assert list(burden.summarise(frame(ROWS)).columns) == list(burden.SUMMARY_COLUMNS)


def test_summary_per_spor_counts_an_activity_in_each_of_its_spor():
    per_spor = burden.by_spor(frame(ROWS)).set_index("spor")
    # dok: activities 1, 2, 5 → before 400 + 1000, freed 400 + 500
    assert per_spor.loc["dok", "hours_before"] == pytest.approx(1400)
    assert per_spor.loc["dok", "hours_freed"] == pytest.approx(900)
    assert per_spor.loc["dok", "activities"] == 3
    # regler: activities 2, 3 → before 1030, freed 500
    assert per_spor.loc["regler", ["hours_before", "hours_freed"]].tolist() == pytest.approx([1030, 500])
    assert per_spor.loc[burden.NO_SPOR, "hours_before"] == pytest.approx(5)
    assert per_spor.loc["tillid", "hours_freed"] == pytest.approx(200)


def test_empty_and_invalid_input():
    empty = burden.summarise(frame([]))
    assert empty.iloc[0]["activities"] == 0 and empty.iloc[0]["hours_freed"] == 0
    assert burden.by_process(frame([])).empty
    bad = frame([[1, "p", None, "K", [], -5, 1, 1, None, None, None, None]])
    with pytest.raises(ValueError, match="negative"):
        burden.burden_table(bad)
    bad = frame([[1, "p", None, "K", [], 5, 1, 1, None, None, None, "slettes"]])
    with pytest.raises(ValueError, match="unknown outcome"):
        burden.burden_table(bad)


figure = st.one_of(st.none(), st.integers(0, 500))
activity = st.tuples(st.integers(0, 120), st.integers(0, 2000), st.integers(0, 20), figure, figure, figure,
                     st.sampled_from([None, *burden.OUTCOMES]), st.sampled_from(["A", "B", "C"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(activity, max_size=25))
def test_sums_match_a_plain_loop(items):
    rows = [[i, process, None, "K", [], m, o, p, am, ao, ap, outcome]
            for i, (m, o, p, am, ao, ap, outcome, process) in enumerate(items)]
    expected: dict[str, list[float]] = {}
    for _, process, _, _, _, m, o, p, am, ao, ap, outcome in rows:
        before = m * o * p / 60
        if outcome == "fjernes":
            after = 0.0
        elif outcome == "forandres":
            after = (m if am is None else am) * (o if ao is None else ao) * (p if ap is None else ap) / 60
        else:
            after = before
        totals = expected.setdefault(process, [0.0, 0.0])
        totals[0] += before
        totals[1] += after
    result = burden.summarise(frame(rows), "process").set_index("process")
    assert sorted(result.index) == sorted(expected)
    for process, (before, after) in expected.items():
        assert result.loc[process, "hours_before"] == pytest.approx(before, abs=1e-6)
        assert result.loc[process, "hours_after"] == pytest.approx(after, abs=1e-6)
        assert result.loc[process, "hours_freed"] == pytest.approx(before - after, abs=1e-6)
    assert np.all(result["activities"] == result["estimated"])
