"""The overview at /: the user's open rounds with response rate and answers per day, audits in
progress and recent decisions — only the user's own municipalities, and no day below k in anonymous rounds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from frisat.web.audits.models import Activity, Decision, Process
from frisat.web.rounds.models import Respondent
from frisat.web.rounds.services import answered_stamp
from tests.web.helpers import make_round

ZONE = ZoneInfo("Europe/Copenhagen")


def _respondents(round_, answered_days: list[int | None]):
    """One respondent per entry; answered on ``opens_at`` + that many days (None: not answered)."""
    unit = round_.municipality.areas.get().units.get()
    start = timezone.localtime(round_.opens_at, ZONE).replace(hour=10)
    for i, day in enumerate(answered_days):
        when = None if day is None else answered_stamp(round_.anonymous, start + dt.timedelta(days=day))
        Respondent.objects.create(round=round_, email=f"p{i}@x.dk", unit=unit, group="medarbejder",
                                  token_hash=f"{round_.pk}-{i}".ljust(64, "0"), answered_at=when)


def _open(municipality, **kwargs):
    now = timezone.now()
    return make_round(municipality, opens_at=now - dt.timedelta(days=6), closes_at=now + dt.timedelta(days=3), **kwargs)


def test_root_is_the_overview_and_needs_login(client, admin_a):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(admin_a)
    page = client.get("/").content.decode()
    assert "<h1>Overblik</h1>" in page and 'aria-current="page"><span>Overblik<' in page
    assert reverse("rounds:list") in page and "Ingen målinger er åbne lige nu." in page


def test_open_rounds_with_response_rate_only_of_own_kommune(client, admin_a, rebild, aarhus):
    mine = _open(rebild, name="Barometer Rebild", anonymous=False)
    _respondents(mine, [0, 0, 1, None])
    theirs = _open(aarhus, name="Barometer Aarhus")
    archived = _open(rebild, name="Arkiveret måling")
    archived.archived = True
    archived.save(update_fields=["archived"])
    now = timezone.now()
    make_round(rebild, name="Gammel måling", opens_at=now - dt.timedelta(days=60),
               closes_at=now - dt.timedelta(days=30))
    client.force_login(admin_a)
    response = client.get("/")
    page = response.content.decode()
    assert "Barometer Rebild" in page and theirs.name not in page and "Gammel måling" not in page
    assert "Arkiveret måling" not in page
    assert "75 % (3 af 4 har svaret)" in page and "lukker snart" in page
    [card] = response.context["cards"]
    # Per day (not anonymous), compared with a plain count of the stored dates.
    expected: dict[dt.date, int] = {}
    for at in Respondent.objects.filter(round=mine, answered_at__isnull=False).values_list("answered_at", flat=True):
        day = timezone.localtime(at, ZONE).date()
        expected[day] = expected.get(day, 0) + 1
    assert [(p.first, p.answers) for p in card.periods] == sorted(expected.items())
    assert '<svg class="chart"' in page and 'role="img"' in page and "Svar pr. dag som tabel" in page
    assert "1 lukkede" in page


def test_anonymous_round_shows_no_day_below_k(client, admin_a, rebild):
    round_ = _open(rebild, anonymous=True, min_n=3)
    _respondents(round_, [0, 0, 1, 2, 2, 2, 3, None])
    client.force_login(admin_a)
    response = client.get("/")
    [card] = response.context["cards"]
    assert card.periods and all(p.answers >= 3 for p in card.periods)
    assert sum(p.answers for p in card.periods) == 7 and card.merged
    assert "dage med færre end 3 svar er lagt sammen" in response.content.decode()


def test_anonymous_round_below_k_shows_no_days(client, admin_a, rebild):
    round_ = _open(rebild, anonymous=True, min_n=5)
    _respondents(round_, [0, 1, None])
    client.force_login(admin_a)
    response = client.get("/")
    [card] = response.context["cards"]
    assert card.periods == [] and card.bars == [] and card.too_few
    page = response.content.decode()
    assert '<svg class="chart"' not in page and "vises først, når der er mindst 5 svar" in page


def test_audits_in_progress_and_recent_decisions(client, admin_a, rebild, aarhus):
    running = Process.objects.create(municipality=rebild, name="Sygedagpenge", status=Process.Status.MARKING)
    Process.objects.create(municipality=rebild, name="Færdigt eftersyn", status=Process.Status.DONE)
    Process.objects.create(municipality=aarhus, name="Aarhus-eftersyn")
    activity = Activity.objects.create(process=running, order=1, description="Opfølgningssamtale hver 4. uge")
    Decision.objects.create(activity=activity, outcome="fjernes", rationale="Ingen bruger den.",
                            decided_on=dt.date(2026, 12, 1), decided_by=admin_a)
    client.force_login(admin_a)
    page = client.get("/").content.decode()
    assert "Sygedagpenge" in page and reverse("audits:journey", args=[running.pk]) in page
    assert "Færdigt eftersyn" not in page and "Aarhus-eftersyn" not in page
    assert "Opfølgningssamtale hver 4. uge" in page and reverse("audits:decision_log", args=[running.pk]) in page


def test_access_links_only_for_administrators(client, admin_a, reader_a, rebild):
    client.force_login(admin_a)
    assert reverse("access:municipality", args=[rebild.pk]) in client.get("/").content.decode()
    client.force_login(reader_a)
    page = client.get("/").content.decode()
    assert reverse("access:municipality", args=[rebild.pk]) not in page and "Opret en måling" not in page


@pytest.mark.parametrize("language,heading", [("da", "<h1>Overblik</h1>"), ("en", "<h1>Overview</h1>")])
def test_overview_in_both_languages(client, admin_a, language, heading):
    client.force_login(admin_a)
    assert heading in client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
