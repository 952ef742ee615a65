"""The results page's item section (issue 14 item 2) and its figures as image URLs (issue 12 item 9)
in headless Chromium: an evaluation round shows its questions answer by answer, every image loads,
and axe-core finds no WCAG 2.1 A/AA violations at 390 px and 1366 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.browser.test_results_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})


@pytest.fixture
def evaluation_round():
    from tests.web.helpers import make_round, make_user
    from tests.web.results.helpers import make_municipality
    from tests.web.results.test_items import EVALUATION, fill

    municipality = make_municipality("Rebild")
    round_ = make_round(municipality, name="Evaluering af frisættelse", instrument_id=EVALUATION.id,
                        anonymous=False, min_n=5)
    fill(round_, seed=3)
    make_user("olav", municipality, role="analytiker")
    return round_


def all_images_loaded(page) -> bool:
    """Every image has arrived (the figures are drawn by their own requests, after the page)."""
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=120_000)
    return page.evaluate("() => [...document.images].every(i => i.naturalWidth > 0)")


@pytest.mark.parametrize("viewport", WIDTHS, ids=["390px", "1366px"])
def test_an_evaluation_round_shows_its_items(new_page, live_server, evaluation_round, viewport):
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, f"/resultater/{evaluation_round.pk}/")
    expect(page.get_by_role("heading", name="Svar spørgsmål for spørgsmål", level=2)).to_be_visible()
    expect(page.get_by_role("table", name="Svar pr. spørgsmål og måling")).to_be_visible()
    expect(page.get_by_role("heading", name="Åbne kommentarer")).to_have_count(0)
    expect(page.get_by_role("link", name="Svar pr. spørgsmål (CSV) – data til R/pandas")).to_be_visible()
    images = page.locator("figure img")
    assert images.count() >= 1 and all(images.nth(i).get_attribute("alt") for i in range(images.count()))
    assert all_images_loaded(page)
    assert no_horizontal_scroll(page)
    axe_check(page)


@pytest.mark.parametrize("viewport", WIDTHS, ids=["390px", "1366px"])
def test_barometer_figures_load_from_their_urls(new_page, live_server, results_round, viewport):
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, f"/resultater/{results_round.pk}/")
    images = page.locator("figure img")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert images.count() >= 6
    assert all("/figur/" in images.nth(i).get_attribute("src") for i in range(images.count()))
    assert all_images_loaded(page)
    axe_check(page)
