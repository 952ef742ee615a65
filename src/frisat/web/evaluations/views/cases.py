"""Registering cases: a period's list and registrars, the fast keyboard form («Gem og næste»),
editing with history, and import from CSV/XLSX (all-or-nothing, errors by row and column)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from frisat.core.errors import ValidationFailed
from frisat.web.common.forms import UploadForm
from frisat.web.common.staff import GET_OR_POST, failure_context, form_data
from frisat.web.evaluations import selectors, services
from frisat.web.evaluations.forms import CaseForm, RegistrarsForm
from frisat.web.evaluations.models import Case
from frisat.web.evaluations.views.shared import visible_evaluation, visible_registration


@login_required
@GET_OR_POST
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    """A period's registered cases; administrators choose its registrars here."""
    reg = visible_registration(request, pk)
    evaluation = reg.period.evaluation
    can_manage = selectors.can_manage(request.user, evaluation)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = RegistrarsForm(*form_data(request), municipality=evaluation.municipality,
                          initial={"registrars": reg.registrars.all()}) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        reg.registrars.set(form.cleaned_data["registrars"])
        messages.success(request, _("Registratorerne er gemt."))
        return redirect("evaluations:registration", pk=reg.pk)
    scheme = services.scheme_of(evaluation)
    shown = [f for f in services.input_fields(scheme) if f.id != scheme.case_field][:4]
    cases = [{"case": c, "values": [c.values.get(f.id, "") for f in shown]} for c in reg.cases.order_by("case_number")]
    return render(request, "evaluations/registration.html", {
        "registration": reg, "evaluation": evaluation, "period": reg.period, "form": form,
        "can_register": selectors.can_register(request.user, reg), "columns": [f.label for f in shown],
        "cases": cases, "registrars": reg.registrars.order_by("username"),
        "deleted": reg.deleted_cases.select_related("user")})


def _case_page(request: HttpRequest, reg, case: Case | None) -> HttpResponse:
    if not selectors.can_register(request.user, reg):
        raise PermissionDenied
    scheme = services.scheme_of(reg.period.evaluation)
    initial = dict(case.values) if case else {}
    form = CaseForm(*form_data(request), scheme=scheme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_case(reg, form.cleaned_data, request.user, case)
        except ValidationFailed as exc:
            for problem in exc.problems:
                target = problem.column if problem.column in form.fields else None
                form.add_error(target, problem.message)
        else:
            messages.success(request, _("Sagen %(number)s er gemt.") % {"number": saved.case_number})
            if "next" in request.POST:
                return redirect("evaluations:case_new", pk=reg.pk)
            return redirect("evaluations:registration", pk=reg.pk)
    history = case.changes.select_related("user") if case else []
    labels = {f.id: f.label for f in scheme.fields}
    entries = [{"change": h, "who": (h.user.get_full_name() or h.user.get_username()) if h.user else _("ukendt"),
                "fields": [(labels.get(k, k), old, new) for k, (old, new) in h.changes.items()]} for h in history]
    return render(request, "evaluations/case_form.html", {
        "registration": reg, "evaluation": reg.period.evaluation, "period": reg.period, "form": form,
        "case": case, "history": entries, "count": reg.cases.count()})


@login_required
@GET_OR_POST
def case_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, visible_registration(request, pk), None)


@login_required
@GET_OR_POST
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("registration__period__evaluation")
                             .filter(registration__period__evaluation__in=selectors.visible_evaluations(request.user)),
                             pk=pk)
    return _case_page(request, case.registration, case)


@login_required
@GET_OR_POST
def case_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation page (GET) and deletion (POST) for the period's registrars and administrators;
    the registration round's log keeps who deleted the case and when."""
    case = get_object_or_404(Case.objects.select_related("registration__period__evaluation")
                             .filter(registration__period__evaluation__in=selectors.visible_evaluations(request.user)),
                             pk=pk)
    reg = case.registration
    if not selectors.can_register(request.user, reg):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_case(case, request.user)
        messages.success(request, _("Sagen %(number)s er slettet.") % {"number": case.case_number})
        return redirect("evaluations:registration", pk=reg.pk)
    return render(request, "evaluations/case_delete.html", {
        "case": case, "registration": reg, "evaluation": reg.period.evaluation, "period": reg.period,
        "changes": case.changes.count()})


@login_required
@GET_OR_POST
def case_import(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = visible_evaluation(request, pk)
    periods = selectors.registerable_periods(request.user, evaluation)
    if not periods:
        raise PermissionDenied
    form = UploadForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (Path(upload.name).name or f"upload{suffix}")
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                count = services.import_cases(evaluation, path, request.user, allowed_periods=periods)
            except ValidationFailed as exc:
                failure = failure_context(exc)
            else:
                messages.success(request, _("%(count)d sager er indlæst.") % {"count": count})
                return redirect(reverse("evaluations:detail", args=[evaluation.pk]))
    scheme = services.scheme_of(evaluation)
    return render(request, "evaluations/import.html", {
        "evaluation": evaluation, "form": form, "failure": failure, "scheme": scheme,
        "columns": [f for f in scheme.fields]}, status=400 if failure else 200)
