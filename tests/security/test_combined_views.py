"""Issue 11, item 2: four ordinary filter views of one round, downloaded as summary.csv over HTTP and
added and subtracted, must not isolate fewer than k respondents (here: the one leader of a unit in
each of two waves)."""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest

from frisat.web.organisations.models import Municipality
from tests.web.helpers import PASSWORD, make_user
from tests.web.results.helpers import four_view_rounds, four_views

pytestmark = pytest.mark.django_db(transaction=True)
K = 5


def cells(text: str, by: str) -> dict[tuple[str, str], tuple[int, float]]:
    """(group, spor) → (n, implementation mean) of the shown rows of a summary.csv."""
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get(by) is not None and row["n"] and row["impl_mean"]:
            out[(row[by], row["spor"])] = (int(float(row["n"])), float(row["impl_mean"]))
    return out


def test_four_downloads_do_not_combine_to_fewer_than_k(live):
    municipality = Municipality.objects.create(name="Rebild")
    make_user("anna", municipality)
    first, second = four_view_rounds(municipality)
    client = live()
    assert client.login("anna", PASSWORD).status == 302
    views = []
    for query, row, sign in four_views(first, second):
        response = client.get(f"/resultater/{second.pk}/hent/summary.csv?{urllib.parse.urlencode(query, doseq=True)}")
        assert response.status in (200, 403)
        shown = cells(response.body.decode("utf-8-sig"), query["grupper"]) if response.status == 200 else {}
        views.append(({spor: value for (group, spor), value in shown.items() if group == row}, sign))
    common = set.intersection(*(set(view) for view, _sign in views))
    for spor in common:   # the attacker's linear combination: n and sum (mean × n) per spor
        n = sum(sign * view[spor][0] for view, sign in views)
        total = sum(sign * view[spor][0] * view[spor][1] for view, sign in views)
        assert n == 0 or n >= K, (spor, n, total / n)
    assert not common   # in fact one of the four is never shown at all
