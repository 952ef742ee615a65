"""The read-only role on the results pages: reports yes, comments and raw data never.

The results views ask :func:`frisat.web.access.selectors.respondent_data_municipalities`
(:func:`frisat.web.results.selectors.may_see_respondent_data`): the reader sees the report but no
comments and no raw data. The analyst's test beside them shows what the reader must not see.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from frisat.web.organisations.models import Membership
from tests.web.helpers import make_round, make_user
from tests.web.results.helpers import fill_round, make_municipality

HOOK = ("hook for the lead: results views hide comments and raw data from the «læser» role "
        "(frisat.web.access.selectors.respondent_data_municipalities)")


@pytest.fixture
def named_round(db):
    municipality = make_municipality("Rebild")
    round_ = make_round(municipality, name="Barometer", anonymous=False, min_n=5)
    fill_round(round_)
    return round_


def _client_for(client, round_, role):
    client.force_login(make_user(f"u-{role}", round_.municipality, role=role))
    return client


def test_analyst_sees_comments_and_raw_data(client, named_round):
    client = _client_for(client, named_round, Membership.Role.ANALYST)
    page = client.get(reverse("results:detail", args=[named_round.pk]))
    assert page.status_code == 200 and "kommentar-" in page.content.decode()
    download = client.get(reverse("results:download", args=[named_round.pk, "besvarelser.csv"]))
    assert download.status_code == 200


def test_reader_sees_the_report(client, named_round):
    client = _client_for(client, named_round, Membership.Role.READER)
    assert client.get(reverse("results:detail", args=[named_round.pk])).status_code == 200


def test_reader_sees_no_comments(client, named_round):
    client = _client_for(client, named_round, Membership.Role.READER)
    page = client.get(reverse("results:detail", args=[named_round.pk])).content.decode()
    assert "kommentar-" not in page


def test_reader_gets_no_raw_data(client, named_round):
    client = _client_for(client, named_round, Membership.Role.READER)
    download = client.get(reverse("results:download", args=[named_round.pk, "besvarelser.csv"]))
    assert download.status_code in (403, 404)
