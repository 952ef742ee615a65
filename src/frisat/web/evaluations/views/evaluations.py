"""The evaluations: the list, creating and editing one, its results page, the interview log and
the downloads (report HTML/PDF, CSVs, XLSX — all written by frisat.reporting)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frisat.reporting.evaluation import write_evaluation_report
from frisat.web.common.staff import GET_OR_POST, form_data
from frisat.web.evaluations import selectors, services
from frisat.web.evaluations.forms import ComparisonForm, EvaluationForm, InterviewForm
from frisat.web.evaluations.models import Evaluation, Interview
from frisat.web.evaluations.results import evaluation_context
from frisat.web.evaluations.views.shared import managed_evaluation, visible_evaluation
from frisat.web.organisations.selectors import managed_municipalities

FILES = {
    "evaluering.html": "text/html; charset=utf-8",
    "evaluering.pdf": "application/pdf",
    "periods.csv": "text/csv; charset=utf-8",
    "period_changes.csv": "text/csv; charset=utf-8",
    "sager.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "items.csv": "text/csv; charset=utf-8",
    "item_changes.csv": "text/csv; charset=utf-8",
}


@login_required
@require_GET
def evaluation_list(request: HttpRequest) -> HttpResponse:
    evaluations = selectors.visible_evaluations(request.user).order_by("municipality__name", "name")
    return render(request, "evaluations/list.html", {
        "evaluations": evaluations, "municipalities": managed_municipalities(request.user).order_by("name")})


@login_required
@GET_OR_POST
def evaluation_create(request: HttpRequest) -> HttpResponse:
    municipalities = managed_municipalities(request.user)
    raw = request.GET.get("municipality") or request.POST.get("municipality")
    if raw and not str(raw).isdigit():
        raise Http404
    municipality = get_object_or_404(municipalities, pk=int(raw)) if raw else municipalities.order_by("name").first()
    if municipality is None:
        raise PermissionDenied
    from frisat.core.cases.scheme import get_scheme

    form = EvaluationForm(*form_data(request), municipality=municipality, scheme=get_scheme())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                evaluation = services.create_evaluation(
                    municipality=municipality, name=data["name"], trial=data["trial"], area=data["area"],
                    dates=form.period_dates())
                evaluation.rounds.set(data["rounds"])
        except IntegrityError:
            form.add_error("name", _("Der findes allerede en evaluering med det navn i kommunen."))
        else:
            messages.success(request, _("Evalueringen er oprettet."))
            return redirect("evaluations:detail", pk=evaluation.pk)
    return render(request, "evaluations/form.html", {
        "form": form, "municipality": municipality, "title": _("Ny evaluering"), "municipalities": municipalities})


@login_required
@GET_OR_POST
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = managed_evaluation(request, pk)
    periods = {p.code: p for p in evaluation.periods.all()}
    initial = {f"periode_{c}_{end}": getattr(p, attr) for c, p in periods.items()
               for end, attr in (("fra", "starts_on"), ("til", "ends_on"))}
    form = EvaluationForm(*form_data(request), instance=evaluation, municipality=evaluation.municipality,
                          scheme=services.scheme_of(evaluation), periods=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
                for code, (start, end) in form.period_dates().items():
                    if code in periods:
                        periods[code].starts_on, periods[code].ends_on = start, end
                        periods[code].save(update_fields=["starts_on", "ends_on"])
        except IntegrityError:
            form.add_error("name", _("Der findes allerede en evaluering med det navn i kommunen."))
        else:
            messages.success(request, _("Evalueringen er gemt."))
            return redirect("evaluations:detail", pk=evaluation.pk)
    return render(request, "evaluations/form.html", {
        "form": form, "municipality": evaluation.municipality, "evaluation": evaluation,
        "title": _("Redigér evalueringen")})


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation's results page: data basis, survey by wave, cases by period, interview log."""
    from frisat.reporting.cases.texts import scheme_name
    from frisat.web.results.texts import page_language

    evaluation = visible_evaluation(request, pk)
    form, by, limits = _comparison(request, evaluation)
    context = evaluation_context(evaluation, by, limits)
    with page_language():
        registrations = [{"registration": p.registration, "period": p, "label": scheme_name(p.label),
                          "can_register": selectors.can_register(request.user, p.registration)}
                         for p in evaluation.periods.select_related("registration").order_by("position")]
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields and v}) if form.is_valid() else ""
    return render(request, "evaluations/detail.html", {
        "evaluation": evaluation, "report": context, "registrations": registrations, "form": form,
        "query": f"?{query}" if query else "",
        "can_manage": selectors.can_manage(request.user, evaluation), "files": list(FILES)})


def _comparison(request: HttpRequest, evaluation: Evaluation) -> tuple[ComparisonForm, tuple[str, ...],
                                                                       dict[str, float]]:
    """The comparison choices of the GET form (none when the form is empty or invalid)."""
    from frisat.web.results.texts import page_language

    with page_language():
        form = ComparisonForm(request.GET or None, scheme=services.scheme_of(evaluation))
    by, limits = form.choices() if request.GET else ((), {})
    return form, by, limits


@login_required
@GET_OR_POST
def evaluation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation page (GET) and deletion (POST) for the kommune's administrators."""
    evaluation = managed_evaluation(request, pk)
    if request.method == "POST":
        name = evaluation.name
        services.delete_evaluation(evaluation)
        messages.success(request, _("Evalueringen «%(name)s» er slettet.") % {"name": name})
        return redirect("evaluations:list")
    return render(request, "evaluations/delete.html", {
        "evaluation": evaluation, "summary": selectors.deletion_summary(evaluation)})


@login_required
@GET_OR_POST
def interviews(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = visible_evaluation(request, pk)
    can_manage = selectors.can_manage(request.user, evaluation)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = InterviewForm(*form_data(request)) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        interview = form.save(commit=False)
        interview.evaluation = evaluation
        interview.save()
        messages.success(request, _("Linjen er tilføjet interviewloggen."))
        return redirect("evaluations:interviews", pk=evaluation.pk)
    return render(request, "evaluations/interviews.html", {
        "evaluation": evaluation, "form": form, "can_manage": can_manage,
        "interviews": evaluation.interviews.all()})


@login_required
@require_POST
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.filter(
        evaluation__in=selectors.managed_evaluations(request.user)), pk=pk)
    evaluation_pk = interview.evaluation_id
    interview.delete()
    messages.success(request, _("Linjen er slettet."))
    return redirect("evaluations:interviews", pk=evaluation_pk)


def _write(evaluation: Evaluation, name: str, folder: Path, by: tuple[str, ...], limits: dict[str, float]
           ) -> Path | None:
    from frisat.reporting.cases.outputs import write_workbook
    from frisat.reporting.item_tables import write_item_files
    from frisat.reporting.tables import write_csv

    if name.startswith("evaluering."):
        write_evaluation_report(evaluation_context(evaluation, by, limits), folder, pdf=name.endswith(".pdf"))
        return folder / name
    data = selectors.evaluation_input(evaluation, by=by, limits=limits)
    if name in ("periods.csv", "period_changes.csv", "sager.xlsx"):
        if data.cases is None:
            return None
        if name == "sager.xlsx":
            write_workbook(data.cases, folder / name, [])
        else:
            comparison = data.cases.comparison
            write_csv(comparison.periods if name == "periods.csv" else comparison.changes, folder / name)
    else:
        bundle = data.survey
        if bundle is None or not bundle.allowed or bundle.items is None:
            return None
        write_item_files(bundle.items, bundle.item_changes, folder)
    target = folder / name
    return target if target.exists() else None


@login_required
@require_GET
def download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    from frisat.web.results.texts import page_language

    evaluation = visible_evaluation(request, pk)
    if name not in FILES:
        raise Http404
    _form, by, limits = _comparison(request, evaluation)
    with tempfile.TemporaryDirectory() as tmp, page_language():  # the report and workbook in the page's language
        target = _write(evaluation, name, Path(tmp), by, limits)
        if target is None:
            raise Http404
        body = target.read_bytes()
    response = HttpResponse(body, content_type=FILES[name])
    stem = f"{evaluation.name} – {name}"
    # Always an attachment: the report's inline CSS would be blocked by the site's CSP if shown here.
    response["Content-Disposition"] = content_disposition_header(True, stem)
    return response
