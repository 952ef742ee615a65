"""The importance–implementation quadrants (seed 002, Figur 3.1 and 3.2).

Importance is on the x-axis, implementation on the y-axis. A value exactly on a dividing line
counts as high (≥). The absolute lines are at the scale midpoint (5.5 on 1–10); the relative
lines are at the group's mean importance and mean implementation for the spor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIDPOINT = 5.5
LINE_TOLERANCE = 1e-9
"""Means that are mathematically on a line may come out as 5.4999999999 after floating-point
summation; anything within this distance of a line counts as on it (and so as high)."""


@dataclass(frozen=True)
class Quadrant:
    """A quadrant's stable id (in every output file) and its side of each dividing line.

    Its name and VIVE's advice, quoted from seed 002, are in :mod:`frisat.reporting.codes`.
    """

    id: str
    importance_high: bool
    implementation_high: bool


QUADRANTS: tuple[Quadrant, ...] = (
    Quadrant("fokus", True, False),
    Quadrant("fortsaet", True, True),
    Quadrant("overimplementering", False, True),
    Quadrant("lav_prioritet", False, False),
)
QUADRANT_BY_ID = {q.id: q for q in QUADRANTS}


QUADRANT_IDS: tuple[str, ...] = tuple(q.id for q in QUADRANTS)
"""Category order of quadrant codes: code i is ``QUADRANT_IDS[i]``; −1 means missing."""


def classify_codes(
    importance: np.ndarray | float,
    implementation: np.ndarray | float,
    importance_line: np.ndarray | float = MIDPOINT,
    implementation_line: np.ndarray | float = MIDPOINT,
) -> np.ndarray:
    """Quadrant codes (int8 index into :data:`QUADRANT_IDS`, −1 where anything is missing)."""
    x = np.asarray(importance, dtype=float)
    y = np.asarray(implementation, dtype=float)
    x_line = np.asarray(importance_line, dtype=float)
    y_line = np.asarray(implementation_line, dtype=float)
    high_x = x >= x_line - LINE_TOLERANCE
    high_y = y >= y_line - LINE_TOLERANCE
    # QUADRANT_IDS order: fokus (x high, y low), fortsaet (both high), overimplementering, lav_prioritet
    codes = np.where(high_x, np.where(high_y, 1, 0), np.where(high_y, 2, 3)).astype(np.int8)
    codes[np.isnan(x) | np.isnan(y) | np.isnan(x_line) | np.isnan(y_line)] = -1
    return codes


def classify_categorical(*args: np.ndarray | float) -> pd.Categorical:
    """Quadrant ids as a pandas Categorical (cheap for millions of rows); missing where undefined."""
    return pd.Categorical.from_codes(np.atleast_1d(classify_codes(*args)), categories=list(QUADRANT_IDS))


def classify(
    importance: np.ndarray | float,
    implementation: np.ndarray | float,
    importance_line: np.ndarray | float = MIDPOINT,
    implementation_line: np.ndarray | float = MIDPOINT,
) -> np.ndarray:
    """Quadrant id of each (importance, implementation) point; ``None`` where either is missing.

    >>> classify(np.array([5.5, 9, 2]), np.array([5.49, 9, np.nan])).tolist()
    ['fokus', 'fortsaet', None]
    """
    codes = classify_codes(importance, implementation, importance_line, implementation_line)
    labels = np.array([*QUADRANT_IDS, None], dtype=object)
    return np.asarray(labels[codes], dtype=object)
