"""The questionnaire as a respondent sees it, for staff: page by page, without a link, storing nothing.

The survey's own forms and templates are used with ``preview`` set in the context (the templates
then link to these views and show no submit button). A POST is validated like the respondent's
and only moves to the next or previous page: no :class:`Draft`, :class:`Response` or
:class:`PendingResponse` is written, and the answers typed are not kept between pages.
In a split design ``?dimension=impl`` or ``vigt`` shows what a respondent asked one dimension sees.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from frisat.core.instrument import get_instrument
from frisat.web.rounds.models import Respondent, Round
from frisat.web.rounds.selectors import visible_rounds
from frisat.web.survey.forms import AllocationForm, SectionForm, page_count, review_sections
from frisat.web.survey.views import GET_ONLY, GET_OR_POST, _allocation_context, _context, _intro_text, _render


def _round_and_respondent(request: HttpRequest, pk: int) -> tuple[Round, Respondent, str]:
    round = get_object_or_404(visible_rounds(request.user), pk=pk)
    dimension = request.GET.get("dimension", "") if round.is_split else ""
    dimension = dimension if dimension in ("impl", "vigt") else ""
    return round, Respondent(round=round, group=(round.groups or [""])[0], dimension=dimension), dimension


def _url(name: str, pk: int, dimension: str, *args: object) -> str:
    url = reverse(f"rounds:{name}", args=[pk, *args])
    return f"{url}?dimension={dimension}" if dimension else url


def _preview_context(round: Round, dimension: str) -> dict[str, object]:
    return {"preview": True, "preview_query": f"?dimension={dimension}" if dimension else "",
            "detail_url": reverse("rounds:detail", args=[round.pk])}


@never_cache
@login_required
@GET_ONLY
def intro(request: HttpRequest, pk: int) -> HttpResponse:
    round, respondent, dimension = _round_and_respondent(request, pk)
    instrument = get_instrument(round.instrument_id)
    with translation.override(instrument.language):
        intro_text = _intro_text(instrument, dimension or None)
    context = _context(None, respondent, instrument, 1, page_count=page_count(instrument, dimension or None),
                       has_dont_know=any(s.dont_know for s in instrument.scales.values()), intro_text=intro_text,
                       **_preview_context(round, dimension))
    return _render(request, "survey/intro.html", context, instrument=instrument)


@never_cache
@login_required
@GET_OR_POST
def page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A question page; a valid POST only moves on or back (nothing is saved)."""
    round, respondent, dimension = _round_and_respondent(request, pk)
    instrument = get_instrument(round.instrument_id)
    pages = page_count(instrument, dimension or None)
    if not 1 <= number <= pages:
        return HttpResponseRedirect(_url("preview", pk, dimension))
    posted = request.method == "POST"
    allocation = number > len(instrument.sections)
    section = None if allocation else instrument.sections[number - 1]
    if allocation:
        form = AllocationForm(instrument, data=request.POST if posted else None)
    else:
        form = SectionForm(instrument, section, data=request.POST if posted else None, dimension=dimension or None)
    if posted and form.is_valid():
        target = number - 1 if request.POST.get("action") == "prev" else number + 1
        if target <= 0:
            return HttpResponseRedirect(_url("preview", pk, dimension), status=303)
        if target > pages:
            return HttpResponseRedirect(_url("preview_review", pk, dimension), status=303)
        return HttpResponseRedirect(_url("preview_page", pk, dimension, target), status=303)
    extra = _preview_context(round, dimension)
    with translation.override(instrument.language):
        if allocation:
            context = _allocation_context(None, respondent, instrument, number, pages, form, **extra)
            template = "survey/points.html"
        else:
            context = _context(None, respondent, instrument, number + 1, section=section, number=number,
                               blocks=form.blocks(), errors=form.error_list(), is_last=number == pages, **extra)
            template = "survey/page.html"
    return _render(request, template, context, status=400 if posted else 200, instrument=instrument)


@never_cache
@login_required
@GET_ONLY
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review page as it looks with nothing answered; there is nothing to submit."""
    round, respondent, dimension = _round_and_respondent(request, pk)
    instrument = get_instrument(round.instrument_id)
    pages = page_count(instrument, dimension or None)
    with translation.override(instrument.language):
        sections = review_sections(instrument, {}, dimension or None)
    items = [item for s in sections for _heading, q_items in s.questions for item in q_items]
    context = _context(None, respondent, instrument, pages + 2, sections=sections, answered_count=0,
                       item_count=len(items), last_page=pages, **_preview_context(round, dimension))
    return _render(request, "survey/review.html", context, instrument=instrument)
