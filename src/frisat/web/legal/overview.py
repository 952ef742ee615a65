"""The political follow group's overview page (issue 15 item 6): one page per kommune, HTML and PDF.

Barometer placements come from the results pipeline (the disclosure rules applied, as on the results
page: nothing below the threshold, no comments, no respondent rows); the register's summary from the
audits app; legal quality from the latest snapshot. Readers («læser») see this page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language

from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.legal import schema as s
from frisat.core.legal.compare import trend as trend_table
from frisat.reporting import overview as vm
from frisat.reporting.cases.outputs import change_sentences
from frisat.reporting.legal import report
from frisat.reporting.legal.codes import APPEALS_ONLY_QUOTE, gloss, snapshot_line
from frisat.reporting.legal.figures import trend_figure
from frisat.web.audits.selectors import register_counts
from frisat.web.common.figure_cache import FigureCache
from frisat.web.evaluations.models import Evaluation
from frisat.web.evaluations.selectors import case_input
from frisat.web.legal import selectors, services
from frisat.web.legal.forms import PeriodForm
from frisat.web.legal.views import _attachment, _municipality, in_page_language, pdf_bytes, synthetic_note
from frisat.web.organisations.models import Municipality
from frisat.web.rounds.models import Round

_SUMMARIES: FigureCache[Any] = FigureCache(size=64)
"""Each round's barometer summary (disclosure rules applied), per process, keyed by the round's data version."""
_LEGAL_FIGURES: FigureCache[dict[str, str]] = FigureCache()
"""The overview's legal trend figure per snapshot, kommune, comparison group and language."""


def _round_summary(round_: Round) -> Any:
    from frisat.web.results.figure_links import data_version
    from frisat.web.results.pipeline import Choices, prepare

    choices = Choices(rounds=[round_], group_by="omraade")

    def compute() -> Any:
        try:
            prepared = prepare(choices)
        except FrisatError:
            return None
        analysis = prepared.bundle.analysis
        if not prepared.allowed or analysis is None:
            return None
        return analysis.summary[["omraade", "spor", "quadrant_absolute", "suppressed"]]

    return _SUMMARIES.get_or_draw(("barometer", repr(data_version(choices))), compute)


def barometer(municipality: Municipality, period: tuple[int, int] | None = None) -> vm.Table:
    """Every wave of the barometer (oldest first) in ``period`` (first and last year; all when None)."""
    rounds = list(selectors.rounds_over_time(municipality))
    if period is not None:
        rounds = [m for m in rounds if period[0] <= m.opens_at.year <= period[1]]
    titles: dict[str, str] = {}
    for m in rounds:
        for section in get_instrument(m.instrument_id).spor:
            titles.setdefault(section.id, section.label)
    waves = [(f"{m.name} ({date_format(m.opens_at, 'SHORT_DATE_FORMAT')})", _round_summary(m)) for m in rounds]
    return vm.barometer_table(waves, titles)


def register(municipality: Municipality) -> vm.Table:
    total = register_counts(municipality)[-1]  # the «i alt» row
    return vm.register_table(selectors.register_by_year(municipality), total.removed, total.before)


def effects(municipality: Municipality) -> vm.Table:
    """The municipality's evaluations with case registrations (issue 14), worded by reporting."""
    found = []
    for evaluation in Evaluation.objects.filter(municipality=municipality).order_by("name"):
        data = case_input(evaluation)
        if data is not None:
            found.append((evaluation.name, change_sentences(data)))
    return vm.effects_table(found)


def legal(municipality: Municipality) -> dict[str, Any]:
    snapshot = services.latest_snapshot()
    settings = services.settings_for(municipality)
    trend = None
    if snapshot is not None and settings.talportal_name:
        result = services.rates(snapshot)
        if settings.talportal_name in set(result.rates[s.KOMMUNE]):
            trend = trend_table(result.rates, settings.talportal_name, list(settings.comparison_group))
    figure = None
    if trend is not None and len(trend):
        key = (snapshot.pk, snapshot.sha256, settings.talportal_name, tuple(settings.comparison_group), get_language())
        figure = _LEGAL_FIGURES.get_or_draw(key, lambda: report.figure_data(
            trend_figure(trend, settings.talportal_name, s.ALL_AREAS)))
    return {"table": vm.legal_table(trend, s.ALL_AREAS), "figure": figure, "caveat": APPEALS_ONLY_QUOTE,
            "caveat_gloss": gloss(APPEALS_ONLY_QUOTE),
            "snapshot": snapshot_line(services.meta(snapshot)) if snapshot else "",
            "synthetic": synthetic_note(snapshot) if snapshot else "", "name": settings.talportal_name}


def context(municipality: Municipality, period: tuple[int, int] | None = None) -> dict[str, Any]:
    return {"municipality": municipality, "quote": vm.SEED_004_QUOTE,
            "tables": [barometer(municipality, period), register(municipality), effects(municipality)],
            "legal": legal(municipality)}


@login_required
@in_page_language
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, pk)
    form = PeriodForm(request.GET or None, years=selectors.round_years(municipality))
    ctx = context(municipality, form.period())
    ctx["period"] = form.period()
    if request.GET.get("format") == "pdf":
        html = render_to_string("legal/overview_pdf.html", ctx, request=request)
        return _attachment(pdf_bytes(html), "pdf", f"overblik {municipality.name}.pdf")
    query = request.GET.copy()
    query["format"] = "pdf"
    return render(request, "legal/overview.html", {**ctx, "period_form": form, "pdf_query": query.urlencode()})
