"""Pages of the friktionseftersyn: processes and their journey, the live workshop screen, the
employees' marking link, origin and the register, decisions and ideas, burden and the one-page
summary.

Thin, like the other staff pages: objects are looked up through the access selectors of
:mod:`frisat.web.audits.selectors` (``visible_*`` to look, ``managed_*`` to change), so another
kommune's process or requirement is a 404; every change goes through
:mod:`frisat.web.audits.services` (or :mod:`~frisat.web.audits.ui_services`, which only combines
them in one transaction); every number comes from the selectors (burden via
:mod:`frisat.core.burden`).

The employee's page (``m/<token>/``) needs no login: the token opens the process's marking link;
the browser's participant key is kept in its session, so the employee can change their own
markings and nobody is named. Those pages are ``no-store`` and Danish (like the survey), and an
unknown link is a 404 that says nothing about other links.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frisat.core.burden import NO_SPOR
from frisat.core.errors import FrisatError, ValidationFailed
from frisat.reporting import audit_summary
from frisat.web.audits import forms as audit_forms
from frisat.web.audits import register_io, selectors, services, ui_services
from frisat.web.audits.forms import (
    ActivityForm,
    DecisionForm,
    IdeaForm,
    InlineRequirementForm,
    IterationForm,
    KommuneChoiceForm,
    MarkingForm,
    MarkingLinkForm,
    MoveForm,
    OriginForm,
    ProcessForm,
    RegisterFilterForm,
    RequirementForm,
    add_service_errors,
)
from frisat.web.audits.models import Activity, Decision, Idea, Marking, MarkingLink, Process, Requirement
from frisat.web.audits.services import AuditInputError
from frisat.web.common.forms import UploadForm
from frisat.web.common.staff import failure_context, form_data
from frisat.web.organisations.models import Kommune
from frisat.web.organisations.selectors import managed_kommuner, managed_omraader, visible_kommuner
from frisat.web.organisations.tabular import read_table

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
SESSION_KEYS = "audit_participant_keys"
"""Session entry: {process id: participant key} of the employee's browser."""
LIVE_INTERVAL_MS = 4000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- lookups --------------------------------------------------------------------------------------


def _visible_process(request: HttpRequest, pk: int) -> Process:
    return get_object_or_404(selectors.visible_processes(request.user), pk=pk)


def _managed_process(request: HttpRequest, pk: int) -> Process:
    return get_object_or_404(selectors.managed_processes(request.user), pk=pk)


def _managed_activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(Activity.objects.select_related("process__kommune", "process__omraade")
                             .filter(process__in=selectors.managed_processes(request.user)), pk=pk)


def _can_manage(request: HttpRequest, kommune: Kommune) -> bool:
    return managed_kommuner(request.user).filter(pk=kommune.pk).exists()


def _chosen_kommune(request: HttpRequest, kommuner: QuerySet[Kommune]) -> Kommune | None:
    """The kommune of ``?kommune=`` among ``kommuner`` (404 for any other), else the first."""
    raw = request.GET.get("kommune") or request.POST.get("kommune")
    if raw:
        if not str(raw).isdigit():
            raise Http404
        return get_object_or_404(kommuner, pk=int(raw))
    return kommuner.order_by("name").first()


# --- presentation (labels only; every number comes from the selectors) ---------------------------


def kind_chips(kinds: dict[str, int]) -> list[dict[str, Any]]:
    """The four marking kinds with label, symbol and count, in a fixed order."""
    return [{"kind": key, "label": audit_forms.KIND_LABELS_MARKING[key], "symbol": audit_forms.KIND_SYMBOLS[key],
             "count": kinds.get(key, 0)} for key in audit_forms.KIND_LABELS_MARKING]


def outcome_badge(outcome: str | None) -> dict[str, Any] | None:
    if not outcome:
        return None
    return {"outcome": outcome, "label": audit_forms.OUTCOME_LABELS[outcome],
            "symbol": audit_forms.OUTCOME_SYMBOLS[outcome]}


def _step_context(step: selectors.JourneyStep) -> dict[str, Any]:
    # The selector gives the model's Danish category labels (own categories by their text).
    names = {str(label): audit_forms.CATEGORY_LABELS[key] for key, label in Marking.Category.choices
             if key != Marking.Category.OWN}
    return {"step": step, "activity": step.activity, "chips": kind_chips(step.kinds),
            "categories": [(names.get(label, label), n) for label, n in step.categories],
            "decision": outcome_badge(step.outcome), "markings": step.markings}


def _steps(process: Process) -> list[dict[str, Any]]:
    return [_step_context(step) for step in selectors.journey(process)]


def _status(process: Process) -> str:
    return str(audit_forms.PROCESS_STATUS_LABELS.get(process.status, process.status))


def _source_label(key: str) -> str:
    return str(audit_forms.SOURCE_LABELS.get(key, key))


def _requirement_row(requirement: Requirement, burden: selectors.BurdenFigures | None = None) -> dict[str, Any]:
    status = getattr(requirement, "status", selectors.UNDECIDED)
    return {"requirement": requirement, "kind": audit_forms.KIND_LABELS.get(requirement.kind, requirement.kind),
            "source": _source_label(requirement.source_type),
            "use": audit_forms.USE_LABELS.get(requirement.tilbageloeb_status, requirement.tilbageloeb_status),
            "spor": [str(audit_forms.SPOR_LABELS.get(s, s)) for s in requirement.spor],
            "decision": outcome_badge(status if status != selectors.UNDECIDED else None), "burden": burden}


# --- processes ------------------------------------------------------------------------------------


@login_required
@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    processes = selectors.visible_processes(request.user).order_by("kommune__name", "name")
    rows = [selectors.process_summary(process) for process in processes]
    for row in rows:
        row.process.status_label = _status(row.process)
    return render(request, "audits/process_list.html", {
        "rows": rows, "can_create": managed_kommuner(request.user).exists(),
        "has_kommune": visible_kommuner(request.user).exists()})


@login_required
@GET_OR_POST
def process_create(request: HttpRequest) -> HttpResponse:
    kommuner = managed_kommuner(request.user)
    if not kommuner.exists():
        raise PermissionDenied
    form = ProcessForm(*form_data(request), kommuner=kommuner, omraader=managed_omraader(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = services.create_process(
                kommune=data["kommune"], name=data["name"], purpose=data["purpose"], start=data["start"],
                end=data["end"], owner=data["owner"], omraade=data["omraade"], created_by=request.user)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("Processen «%(name)s» er oprettet. Tilføj nu aktiviteterne i den rækkefølge, "
                                        "de sker.") % {"name": process.name})
            return redirect("audits:journey", pk=process.pk)
    return render(request, "audits/form.html", {"form": form, "title": _("Nyt friktionseftersyn"),
                                                "cancel": reverse("audits:list")})


@login_required
@GET_OR_POST
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = _managed_process(request, pk)
    initial = {"name": process.name, "omraade": process.omraade, "purpose": process.purpose, "start": process.start,
               "end": process.end, "owner": process.owner, "status": process.status}
    form = ProcessForm(*form_data(request), initial=initial, kommuner=Kommune.objects.none(),
                       omraader=process.kommune.omraader.order_by("name"), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_process(process, **form.cleaned_data)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
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
    process = _visible_process(request, pk)
    can_manage = _can_manage(request, process.kommune)
    return render(request, "audits/journey.html", {
        "process": process, "steps": _steps(process), "summary": selectors.process_summary(process),
        "can_manage": can_manage, "status_label": _status(process),
        "add_form": ActivityForm(auto_id="ny_%s") if can_manage else None,
        "open_links": process.marking_links.filter(closed_at__isnull=True).count(),
    })


# --- activities -----------------------------------------------------------------------------------


@login_required
@GET_OR_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = _managed_process(request, pk)
    form = ActivityForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.add_activity(process, **form.cleaned_data)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
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
    activity = _managed_activity(request, pk)
    process = activity.process
    form = ActivityForm(*form_data(request), initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(activity, **form.cleaned_data)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
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
    activity = _managed_activity(request, pk)
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
    activity = _managed_activity(request, pk)
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
    activity = _managed_activity(request, pk)
    process = activity.process
    register = Requirement.objects.filter(kommune=process.kommune).order_by("code")
    form = OriginForm(*form_data(request), requirements=register,
                      initial={"requirements": list(activity.requirements.all())})
    new_form = InlineRequirementForm(*form_data(request), omraader=process.kommune.omraader.order_by("name"),
                                     initial={"omraade": process.omraade})
    if request.method == "POST":
        wanted = new_form.wanted()
        valid = form.is_valid() and (new_form.is_valid() if wanted else True)
        if valid:
            chosen = list(form.cleaned_data["requirements"])
            try:
                created = _create_and_link(activity, chosen, new_form.cleaned_data if wanted else None)
            except AuditInputError as exc:
                add_service_errors(new_form if wanted else form, exc.errors)
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
    from django.db import transaction

    with transaction.atomic():
        created = None
        if new is not None:
            created = services.create_requirement(activity.process.kommune, **new)
            chosen = [*chosen, created]
        services.set_activity_requirements(activity, chosen)
    return created


# --- marking links (staff side) -------------------------------------------------------------------


def marking_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("audits:mark", args=[token]))


@login_required
@GET_OR_POST
@never_cache
def links(request: HttpRequest, pk: int) -> HttpResponse:
    """The process's marking links; a new link is shown once, on the page that creates it."""
    process = _managed_process(request, pk)
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


# --- the live workshop ----------------------------------------------------------------------------


def _signature(steps: list[selectors.JourneyStep]) -> str:
    """Changes when activities are added, removed, reordered, renamed or decided (the screen reloads then)."""
    text = "|".join(f"{s.activity.pk}:{s.activity.order}:{s.activity.description}:{s.outcome}" for s in steps)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@login_required
@require_GET
@never_cache
def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """The big-screen view: the journey with markings, refreshed by workshop.js (or «Opdater»)."""
    process = _visible_process(request, pk)
    steps = selectors.journey(process)
    return render(request, "audits/workshop.html", {
        "process": process, "steps": [_step_context(s) for s in steps], "signature": _signature(steps),
        "summary": selectors.process_summary(process), "interval": LIVE_INTERVAL_MS,
        "updated": timezone.localtime()})


@login_required
@require_GET
@never_cache
def workshop_data(request: HttpRequest, pk: int) -> JsonResponse:
    """The markings of the workshop screen as JSON (polled every few seconds)."""
    process = _visible_process(request, pk)
    steps = selectors.journey(process)
    summary = selectors.process_summary(process)
    return JsonResponse({
        "signature": _signature(steps),
        "participants": summary.participants,
        "markings": summary.markings,
        "updated": timezone.localtime().strftime("%H:%M:%S"),
        "activities": [{"id": s.activity.pk, "kinds": s.kinds, "total": s.markings, "participants": s.participants,
                        "comments": s.comments} for s in steps],
    })


# --- the employee's marking page ------------------------------------------------------------------


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


# --- decisions ------------------------------------------------------------------------------------


def _decision_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in ("outcome", "rationale", "purpose_explained", "owner", "decided_on",
                                          *DecisionForm.AFTER) if name in data}


@login_required
@GET_OR_POST
def activity_decide(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed_activity(request, pk)
    process = activity.process
    current = services.current_decision_for(activity=activity)
    initial = {name: audit_forms.figure_text(getattr(activity, name)) for name in DecisionForm.BEFORE}
    if current is not None:
        initial.update(outcome=current.outcome, rationale=current.rationale, owner=current.owner,
                       purpose_explained=current.purpose_explained,
                       **{name: audit_forms.figure_text(getattr(current, name)) for name in DecisionForm.AFTER})
    form = DecisionForm(*form_data(request), initial=initial, for_activity=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        figures = {name: data[name] for name in DecisionForm.BEFORE}
        try:
            ui_services.decide_with_figures(activity, figures=figures, decided_by=request.user,
                                            **_decision_values(data))
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            hours = selectors.burden_total(Activity.objects.filter(pk=activity.pk))
            messages.success(request, _("Beslutningen «%(outcome)s» er registreret i loggen.") % {
                "outcome": audit_forms.OUTCOME_LABELS[data["outcome"]]})
            if hours.estimated:
                messages.info(request, _("Aktiviteten: %(before)s timer om året før, %(after)s efter; "
                                         "%(freed)s timer frigjort.") % {
                    "before": _hours(hours.hours_before), "after": _hours(hours.hours_after),
                    "freed": _hours(hours.hours_freed)})
            return redirect(reverse("audits:journey", args=[process.pk]) + f"#aktivitet-{activity.pk}")
    return render(request, "audits/decide.html", {
        "form": form, "groups": form.groups(), "target": activity, "activity": activity, "process": process,
        "current": current, "current_badge": outcome_badge(current.outcome if current else None),
        "cancel": reverse("audits:journey", args=[process.pk]),
        "hours": selectors.burden_total(Activity.objects.filter(pk=activity.pk)),
        "requirements": list(activity.requirements.all())})


@login_required
@GET_OR_POST
def requirement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(selectors.managed_requirements(request.user), pk=pk)
    current = services.current_decision_for(requirement=requirement)
    initial = {}
    if current is not None:
        initial = {"outcome": current.outcome, "rationale": current.rationale, "owner": current.owner,
                   "purpose_explained": current.purpose_explained}
    form = DecisionForm(*form_data(request), initial=initial, for_activity=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(requirement=requirement, decided_by=request.user, **_decision_values(form.cleaned_data))
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Beslutningen «%(outcome)s» er registreret i loggen.") % {
                "outcome": audit_forms.OUTCOME_LABELS[form.cleaned_data["outcome"]]})
            return redirect("audits:requirement", pk=requirement.pk)
    return render(request, "audits/decide.html", {
        "form": form, "groups": form.groups(), "target": requirement, "requirement": requirement,
        "current": current, "current_badge": outcome_badge(current.outcome if current else None),
        "cancel": reverse("audits:requirement", args=[requirement.pk])})


def _hours(value: float) -> str:
    from django.template.defaultfilters import floatformat

    return floatformat(value, "1g" if abs(value) < 100 else "0g")


def _log_entries(decisions: QuerySet[Decision]) -> list[dict[str, Any]]:
    entries = []
    for decision in decisions:
        target = decision.activity or decision.requirement
        entries.append({
            "decision": decision, "badge": outcome_badge(decision.outcome),
            "target_type": _("aktivitet") if decision.activity_id else _("krav"),
            "target": target, "superseded": hasattr(decision, "superseded_by") and _superseded(decision),
            "after": [(str(DecisionForm.base_fields[name].label), audit_forms.figure_text(getattr(decision, name)))
                      for name in DecisionForm.AFTER if getattr(decision, name) is not None],
        })
    return entries


def _superseded(decision: Decision) -> bool:
    try:
        return decision.superseded_by is not None
    except Decision.DoesNotExist:
        return False


@login_required
@require_GET
def decision_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Every decision about the process's activities and the requirements behind them, oldest first (read-only)."""
    process = _visible_process(request, pk)
    requirement_ids = Requirement.objects.filter(activities__process=process).values("pk")
    decisions = (Decision.objects.select_related("activity__process", "requirement", "supersedes", "superseded_by")
                 .filter(Q(activity__process=process) | Q(requirement__in=requirement_ids))
                 .order_by("created_at", "pk"))
    return render(request, "audits/decision_log.html", {
        "process": process, "entries": _log_entries(decisions), "title": _("Beslutningslog"),
        "can_manage": _can_manage(request, process.kommune)})


@login_required
@require_GET
def kommune_decision_log(request: HttpRequest) -> HttpResponse:
    kommune = _chosen_kommune(request, visible_kommuner(request.user))
    if kommune is None:
        raise Http404
    decisions = selectors.decision_log(kommune=kommune).select_related("superseded_by")
    return render(request, "audits/decision_log.html", {
        "kommune": kommune, "entries": _log_entries(decisions),
        "title": _("Beslutningslog for %(kommune)s") % {"kommune": kommune.name}})


# --- ideas and prototypes -------------------------------------------------------------------------


@login_required
@GET_OR_POST
def ideas(request: HttpRequest, pk: int) -> HttpResponse:
    process = _visible_process(request, pk)
    can_manage = _can_manage(request, process.kommune)
    if request.method == "POST" and not can_manage:
        raise Http404
    form = IdeaForm(*form_data(request), activities=process.activities.order_by("order")) if can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.add_idea(process, **form.cleaned_data)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Idéen «%(title)s» er tilføjet.") % {"title": idea.title})
            return redirect("audits:idea", pk=idea.pk)
    items = list(process.ideas.prefetch_related("activities", "iterations").order_by("created_at"))
    for idea in items:
        idea.status_label = audit_forms.IDEA_STATUS_LABELS.get(idea.status, idea.status)
    return render(request, "audits/ideas.html", {
        "process": process, "ideas": items, "form": form, "can_manage": can_manage,
        "status_labels": audit_forms.IDEA_STATUS_LABELS})


@login_required
@GET_OR_POST
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.select_related("process__kommune")
                             .filter(process__in=selectors.visible_processes(request.user)), pk=pk)
    process = idea.process
    can_manage = _can_manage(request, process.kommune)
    if request.method == "POST" and not can_manage:
        raise Http404
    posted = request.POST.get("form") if request.method == "POST" else None
    idea_form = IdeaForm(request.POST if posted == "idea" else None, activities=process.activities.order_by("order"),
                         initial={"title": idea.title, "description": idea.description, "owner": idea.owner,
                                  "status": idea.status, "activities": list(idea.activities.all())}, prefix="idea")
    iteration_form = IterationForm(request.POST if posted == "iteration" else None, prefix="iteration")
    form = idea_form if posted == "idea" else iteration_form if posted == "iteration" else None
    if form is not None and form.is_valid():
        try:
            if posted == "idea":
                services.update_idea(idea, **form.cleaned_data)
                messages.success(request, _("Idéen er gemt."))
            else:
                services.add_iteration(idea, **form.cleaned_data)
                messages.success(request, _("Iterationen er tilføjet."))
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("audits:idea", pk=idea.pk)
    return render(request, "audits/idea.html", {
        "idea": idea, "process": process, "can_manage": can_manage, "idea_form": idea_form,
        "iteration_form": iteration_form, "iterations": idea.iterations.order_by("date", "pk"),
        "status_label": audit_forms.IDEA_STATUS_LABELS.get(idea.status, idea.status)})


# --- the register ---------------------------------------------------------------------------------


def _translated_counts(counts: list[selectors.RegisterCount], by: str) -> list[selectors.RegisterCount]:
    """The counts with their group labels in the page's language (the selector's labels are Danish)."""
    labels = {"kind": audit_forms.KIND_LABELS, "source_type": audit_forms.SOURCE_LABELS,
              "spor": audit_forms.SPOR_LABELS}.get(by, {}) | {NO_SPOR: _("Uden spor"), "": _("Uden område")}
    return [dataclasses.replace(c, label=str(labels[c.key])) if c.key in labels else c for c in counts]


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The kommune's rules, policies and documentation requirements with filters and counts before/after."""
    kommuner = visible_kommuner(request.user)
    kommune = _chosen_kommune(request, kommuner)
    if kommune is None:
        return render(request, "audits/register.html", {"kommune": None})
    form = RegisterFilterForm(request.GET or None, kommuner=kommuner, omraader=kommune.omraader.order_by("name"),
                              initial={"kommune": kommune})
    filters: dict[str, Any] = {}
    by = "kind"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"source_type": data["source_type"] or None, "kind": data["kind"] or None,
                   "omraade": data["omraade"], "spor": data["spor"] or None, "status": data["status"] or None,
                   "search": data["q"]}
        by = data["by"] or "kind"
    elif form.is_bound:
        return render(request, "audits/register.html", {"kommune": kommune, "form": form, "invalid": True},
                      status=400)
    items = selectors.register(kommune, **filters)
    requirements = list(items)
    burden = selectors.requirement_burden(requirements)
    query = request.GET.copy()
    query["kommune"] = str(kommune.pk)
    return render(request, "audits/register.html", {
        "kommune": kommune, "form": form, "rows": [_requirement_row(r, burden.get(r.pk)) for r in requirements],
        "counts": _translated_counts(selectors.register_counts(kommune, by=by, requirements=items), by),
        "by_label": dict(form.fields["by"].choices).get(by, by),
        "filtered": any(v for v in filters.values()), "can_manage": _can_manage(request, kommune),
        "query": query.urlencode(), "kommune_query": f"kommune={kommune.pk}",
        "total": Requirement.objects.filter(kommune=kommune).count()})


@login_required
@require_GET
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    kommune = _chosen_kommune(request, visible_kommuner(request.user))
    if kommune is None:
        raise Http404
    rows = register_io.register_rows(kommune)
    if fmt == "csv":
        response = HttpResponse(register_io.register_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        register_io.write_register_xlsx(rows, buffer, counts=selectors.register_counts(kommune, by="kind"))
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"register-{_slug(kommune.name) or 'kommune'}-{timezone.localdate():%Y-%m-%d}.{fmt}")
    return response


@login_required
@GET_OR_POST
def register_import(request: HttpRequest) -> HttpResponse:
    kommuner = managed_kommuner(request.user)
    kommune = _chosen_kommune(request, kommuner)
    if kommune is None:
        raise PermissionDenied
    form = UploadForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = register_io.import_register(kommune, read_table(upload.read(), upload.name))
        except ValidationFailed as exc:
            failure = failure_context(exc)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, str(summary))
            return redirect(reverse("audits:register") + f"?kommune={kommune.pk}")
    return render(request, "audits/register_import.html", {
        "kommune": kommune, "form": form, "failure": failure,
        "kommune_form": KommuneChoiceForm(initial={"kommune": kommune}, kommuner=kommuner)})


@login_required
@GET_OR_POST
def requirement_create(request: HttpRequest) -> HttpResponse:
    kommuner = managed_kommuner(request.user)
    kommune = _chosen_kommune(request, kommuner)
    if kommune is None:
        raise PermissionDenied
    form = RequirementForm(*form_data(request), omraader=kommune.omraader.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            requirement = services.create_requirement(kommune, **form.cleaned_data)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("Kravet %(code)s er oprettet.") % {"code": requirement.code})
            return redirect("audits:requirement", pk=requirement.pk)
    return render(request, "audits/form.html", {
        "form": form, "title": _("Nyt krav i registret for %(kommune)s") % {"kommune": kommune.name},
        "hidden": {"kommune": kommune.pk}, "cancel": reverse("audits:register") + f"?kommune={kommune.pk}"})


@login_required
@GET_OR_POST
def requirement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(selectors.with_status(selectors.visible_requirements(request.user)), pk=pk)
    can_manage = _can_manage(request, requirement.kommune)
    if request.method == "POST" and not can_manage:
        raise Http404
    form = RequirementForm(*form_data(request), omraader=requirement.kommune.omraader.order_by("name"),
                           initial=RequirementForm.initial_for(requirement)) if can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_requirement(requirement, **form.cleaned_data)
        except AuditInputError as exc:
            add_service_errors(form, exc.errors)
        else:
            messages.success(request, _("Kravet er gemt."))
            return redirect("audits:requirement", pk=requirement.pk)
    activities = requirement.activities.select_related("process").order_by("process__name", "order")
    return render(request, "audits/requirement.html", {
        "requirement": requirement, "row": _requirement_row(requirement), "form": form, "can_manage": can_manage,
        "activities": activities.filter(process__in=selectors.visible_processes(request.user)),
        "entries": _log_entries(selectors.decision_log(requirement=requirement).select_related("superseded_by")),
        "burden": selectors.requirement_burden([requirement]).get(requirement.pk)})


# --- burden overview ------------------------------------------------------------------------------


def _burden_rows(frame: Any, key: str) -> list[dict[str, Any]]:
    """The rows of a burden summary for a table; a missing group value (no område) gets an empty label."""
    rows = []
    for record in frame.to_dict("records"):
        label = record.get(key)
        rows.append({**record, "label": "" if label is None or label != label else str(label)})
    return rows


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Hours per year before/after and freed, per kommune, område, process and spor."""
    kommuner = visible_kommuner(request.user)
    kommune = _chosen_kommune(request, kommuner)
    if kommune is None:
        return render(request, "audits/overview.html", {"kommune": None})
    total = selectors.burden_total(Activity.objects.filter(process__kommune=kommune))
    by_area = _burden_rows(selectors.kommune_burden(kommune, "omraade"), "omraade")
    by_process = _burden_rows(selectors.kommune_burden(kommune, "process"), "process")
    spor = [{"row": row, "label": audit_forms.SPOR_LABELS.get(row.spor, row.label)}
            for row in selectors.spor_overview(kommune)]
    return render(request, "audits/overview.html", {
        "kommune": kommune, "total": total, "by_area": by_area, "by_process": by_process, "spor": spor,
        "kommune_form": KommuneChoiceForm(initial={"kommune": kommune}, kommuner=kommuner),
        "several": kommuner.count() > 1,
        "counts": selectors.register_counts(kommune, by="kind")})


# --- the one-page summary -------------------------------------------------------------------------


def _summary_input(kommune: Kommune, activities: QuerySet[Activity], *, title: str, scope: str,
                   process: Process | None = None) -> audit_summary.AuditSummaryInput:
    """The summary's data from the selectors: activities with burden, markings and decisions in force."""
    import pandas as pd

    from frisat.core import burden as core_burden
    from frisat.web.audits.models import Marking, Participant

    frame = selectors.activities_frame(activities)
    table = core_burden.burden_table(frame) if len(frame) else frame.assign(hours_before=[], hours_after=[],
                                                                              hours_freed=[])
    info = {a.pk: (a.order, a.description) for a in activities}
    table["order"] = [info[pk][0] for pk in table["activity_id"]]
    table["description"] = [info[pk][1] for pk in table["activity_id"]]
    marks = Marking.objects.filter(activity__in=activities)
    markings = pd.DataFrame([{"activity_id": m.activity_id, "kind": m.kind, "category": str(m.category_label)}
                             for m in marks], columns=list(audit_summary.MARKING_COLUMNS))
    in_force = selectors.decisions_in_force().select_related("activity__process", "requirement")
    if process is not None:
        requirement_ids = Requirement.objects.filter(activities__process=process).values("pk")
        in_force = in_force.filter(Q(activity__process=process) | Q(requirement__in=requirement_ids))
    else:
        in_force = in_force.filter(Q(activity__process__kommune=kommune) | Q(requirement__kommune=kommune))
    decisions = pd.DataFrame([{
        "target": (d.activity.description if d.activity_id else f"{d.requirement.code} {d.requirement.title}"),
        "target_type": "aktivitet" if d.activity_id else "krav",
        "process": d.activity.process.name if d.activity_id else "", "outcome": d.outcome,
        "rationale": d.rationale, "owner": d.owner, "decided_on": d.decided_on} for d in in_force],
        columns=list(audit_summary.DECISION_COLUMNS))
    participants = Participant.objects.filter(markings__activity__in=activities).distinct().count()
    return audit_summary.AuditSummaryInput(
        title=title, kommune=kommune.name, scope=scope, activities=table, markings=markings, decisions=decisions,
        participants=participants, date=timezone.localdate(),
        purpose=process.purpose if process else "", omraade=process.omraade.name if process and process.omraade else "",
        owner=process.owner if process else "")


def _summary_response(request: HttpRequest, data: audit_summary.AuditSummaryInput, fmt: str,
                      links: dict[str, str], filename: str) -> HttpResponse:
    context = audit_summary.build_context(data)
    if fmt == "pdf":
        response = HttpResponse(audit_summary.pdf_bytes(audit_summary.render_html(context)),
                                content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.pdf")
        return response
    html = audit_summary.render_html(context, links=links if fmt == "page" else None)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # The document carries its own stylesheet inline: allow exactly that stylesheet, nothing else.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src " + " ".join(audit_summary.style_hashes(html)) + "; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    if fmt == "html":
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.html")
    return response


SUMMARY_FORMATS = ("page", "html", "pdf")


def _slug(name: str) -> str:
    """A file name part: Danish letters spelt out (æ → ae, ø → oe, å → aa) before slugify drops them."""
    for letter, spelt in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        name = name.replace(letter, spelt)
    return slugify(name)


@login_required
@require_GET
def process_summary(request: HttpRequest, pk: int, fmt: str = "page") -> HttpResponse:
    if fmt not in SUMMARY_FORMATS:
        raise Http404
    process = _visible_process(request, pk)
    data = _summary_input(process.kommune, process.activities.all(), title=process.name, scope="proces",
                          process=process)
    links = {"back": reverse("audits:journey", args=[process.pk]),
             "pdf": reverse("audits:summary_file", args=[process.pk, "pdf"]),
             "html": reverse("audits:summary_file", args=[process.pk, "html"])}
    return _summary_response(request, data, fmt, links, f"resume-{_slug(process.name) or 'proces'}")


@login_required
@require_GET
def kommune_summary(request: HttpRequest, pk: int, fmt: str = "page") -> HttpResponse:
    if fmt not in SUMMARY_FORMATS:
        raise Http404
    kommune = get_object_or_404(visible_kommuner(request.user), pk=pk)
    activities = Activity.objects.filter(process__kommune=kommune)
    data = _summary_input(kommune, activities, title=_("Friktionseftersyn i %(kommune)s") % {"kommune": kommune.name},
                          scope="kommune")
    links = {"back": reverse("audits:overview") + f"?kommune={kommune.pk}",
             "pdf": reverse("audits:kommune_summary_file", args=[kommune.pk, "pdf"]),
             "html": reverse("audits:kommune_summary_file", args=[kommune.pk, "html"])}
    return _summary_response(request, data, fmt, links, f"resume-{_slug(kommune.name) or 'kommune'}")
