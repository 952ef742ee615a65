"""Processes and their journey: the list, creating and editing a process, its activities in order
(add, edit, move, delete) and each activity's origin in the register (link to requirements, or create
one on the spot)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frisat.core.errors import FrisatError
from frisat.reporting import audit_summary
from frisat.web.audits import selectors, services
from frisat.web.audits.forms import (
    ActivityForm,
    InlineRequirementForm,
    MoveForm,
    OriginForm,
    ProcessForm,
)
from frisat.web.audits.models import Activity, Requirement
from frisat.web.audits.views.shared import (
    journey_steps,
    managed_activity,
    managed_process,
    status_label,
    user_can_manage,
    visible_process,
)
from frisat.web.common.staff import GET_OR_POST, form_data
from frisat.web.common.validation import InputErrors, add_input_errors
from frisat.web.organisations.models import Municipality
from frisat.web.organisations.selectors import managed_areas, managed_municipalities, visible_municipalities


@login_required
@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    processes = selectors.visible_processes(request.user).order_by("municipality__name", "name")
    rows = [selectors.process_summary(process) for process in processes]
    for row in rows:
        row.process.status_label = status_label(row.process)
    return render(request, "audits/process_list.html", {
        "rows": rows, "can_create": managed_municipalities(request.user).exists(),
        "has_municipality": visible_municipalities(request.user).exists()})


@login_required
@GET_OR_POST
def process_create(request: HttpRequest) -> HttpResponse:
    municipalities = managed_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = ProcessForm(*form_data(request), municipalities=municipalities, areas=managed_areas(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = services.create_process(
                municipality=data["municipality"], name=data["name"], purpose=data["purpose"], start=data["start"],
                end=data["end"], owner=data["owner"], area=data["area"], created_by=request.user)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        else:
            messages.success(request, _("Processen «%(name)s» er oprettet. Tilføj nu aktiviteterne i den rækkefølge, "
                                        "de sker.") % {"name": process.name})
            return redirect("audits:journey", pk=process.pk)
    return render(request, "audits/form.html", {"form": form, "title": _("Nyt friktionseftersyn"),
                                                "cancel": reverse("audits:list")})


@login_required
@GET_OR_POST
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = managed_process(request, pk)
    initial = {"name": process.name, "area": process.area, "purpose": process.purpose, "start": process.start,
               "end": process.end, "owner": process.owner, "status": process.status}
    form = ProcessForm(*form_data(request), initial=initial, municipalities=Municipality.objects.none(),
                       areas=process.municipality.areas.order_by("name"), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_process(process, **form.cleaned_data)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        else:
            messages.success(request, _("Processen er gemt."))
            return redirect("audits:journey", pk=process.pk)
    return render(request, "audits/form.html", {
        "form": form, "title": _("Redigér «%(name)s»") % {"name": process.name}, "process": process,
        "cancel": reverse("audits:journey", args=[process.pk])})


@login_required
@require_GET
def journey(request: HttpRequest, pk: int) -> HttpResponse:
    """The process as a journey: its activities in order with their friction, origin and decision."""
    process = visible_process(request, pk)
    can_manage = user_can_manage(request, process.municipality)
    return render(request, "audits/journey.html", {
        "process": process, "steps": journey_steps(process), "summary": selectors.process_summary(process),
        "can_manage": can_manage, "status_label": status_label(process),
        "add_form": ActivityForm(auto_id="ny_%s") if can_manage else None,
        "open_links": process.marking_links.filter(closed_at__isnull=True).count(),
    })


@login_required
@GET_OR_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = managed_process(request, pk)
    form = ActivityForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.add_activity(process, **form.cleaned_data)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        else:
            messages.success(request, _("Aktivitet %(n)d er tilføjet.") % {"n": activity.order})
            return redirect(reverse("audits:journey", args=[process.pk]) + f"#aktivitet-{activity.pk}")
    return render(request, "audits/form.html", {
        "form": form, "title": _("Tilføj aktivitet til «%(name)s»") % {"name": process.name}, "process": process,
        "cancel": reverse("audits:journey", args=[process.pk]),
        "intro": _("Aktiviteten kommer sidst i forløbet; du kan flytte den bagefter.")})


@login_required
@GET_OR_POST
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    process = activity.process
    form = ActivityForm(*form_data(request), initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(activity, **form.cleaned_data)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        else:
            messages.success(request, _("Aktivitet %(n)d er gemt.") % {"n": activity.order})
            return redirect(reverse("audits:journey", args=[process.pk]) + f"#aktivitet-{activity.pk}")
    return render(request, "audits/activity_edit.html", {
        "form": form, "activity": activity, "process": process,
        "hours": selectors.burden_total(Activity.objects.filter(pk=activity.pk)),
        "decision": services.current_decision_for(activity=activity)})


@login_required
@require_POST
def activity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an activity one place earlier or later (buttons on the journey; no dragging needed)."""
    activity = managed_activity(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Ugyldig flytning."), status=400, content_type="text/plain; charset=utf-8")
    count = activity.process.activities.count()
    target = activity.order + (-1 if form.cleaned_data["direction"] == "earlier" else 1)
    if 1 <= target <= count:
        services.move_activity(activity, target)
        messages.success(request, _("«%(text)s» er nu aktivitet %(n)d.") % {
            "text": audit_summary.shorten(activity.description, 60), "n": target})
    return redirect(reverse("audits:journey", args=[activity.process_id]) + f"#aktivitet-{activity.pk}")


@login_required
@GET_OR_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
    process = activity.process
    if request.method == "POST":
        try:
            services.delete_activity(activity)
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Aktiviteten er slettet."))
        return redirect("audits:journey", pk=process.pk)
    return render(request, "audits/activity_delete.html", {
        "activity": activity, "process": process, "markings": activity.markings.count(),
        "has_decision": activity.decisions.exists()})


@login_required
@GET_OR_POST
def activity_origin(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the activity to the requirements behind it, or create a new register item on the spot."""
    activity = managed_activity(request, pk)
    process = activity.process
    register = Requirement.objects.filter(municipality=process.municipality).order_by("code")
    form = OriginForm(*form_data(request), requirements=register,
                      initial={"requirements": list(activity.requirements.all())})
    new_form = InlineRequirementForm(*form_data(request), areas=process.municipality.areas.order_by("name"),
                                     initial={"area": process.area})
    if request.method == "POST":
        wanted = new_form.wanted()
        valid = form.is_valid() and (new_form.is_valid() if wanted else True)
        if valid:
            chosen = list(form.cleaned_data["requirements"])
            try:
                created = _create_and_link(activity, chosen, new_form.cleaned_data if wanted else None)
            except InputErrors as exc:
                add_input_errors(new_form if wanted else form, exc.errors)
            except FrisatError as exc:
                form.add_error(None, str(exc))
            else:
                if created is not None:
                    messages.success(request, _("Kravet %(code)s «%(title)s» er oprettet i registret og knyttet til "
                                                "aktiviteten.") % {"code": created.code, "title": created.title})
                else:
                    messages.success(request, _("Aktivitetens oprindelse er gemt."))
                return redirect(reverse("audits:journey", args=[process.pk]) + f"#aktivitet-{activity.pk}")
    return render(request, "audits/activity_origin.html", {
        "activity": activity, "process": process, "form": form, "new_form": new_form})


def _create_and_link(activity: Activity, chosen: list[Requirement], new: dict[str, Any] | None) -> Requirement | None:
    with transaction.atomic():
        created = None
        if new is not None:
            created = services.create_requirement(activity.process.municipality, **new)
            chosen = [*chosen, created]
        services.set_activity_requirements(activity, chosen)
    return created
