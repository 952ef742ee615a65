"""Looking evaluations up through the access selectors (another kommune's is a 404)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from frisat.web.evaluations import selectors
from frisat.web.evaluations.models import Evaluation, RegistrationRound


def visible_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    return get_object_or_404(selectors.visible_evaluations(request.user), pk=pk)


def managed_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    return get_object_or_404(selectors.managed_evaluations(request.user), pk=pk)


def visible_registration(request: HttpRequest, pk: int) -> RegistrationRound:
    return get_object_or_404(RegistrationRound.objects.select_related("period__evaluation__municipality")
                             .filter(period__evaluation__in=selectors.visible_evaluations(request.user)), pk=pk)
