"""The overview at ``/``: open rounds (closing soonest first, response rate, answers per day),
audits in progress and recent decisions, each one click from its page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frisat.web.access.selectors import administered_kommuner
from frisat.web.dashboard import selectors
from frisat.web.organisations.selectors import managed_kommuner


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "dashboard/overview.html", {
        "cards": selectors.open_rounds(user),
        "totals": selectors.round_totals(user),
        "processes": selectors.audits_in_progress(user),
        "decisions": selectors.recent_decisions(user),
        "can_create": managed_kommuner(user).exists(),
        "access_kommuner": administered_kommuner(user).order_by("name"),
    })
