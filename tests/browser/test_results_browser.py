"""The results page in headless Chromium: a staff user logs in, opens a round's results, applies
filters and sees that a unit below the anonymity threshold stays hidden; axe-core finds no WCAG
2.1 A/AA violations and the page runs under the site's strict CSP (no inline style or script).

Set ``FRISAT_SCREENSHOT_DIR`` to keep a screenshot of the page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, axe_check, no_horizontal_scroll
from tests.web.helpers import PASSWORD
from tests.web.results.helpers import SECRET, fill_round, unit_named

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL = "Fælles Køkken (skole)"


def log_in(page, base_url: str, next_path: str) -> None:
    page.set_default_timeout(60_000)  # a results page draws its figures on the server: seconds, not ms
    page.goto(f"{base_url}{next_path}")
    expect(page).to_have_title("Log ind · Frisat")
    page.get_by_label("Brugernavn").fill("olav")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_staff_user_filters_results_and_small_unit_stays_hidden(page, live_server, results_round):
    path = f"/resultater/{results_round.pk}/"
    log_in(page, live_server.url, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater: Frisættelsesbarometer 2026")
    expect(page.get_by_role("table", name="Antal besvarelser pr. gruppe")).to_be_visible()
    images = page.locator("figure img")
    assert images.count() >= 6 and all(images.nth(i).get_attribute("alt") for i in range(images.count()))
    axe_check(page)

    # group by unit: the small unit (3 respondents) is merged into «Øvrige», never shown with numbers
    page.get_by_label("Gruppér efter").select_option(label="Enhed")
    page.get_by_role("button", name="Vis resultater").click()
    expect(page.get_by_label("Gruppér efter")).to_have_value("enhed")
    counts = page.get_by_role("table", name="Antal besvarelser pr. gruppe")
    small_row = counts.get_by_role("row").filter(has_text=SMALL)
    expect(small_row).to_contain_text("for få besvarelser (færre end 5)")
    expect(small_row).to_contain_text("indgår i «Øvrige (samlet)»")
    regler = page.get_by_role("table", name="Færre regler")
    expect(regler.get_by_role("row").filter(has_text=SMALL)).to_have_count(0)
    expect(regler.get_by_role("row").filter(has_text="Øvrige (samlet)")).to_have_count(1)
    axe_check(page)
    if folder := os.environ.get("FRISAT_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / "resultater-enhed.png"), full_page=True)

    # filter to the small unit itself: only «for få besvarelser», no numbers, figures or downloads
    small = unit_named(results_round.municipality, "skole", "Fælles Køkken")
    page.get_by_label("Område").select_option(label="Skole")
    page.get_by_label("Enhed", exact=True).select_option(value=str(small.pk))
    page.get_by_role("button", name="Vis resultater").click()
    expect(page.get_by_role("heading", name="For få besvarelser")).to_be_visible()
    expect(page.locator("figure img")).to_have_count(0)
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_role("link", name="Resultater (Excel, .xlsx)")).to_have_count(0)
    assert SECRET not in page.content()
    axe_check(page)


def test_results_page_fits_a_phone(new_page, live_server, results_round):
    page = new_page(viewport=PHONE)
    log_in(page, live_server.url, f"/resultater/{results_round.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert no_horizontal_scroll(page)
    axe_check(page)


EXTENDED_HEADINGS = ("Usikkerhed", "Udtalt og afledt vigtighed", "Relativ vigtighed", "Respondentgrupper side om side",
                     "Udvikling over bølger", "Kvalitativ opfølgning")


def test_two_waves_and_two_groups_show_the_extended_sections(page, live_server, results_round):
    from frisat.web.rounds import services

    second = services.next_wave(results_round, name=results_round.name, opens_at=results_round.opens_at,
                                closes_at=results_round.closes_at, wave="2")
    fill_round(second, seed=7, shift=2)
    log_in(page, live_server.url, f"/resultater/{second.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater: Frisættelsesbarometer 2026")
    # one wave: the waves section points to selecting both
    waves = page.locator("section", has=page.get_by_role("heading", name="Udvikling over bølger", level=2))
    expect(waves).to_contain_text("Vælg mindst to bølger")
    waves.get_by_role("link", name="Vis alle bølger").click()
    expect(page.get_by_label("1 – Frisættelsesbarometer 2026")).to_be_checked()

    contents = page.get_by_role("navigation", name="Indhold")
    for name in EXTENDED_HEADINGS:
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
        expect(contents.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("table", name="Ændring fra bølge til bølge")).to_be_visible()
    expect(page.get_by_role("table", name="Forskelle mellem respondentgrupper")).to_be_visible()
    for alt in ("pile", "udvikling", "gruppeforskelle", "afledt_vigtighed", "relativ_vigtighed"):
        figure = page.locator(f"figure[id$='_{alt}'] img")
        expect(figure).to_have_count(1)
        assert figure.get_attribute("alt")
    # the table of contents works from the keyboard
    link = contents.get_by_role("link", name="Udvikling over bølger")
    link.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#boelger")
    for summary in page.locator("details > summary").all():   # open the folded tables for axe-core
        summary.click()
    axe_check(page)

    # grouped by unit: the unit below k (3 answers a wave) is never shown by name in the new sections
    page.get_by_label("Gruppér efter").select_option(label="Enhed")
    page.get_by_role("button", name="Vis resultater").click()
    expect(page.get_by_label("Gruppér efter")).to_have_value("enhed")
    for name in EXTENDED_HEADINGS:
        section = page.locator("section", has=page.get_by_role("heading", name=name, level=2))
        expect(section).to_have_count(1)
        expect(section).not_to_contain_text(SMALL)
    expect(page.get_by_role("table", name="Relativ vigtighed af sporene").get_by_role("row")
           .filter(has_text="Øvrige (samlet)")).not_to_have_count(0)
    for line in page.content().split("<li>"):     # its comments only ever inside «Øvrige»
        assert SECRET not in line or "– Øvrige (samlet)" in line
    axe_check(page)
    if folder := os.environ.get("FRISAT_SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(folder) / "resultater-udvidet.png"), full_page=True)
