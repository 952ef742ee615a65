"""The staff preview of the questionnaire: the respondent's pages, no link, nothing stored."""

import pytest
from django.urls import reverse

from frisat.web.rounds.models import Draft, PendingResponse, Respondent, Response
from frisat.web.survey.forms import page_count
from tests.web.helpers import make_user
from tests.web.survey.helpers import INSTRUMENT, make_link, make_round, page_answers, section_columns

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Draft, Response, PendingResponse, Respondent)]


@pytest.fixture
def staff_client(client):
    round = make_round()
    make_link(round)
    client.force_login(make_user("anna", round.municipality))
    return client, round


def test_preview_walks_the_pages_and_stores_nothing(staff_client):
    client, round = staff_client
    before = _counts()
    intro = client.get(reverse("rounds:preview", args=[round.pk])).content.decode()
    assert "Forhåndsvisning" in intro and INSTRUMENT.title in intro
    assert reverse("rounds:preview_page", args=[round.pk, 1]) in intro
    page1 = client.get(reverse("rounds:preview_page", args=[round.pk, 1])).content.decode()
    assert INSTRUMENT.sections[0].title in page1 and "/s/" not in page1
    invalid = client.post(reverse("rounds:preview_page", args=[round.pk, 1]),
                          {section_columns(1)[0].name: "99", "action": "next"})
    assert invalid.status_code == 400  # validated like the respondent's page
    response = client.post(reverse("rounds:preview_page", args=[round.pk, 1]), {**page_answers(1), "action": "next"})
    assert response.status_code == 303 and response["Location"] == reverse("rounds:preview_page", args=[round.pk, 2])
    page2 = client.get(response["Location"]).content.decode()
    assert INSTRUMENT.sections[1].title in page2
    back = client.post(reverse("rounds:preview_page", args=[round.pk, 2]), {"action": "prev"})
    assert back["Location"] == reverse("rounds:preview_page", args=[round.pk, 1])
    last = page_count(INSTRUMENT)
    done = client.post(reverse("rounds:preview_page", args=[round.pk, last]), {"action": "next"})
    review = client.get(done["Location"]).content.decode()
    assert "Gennemse dine svar" in review and 'value="submit"' not in review
    assert _counts() == before


def test_preview_needs_login(client):
    round = make_round()
    response = client.get(reverse("rounds:preview", args=[round.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
