"""Staff pages for rounds (målinger). Thin: access via selectors, changes via services.

Every view requires login. Rounds are looked up in :func:`visible_rounds` (to look) or with
:func:`round_to_manage` (to change) for the logged-in user, so another kommune's round is a 404 and
a page that changes a round of the user's own kommune is a 403 for a role that may not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frisat.core.errors import FrisatError, ValidationFailed
from frisat.core.instrument import get_instrument
from frisat.web.common.downloads import csv_filename, csv_response, data_from_excel, file_stem, requested_variant
from frisat.web.common.formatting import danish_date, day_bounds, first_day, last_day
from frisat.web.common.forms import UploadForm
from frisat.web.common.staff import failure_context, form_data
from frisat.web.common.validation import InputErrors, add_input_errors
from frisat.web.organisations.selectors import managed_municipalities
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import invitations, services
from frisat.web.rounds.editing import FIELD_LABELS
from frisat.web.rounds.forms import (
    DESIGN_CHOICES,
    DIMENSION_LABELS,
    LinkExportForm,
    NextWaveForm,
    RoundForm,
)
from frisat.web.rounds.models import Round, RoundChange
from frisat.web.rounds.selectors import (
    RATE_DIMENSIONS,
    listed_rounds,
    managed_rounds,
    overall_rate,
    rate_rows,
    round_changes,
    round_to_manage,
    send_counts,
    visible_rounds,
    with_counts,
    with_waiting,
)

ROUND_FIELDS = {"opens_at": "opens", "closes_at": "closes", "instrument_id": "instrument"}
"""Model field → the round forms' field, for the errors of :meth:`Round.clean`."""


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    archived = request.GET.get("arkiv") == "1"
    rounds = with_counts(listed_rounds(request.user, archived=archived)).order_by("-opens_at", "name")
    return render(request, "rounds/list.html", {
        "rounds": rounds, "archived": archived,
        "can_create": managed_municipalities(request.user).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    municipalities = managed_municipalities(request.user)
    if not municipalities.exists():
        if request.user.is_superuser:
            messages.info(request, _("Opret eller indlæs først en kommune med områder og enheder."))
            return redirect("organisations:list")
        raise PermissionDenied
    form = RoundForm(*form_data(request), municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opens_at, closes_at = day_bounds(data["opens"], data["closes"])
        try:
            round = services.create_round(
                municipality=data["municipality"], name=data["name"], opens_at=opens_at, closes_at=closes_at,
                groups=data["groups"], instrument_id=data["instrument"], anonymous=data["anonymous"],
                min_n=data["min_n"], wave=data["wave"], design=data["design"],
                group_dimensions=data["group_dimensions"])
        except InputErrors as exc:
            add_input_errors(form, exc.errors, fields=ROUND_FIELDS)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Målingen «%(name)s» er oprettet.") % {"name": round.name})
            return redirect("rounds:detail", pk=round.pk)
    return render(request, "rounds/form.html", {"form": form, "title": _("Ny måling")})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(visible_rounds(request.user), pk=pk)
    captions = {"omraade": _("Svarprocent pr. område"), "enhed": _("Svarprocent pr. enhed"),
                "gruppe": _("Svarprocent pr. gruppe")}
    tables = [{"label": _(label), "caption": captions[by], "by_unit": by == "enhed", "rows": rate_rows(round, by)}
              for by, label in RATE_DIMENSIONS.items()]
    if round.is_split:
        names = {"impl": _("Kun implementering"), "vigt": _("Kun vigtighed"), "": _("Begge")}
        rows = [replace(row, label=names.get(row.label, row.label)) for row in rate_rows(round, "dimension")]
        tables.append({"label": _("Dimension"), "caption": _("Svarprocent pr. dimension"), "by_unit": False,
                       "rows": rows})
    visible = visible_rounds(request.user)
    with_waiting([round])
    return render(request, "rounds/detail.html", {
        "round": round,
        "instrument_title": _instrument_title(round.instrument_id),
        "design_text": design_text(round),
        "can_manage": managed_rounds(request.user).filter(pk=round.pk).exists(),
        "closed": services.is_closed(round),
        "first_day": first_day(round.opens_at),
        "last_day": last_day(round.closes_at),
        "overall": overall_rate(round),
        "tables": tables,
        "counts": send_counts(round),
        "previous": visible.filter(pk=round.previous_id).first() if round.previous_id else None,
        "next_waves": visible.filter(previous=round).order_by("opens_at"),
        "reminder_plan": [danish_date(dt.date.fromisoformat(d)) for d in round.reminder_dates or []],
        "changes": [replace_label(c) for c in round_changes(round)],
    })


def replace_label(change: RoundChange) -> RoundChange:
    """The change with ``label``: the field's Danish name."""
    change.label = _(FIELD_LABELS.get(change.field, change.field))
    return change


def design_text(round: Round) -> str:
    """The round's design in words, e.g. «Én dimension pr. respondentgruppe: leder: vigtighed, …»."""
    text = str(dict(DESIGN_CHOICES).get(round.design, round.design))
    if round.design == Round.Design.GROUP:
        pairs = ", ".join(f"{g}: {DIMENSION_LABELS.get(d, d)}" for g, d in sorted(round.group_dimensions.items()))
        text = f"{text} ({pairs})"
    return text


def _instrument_title(instrument_id: str) -> str:
    try:
        return f"{get_instrument(instrument_id).title} ({instrument_id})"
    except FrisatError:
        return instrument_id


def _suggest_wave(wave: str) -> str:
    head, sep, tail = wave.rpartition("-")
    if tail.isdigit():
        return f"{head}{sep}{int(tail) + 1}"
    return f"{wave}-2"


@login_required
@require_http_methods(["GET", "POST"])
def round_next_wave(request: HttpRequest, pk: int) -> HttpResponse:
    previous = round_to_manage(request.user, pk)
    initial = {"name": previous.name, "wave": _suggest_wave(previous.wave)}
    form = NextWaveForm(*form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opens_at, closes_at = day_bounds(data["opens"], data["closes"])
        try:
            round = services.next_wave(previous, name=data["name"], opens_at=opens_at, closes_at=closes_at,
                                         wave=data["wave"])
        except InputErrors as exc:
            add_input_errors(form, exc.errors, fields=ROUND_FIELDS)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("Bølge «%(wave)s» er oprettet.") % {"wave": round.wave}
            if data["copy_respondents"]:
                copied = services.copy_respondents(previous, round)
                text += " " + _("%(n)d respondenter er kopieret fra den forrige bølge.") % {"n": copied}
            messages.success(request, text)
            return redirect("rounds:detail", pk=round.pk)
    return render(request, "rounds/form.html", {
        "form": form, "title": _("Ny bølge af «%(name)s»") % {"name": previous.name}, "round": previous})


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_to_manage(request.user, pk)
    if request.method == "POST":
        services.close_round(round)
        messages.success(request, _("Målingen er lukket. Linkene virker ikke længere."))
        return redirect("rounds:detail", pk=round.pk)
    return render(request, "rounds/close.html", {"round": round})


@login_required
@require_http_methods(["GET", "POST"])
def respondents_import(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_to_manage(request.user, pk)
    form = UploadForm(*form_data(request, files=True))
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name)
            summary = services.import_respondents(round, table)
        except ValidationFailed as exc:
            failure = failure_context(exc)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, str(summary) + " " + _(
                "Linkene udsendes, når du sender invitationer eller eksporterer links."))
            return redirect("rounds:detail", pk=round.pk)
    return render(request, "rounds/import.html", {"round": round, "form": form, "failure": failure,
                                                  "closed": services.is_closed(round)})


@login_required
def round_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has been invited and reminded; the mails themselves are sent from the mailings app."""
    round = round_to_manage(request.user, pk)
    return render(request, "rounds/invite.html", {
        "round": round, "counts": send_counts(round), "closed": services.is_closed(round)})


@login_required
@require_http_methods(["GET", "POST"])
def links_export(request: HttpRequest, pk: int) -> HttpResponse:
    round = round_to_manage(request.user, pk)
    form = LinkExportForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            email = form.cleaned_data["email"]
            rows = invitations.export_links(round, reissue_all=form.cleaned_data["reissue_all"],
                                            emails=[email] if email else None)
        except FrisatError as exc:
            form.add_error(None, str(exc))
        else:
            # issue 13: CSV for Excel (default) or data for R/pandas; the round's name kept in the file name
            excel = ("\ufeff" + invitations.links_csv(rows)).encode("utf-8")
            variant = requested_variant(request)
            response = csv_response(excel if variant == "excel" else data_from_excel(excel),
                                    csv_filename(f"links-{file_stem(round.name, 'maaling')}", variant))
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "rounds/links.html", {
        "round": round, "form": form, "counts": send_counts(round), "closed": services.is_closed(round)})
