"""The kommune's register of rules, policies and documentation requirements: the filtered list with
counts, export (XLSX, CSV) and import, and one requirement's page."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frisat.core.burden import NO_SPOR
from frisat.core.errors import FrisatError, ValidationFailed
from frisat.web.audits import forms as audit_forms
from frisat.web.audits import register_io, selectors, services
from frisat.web.audits.forms import MunicipalityChoiceForm, RegisterFilterForm, RequirementForm
from frisat.web.audits.models import Requirement
from frisat.web.audits.views.shared import (
    XLSX,
    chosen_municipality,
    log_entries,
    requirement_row,
    user_can_manage,
)
from frisat.web.common.downloads import attachment, csv_filename, csv_response, data_from_excel, file_stem
from frisat.web.common.forms import UploadForm
from frisat.web.common.staff import GET_OR_POST, failure_context, form_data
from frisat.web.common.validation import InputErrors, add_input_errors
from frisat.web.organisations.selectors import managed_municipalities, visible_municipalities
from frisat.web.organisations.tabular import read_table


def _translated_counts(counts: list[selectors.RegisterCount], by: str) -> list[selectors.RegisterCount]:
    """The counts with their group labels in the page's language (the selector's labels are Danish)."""
    labels = {"kind": audit_forms.KIND_LABELS, "source_type": audit_forms.SOURCE_LABELS,
              "spor": audit_forms.SPOR_LABELS}.get(by, {}) | {NO_SPOR: _("Uden spor"), "": _("Uden område")}
    return [dataclasses.replace(c, label=str(labels[c.key])) if c.key in labels else c for c in counts]


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The kommune's rules, policies and documentation requirements with filters and counts before/after."""
    municipalities = visible_municipalities(request.user)
    municipality = chosen_municipality(request, municipalities)
    if municipality is None:
        return render(request, "audits/register.html", {"municipality": None})
    form = RegisterFilterForm(request.GET or None, municipalities=municipalities,
                              areas=municipality.areas.order_by("name"),
                              initial={"municipality": municipality})
    filters: dict[str, Any] = {}
    by = "kind"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"source_type": data["source_type"] or None, "kind": data["kind"] or None,
                   "area": data["area"], "spor": data["spor"] or None, "status": data["status"] or None,
                   "search": data["q"], "external": data["external"] or None}
        by = data["by"] or "kind"
    elif form.is_bound:
        return render(request, "audits/register.html", {"municipality": municipality, "form": form, "invalid": True},
                      status=400)
    items = selectors.register(municipality, **filters)
    requirements = list(items)
    burden = selectors.requirement_burden(requirements)
    query = request.GET.copy()
    query["municipality"] = str(municipality.pk)
    return render(request, "audits/register.html", {
        "municipality": municipality, "form": form, "rows": [requirement_row(r,
                                                                             burden.get(r.pk)) for r in requirements],
        "counts": _translated_counts(selectors.register_counts(municipality, by=by, requirements=items), by),
        "by_label": dict(form.fields["by"].choices).get(by, by),
        "filtered": any(v for v in filters.values()), "can_manage": user_can_manage(request, municipality),
        "query": query.urlencode(), "municipality_query": f"municipality={municipality.pk}",
        "total": Requirement.objects.filter(municipality=municipality).count()})


@login_required
@require_GET
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv", "data.csv"):  # issue 13: csv = for Excel, data.csv = for R/pandas
        raise Http404
    municipality = chosen_municipality(request, visible_municipalities(request.user))
    if municipality is None:
        raise Http404
    rows = register_io.register_rows(municipality)
    stem = f"register-{file_stem(municipality.name, 'kommune')}-{timezone.localdate():%Y-%m-%d}"
    if fmt in ("csv", "data.csv"):
        excel = register_io.register_csv(rows)
        variant = "excel" if fmt == "csv" else "data"
        return csv_response(excel if variant == "excel" else data_from_excel(excel), csv_filename(stem, variant))
    else:
        buffer = io.BytesIO()
        register_io.write_register_xlsx(rows, buffer, counts=selectors.register_counts(municipality, by="kind"))
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    return attachment(response, f"{stem}.xlsx")


@login_required
@GET_OR_POST
def register_import(request: HttpRequest) -> HttpResponse:
    municipalities = managed_municipalities(request.user)
    municipality = chosen_municipality(request, municipalities)
    if municipality is None:
        raise PermissionDenied
    form = UploadForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = register_io.import_register(municipality, read_table(upload.read(), upload.name))
        except ValidationFailed as exc:
            failure = failure_context(exc)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, str(summary))
            return redirect(reverse("audits:register") + f"?municipality={municipality.pk}")
    return render(request, "audits/register_import.html", {
        "municipality": municipality, "form": form, "failure": failure,
        "municipality_form": MunicipalityChoiceForm(initial={"municipality": municipality},
                                                    municipalities=municipalities)})


@login_required
@GET_OR_POST
def requirement_create(request: HttpRequest) -> HttpResponse:
    municipalities = managed_municipalities(request.user)
    municipality = chosen_municipality(request, municipalities)
    if municipality is None:
        raise PermissionDenied
    form = RequirementForm(*form_data(request), areas=municipality.areas.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            requirement = services.create_requirement(municipality, **form.cleaned_data)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        else:
            messages.success(request, _("Kravet %(code)s er oprettet.") % {"code": requirement.code})
            return redirect("audits:requirement", pk=requirement.pk)
    return render(request, "audits/form.html", {
        "form": form, "title": _("Nyt krav i registret for %(kommune)s") % {"kommune": municipality.name},
        "hidden": {"municipality": municipality.pk},
        "cancel": reverse("audits:register") + f"?municipality={municipality.pk}"})


@login_required
@GET_OR_POST
def requirement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(selectors.with_status(selectors.visible_requirements(request.user)), pk=pk)
    can_manage = user_can_manage(request, requirement.municipality)
    if request.method == "POST" and not can_manage:
        raise Http404
    form = RequirementForm(*form_data(request), areas=requirement.municipality.areas.order_by("name"),
                           initial=RequirementForm.initial_for(requirement)) if can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_requirement(requirement, **form.cleaned_data)
        except InputErrors as exc:
            add_input_errors(form, exc.errors)
        else:
            messages.success(request, _("Kravet er gemt."))
            return redirect("audits:requirement", pk=requirement.pk)
    activities = requirement.activities.select_related("process").order_by("process__name", "order")
    return render(request, "audits/requirement.html", {
        "requirement": requirement, "row": requirement_row(requirement), "form": form, "can_manage": can_manage,
        "activities": activities.filter(process__in=selectors.visible_processes(request.user)),
        "entries": log_entries(selectors.decision_log(requirement=requirement).select_related("superseded_by")),
        "burden": selectors.requirement_burden([requirement]).get(requirement.pk)})
