"""Staff pages that manage a running round: edit, delete or archive it, and its respondents.

Thin: rounds come from :func:`round_to_manage` (another kommune's round is a 404; an analyst or a
reader gets 403), changes go through :mod:`frisat.web.rounds.editing` and
:mod:`frisat.web.rounds.respondents`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frisat.core.errors import FrisatError
from frisat.web.common.staff import form_data
from frisat.web.common.validation import InputErrors, add_input_errors
from frisat.web.rounds import editing, respondents
from frisat.web.rounds.admin_forms import FORM_FIELDS, RespondentAddForm, RespondentEditForm, RoundEditForm, unit_of
from frisat.web.rounds.models import Respondent, Round
from frisat.web.rounds.selectors import respondent_list, round_to_manage

PAGE_SIZE = 50


def _managed(request: HttpRequest, pk: int) -> Round:
    """The round if the user may change it; 404 outside the user's kommuner, 403 for another role."""
    return round_to_manage(request.user, pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round = _managed(request, pk)
    locked = editing.locked_fields(round)
    form = RoundEditForm(*form_data(request), round=round, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            changed = editing.update_round(round, form.changes(), user=request.user)
        except InputErrors as exc:
            add_input_errors(form, exc.errors, fields=FORM_FIELDS)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt.") if changed else _("Intet er ændret."))
            return redirect("rounds:detail", pk=round.pk)
    return render(request, "rounds/edit.html", {"round": round, "form": form, "locked": bool(locked)})


@login_required
@require_http_methods(["GET", "POST"])
def round_delete(request: HttpRequest, pk: int) -> HttpResponse:
    round = _managed(request, pk)
    answered = editing.has_answers(round)
    if request.method == "POST" and not answered:
        try:
            editing.delete_round(round, user=request.user)
        except FrisatError as exc:
            messages.error(request, str(exc))
            return redirect("rounds:detail", pk=round.pk)
        messages.success(request, _("Målingen «%(name)s» er slettet.") % {"name": round.name})
        return redirect("rounds:list")
    return render(request, "rounds/delete.html", {"round": round, "answered": answered,
                                                  "respondents": round.respondents.count()})


@login_required
@require_POST
def round_archive(request: HttpRequest, pk: int) -> HttpResponse:
    round = _managed(request, pk)
    archive = request.POST.get("archived") == "1"
    editing.set_archived(round, archive, user=request.user)
    messages.success(request, _("Målingen er arkiveret.") if archive else _("Målingen er hentet frem fra arkivet."))
    return redirect("rounds:detail", pk=round.pk)


@login_required
def respondents_page(request: HttpRequest, pk: int) -> HttpResponse:
    round = _managed(request, pk)
    query = request.GET.get("q", "")[:200]
    page = Paginator(respondent_list(round, query), PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "rounds/respondents.html", {"round": round, "page": page, "query": query,
                                                       "closed": respondents.is_closed(round)})


def _respondent(round: Round, rpk: int) -> Respondent:
    return get_object_or_404(Respondent.objects.select_related("unit__area", "round__municipality"),
                             pk=rpk, round=round)


@login_required
@require_http_methods(["GET", "POST"])
def respondent_edit(request: HttpRequest, pk: int, rpk: int) -> HttpResponse:
    round = _managed(request, pk)
    respondent = _respondent(round, rpk)
    form = RespondentEditForm(*form_data(request), round=round,
                              initial={"email": respondent.email, "unit": respondent.unit_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["unit"] != respondent.unit_id:
                respondents.move_respondent(respondent, unit_of(round, data["unit"]))
            sent = respondents.correct_email(respondent, data["email"]) if data["email"] else False
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("Respondenten er rettet.")
            if sent:
                text += " " + _("Et nyt link er sendt til %(email)s; det gamle virker ikke længere.") % {
                    "email": respondent.email}
            messages.success(request, text)
            return redirect("rounds:respondents", pk=round.pk)
    return render(request, "rounds/respondent_form.html", {
        "round": round, "form": form, "respondent": respondent,
        "title": _("Ret respondent %(email)s") % {"email": respondent.email or "—"}})


@login_required
@require_http_methods(["GET", "POST"])
def respondent_add(request: HttpRequest, pk: int) -> HttpResponse:
    round = _managed(request, pk)
    form = RespondentAddForm(*form_data(request), round=round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            respondents.add_by_hand(round, unit=unit_of(round, data["unit"]), group=data["group"],
                                    email=data["email"] or "")
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Respondenten er tilføjet. Linket sendes med den næste invitation."))
            return redirect("rounds:respondents", pk=round.pk)
    return render(request, "rounds/respondent_form.html", {"round": round, "form": form,
                                                           "title": _("Tilføj respondent")})


@login_required
@require_http_methods(["GET", "POST"])
def respondent_remove(request: HttpRequest, pk: int, rpk: int) -> HttpResponse:
    round = _managed(request, pk)
    respondent = _respondent(round, rpk)
    refused = respondents.removal_refused(respondent)
    if request.method == "POST" and not refused:
        respondents.remove_respondent(respondent)
        messages.success(request, _("Respondenten er fjernet fra målingen."))
        return redirect("rounds:respondents", pk=round.pk)
    return render(request, "rounds/respondent_remove.html", {"round": round, "respondent": respondent,
                                                             "refused": refused},
                  status=409 if refused and request.method == "POST" else 200)
