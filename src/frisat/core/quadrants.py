"""The importance–implementation quadrants (seed 002, Figur 3.1 and 3.2).

Importance is on the x-axis, implementation on the y-axis. A value exactly on a dividing line
counts as high (≥). The absolute lines are at the scale midpoint (5.5 on 1–10); the relative
lines are at the group's mean importance and mean implementation for the spor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIDPOINT = 5.5


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
QUADRANT_SOURCE = "VIVE, Figur 3.1 (inspireret af Van Ryzin og Immerwahr, 2007)"
QUADRANT_BY_ID = {q.id: q for q in QUADRANTS}
QUADRANT_LABELS = {q.id: q.label for q in QUADRANTS}


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
    x = np.asarray(importance, dtype=float)
    y = np.asarray(implementation, dtype=float)
    high_x = x >= importance_line
    high_y = y >= implementation_line
    out = np.where(
        high_x,
        np.where(high_y, "fortsaet", "fokus"),
        np.where(high_y, "overimplementering", "lav_prioritet"),
    ).astype(object)
    out[np.isnan(x) | np.isnan(y) | np.isnan(np.broadcast_to(importance_line, x.shape).astype(float))
        | np.isnan(np.broadcast_to(implementation_line, y.shape).astype(float))] = None
    return out
