"""Which part of a round's responses the results pages may show: the anonymity threshold k.

The analysis (:func:`frisat.core.analysis.analyze`) blanks every group with fewer than k
respondents. In the browser a user can also *choose* the data (filters) and compare views, so the
web layer adds three rules before anything is analysed. They only count rows; every statistic is
still computed by ``frisat.core``.

1. **Subset rule.** The filtered data must have at least k respondents; otherwise the page shows
   only «for få besvarelser» and offers no downloads.
2. **Difference rule for filters.** For each active filter (område, enhed, gruppe) its value must
   be *publishable* in the partition of that dimension under the other filters: the cells with
   fewer than k respondents are hidden, and when the hidden cells together have between 1 and
   k − 1 respondents, the smallest remaining cells are hidden too, until the hidden part has at
   least k (secondary suppression). So "all minus the shown values" never isolates fewer than k
   respondents — neither "all minus one unit" nor "all minus every other unit".
   With several waves selected, every selected wave must have 0 or at least k respondents in the
   filtered data (else "both waves minus one wave" reveals a small wave).
3. **Grouping rule.** A group of the chosen grouping is shown on its own only when it would pass
   rules 1 and 2 as a filter (a unit also within its område). The others are merged into one group
   «Øvrige (samlet)», which must pass rules 1 and 2 as well; until it does, the smallest shown groups
   are merged into it too. Merging relabels rows; the analysis then computes and suppresses as
   usual.

Residual risks (combinations of three or more views across dimensions and waves) are described in
``docs/web.md``, section «Anonymitet i resultater».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

FILTER_DIMENSIONS = ("omraade", "enhed", "gruppe")
WAVE_COLUMN = "maaling"
NESTED_IN = {"enhed": "omraade"}
"""Every enhed lies in one område, so a unit is always compared with its område too."""
OTHER_LABEL = "Øvrige (samlet)"
"""The group that collects the groups that may not be shown on their own."""


def hidden_cells(sizes: pd.Series, k: int) -> set[str]:
    """Cells of one partition that may not be shown: fewer than k, plus secondary suppression.

    ``sizes`` maps each cell to its number of respondents. Empty cells are ignored.

    >>> sorted(hidden_cells(pd.Series({"A": 3, "B": 9, "C": 12}), 5))
    ['A', 'B']
    >>> sorted(hidden_cells(pd.Series({"A": 3, "D": 4, "C": 12}), 5))
    ['A', 'D']
    >>> hidden_cells(pd.Series({"B": 9, "C": 12}), 5)
    set()
    """
    sizes = sizes[sizes > 0]
    small = sizes[sizes < k]
    hidden = {str(v) for v in small.index}
    total = int(small.sum())
    if 0 < total < k:
        rest = sizes[sizes >= k]
        # Smallest first; ties broken by name so the choice is the same on every request.
        order = sorted(rest.items(), key=lambda item: (int(item[1]), str(item[0])))
        for value, n in order:
            hidden.add(str(value))
            total += int(n)
            if total >= k:
                break
    return hidden


def _mask(frame: pd.DataFrame, filters: Mapping[str, str], skip: str | None = None) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        if column != skip:
            mask &= (frame[column] == value).fillna(False)
    return mask


def _counts(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").value_counts(sort=False)


@dataclass
class Decision:
    """The outcome of the rules for one request."""

    allowed: bool
    reason: str = ""
    rows: pd.Series | None = None
    """Boolean mask of the rows in the filtered subset (when allowed)."""
    merged: list[str] = field(default_factory=list)
    """Groups merged into «Øvrige» (names as in the data)."""
    small: list[str] = field(default_factory=list)
    """The merged groups that have fewer than k respondents themselves (the others protect them)."""
    other_label: str = OTHER_LABEL


def decide(frame: pd.DataFrame, filters: Mapping[str, str], group_by: str | None, k: int,
           *, several_waves: bool = False) -> Decision:
    """Apply rules 1–3 to ``frame`` (all responses of the selected waves, before filtering).

    ``filters`` maps a column of :data:`FILTER_DIMENSIONS` to its chosen value; ``group_by`` is the
    column to group by (or ``None``). Returns the rows to analyse and the groups to merge.
    """
    rows = _mask(frame, filters)
    subset = frame[rows]
    if len(subset) < k:
        return Decision(False, "subset")
    for column, value in filters.items():
        relaxed = frame[_mask(frame, filters, skip=column)]
        if value in hidden_cells(_counts(relaxed[column]), k):
            return Decision(False, "difference")
    if several_waves and any(0 < n < k for n in _counts(subset[WAVE_COLUMN])):
        return Decision(False, "wave")
    if not group_by:
        return Decision(True, rows=rows)
    merged = _merged_groups(frame, subset, filters, group_by, k, several_waves)
    sizes = _counts(subset[group_by])
    small = [g for g in merged if 0 < int(sizes.get(g, 0)) < k]
    return Decision(True, rows=rows, merged=merged, small=small)


def _merged_groups(frame: pd.DataFrame, subset: pd.DataFrame, filters: Mapping[str, str], group_by: str,
                   k: int, several_waves: bool) -> list[str]:
    keys = subset[group_by].astype("string").fillna("")
    sizes = keys.value_counts(sort=False)
    sizes = sizes[sizes > 0]
    hidden = {str(v) for v, n in sizes.items() if n < k}
    parent = NESTED_IN.get(group_by)
    if parent and parent in subset.columns:
        # A unit is also a filter within its område (a view of its own): apply rule 2 there.
        for _area, units in keys.groupby(subset[parent].astype("string").fillna(""), sort=False):
            hidden |= hidden_cells(_counts(units), k)
    # A group is shown only if it would pass as a filter: each other filter must stay publishable
    # within the group (else "the group minus the filtered group" is small).
    relaxed = {column: frame[_mask(frame, filters, skip=column)] for column in filters if column != group_by}
    for column, part in relaxed.items():
        cells = part.groupby([part[group_by].astype("string").fillna(""),
                              part[column].astype("string").fillna("")], sort=False).size()
        for group, within in cells.groupby(level=0, sort=False):
            if group in sizes.index and group not in hidden and filters[column] in hidden_cells(
                    within.droplevel(0), k):
                hidden.add(str(group))
    if several_waves:
        per_wave = subset.groupby([keys, subset[WAVE_COLUMN].astype("string").fillna("")], sort=False).size()
        hidden |= {str(group) for (group, _wave), n in per_wave.items() if 0 < n < k}

    def union_passes(groups: set[str]) -> bool:
        """Would «Øvrige» (the union of ``groups``) pass rules 1 and 2 as a filter?"""
        inside = keys.isin(groups).to_numpy()
        if inside.sum() < k:
            return False
        for column, part in relaxed.items():
            within = part[part[group_by].astype("string").fillna("").isin(groups).to_numpy()]
            if filters[column] in hidden_cells(_counts(within[column]), k):
                return False
        if several_waves:
            return not any(0 < n < k for n in _counts(subset.loc[inside, WAVE_COLUMN]))
        return True

    # Smallest first; ties by name, so every request merges the same groups.
    rest = sorted((int(n), str(v)) for v, n in sizes.items() if str(v) not in hidden)
    while hidden and rest and not union_passes(hidden):
        hidden.add(rest.pop(0)[1])
    return sorted(hidden)


def merge_groups(frame: pd.DataFrame, column: str, merged: list[str], label: str = OTHER_LABEL) -> pd.DataFrame:
    """``frame`` with the values ``merged`` of ``column`` replaced by ``label``."""
    if not merged:
        return frame
    values = frame[column].astype("string")
    return frame.assign(**{column: values.mask(values.isin(merged), label)})


def other_label(existing: pd.Series) -> str:
    """:data:`OTHER_LABEL`, made unique should a real group carry that name."""
    label = OTHER_LABEL
    taken = set(existing.astype("string").dropna())
    while label in taken:
        label += "*"
    return label
