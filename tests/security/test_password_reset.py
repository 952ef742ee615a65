"""«Glemt adgangskode» as an attacker: flooding a victim's inbox or probing which addresses have a user.

Requests are limited per e-mail address and per client address (the login throttle's counters in
their own scope); the answer is the same for an address with and without a user, also once refused.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.web.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
RESET = "/adgangskode/glemt/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def anna(db):
    return get_user_model().objects.create_user(username="anna", password=PASSWORD, email="anna@example.dk")


def _ask(client, email):
    return client.post(RESET, {"email": email})


def test_known_and_unknown_addresses_get_the_same_answers_until_both_are_refused(live, anna, settings):
    limit = settings.LOGIN_MAX_FAILURES
    known = [_ask(live(forwarded_for=f"10.0.0.{i}"), "anna@example.dk") for i in range(limit + 1)]
    unknown = [_ask(live(forwarded_for=f"10.0.1.{i}"), "ingen@example.dk") for i in range(limit + 1)]
    for seen in (known, unknown):
        assert [r.status for r in seen] == [302] * limit + [429]
        assert {r.header("location") for r in seen[:limit]} == {"/adgangskode/glemt/sendt/"}
        assert "For mange forespørgsler" in seen[-1].text
    # the refusal does not depend on whether the address has a user (apart from the form's CSRF token)
    assert TOKEN.sub("", known[-1].text.replace("anna@example.dk", "X")) == \
        TOKEN.sub("", unknown[-1].text.replace("ingen@example.dk", "X"))
    # the victim's inbox gets at most `limit` mails, the refused request sends none
    assert len(mail.outbox) == limit and {m.to[0] for m in mail.outbox} == {"anna@example.dk"}


def test_one_client_address_asking_for_many_addresses_is_refused(live, anna, settings):
    attacker = live(forwarded_for="192.0.2.7")
    for i in range(settings.LOGIN_MAX_FAILURES):
        assert _ask(attacker, f"gaet{i}@example.dk").status == 302
    assert _ask(attacker, "anna@example.dk").status == 429 and mail.outbox == []
    # another client is not affected: Anna herself can still ask
    assert _ask(live(forwarded_for="198.51.100.1"), "anna@example.dk").status == 302
    assert len(mail.outbox) == 1


def test_the_counter_ignores_case_and_spaces_of_the_address(live, anna, settings):
    spellings = ["anna@example.dk", "ANNA@example.dk", " Anna@Example.dk ", "anna@EXAMPLE.DK", "aNNa@example.dk"]
    for i, spelt in enumerate(spellings[:settings.LOGIN_MAX_FAILURES]):
        assert _ask(live(forwarded_for=f"10.9.0.{i}"), spelt).status == 302
    assert _ask(live(forwarded_for="10.9.1.1"), "Anna@example.dk").status == 429
