"""The respondent's survey, reached by a personal link ``/s/<token>/``.

Steps: intro (step 1), one page per section of the round's instrument, the allocation page when
the instrument has one (and the respondent is asked it), review, thank-you. Each question page is
saved to the draft when the respondent moves on (POST-redirect-GET), together with the step
reached, so the same link resumes where they left. In a split design the respondent's link asks
one dimension only (``Respondent.dimension``; see :mod:`frisat.web.survey.forms`). Submitting goes
through :func:`rounds.services.submit`, which stores the response exactly once. The link's token
is passed to the services: the draft is encrypted with a key derived from it (docs/anonymity.md).

Every page is ``Cache-Control: no-store``. An unknown link gets a 404 page that says nothing about
other links; a used link, a closed round and a round not yet open get their own pages.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from frisat.core.instrument import Instrument, get_instrument
from frisat.web.common.tokens import hash_token
from frisat.web.rounds.lookup import respondent_for_link
from frisat.web.rounds.models import Respondent, Round
from frisat.web.rounds.services import AlreadyAnswered, draft_answers, save_draft, submit
from frisat.web.survey.forms import (
    STEP_KEY,
    AllocationForm,
    SectionForm,
    display_numbers,
    page_count,
    points_left_text,
    points_text,
    review_sections,
)

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
GET_ONLY = require_http_methods(["GET", "HEAD"])


# -- helpers -------------------------------------------------------------------------------------
def _see_other(url: str) -> HttpResponseRedirect:
    """303: after a POST the browser fetches the next page with GET (POST-redirect-GET)."""
    return HttpResponseRedirect(url, status=303)


def _render(request: HttpRequest, template: str, context: dict, *, status: int = 200,
            instrument: Instrument | None = None) -> HttpResponse:
    """Render in the language the questions are written in (the instrument's; Danish by default),
    whatever the browser asks for: until instruments and the UI are translated, a Danish page marked
    ``lang="en"`` would be read aloud with the wrong pronunciation (WCAG 3.1.1). The language
    switcher is hidden on survey pages for the same reason."""
    language = instrument.language if instrument else settings.LANGUAGE_CODE
    with translation.override(language):
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _find(token: str, *, draft: bool = False, lock: bool = False) -> Respondent | None:
    """The respondent of a link, with the round (one query). ``draft``: with the draft too (see
    :func:`_draft_answers`). ``lock``: lock the respondent's row (not the round's) until the end of
    the surrounding transaction. (The queryset, built once: :mod:`frisat.web.rounds.lookup`.)"""
    return respondent_for_link(hash_token(token), draft=draft, lock=lock)


def _unknown(request: HttpRequest) -> HttpResponse:
    return _render(request, "survey/unknown.html", {}, status=404)


def _unavailable(request: HttpRequest, token: str, round: Round) -> HttpResponse | None:
    """The page for a round that is not open (closed, or not yet opened), or None when it is open."""
    status = round.status
    if status == Round.OPEN:
        return None
    context = {"token": token, "round": round, "closed_early": round.closed_manually}
    if status == Round.NOT_OPENED:
        return _render(request, "survey/not_open.html", context)
    return _render(request, "survey/closed.html", context, status=410)


def _open_respondent(request: HttpRequest, token: str, *, draft: bool = False,
                     lock: bool = False) -> tuple[Respondent | None, HttpResponse | None]:
    """The respondent of a usable link, or the page to show instead (``draft``, ``lock``: see :func:`_find`)."""
    respondent = _find(token, draft=draft, lock=lock)
    if respondent is None:
        return None, _unknown(request)
    if respondent.answered_at is not None:
        return None, HttpResponseRedirect(reverse("survey:answered", args=[token]), status=303)
    if (page := _unavailable(request, token, respondent.round)) is not None:
        return None, page
    return respondent, None


def _draft_answers(respondent: Respondent, token: str) -> dict[str, object]:
    """The saved answers, opened with the link's token (the draft is encrypted with a key derived
    from it); the draft comes with the respondent when found with ``draft=True``."""
    return draft_answers(respondent, token)


def _dimension(respondent: Respondent) -> str | None:
    """The one dimension the respondent's link asks in a split design, or None (both)."""
    return respondent.dimension or None


def _step_url(token: str, step: int, pages: int) -> str:
    """0 intro, 1..``pages`` question pages (sections, then the allocation), ``pages`` + 1 review."""
    if step <= 0:
        return reverse("survey:intro", args=[token])
    if step > pages:
        return reverse("survey:review", args=[token])
    return reverse("survey:page", args=[token, step])


def _context(token: str | None, respondent: Respondent, instrument: Instrument, step: int, **extra) -> dict:
    """Shared context; ``step`` is the 1-based position shown in the progress bar."""
    return {"token": token, "round": respondent.round, "instrument": instrument, "step": step,
            "total_steps": page_count(instrument, _dimension(respondent)) + 2, **extra}


def _intro_text(instrument: Instrument, dimension: str | None) -> str | None:
    """The instrument's intro, or for a respondent asked one dimension only a text about that one
    (the instrument's intro speaks of both)."""
    if not dimension or dimension not in instrument.dimensions:
        return instrument.intro
    dim = instrument.dimensions[dimension]
    scale = instrument.scales[dim.scale]
    text = _("I dette spørgeskema bliver du spurgt om %(label)s: «%(question)s»") % {
        "label": dim.label.lower(), "question": dim.question}
    if scale.type == "numeric":
        text += " " + _("Du svarer på en skala fra %(min)s til %(max)s.") % {"min": scale.min, "max": scale.max}
    if page_count(instrument, dimension) > len(instrument.sections):
        text += " " + _("Til sidst fordeler du %(total)s point.") % {"total": instrument.allocation.total}
    return text


# -- views ---------------------------------------------------------------------------------------
@never_cache
@GET_ONLY
def entry(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation: the intro, or the page where the respondent left off."""
    respondent, stop = _open_respondent(request, token, draft=True)
    if stop:
        return stop
    instrument = get_instrument(respondent.round.instrument_id)
    reached = _draft_answers(respondent, token).get(STEP_KEY)
    if isinstance(reached, int) and reached > 0:
        return HttpResponseRedirect(_step_url(token, reached, page_count(instrument, _dimension(respondent))))
    return _render_intro(request, token, respondent, instrument)


@never_cache
@GET_ONLY
def intro(request: HttpRequest, token: str) -> HttpResponse:
    respondent, stop = _open_respondent(request, token, draft=True)
    if stop:
        return stop
    return _render_intro(request, token, respondent, get_instrument(respondent.round.instrument_id))


def _render_intro(request: HttpRequest, token: str, respondent: Respondent, instrument: Instrument) -> HttpResponse:
    dimension = _dimension(respondent)
    with translation.override(instrument.language):  # the generated intro (see _render)
        intro_text = _intro_text(instrument, dimension)
    context = _context(token, respondent, instrument, 1, page_count=page_count(instrument, dimension),
                       has_dont_know=any(s.dont_know for s in instrument.scales.values()), intro_text=intro_text)
    return _render(request, "survey/intro.html", context, instrument=instrument)


@never_cache
@GET_OR_POST
def page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One section of the instrument. POST validates and saves the page, then moves on or back."""
    posted = request.method == "POST"
    # A POST finds and locks the respondent in one go, so a save cannot race a submit from another
    # tab and leave a draft (linked to the person) behind after an anonymous response: a submit that
    # came first has set answered_at (the page for a used link), one that comes later waits.
    with transaction.atomic() if posted else nullcontext():
        respondent, stop = _open_respondent(request, token, draft=not posted, lock=posted)
        if stop:
            return stop
        instrument = get_instrument(respondent.round.instrument_id)
        dimension = _dimension(respondent)
        pages = page_count(instrument, dimension)
        if not 1 <= number <= pages:
            return HttpResponseRedirect(reverse("survey:entry", args=[token]))
        if number > len(instrument.sections):
            return _allocation_page(request, token, respondent, instrument, number, pages)
        section = instrument.sections[number - 1]
        if posted:
            form = SectionForm(instrument, section, data=request.POST, dimension=dimension)
            if form.is_valid():
                target = number - 1 if request.POST.get("action") == "prev" else number + 1
                save_draft(respondent, {**form.cleaned_data, STEP_KEY: target}, token=token)
                return _see_other(_step_url(token, target, pages))
        else:
            form = SectionForm(instrument, section, initial=_draft_answers(respondent, token), dimension=dimension)
    status = 400 if posted else 200
    with translation.override(instrument.language):  # headings and error messages (see _render)
        context = _context(token, respondent, instrument, number + 1, section=section, number=number,
                           blocks=form.blocks(), errors=form.error_list(), is_last=number == pages)
    return _render(request, "survey/page.html", context, status=status, instrument=instrument)


def _allocation_page(request: HttpRequest, token: str, respondent: Respondent, instrument: Instrument,
                     number: int, pages: int) -> HttpResponse:
    """The allocation question («fordel 100 point»): like a section page, with its own form.

    Called inside :func:`page` (and its transaction, with the respondent locked, on a POST).
    """
    posted = request.method == "POST"
    if posted:
        form = AllocationForm(instrument, data=request.POST)
        if form.is_valid():
            target = number - 1 if request.POST.get("action") == "prev" else number + 1
            save_draft(respondent, {**form.cleaned_data, STEP_KEY: target}, token=token)
            return _see_other(_step_url(token, target, pages))
    else:
        form = AllocationForm(instrument, initial=_draft_answers(respondent, token))
    with translation.override(instrument.language):  # see _render
        context = _allocation_context(token, respondent, instrument, number, pages, form)
    return _render(request, "survey/points.html", context, status=400 if posted else 200, instrument=instrument)


def _allocation_context(token: str | None, respondent: Respondent, instrument: Instrument, number: int,
                        pages: int, form: AllocationForm, **extra: object) -> dict:
    """The allocation page's context (also the staff preview's, :mod:`frisat.web.survey.preview`)."""
    allocation = instrument.allocation
    numbers = display_numbers(instrument, _dimension(respondent))
    return _context(
        token, respondent, instrument, number + 1, allocation=allocation, number=number,
        question_number=numbers.get(allocation.number or "", allocation.number or ""),
        fields=form.fields(), errors=form.error_list(), sum_error=form.sum_error,
        running_total=points_text(form.current_sum(), allocation.total),
        running_left=points_left_text(form.current_sum(), allocation.total),
        total_template=points_text("{points}", allocation.total),
        missing_template=_("mangler %(n)s point") % {"n": "{n}"},
        over_template=_("%(n)s point for mange") % {"n": "{n}"}, done_text=_("det passer"),
        is_last=number == pages, **extra)


@never_cache
@GET_OR_POST
def review(request: HttpRequest, token: str) -> HttpResponse:
    """Every answer with links back to its page, and the button that submits."""
    respondent, stop = _open_respondent(request, token, draft=request.method != "POST")
    if stop:
        return stop
    if request.method == "POST":
        try:
            submit(respondent, token=token)
        except AlreadyAnswered:
            return _see_other(reverse("survey:answered", args=[token]))
        return _see_other(reverse("survey:thanks", args=[token]))
    instrument = get_instrument(respondent.round.instrument_id)
    dimension = _dimension(respondent)
    pages = page_count(instrument, dimension)
    with translation.override(instrument.language):  # see _render
        sections = review_sections(instrument, _draft_answers(respondent, token), dimension)
    items = [item for s in sections for _heading, q_items in s.questions for item in q_items]
    context = _context(token, respondent, instrument, pages + 2, sections=sections,
                       answered_count=sum(1 for item in items if item.answer is not None),
                       item_count=len(items), last_page=pages)
    return _render(request, "survey/review.html", context, instrument=instrument)


def _answered_respondent(request: HttpRequest, token: str) -> tuple[Respondent | None, HttpResponse | None]:
    respondent = _find(token)
    if respondent is None:
        return None, _unknown(request)
    if respondent.answered_at is None:
        return None, HttpResponseRedirect(reverse("survey:entry", args=[token]))
    return respondent, None


@never_cache
@GET_ONLY
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    respondent, stop = _answered_respondent(request, token)
    if stop:
        return stop
    return _render(request, "survey/thanks.html", {"token": token, "round": respondent.round})


@never_cache
@GET_ONLY
def answered(request: HttpRequest, token: str) -> HttpResponse:
    """A used link: say so, show nothing of the answers."""
    respondent, stop = _answered_respondent(request, token)
    if stop:
        return stop
    return _render(request, "survey/answered.html", {"token": token, "round": respondent.round})
