"""Answers waiting in an anonymous round's mixing pool: the selector, the one wording, the round page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frisat.web.common.formatting import waiting_text
from frisat.web.rounds import services
from frisat.web.rounds.models import PendingResponse
from frisat.web.rounds.selectors import with_waiting
from tests.web.helpers import make_user
from tests.web.survey.helpers import make_round, make_unit

pytestmark = pytest.mark.django_db


def submit_people(round, count: int, prefix: str = "p") -> None:
    for number in range(count):
        link = services.add_respondent(round, unit=make_unit(), group="leder", email=f"{prefix}{number}@x.dk")
        services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
        services.submit(link.respondent, token=link.token)


def test_with_waiting_counts_each_rounds_pool_in_one_query():
    first, second = make_round(min_n=5), make_round(name="Anden", min_n=5)
    named = make_round(name="Navngiven", anonymous=False)
    submit_people(first, 3)
    submit_people(second, 1, prefix="q")
    submit_people(named, 2, prefix="n")  # a named round has no pool
    with CaptureQueriesContext(connection) as queries:
        rounds = with_waiting([first, second, named])
    assert len(queries.captured_queries) == 1
    assert [m.n_waiting for m in rounds] == [3, 1, 0]
    assert PendingResponse.objects.count() == 4  # counting moves nothing


def test_the_one_wording():
    assert waiting_text(0, 9) == ""
    assert waiting_text(3, 9) == ("3 svar venter og kommer med i resultaterne, når der er mindst 9 ventende svar, "
                                  "eller når målingen lukker.")


def test_the_round_page_says_how_many_answers_wait(client):
    round = make_round(min_n=4)
    client.force_login(make_user("anna", round.municipality))
    page = reverse("rounds:detail", args=[round.pk])
    assert "svar venter" not in client.get(page).content.decode()
    submit_people(round, 2)
    html = client.get(page).content.decode()
    assert "2 svar venter og kommer med i resultaterne, når der er mindst 7 ventende svar" in html
    assert PendingResponse.objects.count() == 2
