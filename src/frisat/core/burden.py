"""Administrative burden by the Standard Cost Model: hours per year before and after decisions.

One activity costs ``minutes_per_occurrence / 60 × occurrences_per_year × people`` hours a year
(``occurrences_per_year`` is per person doing the activity). After the audit's decision:

- ``fjernes`` (removed): 0 hours;
- ``forandres`` (changed): the same formula with the *after* figures; an after figure that is
  missing means that factor is unchanged;
- ``forankres`` (anchored) or no decision: unchanged.

Hours freed = before − after (negative when a change makes the activity heavier). An activity
without all three before figures has no estimate: its hours are missing (NaN) and it is left out
of the sums, which report how many activities were estimated.

Input: a tidy DataFrame with one row per activity (see :data:`ACTIVITY_COLUMNS`). Identifiers and
grouping columns are free text; figures are numbers ≥ 0 or missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

FIGURES = ("minutes_per_occurrence", "occurrences_per_year", "people")
AFTER_FIGURES = tuple(f"after_{name}" for name in FIGURES)
OUTCOMES = ("fjernes", "forandres", "forankres")
NO_SPOR = "uden_spor"
"""The spor key of activities whose requirements are tagged with no spor."""

ACTIVITY_COLUMNS: dict[str, str] = {
    "activity_id": "the activity's id",
    "process": "process name (or id)",
    "omraade": "area name; missing when the process has no area",
    "kommune": "municipality name",
    "spor": "list of barometer spor ids the activity's requirements concern (may be empty)",
    "minutes_per_occurrence": "minutes per occurrence (≥ 0)",
    "occurrences_per_year": "occurrences per year per person (≥ 0)",
    "people": "number of people doing it (≥ 0)",
    "after_minutes_per_occurrence": "minutes per occurrence after a forandres decision (or missing)",
    "after_occurrences_per_year": "occurrences per year after a forandres decision (or missing)",
    "after_people": "people after a forandres decision (or missing)",
    "outcome": "current decision: fjernes, forandres, forankres, or missing (no decision)",
}
"""The input columns, with their meaning. Only the figures and ``outcome`` are needed by
:func:`burden_table`; the aggregations need their grouping column."""

SUMMARY_COLUMNS = ("activities", "estimated", "hours_before", "hours_after", "hours_freed", "freed_share",
                   "fjernes", "forandres", "forankres", "undecided")
"""Columns of :func:`summarise` after the grouping columns."""


def hours_per_year(minutes: pd.Series | np.ndarray | float, occurrences: pd.Series | np.ndarray | float,
                   people: pd.Series | np.ndarray | float) -> pd.Series | np.ndarray | float:
    """Minutes per occurrence / 60 × occurrences per year × people."""
    return minutes / 60.0 * occurrences * people


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    values = pd.to_numeric(frame[column], errors="raise").astype("float64")
    if (values < 0).any():
        raise ValueError(f"{column} has negative values")
    return values


def burden_table(activities: pd.DataFrame) -> pd.DataFrame:
    """The activities with ``hours_before``, ``hours_after``, ``hours_freed`` and ``estimated`` added.

    Raises ValueError for a negative figure or an unknown outcome.
    """
    frame = activities.copy()
    outcome = frame["outcome"] if "outcome" in frame else pd.Series(None, index=frame.index, dtype="object")
    outcome = outcome.astype("object").where(outcome.notna(), None)
    unknown = set(outcome.dropna()) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"unknown outcome(s): {sorted(unknown)}")
    before_figures = [_numbers(frame, name) for name in FIGURES]
    after_figures = [_numbers(frame, after).fillna(before)
                     for after, before in zip(AFTER_FIGURES, before_figures, strict=True)]
    before = hours_per_year(*before_figures)
    changed = hours_per_year(*after_figures)
    after = before.copy()
    after[outcome == "fjernes"] = 0.0
    is_changed = outcome == "forandres"
    after[is_changed] = changed[is_changed]
    after[before.isna()] = np.nan
    frame["outcome"] = outcome
    frame["hours_before"] = before
    frame["hours_after"] = after
    frame["hours_freed"] = before - after
    frame["estimated"] = before.notna()
    return frame


def summarise(activities: pd.DataFrame, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Sum the burden per group (``by``: column name(s); ``None`` for one total row).

    Columns: the grouping columns, then :data:`SUMMARY_COLUMNS`: number of activities, how many
    have an estimate, hours before/after/freed (sums over estimated activities), ``freed_share``
    (freed ÷ before, missing when before is 0) and the number of activities per decision outcome.
    Missing group values (e.g. no area) form their own group.
    """
    table = burden_table(activities)
    keys = [by] if isinstance(by, str) else list(by or [])
    if table.empty and not keys:
        zeros = {name: 0 for name in SUMMARY_COLUMNS}
        return pd.DataFrame([{**zeros, "hours_before": 0.0, "hours_after": 0.0, "hours_freed": 0.0,
                              "freed_share": np.nan}])[list(SUMMARY_COLUMNS)]
    if not keys:
        table = table.assign(_all="i alt")
        keys_used = ["_all"]
    else:
        keys_used = keys
    for outcome in OUTCOMES:
        table[outcome] = table["outcome"] == outcome
    table["undecided"] = table["outcome"].isna()
    table["activities"] = 1
    grouped = table.groupby(keys_used, dropna=False, sort=True)
    result = grouped.agg(
        activities=("activities", "sum"),
        estimated=("estimated", "sum"),
        hours_before=("hours_before", lambda s: s.sum(min_count=0)),
        hours_after=("hours_after", lambda s: s.sum(min_count=0)),
        hours_freed=("hours_freed", lambda s: s.sum(min_count=0)),
        fjernes=("fjernes", "sum"),
        forandres=("forandres", "sum"),
        forankres=("forankres", "sum"),
        undecided=("undecided", "sum"),
    ).reset_index()
    before = result["hours_before"]
    result["freed_share"] = (result["hours_freed"] / before.where(before > 0)).astype("float64")
    count_columns = ["activities", "estimated", "fjernes", "forandres", "forankres", "undecided"]
    result[count_columns] = result[count_columns].astype("int64")
    if not keys:
        result = result.drop(columns="_all")
    return result[[*keys, *SUMMARY_COLUMNS]]


def by_process(activities: pd.DataFrame) -> pd.DataFrame:
    """Burden per process (columns ``kommune``, ``process`` + :data:`SUMMARY_COLUMNS`)."""
    return summarise(activities, ["kommune", "process"])


def by_area(activities: pd.DataFrame) -> pd.DataFrame:
    """Burden per area (columns ``kommune``, ``omraade`` + :data:`SUMMARY_COLUMNS`)."""
    return summarise(activities, ["kommune", "omraade"])


def by_kommune(activities: pd.DataFrame) -> pd.DataFrame:
    """Burden per municipality (column ``kommune`` + :data:`SUMMARY_COLUMNS`)."""
    return summarise(activities, "kommune")


def by_spor(activities: pd.DataFrame) -> pd.DataFrame:
    """Burden per barometer spor (column ``spor`` + :data:`SUMMARY_COLUMNS`).

    An activity whose requirements concern several spor counts fully in each of them, so the rows
    do not add up to the total; activities without a spor are under :data:`NO_SPOR`.
    """
    frame = activities.copy()
    frame["spor"] = [sorted(set(value)) if isinstance(value, list | tuple | set) and len(value) else [NO_SPOR]
                     for value in frame.get("spor", pd.Series([[]] * len(frame), index=frame.index))]
    frame = frame.explode("spor", ignore_index=True)
    return summarise(frame, "spor")
