"""A round with 5,000 responses renders in a few seconds, with one analysis per request."""

from __future__ import annotations

import time

import numpy as np
import pytest
from django.urls import reverse

from frisat.web.results import pipeline
from frisat.web.rounds.models import Response

from .helpers import LAYOUT, answers, unit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
N = 5000


def test_5000_responses_render_with_one_analysis_per_request(analyst_client, round_a, monkeypatch):
    rng = np.random.default_rng(5)
    units = [unit(round_a.kommune, omraade, enhed) for omraade, enhed, _g, _n in LAYOUT]
    Response.objects.bulk_create(
        [Response(maaling=round_a, enhed=units[i % len(units)], gruppe=("leder", "medarbejder")[i % 2],
                  answers=answers(rng, comment=f"c{i % 50}")) for i in range(N - 44)], batch_size=1000)
    calls = []
    original = pipeline.analyze
    monkeypatch.setattr(pipeline, "analyze", lambda *a, **k: calls.append(1) or original(*a, **k))

    started = time.perf_counter()
    response = analyst_client.get(reverse("results:detail", args=[round_a.pk]))
    first = time.perf_counter() - started
    assert response.status_code == 200 and response.context["result"].n_respondents == N
    assert len(calls) == 1
    # generous for a shared test machine; about 2–4 s on an idle laptop core
    assert first < 30, first

    started = time.perf_counter()
    analyst_client.get(reverse("results:detail", args=[round_a.pk]))
    again = time.perf_counter() - started
    assert len(calls) == 2 and again < first       # the figures are reused
