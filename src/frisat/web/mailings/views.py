"""Staff pages for a round's mails: edit and preview the texts, send (in the background), follow the
progress and see the history. Only the kommune's administrators
(:func:`round_to_manage`: 404 for another kommune's round, 403 for an analyst or reader)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from frisat.core.errors import FrisatError
from frisat.web.common.staff import GET_OR_POST, form_data
from frisat.web.common.validation import InputErrors, add_input_errors
from frisat.web.mailings import selectors, services
from frisat.web.mailings.forms import SendForm, TextForm
from frisat.web.mailings.models import Kind, Round, Sending
from frisat.web.mailings.placeholders import PLACEHOLDERS
from frisat.web.rounds.selectors import round_to_manage
from frisat.web.rounds.services import is_closed

KINDS = {"invitation": Kind.INVITATION, "paamindelse": Kind.REMINDER}
"""URL slug → kind."""
SLUGS = {kind: slug for slug, kind in KINDS.items()}


@dataclass(frozen=True)
class Words:
    """What the pages call one kind of mail (whole phrases, so each language words them its own way)."""

    title: str
    noun: str
    text: str
    send: str
    saved: str
    nobody: str


WORDS = {
    Kind.INVITATION: Words(_("Invitation"), _("invitation"), _("Invitationens tekst"), _("Send invitation"),
                           _("Invitationens tekst er gemt."), _("Der er ingen, der skal have en invitation lige nu.")),
    Kind.REMINDER: Words(_("Påmindelse"), _("påmindelse"), _("Påmindelsens tekst"), _("Send påmindelse"),
                         _("Påmindelsens tekst er gemt."), _("Der er ingen, der skal have en påmindelse lige nu.")),
}


def _round(request: HttpRequest, round_pk: int) -> Round:
    return round_to_manage(request.user, round_pk)


def _kind(slug: str) -> str:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def _context(round_: Round, kind: str | None = None, **extra: object) -> dict[str, object]:
    context: dict[str, object] = {"round": round_, "closed": is_closed(round_), **extra}
    if kind is not None:
        context.update(kind=kind, slug=SLUGS[kind], words=WORDS[kind])
    return context


@login_required
@require_GET
def overview(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round's mails: the two texts, how many each would go to now, and every sending so far."""
    round_ = _round(request, round_pk)
    kinds = [{"kind": kind, "slug": SLUGS[kind], "words": WORDS[kind],
              "edited": selectors.text_for(round_, kind).edited, "count": selectors.recipient_count(round_, kind)}
             for kind in (Kind.INVITATION, Kind.REMINDER)]
    return render(request, "mailings/overview.html", _context(round_, kinds=kinds, sendings=selectors.history(round_)))


@login_required
@GET_OR_POST
def edit_text(request: HttpRequest, round_pk: int, slug: str) -> HttpResponse:
    """Edit a text; «Vis eksempel» shows it for a real respondent (storing nothing), «Gem» saves it."""
    round_, kind = _round(request, round_pk), _kind(slug)
    text = selectors.text_for(round_, kind)
    form = TextForm(*form_data(request), initial={"subject": text.subject, "body": text.body})
    example = None
    action = request.POST.get("action", "preview")
    if request.method == "POST" and action == "reset":
        services.reset_text(round_, kind)
        messages.success(request, _("Standardteksten bruges igen."))
        return redirect("mailings:text", round_pk=round_.pk, slug=slug)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "save":
                services.save_text(round_, kind, subject=data["subject"], body=data["body"], user=request.user)
                messages.success(request, str(WORDS[kind].saved))
                return redirect("mailings:overview", round_pk=round_.pk)
            example = services.preview(round_, kind, subject=data["subject"], body=data["body"],
                                       contact=data["contact"])
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
    elif request.method == "GET":
        example = services.preview(round_, kind, subject=text.subject, body=text.body)
    return render(request, "mailings/text.html", _context(
        round_, kind, form=form, example=example, edited=text.edited, placeholders=PLACEHOLDERS.items()))


@login_required
@GET_OR_POST
def send(request: HttpRequest, round_pk: int, slug: str) -> HttpResponse:
    """How many will get the mail, the mail itself, and a confirmation before it goes out."""
    round_, kind = _round(request, round_pk), _kind(slug)
    form = SendForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            sending = services.start_sending(round_, kind, user=request.user, contact=form.cleaned_data["contact"])
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("mailings:sending", round_pk=round_.pk, pk=sending.pk)
    text = selectors.text_for(round_, kind)
    example = services.preview(round_, kind, subject=text.subject, body=text.body,
                               contact=form.data.get("contact", "") if form.is_bound else "")
    return render(request, "mailings/send.html", _context(
        round_, kind, form=form, example=example, count=selectors.recipient_count(round_, kind)))


@login_required
@require_GET
def sending(request: HttpRequest, round_pk: int, pk: int) -> HttpResponse:
    """One sending's progress (the page reloads itself every few seconds until it is done)."""
    round_ = _round(request, round_pk)
    item = get_object_or_404(Sending.objects.select_related("created_by"), round=round_, pk=pk)
    progress = selectors.progress(item)
    return render(request, "mailings/sending.html", _context(
        round_, item.kind, sending=item, progress=progress, failures=selectors.failures(item)))
