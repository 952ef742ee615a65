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
from frisat.web.organisations.forms import EnhedForm, NameForm
from frisat.web.organisations.models import Enhed, Kommune, Omraade
from frisat.web.organisations.selectors import (
    kommune_tree,
    managed_enheder,
    managed_kommuner,
    managed_omraader,
    visible_kommuner,
)
from frisat.web.organisations.tabular import read_table


@login_required
def kommune_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/list.html", {
        "kommuner": visible_kommuner(request.user).order_by("name"),
        "can_import": managed_kommuner(request.user).exists(),
        "is_superuser": request.user.is_superuser,
        "form": NameForm(label=_("Kommunens navn")),
    })


@login_required
@require_POST
def kommune_add(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    form = NameForm(request.POST)
    if form.is_valid():
        try:
            kommune = services.add_kommune(form.cleaned_data["name"])
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Kommunen «%(name)s» er oprettet.") % {"name": kommune.name})
            return redirect("organisations:detail", pk=kommune.pk)
    else:
        messages.error(request, _("Skriv kommunens navn."))
    return redirect("organisations:list")


@login_required
def kommune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kommune = get_object_or_404(visible_kommuner(request.user), pk=pk)
    can_manage = managed_kommuner(request.user).filter(pk=pk).exists()
    return render(request, "organisations/detail.html", {
        "kommune": kommune,
        "omraader": kommune_tree(kommune),
        "can_manage": can_manage,
        "omraade_form": NameForm(label=_("Områdets navn"), prefix="omraade"),
        "enhed_form": EnhedForm(omraader=kommune.omraader.order_by("name"), prefix="enhed"),
    })


@login_required
@require_POST
def omraade_add(request: HttpRequest, pk: int) -> HttpResponse:
    kommune = get_object_or_404(managed_kommuner(request.user), pk=pk)
    form = NameForm(request.POST, prefix="omraade")
    if form.is_valid():
        try:
            omraade = services.add_omraade(kommune, form.cleaned_data["name"])
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Området «%(name)s» er oprettet.") % {"name": omraade.name})
    else:
        messages.error(request, _("Skriv områdets navn."))
    return redirect("organisations:detail", pk=kommune.pk)


@login_required
@require_POST
def enhed_add(request: HttpRequest, pk: int) -> HttpResponse:
    kommune = get_object_or_404(managed_kommuner(request.user), pk=pk)
    form = EnhedForm(request.POST, omraader=kommune.omraader.all(), prefix="enhed")
    if form.is_valid():
        try:
            enhed = services.add_enhed(form.cleaned_data["omraade"], form.cleaned_data["name"])
        except FrisatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Enheden «%(name)s» er oprettet.") % {"name": enhed.name})
    else:
        messages.error(request, _("Vælg et område og skriv enhedens navn."))
    return redirect("organisations:detail", pk=kommune.pk)


def _rename(request: HttpRequest, obj: Omraade | Enhed, rename: Callable[[Any, str], object], kommune: Kommune,
            label: str) -> HttpResponse:
    form = NameForm(*form_data(request), initial={"name": obj.name}, label=_("Nyt navn"))
    if request.method == "POST" and form.is_valid():
        try:
            rename(obj, form.cleaned_data["name"])
        except FrisatError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Navnet er ændret til «%(name)s».") % {"name": obj.name})
            return redirect("organisations:detail", pk=kommune.pk)
    return render(request, "organisations/rename.html", {"form": form, "kommune": kommune, "title": label})


@login_required
@require_http_methods(["GET", "POST"])
def omraade_rename(request: HttpRequest, pk: int) -> HttpResponse:
    omraade = get_object_or_404(managed_omraader(request.user), pk=pk)
    return _rename(request, omraade, services.rename_omraade, omraade.kommune,
                   _("Omdøb området «%(name)s»") % {"name": omraade.name})


@login_required
@require_http_methods(["GET", "POST"])
def enhed_rename(request: HttpRequest, pk: int) -> HttpResponse:
    enhed = get_object_or_404(managed_enheder(request.user), pk=pk)
    return _rename(request, enhed, services.rename_enhed, enhed.omraade.kommune,
                   _("Omdøb enheden «%(name)s»") % {"name": enhed.name})


@login_required
@require_http_methods(["GET", "POST"])
def org_import(request: HttpRequest) -> HttpResponse:
    kommuner = managed_kommuner(request.user)
    if not request.user.is_superuser and not kommuner.exists():
        raise PermissionDenied
    form = UploadForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        superuser = request.user.is_superuser
        try:
            summary = services.import_organisation(read_table(upload.read(), upload.name),
                                                   kommuner=None if superuser else list(kommuner),
                                                   may_create_kommuner=superuser)
        except ValidationFailed as exc:
            failure = failure_context(exc)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Organisationen er indlæst: %(summary)s") % {"summary": summary})
            return redirect("organisations:list")
    return render(request, "organisations/import.html", {"form": form, "failure": failure,
                                                         "is_superuser": request.user.is_superuser})
