"""Staff pages for the organisation: kommuner with områder and enheder; import; add and rename.

Lookups go through :mod:`frisat.web.organisations.selectors`, so a kommune the user has no access
to is a 404. Changing requires the role «admin» in that kommune (or superuser).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from frisat.core.errors import FrisatError, ValidationFailed
from frisat.web.common.forms import UploadForm
from frisat.web.common.staff import failure_context, form_data
from frisat.web.organisations import services
from frisat.web.organisations.forms import LogoForm, NameForm, UnitForm
from frisat.web.organisations.logo import forget_header
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.organisations.selectors import (
    managed_areas,
    managed_municipalities,
    managed_units,
    municipality_tree,
    visible_municipalities,
)
from frisat.web.organisations.tabular import read_table


@login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/list.html", {
        "municipalities": visible_municipalities(request.user).order_by("name"),
        "can_import": managed_municipalities(request.user).exists(),
        "is_superuser": request.user.is_superuser,
        "form": NameForm(label=_("Kommunens navn")),
    })


@login_required
@require_POST
def municipality_add(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    form = NameForm(request.POST)
    if form.is_valid():
        try:
            municipality = services.add_municipality(form.cleaned_data["name"])
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Kommunen «%(name)s» er oprettet.") % {"name": municipality.name})
            return redirect("organisations:detail", pk=municipality.pk)
    else:
        messages.error(request, _("Skriv kommunens navn."))
    return redirect("organisations:list")


@login_required
def municipality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(visible_municipalities(request.user), pk=pk)
    can_manage = managed_municipalities(request.user).filter(pk=pk).exists()
    return render(request, "organisations/detail.html", {
        "municipality": municipality,
        "areas": municipality_tree(municipality),
        "can_manage": can_manage,
        "area_form": NameForm(label=_("Områdets navn"), prefix="area"),
        "unit_form": UnitForm(areas=municipality.areas.order_by("name"), prefix="unit"),
        "logo_form": LogoForm(prefix="logo"),
    })


@login_required
@require_POST
def area_add(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(managed_municipalities(request.user), pk=pk)
    form = NameForm(request.POST, prefix="area")
    if form.is_valid():
        try:
            area = services.add_area(municipality, form.cleaned_data["name"])
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Området «%(name)s» er oprettet.") % {"name": area.name})
    else:
        messages.error(request, _("Skriv områdets navn."))
    return redirect("organisations:detail", pk=municipality.pk)


@login_required
@require_POST
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(managed_municipalities(request.user), pk=pk)
    form = UnitForm(request.POST, areas=municipality.areas.all(), prefix="unit")
    if form.is_valid():
        try:
            unit = services.add_unit(form.cleaned_data["area"], form.cleaned_data["name"])
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Enheden «%(name)s» er oprettet.") % {"name": unit.name})
    else:
        messages.error(request, _("Vælg et område og skriv enhedens navn."))
    return redirect("organisations:detail", pk=municipality.pk)


def _rename(request: HttpRequest, obj: Area | Unit, rename: Callable[[Any, str], object], municipality: Municipality,
            label: str) -> HttpResponse:
    form = NameForm(*form_data(request), initial={"name": obj.name}, label=_("Nyt navn"))
    if request.method == "POST" and form.is_valid():
        try:
            rename(obj, form.cleaned_data["name"])
        except FrisatError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Navnet er ændret til «%(name)s».") % {"name": obj.name})
            return redirect("organisations:detail", pk=municipality.pk)
    return render(request, "organisations/rename.html", {"form": form, "municipality": municipality, "title": label})


@login_required
@require_http_methods(["GET", "POST"])
def area_rename(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(managed_areas(request.user), pk=pk)
    return _rename(request, area, services.rename_area, area.municipality,
                   _("Omdøb området «%(name)s»") % {"name": area.name})


@login_required
@require_http_methods(["GET", "POST"])
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(managed_units(request.user), pk=pk)
    return _rename(request, unit, services.rename_unit, unit.area.municipality,
                   _("Omdøb enheden «%(name)s»") % {"name": unit.name})


@login_required
@require_http_methods(["GET", "POST"])
def org_import(request: HttpRequest) -> HttpResponse:
    municipalities = managed_municipalities(request.user)
    if not request.user.is_superuser and not municipalities.exists():
        raise PermissionDenied
    form = UploadForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        superuser = request.user.is_superuser
        try:
            summary = services.import_organisation(read_table(upload.read(), upload.name),
                                                   municipalities=None if superuser else list(municipalities),
                                                   may_create_municipalities=superuser)
        except ValidationFailed as exc:
            failure = failure_context(exc)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Organisationen er indlæst: %(summary)s") % {"summary": summary})
            return redirect("organisations:list")
    return render(request, "organisations/import.html", {"form": form, "failure": failure,
                                                         "is_superuser": request.user.is_superuser})


@login_required
@require_POST
def logo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload, replace or remove the kommune's logo (administrators of the kommune)."""
    municipality = get_object_or_404(managed_municipalities(request.user), pk=pk)
    form = LogoForm(request.POST, request.FILES, prefix="logo")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("organisations:detail", pk=pk)
    upload, remove = form.cleaned_data.get("logo"), form.cleaned_data.get("remove")
    old = municipality.logo.name if municipality.logo else ""
    if upload:
        municipality._logo_extension = "jpg" if form.content_type == "image/jpeg" else "png"
        municipality.logo.save("logo", upload, save=True)
        messages.success(request, _("Logoet er gemt. Det vises på spørgeskemaets sider."))
    elif remove and old:
        municipality.logo = ""
        municipality.save(update_fields=["logo"])
        messages.success(request, _("Logoet er fjernet."))
    if old and (upload or remove):
        municipality.logo.storage.delete(old)
    forget_header(municipality.pk)
    return redirect("organisations:detail", pk=pk)
