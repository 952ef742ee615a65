"""Respondent-level indices (shared/DESIGN.md section 2, "Index").

The index of a respondent for a spor and dimension is the mean of the answered indicators a–d,
when at least ``min_answered`` of them are answered ("ved ikke" counts as not answered);
otherwise it is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.core.instrument import Instrument
from frisat.core.schema import DONT_KNOW

DEFAULT_MIN_ANSWERED = 3


def index_column(spor: str, dimension: str) -> str:
    """Name of the index column of one spor × dimension, e.g. ``regler_impl``."""
    return f"{spor}_{dimension}"


def row_index(values: np.ndarray, min_answered: int = DEFAULT_MIN_ANSWERED) -> np.ndarray:
    """Mean of each row's non-missing values, NaN where fewer than ``min_answered`` are present.

    >>> row_index(np.array([[1, 2, 3, np.nan], [1, np.nan, np.nan, 4]]))
    array([ 2., nan])
    """
    values = np.asarray(values, dtype=float)
    return _columns_index([values[:, j] for j in range(values.shape[1])], min_answered, values.shape[0])


def _columns_index(columns: list[np.ndarray], min_answered: int, n: int, dont_know: bool = False) -> np.ndarray:
    """:func:`row_index` over a list of 1-D columns, without a 2-D copy of them.

    Adds the columns left to right, as ``nansum`` over a row does (the same sums, bit for bit); with
    ``dont_know`` a value equal to :data:`frisat.core.schema.DONT_KNOW` counts as missing too.
    """
    answered = np.zeros(n, dtype=np.int64)
    totals = np.zeros(n, dtype=float)
    for column in columns:
        present = ~np.isnan(column)
        if dont_know:
            present &= column != DONT_KNOW
        answered += present
        totals += np.where(present, column, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = totals / answered
    means[answered < min_answered] = np.nan
    return means


def respondent_indices(
    frame: pd.DataFrame, instrument: Instrument, min_answered: int = DEFAULT_MIN_ANSWERED
) -> pd.DataFrame:
    """One column per spor × dimension (``regler_impl``, ``regler_vigt``, …), one row per respondent."""
    if min_answered < 1:
        raise ValueError("min_answered skal være mindst 1")
    columns: dict[str, np.ndarray] = {}
    for section in instrument.spor:
        for dim in instrument.dimension_ids:
            items = instrument.item_columns(section.id, dim)
            needed = min(min_answered, len(items))
            answers = [frame[item].to_numpy(dtype=np.float64, na_value=np.nan) for item in items]
            columns[index_column(section.id, dim)] = _columns_index(answers, needed, len(frame), dont_know=True)
    return pd.DataFrame(columns, index=frame.index)


def indices_for(
    frame: pd.DataFrame, instrument: Instrument, min_answered: int = DEFAULT_MIN_ANSWERED,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``indices`` when given (computed once by the caller), else :func:`respondent_indices` of ``frame``.

    The core functions take an optional ``indices=respondent_indices(frame, instrument,
    config.min_answered)`` so that one analysis computes them once instead of once per table. Rows
    are matched on the index: a ``frame`` that is a subset of the rows (one wave) takes its rows.
    """
    if indices is None:
        return respondent_indices(frame, instrument, min_answered)
    if indices.index.equals(frame.index):
        return indices
    if frame.index.is_unique and indices.index.is_unique:
        return indices.reindex(frame.index)
    return respondent_indices(frame, instrument, min_answered)
