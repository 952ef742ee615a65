"""The results page in English in headless Chromium: a staff user switches the language with the
site's language switcher, and the page — its sentences, tables and the figures' alt texts — is in
English, the questionnaire's wording is marked as Danish (``lang="da"``), VIVE's names carry their
translation, and axe-core finds no WCAG 2.1 A/AA violations.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_check
from tests.browser.test_results_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DANISH = ["ligger i", "Gennemsnit for de fem spor", "Placeringen er usikker", "konfidensinterval", "Respondenterne",
          "t-fordelingen", "Uden placering", "for få besvarelser", "Sådan læses", "Anm.:", "Punktdiagram"]


def test_results_page_in_english_after_switching_language(page, live_server, results_round):
    path = f"/resultater/{results_round.pk}/"
    log_in(page, live_server.url, path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater: Frisættelsesbarometer 2026")

    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Frisættelsesbarometer 2026")
    assert page.locator("html").get_attribute("lang") == "en"

    expect(page.get_by_role("table", name="Number of responses per group")).to_be_visible()
    page.locator("details.extended-tables").evaluate_all("nodes => nodes.forEach(n => n.open = true)")
    text = page.locator("main").inner_text()
    alts = [page.locator("figure img").nth(i).get_attribute("alt") for i in range(page.locator("figure img").count())]
    assert len(alts) >= 6 and alts[1].startswith("Averages for the five tracks – ")
    everything = "\n".join([text, *alts])
    assert [word for word in DANISH if word in everything] == []
    assert re.search(r"\d,\d", "\n".join(alts)) is None  # English decimal points in the figures' texts too
    # VIVE's names in Danish with the translation beside them; the questions' wording marked as Danish
    assert "Vigtigste fokusområde (most important focus area)" in everything
    assert "Færre regler (fewer rules)" in everything
    legend = page.locator("dl.indicator-legend dd").first
    assert legend.get_attribute("lang") == "da" and legend.inner_text().startswith("Jeres arbejde")
    axe_check(page)
