"""The panels of the figures: one per value of the area variable (Figur 3.3–3.10).

The area variable is ``omraade`` when the analysis is grouped by it, else the first grouping
column, else one panel "Alle". Panel statistics come from :mod:`frisat.core.panels` (computed
once by :func:`frisat.core.results.compute`); this module only arranges them for drawing.
Respondents of groups that the main analysis suppressed (fewer than k)
are left out of that run for the spor in question, so no figure shows a point, a mean or an N
that includes a suppressed group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from frisat.core.analysis import UNCERTAINTY_COLUMNS, AnalysisResult
from frisat.core.panels import AREA_COLUMN, MAX_PANELS, PanelStatistics, Points, area_variable, panel_statistics
from frisat.reporting import labels

__all__ = ["AREA_COLUMN", "MAX_PANELS", "Panel", "PanelSet", "area_variable", "panel_set"]


@dataclass
class Panel:
    """One panel of one spor: its title, N, means and the respondents' points."""

    key: str
    title: str
    n: int | None
    suppressed: bool
    impl_mean: float = float("nan")
    vigt_mean: float = float("nan")
    x: np.ndarray = field(default_factory=lambda: np.empty(0))
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    intervals: dict[str, object] = field(default_factory=dict)
    """The panel mean's confidence intervals and ``quadrant_certain`` (summary columns, for error bars)."""

    @property
    def small(self) -> bool:
        return not self.suppressed and (self.n or 0) < labels.SMALL_N


@dataclass
class PanelSet:
    """Panel statistics for the figures (:class:`frisat.core.panels.PanelStatistics`, computed once
    by :func:`frisat.core.results.compute`), with the area values in the figures' order.

    ``result`` is the analysis by the area variable (or by nothing). When there are more than
    :data:`MAX_PANELS` area values, ``overall`` is the analysis of everybody ("Alle") and the
    figures show that plus a dot chart of the area means.
    """

    variable: str | None
    result: AnalysisResult
    overall: AnalysisResult | None
    excluded: Mapping[str, int]
    keys: list[str]
    _points: Points | None = field(default=None, repr=False)

    @classmethod
    def of(cls, stats: PanelStatistics) -> PanelSet:
        """The figures' view of the core's panel statistics (no computation but sorting the keys)."""
        keys = sorted(stats.keys, key=labels.area_sort_key) if stats.variable else list(stats.keys)
        return cls(variable=stats.variable, result=stats.result, overall=stats.overall, excluded=stats.excluded,
                   keys=keys, _points=stats.points)

    @property
    def many(self) -> bool:
        return self.overall is not None

    @property
    def label(self) -> str:
        return labels.column_label(self.variable) if self.variable else "Alle"

    def panels(self, spor: str) -> list[Panel]:
        """The panels of one spor for the scatter figures (one ``Alle`` panel when there are many)."""
        source = self.overall if self.overall is not None else self.result
        by = [] if self.overall is not None else ([self.variable] if self.variable else [])
        if self._points is None:
            self._points = Points(source, by)
        return _panels(source, by, spor, self._points)

    def area_rows(self, spor: str) -> pd.DataFrame:
        """Summary rows of one spor, one per area value (for dot charts and means figures)."""
        summary = self.result.summary
        return summary[summary["spor"] == spor].reset_index(drop=True)


def _panels(result: AnalysisResult, by: list[str], spor: str, points: Points) -> list[Panel]:
    summary = result.summary[result.summary["spor"] == spor]
    if by:
        summary = summary.sort_values(by[0], key=lambda col: col.map(labels.area_sort_key), kind="stable")
    rows_by_panel = points.by_panel(spor)
    panels = []
    for record in summary.to_dict("records"):
        key = str(record[by[0]]) if by else "Alle"
        suppressed = bool(record["suppressed"])
        n = None if suppressed or labels.is_missing(record["n"]) else int(record["n"])
        panel = Panel(key=key, title=labels.value_label(key), n=n, suppressed=suppressed)
        if not suppressed:
            panel.impl_mean = float(record["impl_mean"])
            panel.vigt_mean = float(record["vigt_mean"])
            panel.intervals = {c: record.get(c) for c in UNCERTAINTY_COLUMNS}
            rows = rows_by_panel.get(key, np.empty(0, dtype=np.int64))
            panel.x, panel.y = points.x[rows], points.y[rows]
        panels.append(panel)
    return panels


def panel_set(result: AnalysisResult, frame: pd.DataFrame) -> PanelSet:
    """:func:`frisat.core.panels.panel_statistics` drawn as a :class:`PanelSet` — for tests and scripts;
    the outputs take the panels of :func:`frisat.core.results.compute`'s bundle."""
    return PanelSet.of(panel_statistics(result, frame))
