"""Det Fælles Designsystem is served by Frisat itself: the FDS stylesheet, its fonts and icons load
from the site (200, no other host) and style the page, on the public login page and a staff page."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from frisat.web.organisations.models import Municipality
from tests.browser.conftest import PHONE, axe_check
from tests.web.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _record(page) -> list:
    seen = []
    page.on("response", lambda response: seen.append(response))
    return seen


def test_the_fds_files_load_from_the_site_and_style_the_page(page, live_server):
    seen = _record(page)
    page.goto(f"{live_server.url}/login/")
    page.wait_for_load_state("networkidle")
    own = urlparse(live_server.url).netloc
    assert all(urlparse(r.url).netloc == own for r in seen), [r.url for r in seen]
    by_path = {urlparse(r.url).path: r.status for r in seen}
    assert by_path.get("/static/dkfds/css/dkfds.min.css") == 200
    fonts = [p for p in by_path if p.startswith("/static/dkfds/fonts/")]
    assert fonts and all(by_path[p] == 200 for p in fonts), by_path
    assert all(status < 400 for status in by_path.values()), by_path
    # FDS's rules are in force: its font, its 62.5 % root size and its primary button.
    assert "IBM Plex Sans" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "10px"
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Sans\"')")
    button = page.get_by_role("button", name="Log ind")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(69, 69, 69)"  # FDS #454545


def test_a_staff_page_has_the_fds_header_with_the_kommune_and_its_menu_on_a_phone(new_page, live_server):
    make_user("anna", Municipality.objects.create(name="Rebild Kommune"))
    page = new_page(viewport=PHONE)
    page.set_default_timeout(60_000)  # a shared, loaded machine
    seen = _record(page)
    page.goto(f"{live_server.url}/login/?next=/maalinger/")
    page.get_by_label("Brugernavn").fill("anna")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/maalinger/", wait_until="domcontentloaded")
    header = page.locator("header.header")
    assert header.locator(".portal-info").inner_text().strip().startswith("Rebild Kommune")
    nav = header.get_by_role("navigation", name="Hovedmenu")
    assert nav.is_visible() and nav.get_by_role("link", name="Målinger").get_attribute("aria-current") == "page"
    axe_check(page)
    assert {urlparse(r.url).path: r.status for r in seen}.get("/static/dkfds/css/dkfds.min.css") == 200
