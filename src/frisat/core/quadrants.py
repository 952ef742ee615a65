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
    id: str
    label: str
    importance_high: bool
    implementation_high: bool
    advice: str


# The advice texts quote seed 002's explanation of Figur 3.1 word for word.
QUADRANTS: tuple[Quadrant, ...] = (
    Quadrant("fokus", "Vigtigste fokusområde", True, False,
             "Endelig er indsatser, der falder i figurens nederste højre hjørne, vigtige at arbejde med, "
             "og samtidig er indsatsen i lav grad blevet implementeret. De indsatser bør derfor vurderes "
             "som de vigtigste at arbejde med og er det væsentligste fokusområde."),
    Quadrant("fortsaet", "Fortsæt det gode arbejde", True, True,
             "Ligger en indsats i figurens øverste højre hjørne, er indsatsens fokusområde vigtigt at "
             "arbejde med, men den er også i høj grad allerede blevet implementeret. Derfor bør det "
             "eksisterende arbejde fortsættes."),
    Quadrant("overimplementering", "Risiko for over-implementering", False, True,
             "Ligger en indsats i øverste venstre hjørne, er indsatsen i høj grad blevet implementeret, "
             "men fordi indsatsens fokus ikke vurderes som vigtigt, er der risiko for, at den er blevet "
             "over-implementeret."),
    Quadrant("lav_prioritet", "Lav prioritet", False, False,
             "Ligger den i nederste venstre hjørne, er indsatsen ikke implementeret og vurderes til ikke "
             "at være vigtig, hvorfor den har lav prioritet."),
)
QUADRANT_SOURCE = \
    "VIVE-notatet af Ulf Hjelmar og Lars Bo Pedersen, Figur 3.1 (inspireret af Van Ryzin og Immerwahr, 2007)"
QUADRANT_BY_ID = {q.id: q for q in QUADRANTS}
QUADRANT_LABELS = {q.id: q.label for q in QUADRANTS}


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
