"""Answers per day for the overview's small chart, with the anonymity threshold applied.

Pure Python (no Django). In an anonymous round a day with fewer than ``k`` answers would show how
many people answered that day; :func:`merge_small_days` joins consecutive answer days into periods
of at least ``k`` answers each, and shows nothing per day if the round has fewer than ``k`` answers
in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    """Answers from ``first`` through ``last`` (one day when they are equal)."""

    first: dt.date
    last: dt.date
    answers: int


def per_day(counts: Iterable[tuple[dt.date, int]]) -> list[Period]:
    """One period per day with answers, in date order (days with zero answers left out)."""
    days: dict[dt.date, int] = {}
    for day, n in counts:
        if n < 0:
            raise ValueError("negative count")
        if n:
            days[day] = days.get(day, 0) + n
    return [Period(day, day, n) for day, n in sorted(days.items())]


def merge_small_days(counts: Iterable[tuple[dt.date, int]], k: int) -> list[Period]:
    """Consecutive answer days joined until each period has at least ``k`` answers.

    Greedy from the first day: a period closes as soon as it reaches ``k``; a last period below
    ``k`` is joined to the one before. Fewer than ``k`` answers in all: no periods.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    days = per_day(counts)
    periods: list[Period] = []
    first: dt.date | None = None
    total = 0
    for day in days:
        first = first or day.first
        total += day.answers
        if total >= k:
            periods.append(Period(first, day.last, total))
            first, total = None, 0
    if total:
        if not periods:
            return []
        last = periods.pop()
        periods.append(Period(last.first, days[-1].last, last.answers + total))
    return periods
