"""The results page's main content: the figures (drawn once and kept per process) and the view models.

The tables and key figures are :mod:`frisat.reporting.views.summary`'s view models (the report
uses the same builders), written in the page's language inside
:func:`frisat.web.results.texts.page_language`; this module picks what the page shows and how
many comments.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frisat.core.analysis import AnalysisResult
from frisat.core.panels import PanelStatistics
from frisat.reporting.figures import RASTER
from frisat.reporting.outputs import draw_figures
from frisat.reporting.panels import PanelSet
from frisat.reporting.views import summary
from frisat.reporting.views.model import FigureSpec, figure_spec
from frisat.reporting.views.summary import count_rows, has_values, key_figures, quadrant_overview, summary_tables
from frisat.web.common.figure_cache import FigureCache

__all__ = ["COMMENTS_PER_QUADRANT", "PageFigures", "comment_sections", "count_rows", "figure_spec", "has_values",
           "key_figures", "page_figures", "quadrant_overview", "summary_tables", "suppressed_text"]

COMMENTS_PER_QUADRANT = 25
"""Comments listed per spor and quadrant on the page (all are in resultater.xlsx)."""


def suppressed_text(k: int) -> str:
    return _("for få besvarelser (færre end %(k)d)") % {"k": k}


@dataclass(frozen=True)
class PageFigures:
    """The figures of the page (PNG embedded as data: URIs)."""

    guide: FigureSpec
    means: list[FigureSpec]
    scatters: list[FigureSpec]
    many_groups: bool
    """True when there are too many groups for one panel each: the figures show everybody."""

    @property
    def count(self) -> int:
        return 1 + len(self.means) + len(self.scatters)


_figure_cache: FigureCache[PageFigures] = FigureCache()


def figure_key(result: AnalysisResult, frame: pd.DataFrame) -> str:
    """A key that changes with anything the figures depend on: the analysed rows and the settings."""
    digest = hashlib.sha256(repr((result.instrument.id, result.by, result.config, tuple(frame.columns),
                                  get_language(), RASTER.get())).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def page_figures(result: AnalysisResult, frame: pd.DataFrame, stats: PanelStatistics) -> PageFigures:
    """The figures for the page: reading guide, spor means and one scatter per spor.

    Drawn by :func:`frisat.reporting.outputs.draw_figures` from the panel statistics the core
    computed once (:func:`frisat.core.results.compute`). With many groups, the report's dot charts
    (one row per group) are left out of the page — they take long to draw and the tables show the
    same means; the PDF has them. The last few results are kept in memory (per process), keyed by
    a hash of the analysed rows, so going back to a view does not draw it again.
    """
    return _figure_cache.get_or_draw(figure_key(result, frame), lambda: _draw_page_figures(result, stats))


def _draw_page_figures(result: AnalysisResult, stats: PanelStatistics) -> PageFigures:
    panels = PanelSet.of(stats)
    many = panels.many
    if many:
        panels = PanelSet(variable=None, result=panels.overall, overall=None, excluded=panels.excluded,
                          keys=["Alle"])
    groups = draw_figures(result, panels)
    return PageFigures(guide=figure_spec(groups.guide), means=[figure_spec(f) for f in groups.means],
                       scatters=[figure_spec(f) for f in groups.scatters], many_groups=many)


def comment_sections(result: AnalysisResult, comments: pd.DataFrame) -> list[summary.CommentSection]:
    """Comments per spor and quadrant (``comments``: the bundle's shown comments), at most
    :data:`COMMENTS_PER_QUADRANT` per quadrant."""
    return summary.comment_sections(result, comments, COMMENTS_PER_QUADRANT)
