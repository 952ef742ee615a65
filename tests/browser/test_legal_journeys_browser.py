"""issue 15 journeys in the browser, axe-core clean at 390 px and 1366 px: the kommune's settings
(comparison group), the annual agenda item with the council's decision and action plan (date and owner)
seen in the history, the overview's period, and the register filter «kræver lovændring / fritagelse»."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from frisat.demo.legal import generate_talportal
from frisat.io.talportal import read_talportal, write_talportal
from frisat.web.audits import services as audits
from frisat.web.legal.models import CouncilDecision, LegalSettings
from frisat.web.organisations.models import Area, Municipality
from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.browser.test_access_browser import PHONE, WIDE, login
from tests.web.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rebild(tmp_path):
    from frisat.web.legal import services
    from frisat.web.legal.views import _CONTEXTS

    services._frame.cache_clear()
    services._rates.cache_clear()
    _CONTEXTS.clear()
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Skole")
    make_user("anna", municipality)  # the kommune's administrator
    staff = make_user("sys", is_staff=True)
    path = write_talportal(generate_talportal(2022, 2023, seed=3), tmp_path / "talportal.csv")
    services.store(read_talportal(path, "Syntetisk testudtræk"), path.name, staff)
    return municipality


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_settings_then_agenda_decision_in_the_history(new_page, live_server, rebild, viewport):
    page = new_page(viewport)
    login(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/retssikkerhed/{rebild.pk}/indstillinger/")
    axe_check(page)
    page.get_by_label("Kommunens navn i talportalen").fill("Rebild")
    page.get_by_label("Sammenligningsgruppe").fill("Aalborg, Mariagerfjord")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".message").first).to_contain_text("Indstillingerne er gemt")
    expect(page.get_by_text("Sammenligningsgruppe: Aalborg, Mariagerfjord", exact=True)).to_be_visible()
    assert LegalSettings.objects.get(municipality=rebild).comparison_group == ["Aalborg", "Mariagerfjord"]

    page.goto(f"{live_server.url}/retssikkerhed/{rebild.pk}/dagsorden/")
    expect(page.locator("h1")).to_have_text("Dagsordenspunkt: Danmarkskortet – Rebild")
    expect(page.get_by_text("Ingen beslutninger registreret endnu.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Mødedato").fill("2026-03-19")
    page.get_by_label("Handleplan", exact=True).first.check()
    page.get_by_label("Beslutningens ordlyd").fill("Byrådet beder om en handleplan for børnehandicapområdet.")
    page.get_by_role("textbox", name="Handleplan").fill("Faglig sparring om § 41-afgørelser hver måned.")
    page.get_by_label("Ansvarlig").fill("Direktør for Børn og Familie")
    page.get_by_label("Frist (valgfri)").fill("2026-09-01")
    page.get_by_role("button", name="Registrér").click()
    expect(page.locator(".message").first).to_contain_text("beslutning er registreret")
    history = page.get_by_role("region", name="Beslutninger, nyeste først")
    expect(history).to_contain_text("19. marts 2026")
    expect(history).to_contain_text("Direktør for Børn og Familie")
    expect(history).to_contain_text("Faglig sparring om § 41-afgørelser")
    expect(history).to_contain_text("1. september 2026")
    decision = CouncilDecision.objects.get()
    assert decision.meeting_date == dt.date(2026, 3, 19) and decision.outcome == "handleplan"
    axe_check(page)
    assert no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_overview_period_and_english(new_page, live_server, rebild, viewport):
    from tests.web.helpers import make_round

    LegalSettings.objects.create(municipality=rebild, talportal_name="Rebild")
    for year in (2024, 2025, 2026):
        opens = dt.datetime(year, 3, 1, tzinfo=dt.UTC)
        make_round(rebild, name=f"Barometer {year}", wave=str(year - 2023), opens_at=opens,
                   closes_at=opens + dt.timedelta(days=14))
    page = new_page(viewport)
    login(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/retssikkerhed/{rebild.pk}/overblik/")
    page.get_by_label("Fra år").select_option("2025")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("Målinger fra 2025 til 2026.")).to_be_visible()
    expect(page.get_by_role("img", name="Linjediagram", exact=False)).to_be_visible()
    axe_check(page)
    assert no_horizontal_scroll(page)
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    expect(page.locator("h1")).to_have_text("Political overview – Rebild")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_text("Rounds from 2025 to 2026.")).to_be_visible()  # the period is kept
    expect(page.get_by_role("img", name="Line chart", exact=False)).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_register_filter_for_law_change_or_exemption(new_page, live_server, rebild, viewport):
    audits.create_requirement(rebild, title="Dokumentation af hvert hjemmebesøg", external="ansoegt")
    audits.create_requirement(rebild, title="Årlig tilsynsrapport til byrådet", external="byraad")
    audits.create_requirement(rebild, title="Ugentligt teammøde")
    page = new_page(viewport)
    login(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/eftersyn/register/")
    table = page.get_by_role("region", name="Krav i registret")
    expect(table).to_contain_text("Ugentligt teammøde")
    page.get_by_label("Uden for kommunen").select_option(label="Alle der kræver lovændring, fritagelse eller byrådet")
    page.get_by_role("button", name="Vis").click()
    expect(table).to_contain_text("Dokumentation af hvert hjemmebesøg")
    expect(table).to_contain_text("Årlig tilsynsrapport til byrådet")
    expect(table).not_to_contain_text("Ugentligt teammøde")
    axe_check(page)
    page.get_by_label("Uden for kommunen").select_option(label="Kræver lovændring / fritagelse: ansøgt")
    page.get_by_role("button", name="Vis").click()
    expect(table).to_contain_text("Kræver lovændring / fritagelse: ansøgt")
    expect(table).not_to_contain_text("Årlig tilsynsrapport til byrådet")
    axe_check(page)
    assert no_horizontal_scroll(page)
