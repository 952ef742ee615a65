"""Each results page and each download computes every table once: one call of
frisat.core.results.compute, and in it the analysis and each extended table once per grouping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from frisat.core import results
from tests.core.call_spy import Spy

pytestmark = pytest.mark.django_db


def count_compute(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = results.compute
    monkeypatch.setattr(results, "compute", lambda *a, **k: calls.append(1) or original(*a, **k))
    from frisat.web.results import pipeline
    monkeypatch.setattr(pipeline, "compute", results.compute)
    return calls


@pytest.mark.parametrize("grouping", ["", "omraade", "gruppe", "enhed"])
def test_a_results_page_computes_each_table_once(admin_client, round_a, monkeypatch, grouping):
    calls = count_compute(monkeypatch)
    spy = Spy(monkeypatch)
    response = admin_client.get(reverse("results:detail", args=[round_a.pk]),
                                {"boelge": round_a.pk, "grupper": grouping})
    assert response.status_code == 200 and "refusal" not in response.context
    assert calls == [1]
    spy.assert_once()


@pytest.mark.parametrize("kind", ["resultater.xlsx", "rapport.pdf", "summary.csv", "derived_importance.csv"])
def test_a_download_computes_each_table_once(admin_client, round_a, monkeypatch, kind):
    calls = count_compute(monkeypatch)
    spy = Spy(monkeypatch)
    response = admin_client.get(reverse("results:download", args=[round_a.pk, kind]),
                                {"boelge": round_a.pk, "grupper": "omraade"})
    assert response.status_code == 200
    assert calls == [1]
    spy.assert_once()
