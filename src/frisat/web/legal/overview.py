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

from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.core.legal import schema as s
from frisat.core.legal.compare import trend as trend_table
from frisat.reporting import overview as vm
from frisat.reporting.cases.outputs import change_sentences
from frisat.reporting.legal.codes import APPEALS_ONLY_QUOTE, snapshot_line
from frisat.web.audits.selectors import municipality_burden, register_counts
from frisat.web.evaluations.models import Evaluation
from frisat.web.evaluations.selectors import case_input
from frisat.web.legal import services
from frisat.web.legal.views import _attachment, _municipality, pdf_bytes, synthetic_note
from frisat.web.organisations.models import Municipality
from frisat.web.rounds.models import Round


def _round_summary(round_: Round) -> Any:
    from frisat.web.results.pipeline import Choices, prepare

    try:
        prepared = prepare(Choices(rounds=[round_], group_by="omraade"))
    except FrisatError:
        return None
    analysis = prepared.bundle.analysis
    if not prepared.allowed or analysis is None:
        return None
    return analysis.summary[["omraade", "spor", "quadrant_absolute", "suppressed"]]


def barometer(municipality: Municipality) -> vm.Table:
    rounds = list(Round.objects.filter(municipality=municipality).order_by("opens_at", "pk")[:6])
    titles: dict[str, str] = {}
    for m in rounds:
        for section in get_instrument(m.instrument_id).spor:
            titles.setdefault(section.id, section.label)
    return vm.barometer_table([(m.name, _round_summary(m)) for m in rounds], titles)


def register(municipality: Municipality) -> vm.Table:
    burden = municipality_burden(municipality, by="omraade")
    total = register_counts(municipality)[-1]  # the «i alt» row
    return vm.register_table(burden, total.removed, total.before)


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
    return {"table": vm.legal_table(trend, s.ALL_AREAS), "caveat": APPEALS_ONLY_QUOTE,
            "snapshot": snapshot_line(services.meta(snapshot)) if snapshot else "",
            "synthetic": synthetic_note(snapshot) if snapshot else "", "name": settings.talportal_name}


def context(municipality: Municipality) -> dict[str, Any]:
    return {"municipality": municipality, "quote": vm.SEED_004_QUOTE,
            "tables": [barometer(municipality), register(municipality), effects(municipality)],
            "legal": legal(municipality)}


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, pk)
    ctx = context(municipality)
    if request.GET.get("format") == "pdf":
        html = render_to_string("legal/overview_pdf.html", ctx, request=request)
        return _attachment(pdf_bytes(html), "pdf", f"overblik {municipality.name}.pdf")
    return render(request, "legal/overview.html", ctx)
