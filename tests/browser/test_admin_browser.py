"""An administrator runs a small round in the browser, end to end through the real pages:
create the round, import respondents from a CSV file, export the links, one respondent answers,
and the response rate on the round page goes from 0 to 1 of 3."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from playwright.sync_api import expect

from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds.models import Respondent, Round
from tests.browser.conftest import axe_check
from tests.web.helpers import PASSWORD, make_user
from tests.web.survey.helpers import responses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def municipality():
    municipality = Municipality.objects.create(name="Rebild")
    skole = Area.objects.create(municipality=municipality, name="skole")
    Unit.objects.create(area=skole, name="Skørping Skole")
    Unit.objects.create(area=skole, name="Støvring Skole")
    make_user("anna", municipality)
    return municipality


def test_administrator_creates_round_imports_respondents_and_sees_the_rate_update(page, live_server, municipality,
                                                                                 tmp_path):
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/maalinger/ny/")
    page.get_by_label("Brugernavn").fill("anna")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    # 1. Create the round.
    expect(page.locator("h1")).to_have_text("Ny måling")
    today = dt.date.today()
    page.get_by_role("textbox", name="Navn").fill("Frisættelsesbarometer 2026")
    page.get_by_label("Første svardag").fill(today.isoformat())
    page.get_by_label("Sidste svardag").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("h1")).to_have_text("Frisættelsesbarometer 2026")
    round = Round.objects.get()
    assert round.municipality == municipality and round.anonymous and round.min_n == 5

    # 2. Import three respondents from a CSV file (semicolons, as Danish Excel writes it).
    upload = tmp_path / "respondenter.csv"
    upload.write_text("email;enhed;gruppe\nleder@rebild.dk;Skørping Skole;leder\n"
                      "ansat1@rebild.dk;Skørping Skole;medarbejder\nansat2@rebild.dk;Støvring Skole;medarbejder\n",
                      encoding="utf-8")
    page.get_by_role("link", name="Importér respondenter").first.click()
    page.get_by_label("Fil (.csv eller .xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Importér", exact=True).click()
    expect(page.locator("h1")).to_have_text("Frisættelsesbarometer 2026")
    assert Respondent.objects.filter(round=round).count() == 3
    expect(page.locator("p.overall")).to_contain_text("0 af 3")
    axe_check(page)

    # 3. Export the links (CSV download) for sending through another channel.
    page.get_by_role("link", name="Eksportér links").first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent links (CSV til Excel)").click()
    exported = tmp_path / "links.csv"
    download.value.save_as(exported)
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read()
    dialect = csv.Sniffer().sniff(sample.splitlines()[0], delimiters=";,")
    rows = list(csv.DictReader(sample.splitlines(), dialect=dialect))
    assert len(rows) == 3
    link = next(r for r in rows if r["email"] == "leder@rebild.dk")["link"]
    assert "/s/" in link

    # 4. The leader answers (skipping most questions is allowed) and submits.
    respondent_page = page.context.new_page()
    respondent_page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    respondent_page.get_by_role("link", name="Start spørgeskemaet").click()
    respondent_page.get_by_role("group", name="Jeres arbejde med at fjerne unødige regler").first.get_by_label(
        "7", exact=True).check()
    for _ in range(4):
        respondent_page.get_by_role("button", name="Næste", exact=True).click()
    respondent_page.get_by_role("button", name="Gennemse dine svar").click()
    respondent_page.get_by_role("button", name="Send besvarelse").click()
    expect(respondent_page.locator("h1")).to_have_text("Tak for din besvarelse")
    respondent_page.close()
    assert responses().filter(round=round).count() == 1

    # 5. The response rate on the round page has updated.
    page.goto(f"{live_server.url}/maalinger/{round.pk}/")
    expect(page.locator("p.overall")).to_contain_text("1 af 3")
    group_table = page.get_by_role("table").filter(has_text="Svarprocent").filter(has_text="leder")
    expect(group_table.get_by_role("row").filter(has_text="leder").first).to_contain_text("100")
