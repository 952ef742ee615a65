"""Answers per day with the anonymity threshold, checked against a brute-force partition search."""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frisat.web.dashboard.daily import Period, merge_small_days, per_day

D0 = dt.date(2026, 12, 1)


def _days(counts):
    return [(D0 + dt.timedelta(days=i), n) for i, n in enumerate(counts)]


def _most_periods(values: tuple[int, ...], k: int) -> int:
    """Independent check: the largest number of consecutive groups, each with at least k answers
    (0 if the total is below k), by trying every split point."""

    @functools.cache
    def best(start: int) -> int:
        if start == len(values):
            return 0
        result = -1
        for end in range(start + 1, len(values) + 1):
            if sum(values[start:end]) >= k:
                rest = best(end)
                if rest >= 0:
                    result = max(result, 1 + rest)
        return result

    return max(best(0), 0) if values else 0


def test_small_days_are_joined():
    periods = merge_small_days(_days([1, 2, 0, 4, 6, 1]), k=3)
    assert periods == [Period(D0, D0 + dt.timedelta(days=1), 3), Period(D0 + dt.timedelta(days=3),
                                                                          D0 + dt.timedelta(days=3), 4),
                       Period(D0 + dt.timedelta(days=4), D0 + dt.timedelta(days=5), 7)]


def test_fewer_than_k_in_all_shows_nothing():
    assert merge_small_days(_days([1, 1, 1]), k=5) == []
    assert merge_small_days([], k=5) == []


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        merge_small_days(_days([3]), k=0)


@given(st.lists(st.integers(min_value=0, max_value=12), max_size=12), st.integers(min_value=1, max_value=10))
def test_every_period_reaches_k_and_nothing_is_lost(counts, k):
    days = _days(counts)
    periods = merge_small_days(days, k)
    total = sum(counts)
    if total < k:
        assert periods == []
        return
    assert all(p.answers >= k for p in periods)
    assert sum(p.answers for p in periods) == total
    # Periods are in order, do not overlap, and each one's count is the sum of its days (plain loop).
    for before, after in itertools.pairwise(periods):
        assert before.last < after.first
    for period in periods:
        assert period.answers == sum(n for day, n in days if period.first <= day <= period.last)
        assert dict(days)[period.first] > 0 and dict(days)[period.last] > 0
    # No finer split is possible: as many periods as the best partition into groups of at least k.
    assert len(periods) == _most_periods(tuple(n for n in counts if n), k)


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=15))
def test_per_day_is_the_days_with_answers(counts):
    periods = per_day(_days(counts))
    assert [(p.first, p.answers) for p in periods] == [(d, n) for d, n in _days(counts) if n]
