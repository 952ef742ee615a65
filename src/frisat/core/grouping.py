"""The groups of an analysis as codes, shared by the importance and follow-up tables.

The groups, their order, ``(ikke angivet)`` for a missing background value and the per-spor ``n``
that decides anonymity are exactly those of :func:`frisat.core.analysis.analyze`, so a row of a
derived table can be joined with the summary on ``[*by, "spor"]`` and is suppressed exactly when the
summary row is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from frisat.core.analysis import DIMENSIONS, _check_grouping, _group_keys
from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument
from frisat.core.scoring import index_column, indices_for


@dataclass(frozen=True)
class GroupCells:
    """Each respondent's group as a code 0 … n_groups − 1, and one row per group."""

    by: list[str]
    codes: np.ndarray
    """Group code per respondent (row order of the frame)."""
    table: pd.DataFrame
    """One row per group in analyze's order: the ``by`` columns as strings (no columns when ``by`` is empty)."""

    @property
    def n_groups(self) -> int:
        return len(self.table)

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """How many respondents of each group have ``mask`` true."""
        return np.bincount(self.codes[mask], minlength=self.n_groups)

    def sums(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per group: the number of non-missing ``values`` and their sum."""
        keep = ~np.isnan(values)
        codes = self.codes[keep]  # once: it is a copy of up to a million codes
        return (np.bincount(codes, minlength=self.n_groups),
                np.bincount(codes, weights=values[keep], minlength=self.n_groups))

    def means(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per group: the number of non-missing ``values`` and their mean (NaN for none)."""
        n, total = self.sums(values)
        with np.errstate(invalid="ignore", divide="ignore"):
            return n, total / n


def group_cells(frame: pd.DataFrame, instrument: Instrument, by: Sequence[str]) -> GroupCells:
    """Check ``by`` as analyze does and code every respondent's group (no loop over respondents)."""
    by = _check_grouping(frame, instrument, by)
    if len(frame) == 0:
        raise FrisatError("Der er ingen besvarelser at analysere.")
    keys = _group_keys(frame, by)
    grouped = pd.DataFrame({str(k.name): k for k in keys}).groupby([str(k.name) for k in keys],
                                                                  observed=True, sort=True)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    table = grouped.size().index.to_frame(index=False)
    table = table[by].astype("string") if by else pd.DataFrame(index=range(len(table)))
    return GroupCells(by=by, codes=codes, table=table.reset_index(drop=True))


def check_barometer(instrument: Instrument) -> list[str]:
    """The spor ids, or a Danish error when the instrument has no impl/vigt spor (as analyze)."""
    spor_ids = [s.id for s in instrument.spor]
    if not spor_ids or set(instrument.dimension_ids) != set(DIMENSIONS):
        raise FrisatError(
            f"Instrumentet «{instrument.id}» har ingen spor med dimensionerne impl og vigt; "
            "barometer-analysen kan ikke bruges på det."
        )
    return spor_ids


def spor_counts(
    frame: pd.DataFrame, instrument: Instrument, cells: GroupCells, min_answered: int,
    indices: pd.DataFrame | None = None,
) -> dict[str, np.ndarray]:
    """analyze's ``n`` per spor and group: respondents with an index on at least one dimension."""
    indices = indices_for(frame, instrument, min_answered, indices)
    out = {}
    for spor in (s.id for s in instrument.spor):
        answered = indices[[index_column(spor, d) for d in DIMENSIONS]].notna().any(axis=1).to_numpy()
        out[spor] = cells.counts(answered)
    return out


def tidy(cells: GroupCells, parts: list[pd.DataFrame], order: list[str]) -> pd.DataFrame:
    """Concatenate per-group blocks (each with a ``__group`` code column) into one tidy table.

    Rows are sorted group by group in analyze's order, then by the ``order`` columns (stable), and
    the group's ``by`` values are put in front.
    """
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["__group", *order], kind="stable").reset_index(drop=True)
    groups = cells.table.iloc[out["__group"].to_numpy()].reset_index(drop=True)
    return pd.concat([groups, out], axis=1)


def item_ids(instrument: Instrument, spor: str, dimension: str) -> list[str]:
    """The item letters (a, b, c, d) of one spor × dimension, in questionnaire order."""
    return [c.item for c in instrument.columns()
            if c.section == spor and c.dimension == dimension and not c.is_text and c.item]
