"""An administrator edits the invitation, previews it, sends it, follows the progress and sees the
history — on a phone (390 px) and a desktop (1366 px), axe-core clean on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from frisat.web.common.formatting import day_bounds
from frisat.web.mailings.models import Delivery, MailText
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent
from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.web.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_round():
    municipality = Municipality.objects.create(name="Rebild")
    area = Area.objects.create(municipality=municipality, name="Ældre")
    unit = Unit.objects.create(area=area, name="Plejecenter Solgården")
    make_user("anna", municipality, first_name="Anna", last_name="Berg")
    opens_at, closes_at = day_bounds(dt.date.today() - dt.timedelta(days=1), dt.date(2099, 12, 28))
    round_ = services.create_round(municipality=municipality, name="Frisættelsesbarometer 2026", opens_at=opens_at,
                                   closes_at=closes_at, groups=["leder", "medarbejder"])
    for i in range(3):
        services.add_respondent(round_, unit=unit, group="medarbejder", email=f"ansat{i}@rebild.dk")
    return round_


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_edit_preview_send_progress_history(new_page, live_server, mail_round, viewport):
    page = new_page(viewport=viewport)
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/mails/{mail_round.pk}/")
    page.get_by_label("Brugernavn").fill("anna")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("h1")).to_have_text("Mails til respondenterne")
    axe_check(page)
    assert no_horizontal_scroll(page)

    # Edit the invitation: a wrong placeholder is refused by name, then a preview, then save.
    page.get_by_role("link", name="Ret og se eksempel (invitation)").click()
    expect(page.locator("h1")).to_have_text("Invitationens tekst")
    axe_check(page)
    page.get_by_label("Tekst", exact=True).fill("Kære {gruppe} i {enhed}\n\nSvar her: {link}\n\nHilsen {navn}")
    page.get_by_role("button", name="Vis eksempel").click()
    expect(page.locator(".error-summary")).to_contain_text("{navn}")
    axe_check(page)
    page.get_by_label("Tekst", exact=True).fill("Kære {gruppe} i {enhed}\n\nSvar {frist} her: {link}\n")
    page.get_by_role("button", name="Vis eksempel").click()
    expect(page.locator(".mail-text")).to_contain_text("Kære medarbejder i Plejecenter Solgården")
    expect(page.locator(".mail-text")).to_contain_text("til og med 28. december 2099")
    expect(page.locator(".mail-text")).to_contain_text("/s/EKSEMPEL-PAA-ET-PERSONLIGT-LINK/")
    assert not MailText.objects.exists()  # a preview stores nothing
    axe_check(page)
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Gem teksten").click()
    expect(page.locator("h1")).to_have_text("Mails til respondenterne")
    assert MailText.objects.get().body == "Kære {gruppe} i {enhed}\n\nSvar {frist} her: {link}\n"

    # Send: the count, the mail, and a confirmation.
    page.get_by_role("link", name="Send invitation").click()
    expect(page.locator("p.overall")).to_contain_text("3 respondenter har ikke fået en invitation endnu")
    axe_check(page)
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Send invitation til 3 respondenter").click()
    expect(page.locator(".error-summary")).to_contain_text("Bekræft udsendelsen")
    page.get_by_label("Kontaktperson (navn og e-mail eller telefon)").fill("Anna Berg, anna@rebild.dk")
    page.get_by_label("Ja, send mailen").check()
    page.get_by_role("button", name="Send invitation til 3 respondenter").click()
    expect(page.locator("p[role=status]")).to_contain_text("0 af 3 sendt, 3 venter")
    assert mail.outbox == []
    axe_check(page)

    # The worker sends; the page follows by itself (progress.js polls, then reloads once when done).
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == [f"ansat{i}@rebild.dk" for i in range(3)]
    assert Respondent.objects.filter(invited_at__isnull=False).count() == 3
    expect(page.locator("p[role=status]")).to_have_text("Færdig: 3 af 3 sendt.", timeout=20_000)
    axe_check(page)

    # History.
    page.get_by_role("link", name="Mails", exact=True).click()
    expect(page.locator("table").nth(1)).to_contain_text("Anna Berg")
    axe_check(page)
    assert no_horizontal_scroll(page)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3
