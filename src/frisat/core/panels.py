"""The statistics behind the figures' panels: one panel per value of the area variable (Figur 3.3–3.10).

The area variable is ``omraade`` when the analysis is grouped by it, else the first grouping
column, else one panel "Alle". Panel statistics come from :func:`frisat.core.analysis.analyze` run
on the area variable — or are the main analysis itself when it is grouped exactly so and hides
nobody. Respondents of groups that the main analysis suppressed (fewer than k) are left out of that
run for the spor in question, so no figure shows a point, a mean or an N that includes a suppressed
group. Computed once by :func:`frisat.core.results.compute`; :mod:`frisat.reporting.panels` draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np
import pandas as pd

from frisat.core import analysis
from frisat.core.analysis import AnalysisResult
from frisat.core.schema import ID_COLUMN

AREA_COLUMN = "omraade"
MAX_PANELS = 12


def area_variable(by: tuple[str, ...] | list[str]) -> str | None:
    """The variable that splits figures into panels."""
    if AREA_COLUMN in by:
        return AREA_COLUMN
    return by[0] if by else None


@dataclass(frozen=True)
class PanelStatistics:
    """Panel statistics for the figures.

    ``result`` is the analysis by the area variable (or by nothing). When there are more than
    :data:`MAX_PANELS` area values, ``overall`` is the analysis of everybody ("Alle") and the
    figures show that plus a dot chart of the area means. ``keys`` are the area values (as text, in
    the analysis' order; ``("Alle",)`` without an area variable).
    """

    variable: str | None
    result: AnalysisResult
    overall: AnalysisResult | None
    excluded: Mapping[str, int]
    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "excluded", MappingProxyType(dict(self.excluded)))
        object.__setattr__(self, "keys", tuple(self.keys))

    @property
    def many(self) -> bool:
        return self.overall is not None

    @cached_property
    def points(self) -> Points:
        """The respondents' points of the analysis the scatter figures show (indexed once)."""
        source = self.overall if self.overall is not None else self.result
        by = [] if self.overall is not None else ([self.variable] if self.variable else [])
        return Points(source, by)


class Points:
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


def masked_frame(result: AnalysisResult, frame: pd.DataFrame, variable: str | None) -> tuple[
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


def panel_statistics(result: AnalysisResult, frame: pd.DataFrame) -> PanelStatistics:
    """Compute the panel statistics (reusing ``result`` when it is already by the area variable and
    hides nobody)."""
    variable = area_variable(result.by)
    by = [variable] if variable else []
    narrow, excluded = masked_frame(result, frame, variable)
    hidden_any = any(excluded.values())
    if list(result.by) == by and not hidden_any:
        by_area = result
    else:
        by_area = analysis.analyze(narrow, result.instrument, by=by, config=result.config)
    keys = [str(v) for v in by_area.counts[variable]] if variable else ["Alle"]
    overall = None
    if variable and len(keys) > MAX_PANELS:
        overall = analysis.analyze(narrow, result.instrument, by=[], config=result.config)
    return PanelStatistics(variable=variable, result=by_area, overall=overall, excluded=excluded, keys=keys)


__all__ = ["AREA_COLUMN", "MAX_PANELS", "PanelStatistics", "Points", "area_variable", "masked_frame",
           "panel_statistics"]
