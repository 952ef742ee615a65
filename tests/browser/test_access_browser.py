"""Access in the browser: an administrator invites a colleague as reader, the colleague sets a
password through the link, the administrator changes the role and removes the access — every page
axe-core clean at 390 px and 1366 px, nothing cut off on the phone. Also the password-reset and
error pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.web.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
NEW_PASSWORD = "Grøn-Kaffe-Kande-77"


@pytest.fixture
def municipality():
    municipality = Municipality.objects.create(name="Rebild")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="Skole"), name="Skørping Skole")
    make_user("anna", municipality, first_name="Anna", last_name="Berg")
    make_user("olav", municipality, role=Membership.Role.ANALYST, first_name="Olav", last_name="Holm")
    return municipality


def login(page, base: str, username: str = "anna", password: str = PASSWORD) -> None:
    page.set_default_timeout(30_000)  # the machine is shared by several test runs
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name=re.compile("^Log ud"))).to_be_visible()
    page.goto(f"{base}/")


def check(page) -> None:
    axe_check(page)
    assert no_horizontal_scroll(page), page.url


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_invite_accept_change_role_and_remove(new_page, live_server, municipality, viewport):
    page = new_page(viewport)
    login(page, live_server.url)
    expect(page.locator("h1")).to_have_text("Overblik")
    page.get_by_role("link", name="Hvem har adgang til Rebild").click()
    expect(page.locator("h1")).to_have_text("Adgang til Rebild")
    check(page)

    # An invalid address: a Danish error summary, nothing sent.
    page.get_by_label("Kollegaens e-mailadresse").fill("ikke en adresse")
    page.get_by_role("button", name="Send invitationen").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv en gyldig e-mailadresse.")
    check(page)
    assert mail.outbox == []

    page.get_by_label("Kollegaens e-mailadresse").fill("byraad@rebild.dk")
    page.get_by_label(re.compile("^Læser")).check()
    page.get_by_role("button", name="Send invitationen").click()
    expect(page.get_by_role("status")).to_contain_text("Invitationen er sendt til byraad@rebild.dk.")
    check(page)
    link = re.search(r"http\S+/adgang/invitation/\S+/", mail.outbox[0].body).group(0)

    # The colleague opens the link in another browser and chooses a password.
    colleague = new_page(viewport)
    colleague.goto(live_server.url + link[link.index("/adgang/"):])
    expect(colleague.locator("h1")).to_have_text("Adgang til Rebild")
    check(colleague)
    colleague.get_by_label("Fornavn").fill("Lise")
    colleague.get_by_label("Efternavn").fill("Byråd")
    colleague.get_by_label("Vælg en adgangskode").fill(NEW_PASSWORD)
    colleague.get_by_label("Gentag adgangskoden").fill(NEW_PASSWORD)
    colleague.get_by_role("button", name="Opret bruger og tag imod").click()
    expect(colleague.locator("h1")).to_have_text("Overblik")
    check(colleague)
    assert Membership.objects.get(user__username="byraad@rebild.dk").role == Membership.Role.READER

    # The administrator makes the reader an analyst, then removes the access after confirming.
    page.reload()
    page.get_by_role("link", name="Skift rolle Lise Byråd").click()
    check(page)
    page.get_by_label(re.compile("^Analytiker")).check()
    page.get_by_role("button", name="Gem rollen").click()
    expect(page.get_by_role("status")).to_contain_text("Lise Byråd er nu analytiker.")
    page.get_by_role("link", name="Fjern adgang Lise Byråd").click()
    expect(page.locator("h1")).to_have_text("Fjern adgang for Lise Byråd")
    check(page)
    page.get_by_role("button", name="Ja, fjern adgangen").click()
    expect(page.get_by_role("status")).to_contain_text("Lise Byråd har ikke længere adgang til Rebild.")
    assert not Membership.objects.filter(user__username="byraad@rebild.dk").exists()
    expect(page.get_by_role("region", name="Ændringer af adgang")).to_contain_text("Adgang fjernet")

    # The scrolling tables are reachable by keyboard.
    region = page.get_by_role("region", name="Brugere med adgang")
    region.focus()
    expect(region).to_be_focused()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390px", "1366px"])
def test_password_reset_and_error_pages(new_page, live_server, municipality, viewport):
    page = new_page(viewport)
    page.goto(f"{live_server.url}/adgangskode/glemt/")
    expect(page.locator("h1")).to_have_text("Glemt adgangskode")
    check(page)
    page.get_by_label("E-mail").fill("anna@example.dk")
    page.get_by_role("button", name="Send linket").click()
    expect(page.locator("h1")).to_have_text("Tjek din mail")
    check(page)
    link = re.search(r"/adgangskode/ny/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + link)
    expect(page.locator("h1")).to_have_text("Vælg en ny adgangskode")
    check(page)

    page.goto(f"{live_server.url}/findes-ikke/")
    expect(page.locator("h1")).to_have_text("Siden findes ikke")
    check(page)
    login(page, live_server.url, "olav")
    page.goto(f"{live_server.url}/adgang/")
    expect(page.locator("h1")).to_have_text("Ingen adgang")
    check(page)
