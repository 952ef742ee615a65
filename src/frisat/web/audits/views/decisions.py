"""Decisions (fjernes, forandres, forankres) about an activity or a requirement, the decision log, and
the ideas and prototypes that follow from them. A decision about an activity saves its time figures
in the same transaction (:mod:`frisat.web.audits.ui_services`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frisat.core.errors import FrisatError
from frisat.web.audits import forms as audit_forms
from frisat.web.audits import selectors, services, ui_services
from frisat.web.audits.forms import DecisionForm, IdeaForm, IterationForm
from frisat.web.audits.models import Activity, Decision, Idea, Requirement
from frisat.web.audits.views.shared import (
    chosen_municipality,
    hours_text,
    log_entries,
    managed_activity,
    outcome_badge,
    user_can_manage,
    visible_process,
)
from frisat.web.common.staff import GET_OR_POST, form_data
from frisat.web.common.validation import InputErrors, add_input_errors
from frisat.web.organisations.selectors import visible_municipalities


def _decision_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in ("outcome", "rationale", "purpose_explained", "owner", "decided_on",
                                          *DecisionForm.AFTER) if name in data}


@login_required
@GET_OR_POST
def activity_decide(request: HttpRequest, pk: int) -> HttpResponse:
    activity = managed_activity(request, pk)
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
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            hours = selectors.burden_total(Activity.objects.filter(pk=activity.pk))
            messages.success(request, _("Beslutningen «%(outcome)s» er registreret i loggen.") % {
                "outcome": audit_forms.OUTCOME_LABELS[data["outcome"]]})
            if hours.estimated:
                messages.info(request, _("Aktiviteten: %(before)s timer om året før, %(after)s efter; "
                                         "%(freed)s timer frigjort.") % {
                    "before": hours_text(hours.hours_before), "after": hours_text(hours.hours_after),
                    "freed": hours_text(hours.hours_freed)})
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
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
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


@login_required
@require_GET
def decision_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Every decision about the process's activities and the requirements behind them, oldest first (read-only)."""
    process = visible_process(request, pk)
    requirement_ids = Requirement.objects.filter(activities__process=process).values("pk")
    decisions = (Decision.objects.select_related("activity__process", "requirement", "supersedes", "superseded_by")
                 .filter(Q(activity__process=process) | Q(requirement__in=requirement_ids))
                 .order_by("created_at", "pk"))
    return render(request, "audits/decision_log.html", {
        "process": process, "entries": log_entries(decisions), "title": _("Beslutningslog"),
        "can_manage": user_can_manage(request, process.municipality)})


@login_required
@require_GET
def municipality_decision_log(request: HttpRequest) -> HttpResponse:
    municipality = chosen_municipality(request, visible_municipalities(request.user))
    if municipality is None:
        raise Http404
    decisions = selectors.decision_log(municipality=municipality).select_related("superseded_by")
    return render(request, "audits/decision_log.html", {
        "municipality": municipality, "entries": log_entries(decisions),
        "title": _("Beslutningslog for %(kommune)s") % {"kommune": municipality.name}})


@login_required
@GET_OR_POST
def ideas(request: HttpRequest, pk: int) -> HttpResponse:
    process = visible_process(request, pk)
    can_manage = user_can_manage(request, process.municipality)
    if request.method == "POST" and not can_manage:
        raise Http404
    form = IdeaForm(*form_data(request), activities=process.activities.order_by("order")) if can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.add_idea(process, **form.cleaned_data)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
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
    idea = get_object_or_404(Idea.objects.select_related("process__municipality")
                             .filter(process__in=selectors.visible_processes(request.user)), pk=pk)
    process = idea.process
    can_manage = user_can_manage(request, process.municipality)
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
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("audits:idea", pk=idea.pk)
    return render(request, "audits/idea.html", {
        "idea": idea, "process": process, "can_manage": can_manage, "idea_form": idea_form,
        "iteration_form": iteration_form, "iterations": idea.iterations.order_by("date", "pk"),
        "status_label": audit_forms.IDEA_STATUS_LABELS.get(idea.status, idea.status)})
