"""Mail texts as an attacker with an administrator's login: a placeholder that ``str.format`` would
evaluate (attribute or index access, a conversion, a format spec, positional fields) is refused by
name when the text is saved or previewed, and never evaluated — filling in is plain substitution of
the known names."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from frisat.web.mailings import placeholders, services
from frisat.web.mailings.models import Kind, MailText, Sending
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import services as rounds
from tests.web.helpers import make_round, make_user

pytestmark = pytest.mark.django_db

ATTACKS = [
    "{kommune.__class__}", "{kommune.__class__.__init__.__globals__}", "{link!r}", "{link!s:>9999999}",
    "{0}", "{}", "{kommune[0]}", "{maaling.__dict__}", "{frist:%Y}", "{ link .__class__}",
    "{kommune.__class__.__init__.__globals__[settings].SECRET_KEY.__class__.__mro__}",  # longer than 40
]


@pytest.fixture
def setup(db):
    municipality = Municipality.objects.create(name="Rebild")
    unit = Unit.objects.create(area=Area.objects.create(municipality=municipality, name="Skole"), name="Skørping Skole")
    admin = make_user("anna", municipality)
    round_ = make_round(municipality)
    rounds.add_respondent(round_, unit=unit, group="leder", email="a@x.dk")
    client = Client()
    client.force_login(admin)
    return round_, client


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_format_field_is_refused_on_save_and_preview(setup, attack):
    round_, client = setup
    url = reverse("mailings:text", args=[round_.pk, "invitation"])
    for action in ("save", "preview"):
        for subject, body in ((f"Hej {attack}", "{link}"), ("Hej", f"{{link}}\n{attack}")):
            response = client.post(url, {"action": action, "subject": subject, "body": body})
            text = response.content.decode()
            assert response.status_code == 200 and "Ukendt pladsholder" in text, (action, subject, body)
            assert "&lt;class" not in text and "<class" not in text  # no object's repr came out
    assert not MailText.objects.exists() and not Sending.objects.exists()


@pytest.mark.parametrize("attack", ATTACKS)
def test_filling_in_never_evaluates(attack):
    values = {"kommune": "Rebild Kommune", "maaling": "M", "enhed": "E", "gruppe": "g", "frist": "F",
              "link": "L", "kontakt": "K"}
    filled = placeholders.fill(f"{{link}} {attack}", values)
    assert filled == f"L {attack}"  # left as written: no attribute, index, conversion or positional field
    assert placeholders.body_problems(f"{{link}} {attack}") and placeholders.subject_problems(attack)


def test_a_text_that_slipped_into_the_database_is_not_sent(setup):
    round_, _client = setup
    MailText.objects.create(round=round_, kind=Kind.INVITATION, subject="{kommune.__class__}", body="{link}")
    with pytest.raises(Exception, match="Ukendt pladsholder"):
        services.start_sending(round_, Kind.INVITATION)
    assert not Sending.objects.exists() and mail.outbox == []
