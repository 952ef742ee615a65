"""The canonical data format: one row per respondent (shared/DESIGN.md section 2).

In memory it is a pandas DataFrame with

- background columns (``respondent_id``, ``kommune``, ``omraade``, ``enhed``, ``gruppe``,
  ``maaling``; the instrument may declare others) as strings (``respondent_id`` unique, required);
- one float64 column per scaled item (e.g. ``regler_impl_a``): the answer code, ``NaN`` when not
  answered, and :data:`DONT_KNOW` when the respondent answered "ved ikke" — kept apart from blank
  so it can be counted and exported, but never used as a number (see :func:`numeric_answers`);
- one string column per free-text item (e.g. ``regler_kommentar``), missing when empty.

On disk (CSV/XLSX) "ved ikke" is written as the text ``ved ikke``; in SPSS/Stata as the code
:data:`DONT_KNOW_EXPORT_CODE`, labelled and declared user-missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.core.instrument import Instrument

DONT_KNOW: float = -1.0
"""In-memory code of a "ved ikke" answer. Never a valid scale value."""

DONT_KNOW_EXPORT_CODE: int = 99
"""Code of "ved ikke" in SPSS/Stata files (declared user-missing)."""

DONT_KNOW_TEXT: str = "ved ikke"
"""How "ved ikke" is written in CSV/XLSX files."""

BACKGROUND_COLUMNS: tuple[str, ...] = ("respondent_id", "kommune", "omraade", "enhed", "gruppe", "maaling")
"""The canonical background columns, in the canonical order."""

ID_COLUMN = "respondent_id"

BACKGROUND_LABELS: dict[str, str] = {
    "respondent_id": "Respondent-id",
    "kommune": "Kommune",
    "omraade": "Område",
    "enhed": "Enhed",
    "gruppe": "Respondentgruppe",
    "maaling": "Måling",
}


def background_columns(instrument: Instrument) -> list[str]:
    """The background columns an instrument allows, canonical ones first."""
    extra = [c for c in instrument.background if c not in BACKGROUND_COLUMNS]
    return [*BACKGROUND_COLUMNS, *extra]


def answer_columns(instrument: Instrument) -> list[str]:
    return [c.name for c in instrument.columns()]


def canonical_columns(instrument: Instrument) -> list[str]:
    """Every column of the canonical format, in canonical order."""
    return [*background_columns(instrument), *answer_columns(instrument)]


def numeric_answers(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """The answers of ``columns`` as a float matrix with "ved ikke" turned into NaN."""
    values = frame[columns].to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    values[values == DONT_KNOW] = np.nan
    return values


def empty_frame(instrument: Instrument) -> pd.DataFrame:
    """An empty canonical DataFrame with the right columns and dtypes."""
    data: dict[str, pd.Series] = {}
    for name in background_columns(instrument):
        data[name] = pd.Series([], dtype="string")
    for spec in instrument.columns():
        data[spec.name] = pd.Series([], dtype="string" if spec.is_text else "float64")
    return pd.DataFrame(data)


def conform(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Add missing optional columns (empty) and order columns canonically. Does not validate."""
    out = frame.copy()
    for name in canonical_columns(instrument):
        if name not in out.columns:
            is_text = name in background_columns(instrument) or instrument.column(name).is_text
            out[name] = pd.Series(pd.NA if is_text else np.nan, index=out.index,
                                  dtype="string" if is_text else "float64")
    return out[canonical_columns(instrument)]


# -- the allocation question ("fordel 100 point") ----------------------------------------------------

ALLOCATION_OK, ALLOCATION_PARTIAL, ALLOCATION_WRONG_SUM = 0, 1, 2
"""Row verdicts of :func:`allocation_status`."""


def allocation_status(points: np.ndarray, total: int) -> np.ndarray:
    """The verdict on each row of a (rows × spor) matrix of points, NaN where blank.

    A row must answer none of the spor, or all of them with points summing to exactly ``total``:
    :data:`ALLOCATION_OK` (none, or all and the right sum), :data:`ALLOCATION_PARTIAL` (some but
    not all answered) or :data:`ALLOCATION_WRONG_SUM`. The range of each value (0–total, whole
    numbers) is the scale's business and is checked per cell, not here.
    """
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2:
        raise ValueError("points must be a (rows × spor) matrix")
    if points.shape[1] == 0:
        return np.zeros(len(points), dtype=np.int8)
    answered = ~np.isnan(points)
    count = answered.sum(axis=1)
    sums = np.where(answered, points, 0.0).sum(axis=1)
    status = np.full(len(points), ALLOCATION_OK, dtype=np.int8)
    status[(count > 0) & (count < points.shape[1])] = ALLOCATION_PARTIAL
    status[(count == points.shape[1]) & (sums != total)] = ALLOCATION_WRONG_SUM
    return status
