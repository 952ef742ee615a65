"""The burden overview (hours per year before, after and freed) and the one-page summary of a process
or a kommune, as a page, an HTML file or a PDF (built by :mod:`frisat.reporting.audit_summary`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frisat.core import burden as core_burden
from frisat.reporting import audit_summary
from frisat.web.audits import forms as audit_forms
from frisat.web.audits import selectors
from frisat.web.audits.forms import MunicipalityChoiceForm
from frisat.web.audits.models import Activity, Marking, Participant, Process, Requirement
from frisat.web.audits.views.shared import chosen_municipality, file_slug, visible_process
from frisat.web.organisations.models import Municipality
from frisat.web.organisations.selectors import visible_municipalities


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
    municipalities = visible_municipalities(request.user)
    municipality = chosen_municipality(request, municipalities)
    if municipality is None:
        return render(request, "audits/overview.html", {"municipality": None})
    total = selectors.burden_total(Activity.objects.filter(process__municipality=municipality))
    by_area = _burden_rows(selectors.municipality_burden(municipality, "omraade"), "omraade")
    by_process = _burden_rows(selectors.municipality_burden(municipality, "process"), "process")
    spor = [{"row": row, "label": audit_forms.SPOR_LABELS.get(row.spor, row.label)}
            for row in selectors.spor_overview(municipality)]
    return render(request, "audits/overview.html", {
        "municipality": municipality, "total": total, "by_area": by_area, "by_process": by_process, "spor": spor,
        "municipality_form": MunicipalityChoiceForm(initial={"municipality": municipality},
                                                    municipalities=municipalities),
        "several": municipalities.count() > 1,
        "counts": selectors.register_counts(municipality, by="kind")})


def _summary_input(municipality: Municipality, activities: QuerySet[Activity], *, title: str, scope: str,
                   process: Process | None = None) -> audit_summary.AuditSummaryInput:
    """The summary's data from the selectors: activities with burden, markings and decisions in force."""
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
        in_force = in_force.filter(Q(activity__process__municipality=municipality)
                                   | Q(requirement__municipality=municipality))
    decisions = pd.DataFrame([{
        "target": (d.activity.description if d.activity_id else f"{d.requirement.code} {d.requirement.title}"),
        "target_type": "aktivitet" if d.activity_id else "krav",
        "process": d.activity.process.name if d.activity_id else "", "outcome": d.outcome,
        "rationale": d.rationale, "owner": d.owner, "decided_on": d.decided_on} for d in in_force],
        columns=list(audit_summary.DECISION_COLUMNS))
    participants = Participant.objects.filter(markings__activity__in=activities).distinct().count()
    return audit_summary.AuditSummaryInput(
        # reporting's summary keeps the canonical (Danish) names kommune/omraade
        title=title, kommune=municipality.name, scope=scope, activities=table, markings=markings,
        decisions=decisions, participants=participants, date=timezone.localdate(),
        purpose=process.purpose if process else "", omraade=process.area.name if process and process.area else "",
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


@login_required
@require_GET
def process_summary(request: HttpRequest, pk: int, fmt: str = "page") -> HttpResponse:
    if fmt not in SUMMARY_FORMATS:
        raise Http404
    process = visible_process(request, pk)
    data = _summary_input(process.municipality, process.activities.all(), title=process.name, scope="proces",
                          process=process)
    links = {"back": reverse("audits:journey", args=[process.pk]),
             "pdf": reverse("audits:summary_file", args=[process.pk, "pdf"]),
             "html": reverse("audits:summary_file", args=[process.pk, "html"])}
    return _summary_response(request, data, fmt, links, f"resume-{file_slug(process.name) or 'proces'}")


@login_required
@require_GET
def municipality_summary(request: HttpRequest, pk: int, fmt: str = "page") -> HttpResponse:
    if fmt not in SUMMARY_FORMATS:
        raise Http404
    municipality = get_object_or_404(visible_municipalities(request.user), pk=pk)
    activities = Activity.objects.filter(process__municipality=municipality)
    data = _summary_input(municipality, activities,
                          title=_("Friktionseftersyn i %(kommune)s") % {"kommune": municipality.name},
                          scope="kommune")
    links = {"back": reverse("audits:overview") + f"?municipality={municipality.pk}",
             "pdf": reverse("audits:municipality_summary_file", args=[municipality.pk, "pdf"]),
             "html": reverse("audits:municipality_summary_file", args=[municipality.pk, "html"])}
    return _summary_response(request, data, fmt, links, f"resume-{file_slug(municipality.name) or 'kommune'}")
