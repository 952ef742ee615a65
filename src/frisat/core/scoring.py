"""Respondent-level indices (shared/DESIGN.md section 2, "Index").

The index of a respondent for a spor and dimension is the mean of the answered indicators a–d,
when at least ``min_answered`` of them are answered ("ved ikke" counts as not answered);
otherwise it is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.core.instrument import Instrument
from frisat.core.schema import numeric_answers

DEFAULT_MIN_ANSWERED = 3


def index_column(spor: str, dimension: str) -> str:
    """Name of the index column of one spor × dimension, e.g. ``regler_impl``."""
    return f"{spor}_{dimension}"


def row_index(values: np.ndarray, min_answered: int = DEFAULT_MIN_ANSWERED) -> np.ndarray:
    """Mean of each row's non-missing values, NaN where fewer than ``min_answered`` are present.

    >>> row_index(np.array([[1, 2, 3, np.nan], [1, np.nan, np.nan, 4]]))
    array([ 2., nan])
    """
    answered = (~np.isnan(values)).sum(axis=1)
    totals = np.nansum(values, axis=1)
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
            columns[index_column(section.id, dim)] = row_index(numeric_answers(frame, items), needed)
    return pd.DataFrame(columns, index=frame.index)
