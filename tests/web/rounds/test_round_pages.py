"""Round pages: create, detail with response rates, next wave, close; the admin."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from frisat.web.common.formatting import rate_text
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent, Round
from tests.web.helpers import csv_bytes

pytestmark = pytest.mark.django_db


def form(municipality, **changes):
    data = {"name": "Barometer 2026", "municipality": municipality.pk, "instrument": "vive-frisaettelse",
            "opens": "2026-04-01", "closes": "2026-04-30", "groups": "Leder, medarbejder", "anonymous": "1",
            "min_n": "5", "wave": "2026-1"}
    data.update(changes)
    return data


def test_create_round(client, admin_a, rebild):
    client.force_login(admin_a)
    response = client.post(reverse("rounds:create"), form(rebild))
    round = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rounds:detail", args=[round.pk])
    assert round.groups == ["leder", "medarbejder"] and round.anonymous and round.wave == "2026-1"
    local_open = timezone.localtime(round.opens_at)
    local_close = timezone.localtime(round.closes_at)
    assert (local_open.date(), local_open.hour) == (dt.date(2026, 4, 1), 0)
    assert (local_close.date(), local_close.hour) == (dt.date(2026, 5, 1), 0)
    page = client.get(response["Location"]).content.decode()
    assert "1. april 2026 – 30. april 2026" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"closes": "2026-03-01"}, "Sidste svardag skal ligge samme dag som eller efter første svardag."),
    ({"min_n": "0"}, "større end eller lig 1"),
    ({"groups": " , "}, "Angiv mindst én respondentgruppe"),
    ({"name": ""}, "Dette felt er påkrævet."),
    ({"instrument": "hjemmelavet.yaml"}, "Marker en gyldig valgmulighed"),
])
def test_create_round_errors_in_danish(client, admin_a, rebild, changes, message):
    client.force_login(admin_a)
    response = client.post(reverse("rounds:create"), form(rebild, **changes))
    text = response.content.decode()
    assert response.status_code == 200 and message in text and 'role="alert"' in text
    assert 'aria-invalid="true"' in text
    assert not Round.objects.exists()


def test_service_error_is_shown(client, admin_a, rebild):
    client.force_login(admin_a)
    response = client.post(reverse("rounds:create"), form(rebild, name="   "))
    assert not Round.objects.exists() and 'role="alert"' in response.content.decode()


def test_detail_shows_response_rates(client, admin_a, round_a):
    text = "email;enhed;gruppe\n" + "".join(
        f"p{i}@x.dk;{'Skørping Skole' if i < 6 else 'Støvring Skole'};{'leder' if i % 3 == 0 else 'medarbejder'}\n"
        for i in range(8))
    services.import_respondents(round_a, read_table(csv_bytes(text), "r.csv"))
    for email in ("p0@x.dk", "p1@x.dk", "p6@x.dk"):
        services.submit(Respondent.objects.get(email=email))
    client.force_login(admin_a)
    page = client.get(reverse("rounds:detail", args=[round_a.pk])).content.decode()
    assert "I alt: 3 af 8 = 37,5 %" in page
    assert '<th scope="row">Skørping Skole</th><td class="num">6</td><td class="num">2</td>' in page
    assert "33,3 %" in page and "50,0 %" in page
    assert '<meter min="0" max="6" value="2" aria-hidden="true"></meter> <span>33,3 %</span>' in page
    assert "<caption>Svarprocent pr. gruppe</caption>" in page


def test_rate_text_is_danish():
    assert rate_text(33, 120) == "33 af 120 = 27,5 %"
    assert rate_text(1234, 2000) == "1.234 af 2.000 = 61,7 %"
    assert rate_text(0, 0) == "0 af 0 (ingen respondenter)"


def test_next_wave_and_close(client, admin_a, round_a):
    services.import_respondents(round_a, read_table(csv_bytes("email;enhed;gruppe\na@x.dk;Skørping Skole;leder\n"),
                                                    "r.csv"))
    client.force_login(admin_a)
    url = reverse("rounds:next_wave", args=[round_a.pk])
    page = client.get(url).content.decode()
    assert 'value="1-2"' in page or 'value="2"' in page
    response = client.post(url, {"name": "Barometer 2027", "wave": "2", "opens": "2027-04-01",
                                 "closes": "2027-04-30", "copy_respondents": "on"})
    wave2 = Round.objects.get(name="Barometer 2027")
    assert response.status_code == 302
    assert wave2.previous == round_a and wave2.groups == round_a.groups and wave2.municipality == round_a.municipality
    assert wave2.respondents.count() == 1

    assert "Luk" in client.get(reverse("rounds:close", args=[round_a.pk])).content.decode()
    round_a.refresh_from_db()
    assert not round_a.closed_manually  # GET only asks
    client.post(reverse("rounds:close", args=[round_a.pk]))
    round_a.refresh_from_db()
    assert round_a.closed_manually and round_a.status == "closed"


def test_admin_pages_for_every_model(client, superuser, round_a):
    services.import_respondents(round_a, read_table(csv_bytes("email;enhed;gruppe\na@x.dk;Skørping Skole;leder\n"),
                                                    "r.csv"))
    services.submit(Respondent.objects.get())
    client.force_login(superuser)
    index = client.get(reverse("admin:index")).content.decode()
    for label in ("Kommuner", "Områder", "Enheder", "Adgange", "Målinger", "Respondenter"):
        assert label in index, label
    for model in ("organisations_municipality", "organisations_area", "organisations_unit",
                  "organisations_membership", "rounds_round", "rounds_respondent"):
        assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200, model
    # No answers in the admin, for anyone (docs/anonymity.md): responses, drafts and the pool are not in it.
    for label in ("Besvarelser", "Kladder", "Ventende"):
        assert label not in index, label
    for path in ("rounds/response/", "rounds/draft/", "rounds/pendingresponse/"):
        assert client.get(reverse("admin:index") + path).status_code == 404, path
    assert client.get(reverse("admin:rounds_round_change", args=[round_a.pk])).status_code == 200
    assert client.get(reverse("admin:rounds_respondent_add")).status_code == 403


def test_round_closed_by_date_is_closed(rebild):
    now = timezone.now()
    from tests.web.helpers import make_round

    round = make_round(rebild, opens_at=now - dt.timedelta(days=3), closes_at=now - dt.timedelta(seconds=1))
    assert services.is_closed(round)


def test_superuser_on_empty_install_is_sent_to_organisation(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("rounds:create"))
    assert response.status_code == 302 and response["Location"] == reverse("organisations:list")


@pytest.mark.parametrize(("groups", "danish", "english"), [
    (" , ", "Angiv mindst én respondentgruppe", "Enter at least one respondent group"),
    ("x" * 51, "Et gruppenavn må højst have 50 tegn.", "A group name can have at most 50 characters."),
])
def test_round_rules_from_the_model_are_shown_on_their_field_in_the_page_language(client, admin_a, rebild, groups,
                                                                                   danish, english):
    """The groups rules are Round.clean's (the form no longer repeats them); the page shows the message
    at the groups field, translated on an English page."""
    client.force_login(admin_a)
    for language, message in (("da", danish), ("en", english)):
        response = client.post(reverse("rounds:create"), form(rebild, groups=groups), HTTP_ACCEPT_LANGUAGE=language)
        text = response.content.decode()
        assert response.status_code == 200 and message in text, language
        assert re.search(r'id="id_groups_error"[^>]*><span class="sr-only">[^<]+</span>' + re.escape(message),
                         text), language
    assert not Round.objects.exists()
