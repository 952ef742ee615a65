"""The agenda item with the council's decisions, and the political overview as the read-only role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from frisat.reporting.overview import SEED_004_QUOTE
from frisat.web.legal.models import CouncilDecision, LegalSettings

pytestmark = pytest.mark.django_db


def _decision(**extra):
    return {"meeting_date": "2025-03-20", "outcome": "handleplan", "decision": "Byrådet vil have en handleplan.",
            "action_plan": "Faglig sparring om § 41-afgørelser.", "owner": "Direktør for Børn og Familie",
            "due_date": "2025-09-01", **extra}


def test_agenda_page_and_decision_history(client, admin_user, snapshot, rebild):
    client.force_login(admin_user)
    url = reverse("legal:agenda", args=[rebild.pk])
    page = client.get(url).content.decode()
    assert "Dagsordenspunkt: Danmarkskortet – Rebild" in page and snapshot.sha256[:16] in page
    assert client.post(url, _decision()).status_code == 302
    assert client.post(url, _decision(meeting_date="2026-03-19", outcome="ingen_handleplan", action_plan="",
                                      decision="Ingen handleplan i år.")).status_code == 302
    history = list(CouncilDecision.objects.filter(municipality=rebild))
    assert [d.meeting_date.year for d in history] == [2026, 2025]  # newest first, the old one kept
    assert all(d.snapshot == snapshot and d.recorded_by == admin_user for d in history)
    page = client.get(url).content.decode()
    assert "Direktør for Børn og Familie" in page and "Ingen handleplan i år." in page


def test_action_plan_required_when_decided(client, admin_user, snapshot, rebild):
    client.force_login(admin_user)
    response = client.post(reverse("legal:agenda", args=[rebild.pk]), _decision(action_plan=""))
    assert response.status_code == 400 and "Beskriv handleplanen" in response.content.decode()
    assert not CouncilDecision.objects.exists()


def test_agenda_pdf(client, reader, snapshot, rebild):
    client.force_login(reader)
    response = client.get(reverse("legal:agenda", args=[rebild.pk]), {"format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_reader_reads_agenda_but_cannot_record(client, reader, snapshot, rebild):
    client.force_login(reader)
    url = reverse("legal:agenda", args=[rebild.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Registrér beslutningen" not in page.content.decode()
    assert client.post(url, _decision()).status_code == 404
    assert not CouncilDecision.objects.exists()


def test_overview_as_reader_shows_legal_quality_and_no_data_states(client, reader, snapshot, rebild,
                                                                   talportal_frame):
    client.force_login(reader)
    response = client.get(reverse("legal:overview", args=[rebild.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert SEED_004_QUOTE in page
    assert "Ingen målinger med resultater, der må vises." in page
    assert "Ingen data: ingen evaluering med registrerede sager" in page
    assert snapshot.sha256[:16] in page
    years = (2021, 2022, 2023)  # complete calendar years of the fixture (Q1 2024 alone is not a year)
    for year in years:
        assert f"<th scope=\"row\">{year}</th>" in page


def test_overview_without_snapshot_says_no_data(client, reader, rebild):
    LegalSettings.objects.create(municipality=rebild, talportal_name="Rebild")
    client.force_login(reader)
    page = client.get(reverse("legal:overview", args=[rebild.pk])).content.decode()
    assert "Ingen data: intet udtræk fra Ankestyrelsen" in page


def test_overview_pdf(client, reader, snapshot, rebild):
    client.force_login(reader)
    response = client.get(reverse("legal:overview", args=[rebild.pk]), {"format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_anonymous_is_sent_to_login(client, rebild):
    for name, args in (("legal:index", []), ("legal:rates", [rebild.pk]), ("legal:overview", [rebild.pk])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/login/" in response["Location"]
