"""The figures of the extended sections, drawn by frisat.reporting exactly as in the report.

:attr:`ResultBundle.overview <frisat.core.results.ResultBundle.overview>` holds the extended
tables for everybody the page shows, as one group, and
:func:`~frisat.reporting.report_extended.draw_extended` draws them
(derived and relative importance, points, group differences, arrows between waves, trend). Like
the page's other figures they are kept in memory per process, keyed by a hash of the analysed rows
and the settings, so going back to a view does not draw them again.
"""

from __future__ import annotations

import dataclasses
import hashlib

import pandas as pd

from frisat.core.analysis import AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.reporting.figures import FigureOutput
from frisat.reporting.report_extended import draw_extended
from frisat.reporting.views.model import FigureSpec, figure_spec
from frisat.web.common.figure_cache import FigureCache
from frisat.web.results.pipeline import Prepared
from frisat.web.results.presentation import figure_key

SECTION_OF_FIGURE = {"afledt_vigtighed": "afledt-vigtighed", "relativ_vigtighed": "relativ-vigtighed",
                     "point": "point", "gruppeforskelle": "grupper", "pile": "boelger", "udvikling": "boelger"}
"""The page section (anchor) of each figure of ``draw_extended`` (by the figure's slug)."""

_cache: FigureCache[list[tuple[str, FigureSpec]]] = FigureCache()


def _section(figure: FigureOutput, kind: str) -> str | None:
    if figure.slug in SECTION_OF_FIGURE:
        return SECTION_OF_FIGURE[figure.slug]
    return {"groups": "grupper", "waves": "boelger"}.get(kind)


def _draw(result: AnalysisResult, extended: ExtendedResult, prepared: Prepared) -> list[tuple[str, FigureSpec]]:
    figures = draw_extended(result, prepared.bundle.overview)
    drawn = []
    for kind, group in (("importance", figures.importance), ("groups", figures.groups), ("waves", figures.waves)):
        for figure in group:
            section = _section(figure, kind)
            if section is not None:
                drawn.append((section, figure_spec(figure)))
    return drawn


def section_figures(result: AnalysisResult, extended: ExtendedResult, prepared: Prepared,
                    first_number: int = 1) -> dict[str, list[FigureSpec]]:
    """Section anchor → its figures, numbered from ``first_number`` in page order."""
    digest = hashlib.sha256(figure_key(result, prepared.extended_frame).encode("ascii"))
    digest.update(repr((extended.config, extended.by, extended.waves, prepared.wave_frame is None)).encode("utf-8"))
    if prepared.wave_frame is not None:
        digest.update(pd.util.hash_pandas_object(prepared.wave_frame, index=False).to_numpy().tobytes())
    drawn = _cache.get_or_draw(digest.hexdigest(), lambda: _draw(result, extended, prepared))
    out: dict[str, list[FigureSpec]] = {}
    for number, (section, figure) in enumerate(drawn, start=first_number):
        out.setdefault(section, []).append(dataclasses.replace(figure, number=number,
                                                               slug=f"figur_{number:02d}_{figure.slug}"))
    return out
