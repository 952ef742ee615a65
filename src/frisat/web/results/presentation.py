"""The results page's content from an AnalysisResult: formatting and selection only.

Every number comes from :mod:`frisat.core` (the AnalysisResult); the figures are drawn by
:mod:`frisat.reporting`. This module formats values (in Danish notation, or the page's language inside
:func:`frisat.web.results.texts.page_language`) and lays them out.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frisat.core.analysis import AnalysisResult
from frisat.core.followup import shown_comments
from frisat.core.panels import PanelStatistics
from frisat.core.quadrants import QUADRANTS
from frisat.reporting import labels
from frisat.reporting.figures import FigureOutput
from frisat.reporting.outputs import draw_figures
from frisat.reporting.panels import PanelSet
from frisat.reporting.report import comment_quadrants
from frisat.web.common.figure_cache import FigureCache

COMMENTS_PER_QUADRANT = 25
"""Comments listed per spor and quadrant on the page (all are in resultater.xlsx)."""

VALUE_COLUMNS = ("impl_mean", "impl_sd", "impl_median", "impl_alpha",
                 "vigt_mean", "vigt_sd", "vigt_median", "vigt_alpha", "gap")


def suppressed_text(k: int) -> str:
    return _("for få besvarelser (færre end %(k)d)") % {"k": k}


@dataclass(frozen=True)
class PageFigures:
    """The figures of the page as template dicts (PNG embedded as data: URIs)."""

    guide: dict[str, Any]
    means: list[dict[str, Any]]
    scatters: list[dict[str, Any]]
    many_groups: bool
    """True when there are too many groups for one panel each: the figures show everybody."""

    @property
    def count(self) -> int:
        return 1 + len(self.means) + len(self.scatters)


_figure_cache: FigureCache[PageFigures] = FigureCache()


def figure_key(result: AnalysisResult, frame: pd.DataFrame) -> str:
    """A key that changes with anything the figures depend on: the analysed rows and the settings."""
    digest = hashlib.sha256(repr((result.instrument.id, result.by, result.config, tuple(frame.columns),
                                  get_language())).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def page_figures(result: AnalysisResult, frame: pd.DataFrame, stats: PanelStatistics) -> PageFigures:
    """The figures for the page: reading guide, spor means and one scatter per spor.

    Drawn by :func:`frisat.reporting.outputs.draw_figures`. With many groups, the report's dot
    charts (one row per group) are left out of the page — they take long to draw and the tables show
    the same means; the PDF has them. The last few results are kept in memory (per process), keyed
    by a hash of the analysed rows, so going back to a view does not draw it again.
    """
    return _figure_cache.get_or_draw(figure_key(result, frame), lambda: _draw_page_figures(result, stats))


def _draw_page_figures(result: AnalysisResult, stats: PanelStatistics) -> PageFigures:
    panels = PanelSet.of(stats)  # computed once by frisat.core.results.compute
    many = panels.many
    if many:
        panels = PanelSet(variable=None, result=panels.overall, overall=None, excluded=panels.excluded,
                          keys=["Alle"])
    groups = draw_figures(result, panels)
    return PageFigures(guide=figure_dict(groups.guide), means=[figure_dict(f) for f in groups.means],
                       scatters=[figure_dict(f) for f in groups.scatters], many_groups=many)


def figure_dict(figure: FigureOutput) -> dict[str, Any]:
    return {"number": figure.number, "title": figure.title, "alt": figure.alt, "notes": list(figure.notes),
            "cautions": list(figure.cautions), "slug": figure.slug,
            "src": "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii")}


@dataclass
class SummaryTable:
    spor: str
    title: str
    rows: list[dict[str, Any]]


def count_rows(result: AnalysisResult) -> list[dict[str, Any]]:
    rows = []
    for record in result.counts.to_dict("records"):
        suppressed = bool(record["suppressed"])
        n = int(record["respondents"])
        rows.append({"groups": [labels.value_label(record[c]) for c in result.by] or [_("Alle")],
                     "suppressed": suppressed, "n": None if suppressed else labels.fmt_int(n),
                     "small": not suppressed and n < labels.SMALL_N})
    return rows


def summary_tables(result: AnalysisResult) -> list[SummaryTable]:
    spor_names = labels.spor_labels(result.instrument)
    tables = []
    for spor in result.spor:
        part = result.summary[result.summary["spor"] == spor]
        rows = []
        for r in part.to_dict("records"):
            suppressed = bool(r["suppressed"])
            row: dict[str, Any] = {"groups": [labels.value_label(r[c]) for c in result.by] or [_("Alle")],
                                   "suppressed": suppressed}
            if not suppressed:
                n = int(r["n"])
                quadrant = r["quadrant_absolute"]
                row.update(n=labels.fmt_int(n), small=n < labels.SMALL_N,
                           uncertain=labels.is_uncertain(r.get("quadrant_certain")),
                           values=[labels.fmt_num(r[c]) for c in VALUE_COLUMNS],
                           quadrant="" if labels.is_missing(quadrant) else labels.quadrant_label(quadrant))
            rows.append(row)
        tables.append(SummaryTable(spor, spor_names[spor], rows))
    return tables


def comment_sections(result: AnalysisResult) -> list[dict[str, Any]]:
    """Comments per spor and quadrant (only groups the summary shows; already escaped by Django)."""
    comments = shown_comments(result)
    spor_names = labels.spor_labels(result.instrument)
    sections = []
    for spor in result.spor:
        part = comments[(comments["spor"] == spor).to_numpy()] if not comments.empty else comments
        blocks = []
        if not part.empty:
            # placement: the respondent's own quadrant, or his group's when he lacks one (split designs)
            for qid, sub, placed_by_group in comment_quadrants(part):
                label = labels.quadrant_label(qid) if qid else labels.no_quadrant()
                items = []
                # spread over the list (it is sorted by group and text), not just the first groups
                chosen = np.unique(np.linspace(0, len(sub) - 1, min(len(sub), COMMENTS_PER_QUADRANT))
                                   .round().astype(int))
                for record in sub.iloc[chosen].to_dict("records"):
                    group = labels.group_name([record[c] for c in result.by]) if result.by else ""
                    items.append({"text": str(record["comment"]), "group": group})
                blocks.append({"label": label, "items": items, "total": len(sub), "more": len(sub) - len(items),
                               "by_group": placed_by_group, "all_by_group": placed_by_group == len(sub)})
        sections.append({"spor": spor, "title": spor_names[spor], "total": len(part), "quadrants": blocks})
    return sections


def key_figures(result: AnalysisResult) -> dict[str, Any]:
    counts = result.counts
    shown = counts[~counts["suppressed"].to_numpy(dtype=bool)]
    return {
        "n_respondents": labels.fmt_int(result.n_respondents),
        "n_groups": labels.fmt_int(len(counts)),
        "n_groups_shown": labels.fmt_int(len(shown)),
        "n_groups_hidden": int(len(counts) - len(shown)),
        "k": result.config.min_n,
    }


def quadrant_overview(result: AnalysisResult) -> list[dict[str, Any]]:
    """Per quadrant: the spor (of shown groups) whose group means lie in it — for the key figures."""
    summary = result.summary
    shown = summary[~summary["suppressed"].to_numpy(dtype=bool)]
    spor_names = labels.spor_labels(result.instrument)
    out = []
    quadrant = shown["quadrant_absolute"].astype("string").fillna("").to_numpy()  # a group without a placement
    for q in QUADRANTS:
        rows = shown[quadrant == q.id]
        names = []
        for record in rows.to_dict("records"):
            where = labels.group_name([record[c] for c in result.by]) if result.by else ""
            names.append(f"{spor_names[record['spor']]}" + (f" ({where})" if where else ""))
        out.append({"label": labels.quadrant_label(q.id), "count": len(rows), "names": names[:12],
                    "more": max(0, len(names) - 12)})
    return out


def has_values(result: AnalysisResult) -> bool:
    return bool(np.any(~result.summary["suppressed"].to_numpy(dtype=bool)))
