"""A round with 5,000 responses renders with one analysis per request; the bundle and figures are reused.

How long it takes is measured in benchmarks/, not here."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse

from frisat.core import analysis
from frisat.web.results import presentation
from frisat.web.rounds.models import Response

from .helpers import LAYOUT, answers, unit_named

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
N = 5000


def test_5000_responses_render_with_one_analysis_per_request(analyst_client, round_a, monkeypatch):
    rng = np.random.default_rng(5)
    units = [unit_named(round_a.municipality, area, unit) for area, unit, _g, _n in LAYOUT]
    Response.objects.bulk_create(
        [Response(round=round_a, unit=units[i % len(units)], group=("leder", "medarbejder")[i % 2],
                  answers=answers(rng, comment=f"c{i % 50}")) for i in range(N - 44)], batch_size=1000)
    calls = []
    original = analysis.analyze  # looked up in frisat.core.analysis by frisat.core.results.compute
    monkeypatch.setattr(analysis, "analyze", lambda *a, **k: calls.append(1) or original(*a, **k))

    response = analyst_client.get(reverse("results:detail", args=[round_a.pk]))
    assert response.status_code == 200 and response.context["result"].n_respondents == N
    assert len(calls) == 1

    drawn = []
    original_draw = presentation.draw_figures
    monkeypatch.setattr(presentation, "draw_figures", lambda *a, **k: drawn.append(1) or original_draw(*a, **k))
    again = analyst_client.get(reverse("results:detail", args=[round_a.pk]))
    assert again.status_code == 200
    assert len(calls) == 1 and drawn == []       # the same data: the bundle and the figures are reused
