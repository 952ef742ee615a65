"""Counting the statistics: how often the main analysis and each extended table run, by grouping."""

from __future__ import annotations

from collections import Counter

import pytest

from frisat.core import analysis, extended

TABLE_FUNCTIONS = ("_derived", "_relative", "_points", "_compare", "_changes", "_trend", "_positions", "_followup",
                   "_design")
"""The extended tables' functions, looked up in frisat.core.extended when its tables are computed."""


class Spy:
    """Counts the main analysis (``frisat.core.analysis.analyze``) and each extended table function by
    the grouping it is asked for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.analyses: Counter = Counter()
        self.tables: Counter = Counter()
        original = analysis.analyze

        def analyze(frame, instrument, by=(), config=None, *args, **kwargs):
            self.analyses[tuple(by)] += 1
            return original(frame, instrument, by, config, *args, **kwargs)

        monkeypatch.setattr(analysis, "analyze", analyze)
        for name in TABLE_FUNCTIONS:
            monkeypatch.setattr(extended, name, self._table(name, getattr(extended, name)))

    def _table(self, name, function):
        def spy(*args, **kwargs):
            by = args[2] if name not in ("_design", "_followup") and len(args) > 2 else None
            if name == "_followup":
                by = tuple(args[0].by)  # the scratch result's grouping
            self.tables[(name, tuple(by) if by is not None else None)] += 1
            return function(*args, **kwargs)
        return spy

    def assert_once(self) -> None:
        """Every grouping's analysis and every table × grouping ran exactly once (and something ran)."""
        assert self.analyses and max(self.analyses.values()) == 1, self.analyses
        assert self.tables and max(self.tables.values()) == 1, self.tables
