"""The political overview over time: every barometer wave (with a period), the register by year (against a
plain loop), the legal trend figure, and the page in English."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from frisat.reporting.legal.codes import APPEALS_ONLY_QUOTE
from frisat.web.audits import services as audits
from frisat.web.legal import overview, selectors
from frisat.web.legal.models import LegalSettings

pytestmark = pytest.mark.django_db


def _rounds(municipality, years):
    from tests.web.helpers import make_round

    made = []
    for i, year in enumerate(years):
        opens = timezone.make_aware(dt.datetime(year, 3, 1))
        made.append(make_round(municipality, name=f"Måling {i + 1}", wave=str(i + 1), opens_at=opens,
                               closes_at=opens + dt.timedelta(days=14)))
    return made


def _summary(placements):
    return pd.DataFrame([{"omraade": "Beskæftigelse", "spor": "regler", "quadrant_absolute": q, "suppressed": hidden}
                         for q, hidden in placements])


@pytest.fixture
def eight_waves(rebild, monkeypatch):
    """Eight rounds 2019–2026; the barometer summary of each is stubbed (the results pipeline has its own tests):
    wave 3 is below the anonymity threshold."""
    rounds = _rounds(rebild, range(2019, 2027))
    quadrants = ["fokus", "fokus", "fokus", "fortsaet", "fortsaet", "fokus", "fokus", "fortsaet"]
    by_pk = {m.pk: _summary([(q, i == 2)]) for i, (m, q) in enumerate(zip(rounds, quadrants, strict=True))}
    monkeypatch.setattr(overview, "_round_summary", lambda round_: by_pk[round_.pk])
    return rounds


def test_every_wave_is_shown_and_the_period_narrows_them(client, reader, rebild, eight_waves):
    client.force_login(reader)
    url = reverse("legal:overview", args=[rebild.pk])
    page = client.get(url).content.decode()
    assert all(f"Måling {i}" in page for i in range(1, 9))  # more than the six of before
    assert page.count("skjult (under anonymitetsgrænsen)") == 1
    assert 'name="first"' in page and 'name="last"' in page
    narrowed = client.get(url, {"first": 2021, "last": 2023}).content.decode()
    assert [f"Måling {i}" in narrowed for i in range(1, 9)] == [False, False, True, True, True, False, False, False]
    assert "Målinger fra 2021 til 2023." in narrowed
    wrong = client.get(url, {"first": 2024, "last": 2020}).content.decode()
    assert "skal være før eller samme år" in wrong and "Måling 8" in wrong  # invalid → every wave
    pdf = client.get(url, {"first": 2021, "last": 2023, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_change_compares_the_last_two_shown_waves(rebild, eight_waves):
    table = overview.barometer(rebild)
    row = table.rows[0]
    assert row[-1] == "flyttet"  # fokus → fortsaet between wave 7 and 8
    table = overview.barometer(rebild, (2019, 2020))
    assert table.rows[0][-1] == "uændret"
    table = overview.barometer(rebild, (2021, 2022))
    assert table.rows[0][-1] == "–"  # wave 3 is hidden: no change can be told


def test_register_by_year_agrees_with_a_plain_loop(rebild):
    area = rebild.areas.get(name="Beskæftigelse")
    process = audits.create_process(municipality=rebild, name="Sygedagpenge", area=area)
    figures = [(30, 200, 4), (12, 1000, 5), (10, 52, 2), (5, 10, 1)]
    acts = [audits.add_activity(process, description=f"A{i}", minutes_per_occurrence=m, occurrences_per_year=o,
                                people=p) for i, (m, o, p) in enumerate(figures)]
    audits.decide(activity=acts[0], outcome="fjernes", rationale="Levn", decided_on=dt.date(2024, 5, 1))
    audits.decide(activity=acts[1], outcome="forankres", rationale="x", purpose_explained="y",
                  decided_on=dt.date(2024, 6, 1))
    audits.decide(activity=acts[1], outcome="fjernes", rationale="Alligevel", decided_on=dt.date(2025, 2, 1))
    audits.decide(activity=acts[2], outcome="forandres", rationale="Kortere", decided_on=dt.date(2025, 3, 1),
                  after_minutes_per_occurrence=4)
    requirement = audits.create_requirement(rebild, title="Ugentlig indberetning", area=area)
    audits.decide(requirement=requirement, outcome="fjernes", rationale="Ingen bruger den",
                  decided_on=dt.date(2025, 4, 1))
    # the plain loop: the latest decision of each activity, hours = minutes / 60 × occurrences × people
    latest = {0: ("fjernes", 2024), 1: ("fjernes", 2025), 2: ("forandres", 2025)}
    expected: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for i, (outcome, year) in latest.items():
        minutes, occurrences, people = figures[i]
        before = minutes / 60 * occurrences * people
        after = 0.0 if outcome == "fjernes" else 4 / 60 * occurrences * people
        expected[year][0] += 1
        expected[year][1] += outcome == "fjernes"
        expected[year][2] += before - after
    table = selectors.register_by_year(rebild)
    assert list(table["aar"]) == [2024, 2025] and set(table["omraade"]) == {"Beskæftigelse"}
    for row in table.itertuples(index=False):
        assert [row.activities, row.fjernes] == expected[row.aar][:2]
        assert row.hours_freed == pytest.approx(expected[row.aar][2])
    assert list(table["krav_fjernet"]) == [0, 1]
    rows = overview.register(rebild).rows
    assert rows[1][:5] == ["2025", "Beskæftigelse", "2", "1", "1"]


def test_overview_in_english(client, reader, rebild, snapshot):
    LegalSettings.objects.update_or_create(municipality=rebild, defaults={"talportal_name": "Rebild"})
    client.force_login(reader)
    page = client.get(reverse("legal:overview", args=[rebild.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Political overview – Rebild" in page and "Legal certainty: reversal rate year by year" in page
    assert "Removed and freed year by year" in page and "The barometer&#x27;s placements" in page
    assert f'<span lang="da">{APPEALS_ONLY_QUOTE}</span>' in page and "in English: The percentages only cover" in page
    assert "inden for tragten" not in page and "Ingen data" not in page
    assert "Trend, all law areas" in page  # the trend figure's caption
    danish = client.get(reverse("legal:overview", args=[rebild.pk]), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Udvikling, alle lovområder" in danish and "in English" not in danish


def test_rates_and_agenda_pages_in_english(client, reader, rebild, snapshot):
    LegalSettings.objects.update_or_create(municipality=rebild, defaults={"talportal_name": "Rebild"})
    client.force_login(reader)
    titles = {"legal:rates": "Reversal rate – Rebild", "legal:agenda": "Agenda item: Danmarkskortet – Rebild"}
    for name, title in titles.items():
        page = client.get(reverse(name, args=[rebild.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert title in page and "in English: The percentages only cover" in page, name
        assert "Kun påklagede afgørelser" not in page and "tragten" not in page, name
