"""The legal-quality pages: snapshots and import, a kommune's rates, downloads, the agenda item.

Rates, figures and wording come from :mod:`frisat.reporting.legal` (never recomputed here). Every page
names its snapshot. Import is for staff administrators only (the data are national, not a kommune's).
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frisat.core.errors import FrisatError, ValidationFailed
from frisat.core.legal import schema as s
from frisat.demo.legal import LEGAL_DEMO_NOTE
from frisat.reporting.legal import files, report
from frisat.reporting.legal.codes import area_name, note_texts, snapshot_line
from frisat.web.common.figure_cache import FigureCache
from frisat.web.common.staff import GET_OR_POST, failure_context, form_data
from frisat.web.legal import services
from frisat.web.legal.forms import DecisionForm, ImportForm, RatesForm, SettingsForm
from frisat.web.legal.models import AppealSnapshot, CouncilDecision
from frisat.web.organisations.models import Municipality
from frisat.web.organisations.selectors import can_manage, visible_municipalities
from frisat.web.results.texts import page_language

_CONTEXTS: FigureCache[tuple[dict[str, Any], Any]] = FigureCache()
"""Report contexts (with their drawn figures) of the last few views, per process (snapshots never change)."""


def in_page_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Build the page (reporting's texts, numbers and figures) in the active language (Danish or English)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with page_language():
            return view(request, *args, **kwargs)

    return wrapped


def can_import(user: Any) -> bool:
    """Snapshots are national data: only staff administrators import them."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def _municipality(request: HttpRequest, pk: int) -> Municipality:
    return get_object_or_404(visible_municipalities(request.user), pk=pk)


def synthetic_note(snapshot: AppealSnapshot) -> str:
    return LEGAL_DEMO_NOTE if snapshot.synthetic else ""


@login_required
def index(request: HttpRequest) -> HttpResponse:
    municipalities = visible_municipalities(request.user).order_by("name")
    if municipalities.count() == 1 and not can_import(request.user):
        return redirect("legal:rates", pk=municipalities.first().pk)
    return render(request, "legal/index.html", {
        "municipalities": municipalities, "snapshots": AppealSnapshot.objects.select_related("imported_by")[:50],
        "can_import": can_import(request.user)})


@login_required
@GET_OR_POST
def import_view(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        try:
            snapshot, created, warnings = services.import_upload(form.cleaned_data["file"],
                                                                 form.cleaned_data["source"], request.user)
        except ValidationFailed as exc:
            failure = failure_context(exc)
            failure["source"] = Path(str(exc.source)).name  # the user's file name, not the temporary path
        else:
            for warning in warnings:
                messages.warning(request, warning)
            if created:
                messages.success(request, _("Udtrækket er indlæst som et nyt datagrundlag: %(line)s")
                                 % {"line": snapshot_line(services.meta(snapshot))})
            else:
                messages.info(request, _("Præcis den fil er allerede indlæst (samme SHA-256); intet er ændret."))
            return redirect("legal:index")
    status = 400 if failure or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "legal/import.html", {"form": form, "failure": failure}, status=status)


def _choices(request: HttpRequest) -> tuple[RatesForm, dict[str, Any], AppealSnapshot | None]:
    """The rate page's choices from the query string (invalid → defaults, with the form's errors shown)."""
    latest = services.latest_snapshot()
    snapshot = latest
    if latest is not None and request.GET.get("snapshot", "").isdigit():
        snapshot = AppealSnapshot.objects.filter(pk=int(request.GET["snapshot"])).first() or latest
    areas = [(s.ALL_AREAS, area_name(s.ALL_AREAS))]
    if snapshot is not None:
        areas += [(a, a) for a in sorted(services.frame(snapshot)[s.LOVOMRAADE].unique())]
    form = RatesForm(request.GET or None, areas=areas,
                     initial={"snapshot": snapshot, "year": "calendar", "omraade": s.ALL_AREAS,
                              "min_cases": s.DEFAULT_MIN_CASES})
    chosen = {"year": "calendar", "omraade": s.ALL_AREAS, "min_cases": s.DEFAULT_MIN_CASES, "exclude_few": False}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = {"year": data["year"] or "calendar", "omraade": data["omraade"] or s.ALL_AREAS,
                  "min_cases": s.DEFAULT_MIN_CASES if data["min_cases"] is None else data["min_cases"],
                  "exclude_few": data["exclude_few"]}
    return form, chosen, snapshot


def _analysis(municipality: Municipality, snapshot: AppealSnapshot, chosen: dict[str, Any]):
    settings = services.settings_for(municipality)
    result = services.rates(snapshot, chosen["year"], chosen["min_cases"], chosen["exclude_few"])
    name = settings.talportal_name or None
    present = name is not None and name in set(result.rates[s.KOMMUNE])
    shown = name if present else None
    group = tuple(settings.comparison_group)
    key = (snapshot.pk, snapshot.sha256, tuple(sorted(chosen.items())), shown, group, get_language())
    ctx, trend = _CONTEXTS.get_or_draw(key, lambda: report.analysis_context(
        result, services.meta(snapshot), shown, chosen["omraade"], list(group), synthetic_note(snapshot))[::2])
    return settings, result, ctx, trend, present


@login_required
@in_page_language
def rates(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, pk)
    form, chosen, snapshot = _choices(request)
    context: dict[str, Any] = {"municipality": municipality, "form": form, "snapshot": snapshot,
                               "can_manage": can_manage(request.user, municipality),
                               "can_import": can_import(request.user)}
    if snapshot is None:
        return render(request, "legal/rates.html", context)
    settings, _result, ctx, _trend, present = _analysis(municipality, snapshot, chosen)
    context.update({"report": ctx, "settings": settings, "present": present, "query": request.GET.urlencode(),
                    "settings_form": SettingsForm(initial={"talportal_name": settings.talportal_name,
                                                           "group": ", ".join(settings.comparison_group)})})
    return render(request, "legal/rates.html", context)


@login_required
@GET_OR_POST
def settings_view(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _municipality(request, pk)
    if not can_manage(request.user, municipality):
        raise Http404
    current = services.settings_for(municipality)
    form = SettingsForm(*form_data(request), initial={"talportal_name": current.talportal_name,
                                                      "group": ", ".join(current.comparison_group)})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(municipality, form.cleaned_data["talportal_name"], form.cleaned_data["group"])
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Indstillingerne er gemt."))
            return redirect("legal:rates", pk=municipality.pk)
    return render(request, "legal/settings.html", {"municipality": municipality, "form": form},
                  status=400 if form.errors else 200)


def _bytes(write) -> bytes:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="frisat-legal-") as tmp:
        path = write(Path(tmp))
        return path.read_bytes()


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "pdf": "application/pdf"}


def _attachment(body: bytes, kind: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@in_page_language
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    municipality = _municipality(request, pk)
    if kind not in CONTENT_TYPES:
        raise Http404
    _form, chosen, snapshot = _choices(request)
    if snapshot is None:
        raise Http404
    settings, result, ctx, trend, present = _analysis(municipality, snapshot, chosen)
    name = settings.talportal_name if present else None
    area = chosen["omraade"]
    frame = files.rates_frame(result.rates, snapshot.sha256, name, area if area != s.ALL_AREAS else None)
    stem = f"omgørelser {municipality.name}"
    if kind == "csv":
        return _attachment(_bytes(lambda d: files.write_rates_csv(frame, d / "rates.csv")), kind, "rates.csv")
    if kind == "xlsx":
        sheets = {"Omgørelsesprocent": frame.drop(columns=["snapshot_sha256"])}
        if trend is not None:
            sheets["Udvikling"] = trend.assign(lovomraade=trend[s.LOVOMRAADE].map(files.data_area_name))
        about = [snapshot_line(services.meta(snapshot)), *note_texts(result.notes)]
        return _attachment(_bytes(lambda d: files.write_xlsx(d / "x.xlsx", sheets, about)), kind, f"{stem}.xlsx")
    return _attachment(pdf_bytes(report.render_html(ctx)), kind, f"{stem}.pdf")


def pdf_bytes(html: str) -> bytes:
    from frisat.reporting.report import write_pdf

    def write(folder: Path) -> Path:
        write_pdf(html, folder / "r.pdf")
        return folder / "r.pdf"

    return _bytes(write)


@login_required
@in_page_language
@GET_OR_POST
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-page basis for the council's yearly discussion, and its decisions (history)."""
    municipality = _municipality(request, pk)
    manage = can_manage(request.user, municipality)
    if request.method == "POST" and not manage:
        raise Http404
    snapshot = services.latest_snapshot()
    if request.GET.get("snapshot", "").isdigit():
        snapshot = AppealSnapshot.objects.filter(pk=int(request.GET["snapshot"])).first() or snapshot
    settings = services.settings_for(municipality)
    form = DecisionForm(*form_data(request)) if manage else None
    ctx = None
    if snapshot is not None and settings.talportal_name:
        result = services.rates(snapshot)
        if settings.talportal_name in set(result.rates[s.KOMMUNE]):
            ctx = report.agenda_context(result, services.meta(snapshot), settings.talportal_name,
                                        list(settings.comparison_group), synthetic_note(snapshot))
    if request.method == "POST" and form is not None and snapshot is not None and form.is_valid():
        try:
            services.record_decision(municipality, snapshot, request.user, **form.cleaned_data)
        except FrisatError as exc:
            form.add_error("action_plan", str(exc))
        else:
            messages.success(request, _("Kommunalbestyrelsens beslutning er registreret."))
            return redirect("legal:agenda", pk=municipality.pk)
    if request.GET.get("format") == "pdf" and ctx is not None:
        return _attachment(pdf_bytes(report.render_html(ctx)), "pdf", f"dagsordenspunkt {municipality.name}.pdf")
    decisions = CouncilDecision.objects.filter(municipality=municipality).select_related("snapshot", "recorded_by")
    return render(request, "legal/agenda.html", {
        "municipality": municipality, "report": ctx, "snapshot": snapshot, "form": form, "decisions": decisions,
        "pdf_url": reverse("legal:agenda", args=[municipality.pk]) + "?format=pdf"},
        status=400 if form is not None and form.errors else 200)
