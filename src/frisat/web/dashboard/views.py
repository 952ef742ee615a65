"""The overview at ``/``: open rounds (closing soonest first, response rate, answers per day),
audits in progress and recent decisions, each one click from its page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frisat.web.access.selectors import administered_municipalities
from frisat.web.dashboard import selectors
from frisat.web.organisations.selectors import managed_municipalities


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "dashboard/overview.html", {
        "cards": selectors.open_rounds(user),
        "totals": selectors.round_totals(user),
        "processes": selectors.audits_in_progress(user),
        "decisions": selectors.recent_decisions(user),
        "can_create": managed_municipalities(user).exists(),
        "access_municipalities": administered_municipalities(user).order_by("name"),
    })
