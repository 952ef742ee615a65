"""The overview at / in the browser: an open anonymous round with its chart and table of answers
per period, an audit in progress and a decision — axe-core clean at 390 px and 1366 px, nothing
cut off, every item one click from its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frisat.web.audits.models import Activity, Decision, Process
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds.models import Respondent
from frisat.web.rounds.services import answered_stamp
from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.browser.test_access_browser import PHONE, WIDE, login
from tests.web.helpers import make_round, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overview_data():
    municipality = Municipality.objects.create(name="Rebild")
    unit = Unit.objects.create(area=Area.objects.create(municipality=municipality, name="Skole"),
                                 name="Skørping Skole")
    user = make_user("anna", municipality, first_name="Anna", last_name="Berg")
    now = timezone.now()
    round_ = make_round(municipality, name="Frisættelsesbarometer 2026 med et langt navn, der skal ombrydes",
                         opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=2), min_n=3)
    for i, day in enumerate([0, 0, 0, 1, 2, 3, 3, 4, None, None]):
        at = None if day is None else answered_stamp(True, round_.opens_at + dt.timedelta(days=day, hours=12))
        Respondent.objects.create(round=round_, email=f"p{i}@rebild.dk", unit=unit, group="medarbejder",
                                  token_hash=f"b{i}".ljust(64, "0"), answered_at=at)
    process = Process.objects.create(municipality=municipality, name="Sygedagpenge", status=Process.Status.MARKING)
    activity = Activity.objects.create(process=process, order=1, description="Opfølgningssamtale hver 4. uge")
    Decision.objects.create(activity=activity, outcome="forandres", rationale="Hver 8. uge er nok.",
                            decided_on=dt.date(2026, 12, 1), decided_by=user)
    return round_, process


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_overview(new_page, live_server, overview_data, viewport):
    round_, process = overview_data
    page = new_page(viewport)
    login(page, live_server.url)
    expect(page.locator("h1")).to_have_text("Overblik")
    expect(page.locator(".card")).to_contain_text("80 % (8 af 10 har svaret)")
    expect(page.locator(".card")).to_contain_text("lukker snart")
    expect(page.locator("svg.chart")).to_be_visible()
    page.get_by_text("Svar pr. periode som tabel").click()
    rows = page.locator(".card tbody tr")
    counts = [int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]
    assert sum(counts) == 8 and min(counts) >= 3
    axe_check(page)
    assert no_horizontal_scroll(page)

    page.get_by_role("link", name="Sygedagpenge").click()
    assert page.url.endswith(f"/eftersyn/{process.pk}/")
    page.go_back()
    page.get_by_role("link", name=round_.name).click()
    assert page.url.endswith(f"/maalinger/{round_.pk}/")


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_overview_in_english(new_page, live_server, overview_data, viewport):
    page = new_page(viewport)
    login(page, live_server.url)
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    expect(page.locator("h1")).to_have_text("Overview")
    axe_check(page)
    assert no_horizontal_scroll(page)
