"""The panels of the figures: one per value of the area variable (Figur 3.3–3.10).

The area variable is ``omraade`` when the analysis is grouped by it, else the first grouping
column, else one panel "Alle". Panel statistics come from :func:`frisat.core.analysis.analyze`
run on the area variable. Respondents of groups that the main analysis suppressed (fewer than k)
are left out of that run for the spor in question, so no figure shows a point, a mean or an N
that includes a suppressed group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from frisat.core.analysis import UNCERTAINTY_COLUMNS, AnalysisResult, analyze
from frisat.core.schema import ID_COLUMN
from frisat.reporting import labels

AREA_COLUMN = "omraade"
MAX_PANELS = 12


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
    """Panel statistics for the figures.

    ``result`` is the analysis by the area variable (or by nothing). When there are more than
    :data:`MAX_PANELS` area values, ``overall`` is the analysis of everybody ("Alle") and the
    figures show that plus a dot chart of the area means.
    """

    variable: str | None
    result: AnalysisResult
    overall: AnalysisResult | None
    excluded: dict[str, int]
    keys: list[str]
    _points: _Points | None = field(default=None, repr=False)

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
            self._points = _Points(source, by)
        return _panels(source, by, spor, self._points)

    def area_rows(self, spor: str) -> pd.DataFrame:
        """Summary rows of one spor, one per area value (for dot charts and means figures)."""
        summary = self.result.summary
        return summary[summary["spor"] == spor].reset_index(drop=True)


def area_variable(by: tuple[str, ...] | list[str]) -> str | None:
    """The variable that splits figures into panels."""
    if AREA_COLUMN in by:
        return AREA_COLUMN
    return by[0] if by else None


class _Points:
    """The respondents' points of one analysis as NumPy arrays, indexed once for every spor."""

    def __init__(self, result: AnalysisResult, by: list[str]) -> None:
        respondents = result.respondents
        spor = respondents["spor"]
        if not isinstance(spor.dtype, pd.CategoricalDtype):
            spor = spor.astype(pd.CategoricalDtype(result.spor))
        self.spor_codes = {s: i for i, s in enumerate(spor.cat.categories)}
        self.codes = spor.cat.codes.to_numpy()
        self.x = respondents["vigt_index"].to_numpy(dtype=float)
        self.y = respondents["impl_index"].to_numpy(dtype=float)
        self.valid = ~(np.isnan(self.x) | np.isnan(self.y))
        self.area: np.ndarray | None = None
        self.area_values: list[str] = []
        if by:
            codes, uniques = pd.factorize(respondents[by[0]])
            self.area = codes
            self.area_values = [str(v) for v in uniques]

    def by_panel(self, spor: str) -> dict[str, np.ndarray]:
        """Row positions of the valid points of one spor, per panel value (``Alle`` without panels)."""
        rows = np.flatnonzero((self.codes == self.spor_codes.get(spor, -1)) & self.valid)
        if self.area is None:
            return {"Alle": rows}
        codes = self.area[rows]
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(self.area_values) + 1))
        return {value: rows[order[bounds[i]:bounds[i + 1]]] for i, value in enumerate(self.area_values)}


def _panels(result: AnalysisResult, by: list[str], spor: str, points: _Points) -> list[Panel]:
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


def _masked_frame(result: AnalysisResult, frame: pd.DataFrame, variable: str | None) -> tuple[
    pd.DataFrame, dict[str, int]
]:
    """The columns the panel analysis needs, with suppressed respondents' answers blanked per spor."""
    inst = result.instrument
    item_columns = {s: [c for d in ("impl", "vigt") for c in inst.item_columns(s, d)] for s in result.spor}
    keep = [ID_COLUMN, *([variable] if variable else []),
            *[c for cols in item_columns.values() for c in cols if c in frame.columns]]
    narrow = frame[keep]
    excluded: dict[str, int] = {}
    respondents = result.respondents
    n = len(frame)
    ids = None
    for i, spor in enumerate(result.spor):
        block = respondents.iloc[i * n:(i + 1) * n]
        if len(block) != n or (block["spor"] != spor).any():
            block = respondents[respondents["spor"] == spor]
        hidden = block["suppressed"].to_numpy(dtype=bool)
        excluded[spor] = int(hidden.sum())
        if not hidden.any():
            continue
        if not np.array_equal(block[ID_COLUMN].to_numpy(), frame[ID_COLUMN].to_numpy()):
            ids = ids if ids is not None else pd.Index(frame[ID_COLUMN])
            positions = ids.get_indexer(block[ID_COLUMN][hidden])
            hidden = np.zeros(n, dtype=bool)
            hidden[positions[positions >= 0]] = True
        for col in item_columns[spor]:
            if col in narrow.columns:
                values = narrow[col].to_numpy(dtype=float, copy=True)
                values[hidden] = np.nan
                narrow[col] = values
    return narrow, excluded


def panel_set(result: AnalysisResult, frame: pd.DataFrame) -> PanelSet:
    """Compute the panel statistics (reusing ``result`` when it is already by the area variable)."""
    variable = area_variable(result.by)
    by = [variable] if variable else []
    narrow, excluded = _masked_frame(result, frame, variable)
    hidden_any = any(excluded.values())
    if list(result.by) == by and not hidden_any:
        by_area = result
    else:
        by_area = analyze(narrow, result.instrument, by=by, config=result.config)
    keys = sorted((str(v) for v in by_area.counts[variable]), key=labels.area_sort_key) if variable else ["Alle"]
    overall = None
    if variable and len(keys) > MAX_PANELS:
        overall = analyze(narrow, result.instrument, by=[], config=result.config)
    return PanelSet(variable=variable, result=by_area, overall=overall, excluded=excluded, keys=keys)
