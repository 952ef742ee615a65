"""The results page's section for item results (issue 14 item 2): any instrument's questions answer
by answer — a round with the built-in evaluation instrument, or a barometer round's extra questions.

Everything comes from :mod:`frisat.reporting`: the chapter's view model
(:func:`~frisat.reporting.item_report.build_items_context`) and its stacked/diverging bar figures
(:func:`~frisat.reporting.item_outputs.item_figures_for`), both from the bundle's item tables
(:attr:`ResultBundle.items <frisat.core.results.ResultBundle.items>`), which the core audited with the
same disclosure rules as the rest of the page. Nothing is computed here.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from django.utils.translation import get_language

from frisat.core.results import ResultBundle
from frisat.reporting.figures import RASTER, FigureOutput
from frisat.reporting.item_outputs import item_figures_for
from frisat.reporting.item_report import build_items_context
from frisat.web.common.figure_cache import FigureCache
from frisat.web.results.sections import Section

SLUG = "spoergsmaal"
"""The section's anchor (the report's chapter has the same id)."""

_cache: FigureCache[list[FigureOutput]] = FigureCache()


def _key(bundle: ResultBundle, first_number: int) -> str:
    items = bundle.items
    assert items is not None and bundle.instrument is not None
    digest = hashlib.sha256(repr((bundle.instrument.id, bundle.min_n, first_number, tuple(items.columns),
                                  get_language(), RASTER.get())).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(items.astype("string"), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def has_items(bundle: ResultBundle) -> bool:
    return bundle.allowed and bundle.items is not None and not bundle.items.empty and bundle.instrument is not None


def items_section(bundle: ResultBundle, first_number: int = 1) -> Section | None:
    """The section «Svar spørgsmål for spørgsmål», or None when the bundle has no item tables.

    Built inside :func:`~frisat.web.results.texts.page_language` (texts in the page's language).
    Figures are numbered from ``first_number`` and kept per process like the page's other figures.
    """
    if not has_items(bundle):
        return None
    figures = _cache.get_or_draw(_key(bundle, first_number), lambda: item_figures_for(bundle, first_number))
    context = build_items_context(bundle.items, bundle.item_changes, bundle.instrument, bundle.min_n, figures)
    return Section(SLUG, context["title"], "results/sections/items.html",
                   {"items": context, "figures": context["figures"]})
