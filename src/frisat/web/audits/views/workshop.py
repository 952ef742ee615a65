"""The live workshop screen: the journey with its markings on a big screen, refreshed by
``workshop.js`` from a small JSON view."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frisat.web.audits import selectors
from frisat.web.audits.views.shared import step_context, visible_process

LIVE_INTERVAL_MS = 4000


def _signature(steps: list[selectors.JourneyStep]) -> str:
    """Changes when activities are added, removed, reordered, renamed or decided (the screen reloads then)."""
    text = "|".join(f"{s.activity.pk}:{s.activity.order}:{s.activity.description}:{s.outcome}" for s in steps)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@login_required
@require_GET
@never_cache
def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """The big-screen view: the journey with markings, refreshed by workshop.js (or «Opdater»)."""
    process = visible_process(request, pk)
    steps = selectors.journey(process)
    return render(request, "audits/workshop.html", {
        "process": process, "steps": [step_context(s) for s in steps], "signature": _signature(steps),
        "summary": selectors.process_summary(process), "interval": LIVE_INTERVAL_MS,
        "updated": timezone.localtime()})


@login_required
@require_GET
@never_cache
def workshop_data(request: HttpRequest, pk: int) -> JsonResponse:
    """The markings of the workshop screen as JSON (polled every few seconds)."""
    process = visible_process(request, pk)
    steps = selectors.journey(process)
    summary = selectors.process_summary(process)
    return JsonResponse({
        "signature": _signature(steps),
        "participants": summary.participants,
        "markings": summary.markings,
        "updated": timezone.localtime().strftime("%H:%M:%S"),
        "activities": [{"id": s.activity.pk, "kinds": s.kinds, "total": s.markings, "participants": s.participants,
                        "comments": s.comments} for s in steps],
    })
