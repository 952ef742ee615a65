"""An administrator manages a running round: extends the closing date, finds a respondent and
corrects the e-mail address, and previews two pages of the questionnaire — on a phone (390 px)
and a desktop (1366 px), axe-core clean on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import expect

from frisat.web.common.formatting import danish_date, day_bounds
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import services
from frisat.web.rounds.models import Draft, Respondent, Response, RoundChange
from tests.browser.conftest import axe_check
from tests.web.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_round():
    municipality = Municipality.objects.create(name="Rebild")
    area = Area.objects.create(municipality=municipality, name="Ældre")
    unit = Unit.objects.create(area=area, name="Plejecenter Solgården")
    Unit.objects.create(area=area, name="Hjemmeplejen Nord")
    make_user("anna", municipality, first_name="Anna", last_name="Berg")
    opens_at, closes_at = day_bounds(dt.date.today() - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=10))
    round_ = services.create_round(municipality=municipality, name="Frisættelsesbarometer 2026", opens_at=opens_at,
                                   closes_at=closes_at, groups=["leder", "medarbejder"])
    for i in range(3):
        services.add_respondent(round_, unit=unit, group="medarbejder", email=f"ansat{i}@rebild.dk")
    services.add_respondent(round_, unit=unit, group="leder", email="lederr@rebild.dk")
    return round_


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_edit_closing_date_correct_a_respondent_and_preview(new_page, live_server, admin_round, viewport):
    page = new_page(viewport=viewport)
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/maalinger/{admin_round.pk}/")
    page.get_by_label("Brugernavn").fill("anna")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("h1")).to_have_text("Frisættelsesbarometer 2026")
    axe_check(page)

    # 1. Extend the closing date.
    page.get_by_role("link", name="Redigér").click()
    axe_check(page)
    new_day = dt.date.today() + dt.timedelta(days=30)
    page.get_by_label("Sidste svardag").fill(new_day.isoformat())
    page.get_by_role("button", name="Gem ændringer").click()
    expect(page.locator("#paamindelsesplan")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"til og med {danish_date(new_day)}")
    assert RoundChange.objects.get(round=admin_round).field == "closes_at"
    axe_check(page)

    # 2. Search the respondents and correct an address.
    page.get_by_role("link", name="Respondenter", exact=True).click()
    axe_check(page)
    page.get_by_label("Søg (e-mail, enhed, område eller gruppe)").fill("lederr")
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("#respondent-count")).to_contain_text("1 respondent")
    page.get_by_role("link", name="Ret lederr@rebild.dk").click()
    axe_check(page)
    page.get_by_label("E-mail").fill("leder@rebild.dk")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("main")).to_contain_text("Et nyt link er sendt til leder@rebild.dk")
    assert [m.to for m in mail.outbox] == [["leder@rebild.dk"]]
    assert Respondent.objects.filter(email="leder@rebild.dk").exists()
    axe_check(page)

    # 3. Preview two pages: nothing is stored.
    page.goto(f"{live_server.url}/maalinger/{admin_round.pk}/")
    page.get_by_role("link", name="Forhåndsvis spørgeskemaet").click()
    expect(page.locator("#preview-banner")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Start spørgeskemaet").click()
    first = page.locator("h1").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Næste").click()
    expect(page.locator("h1")).not_to_have_text(first)
    expect(page.locator("#preview-banner")).to_be_visible()
    axe_check(page)
    assert not Draft.objects.exists() and not Response.objects.exists()
