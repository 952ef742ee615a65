"""The marking links: the staff page that issues and closes them, and the employee's page
(``m/<token>/``).

The employee's page needs no login: the token opens the process's marking link; the browser's
participant key is kept in its session, so the employee can change their own markings and nobody is
named. Those pages are ``no-store`` and Danish (like the survey), and an unknown link is a 404 that
says nothing about other links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from frisat.core.errors import FrisatError
from frisat.reporting import audit_summary
from frisat.web.audits import selectors, services, ui_services
from frisat.web.audits.forms import MarkingForm, MarkingLinkForm
from frisat.web.audits.models import MarkingLink, Process
from frisat.web.audits.views.shared import managed_process
from frisat.web.common.staff import GET_OR_POST, form_data

SESSION_KEYS = "audit_participant_keys"
"""Session entry: {process id: participant key} of the employee's browser."""


def marking_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("audits:mark", args=[token]))


@login_required
@GET_OR_POST
@never_cache
def links(request: HttpRequest, pk: int) -> HttpResponse:
    """The process's marking links; a new link is shown once, on the page that creates it."""
    process = managed_process(request, pk)
    form = MarkingLinkForm(*form_data(request))
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.create_marking_link(process, label=form.cleaned_data["label"],
                                                  anonymous=form.cleaned_data["anonymous"], created_by=request.user)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            form = MarkingLinkForm()
    rows = process.marking_links.annotate(n_participants=Count("participants", distinct=True),
                                          n_markings=Count("participants__markings", distinct=True))
    return render(request, "audits/links.html", {
        "process": process, "form": form, "links": rows, "done": process.status == Process.Status.DONE,
        "issued": issued, "issued_url": marking_url(request, issued.token) if issued else None})


@login_required
@require_POST
def link_close(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(MarkingLink.objects.filter(process__in=selectors.managed_processes(request.user)), pk=pk)
    services.close_marking_link(link)
    messages.success(request, _("Linket er lukket. Markeringerne er bevaret."))
    return redirect("audits:links", pk=link.process_id)


def _marking_render(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    """In Danish whatever the browser asks (the activities are written in Danish; WCAG 3.1.1), no-store."""
    with translation.override(settings.LANGUAGE_CODE):
        response = render(request, template, context, status=status)
    response["Content-Language"] = settings.LANGUAGE_CODE
    response["Cache-Control"] = "no-store"
    return response


def _stored_key(request: HttpRequest, link: MarkingLink) -> str | None:
    return (request.session.get(SESSION_KEYS) or {}).get(str(link.process_id))


def _remember_key(request: HttpRequest, link: MarkingLink, key: str) -> None:
    keys = dict(request.session.get(SESSION_KEYS) or {})
    keys[str(link.process_id)] = key
    request.session[SESSION_KEYS] = keys


@GET_OR_POST
@never_cache
def mark(request: HttpRequest, token: str) -> HttpResponse:
    """The employee's page: every activity of the process with the four kinds, a category and a comment."""
    link = selectors.marking_link_for_token(token)
    if link is None:
        return _marking_render(request, "audits/marking/unknown.html", {}, status=404)
    process = link.process
    if not link.is_open or process.status == Process.Status.DONE:
        return _marking_render(request, "audits/marking/closed.html", {"process": process}, status=410)
    participant = selectors.participant_for_key(link, _stored_key(request, link))
    activities = list(process.activities.order_by("order"))
    ask_name = participant is None and not link.anonymous
    if request.method == "POST":
        form = MarkingForm(request.POST, activities=activities, ask_name=ask_name)
        if form.is_valid():
            try:
                joined = ui_services.save_participant_markings(
                    link, participant, form.wanted(), {a.pk: a for a in activities},
                    name=form.cleaned_data.get("name", ""))
            except FrisatError as exc:
                form.add_error(None, str(exc))
            else:
                if joined is not None:
                    _remember_key(request, link, joined.key)
                if participant is None and joined is None:
                    messages.info(request, _("Der er ikke gemt noget: sæt kryds ved de aktiviteter, du vil markere."))
                else:
                    messages.success(request, _("Dine markeringer er gemt. Du kan ændre dem her, så længe linket er "
                                                "åbent."))
                anchor = request.POST.get("saved_from", "")
                target = reverse("audits:mark", args=[token])
                if anchor.isdigit():
                    target += f"#aktivitet-{anchor}"
                return HttpResponseRedirect(target, status=303)
        status = 400
    else:
        initial = MarkingForm.initial_from(selectors.participant_markings(participant)) if participant else {}
        form = MarkingForm(initial=initial, activities=activities, ask_name=ask_name)
        status = 200
    with translation.override(settings.LANGUAGE_CODE):
        errors = _marking_errors(form)
    return _marking_render(request, "audits/marking/page.html", {
        "token": token, "process": process, "link": link, "form": form, "blocks": form.blocks(),
        "participant": participant, "errors": errors}, status=status)


def _marking_errors(form: MarkingForm) -> list[tuple[str, str]]:
    """(anchor, message) for the error summary; the anchor is the first input of the field."""
    if not form.is_bound or not form.errors:
        return []
    result = [("", str(message)) for message in form.non_field_errors()]
    labels = {f"a{a.pk}": f"{a.order}. {audit_summary.shorten(a.description, 60)}" for a in form.activities}
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        prefix = name.split("-", 1)[0]
        anchor = f"id_{name}_0" if name.endswith("-kinds") else f"id_{name}"
        for message in errors:
            where = labels.get(prefix, str(form.fields[name].label))
            result.append((anchor, f"{where}: {message}"))
    return result
