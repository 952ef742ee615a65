"""The confirmation before an irreversible action (staff.js, ``data-confirm``): the browser asks the
form's question; «Annuller» sends nothing and keeps everything, «OK» sends the form and does it.
Tried on revoking an invitation (Adgang til Rebild)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from frisat.web.access import services
from frisat.web.access.models import Invitation
from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from tests.browser.test_access_browser import login
from tests.web.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Tilbagekald invitationen? Linket i mailen holder op med at virke."


@pytest.fixture
def invitation():
    municipality = Municipality.objects.create(name="Rebild")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="Skole"), name="Skørping Skole")
    anna = make_user("anna", municipality, first_name="Anna", last_name="Berg")
    invitation, _token = services.invite(municipality, "ny@rebild.dk", Membership.Role.READER, anna)
    return invitation


def test_cancel_keeps_the_invitation_and_ok_revokes_it(new_page, live_server, invitation):
    page = new_page()
    login(page, live_server.url)
    page.goto(f"{live_server.url}/adgang/{invitation.municipality_id}/")
    revoke = page.get_by_role("button", name="Tilbagekald ny@rebild.dk")
    questions: list[str] = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    revoke.click()
    expect(revoke).to_be_visible()  # still on the page, nothing sent
    page.reload()
    assert questions == [QUESTION]
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None
    expect(page.get_by_role("button", name="Tilbagekald ny@rebild.dk")).to_be_visible()

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Tilbagekald ny@rebild.dk").click()
    expect(page.get_by_text("Invitationen til ny@rebild.dk er tilbagekaldt.")).to_be_visible()
    assert questions == [QUESTION, QUESTION]
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    expect(page.get_by_role("button", name="Tilbagekald ny@rebild.dk")).to_have_count(0)
