"""issue 15 in the browser: a staff administrator imports a talportal file, the kommune's page shows the
funnel plot, and a politician (role «læser») reads the overview — axe-core clean at 390 px and 1366 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from frisat.demo.legal import generate_talportal
from frisat.io.talportal import write_talportal
from frisat.web.legal.models import AppealSnapshot
from frisat.web.organisations.models import Area, Municipality
from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.browser.test_access_browser import PHONE, WIDE, login
from tests.web.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def legal_data(tmp_path):
    from frisat.web.legal import services
    from frisat.web.legal.views import _CONTEXTS

    services._frame.cache_clear()
    services._rates.cache_clear()
    _CONTEXTS.clear()
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Skole")
    make_user("sys", is_staff=True)
    make_user("per", municipality, role="laeser", first_name="Per", last_name="Politiker")
    path = write_talportal(generate_talportal(2022, 2023, seed=3), tmp_path / "talportal.xlsx")
    return municipality, path


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_import_funnel_and_overview(new_page, live_server, legal_data, viewport):
    municipality, path = legal_data
    page = new_page(viewport)
    login(page, live_server.url, "sys")
    page.goto(f"{live_server.url}/retssikkerhed/indlaes/")
    axe_check(page)
    page.get_by_label("Fil fra Ankestyrelsens talportal").set_input_files(str(path))
    page.get_by_label("Kilde").fill("Syntetisk testudtræk")
    page.get_by_role("button", name="Indlæs").click()
    expect(page.locator(".message").first).to_contain_text("nyt datagrundlag")
    assert AppealSnapshot.objects.count() == 1
    axe_check(page)

    reader = new_page(viewport)
    login(reader, live_server.url, "per")
    reader.goto(f"{live_server.url}/retssikkerhed/{municipality.pk}/")
    funnel = reader.get_by_role("img", name="Tragtplot", exact=False).first
    expect(funnel).to_be_visible()
    expect(reader.locator(".caveat").first).to_contain_text("kun over de sager, som borgerne klager over")
    expect(reader.locator(".snapshot").first).to_contain_text("talportal.xlsx")
    axe_check(reader)
    assert no_horizontal_scroll(reader)

    reader.goto(f"{live_server.url}/retssikkerhed/{municipality.pk}/overblik/")
    expect(reader.locator("h1")).to_contain_text("Politisk overblik – Rebild")
    expect(reader.get_by_text("ledelsesinformation om formålsopfyldelse", exact=False)).to_be_visible()
    expect(reader.locator("table").last).to_contain_text("2023")
    axe_check(reader)
    assert no_horizontal_scroll(reader)
