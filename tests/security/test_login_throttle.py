"""Password guessing over HTTP: every login page locks after LOGIN_MAX_FAILURES wrong passwords,
after which even the right password is refused (issue 11, item 3: ``/admin/login/`` had no lock)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.web.helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="root@example.dk")


@pytest.mark.parametrize("path", ["/admin/login/", "/login/"])
def test_guessing_locks_the_account_even_for_the_right_password(live, root, settings, path):
    attacker = live()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert attacker.login("root", "forkert-gæt", path=path).status == 200
    refused = attacker.login("root", PASSWORD, path=path)
    assert refused.status == 429 and "For mange mislykkede forsøg" in refused.text
    assert attacker.get("/admin/").status == 302  # not in: sent to the login
    # the account, not just this client, is locked: a fresh client with the right password is refused
    assert live().login("root", PASSWORD, path=path).status == 429


def test_the_admin_login_opens_the_admin_when_nothing_was_guessed(live, root):
    client = live()
    response = client.login("root", PASSWORD, path="/admin/login/?next=/admin/")
    assert response.status == 302 and response.header("location") == "/admin/"
    assert client.get("/admin/").status == 200


def test_guessing_many_names_from_one_address_locks_the_address(live, root, settings):
    attacker = live()
    for i in range(settings.LOGIN_MAX_FAILURES):
        attacker.login(f"gæt{i}", "forkert", path="/admin/login/")
    assert attacker.login("root", PASSWORD, path="/login/").status == 429
