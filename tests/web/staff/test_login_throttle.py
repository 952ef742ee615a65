"""Login is throttled: after 5 failures even the right password is refused."""

import pytest
from django.urls import reverse

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_five_failures_lock_the_account_even_with_the_right_password(client, admin_a, settings):
    assert settings.LOGIN_MAX_FAILURES == 5
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "anna", "password": "forkert"})
        assert response.status_code == 200
    response = client.post(url, {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange mislykkede forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_before_the_limit(client, admin_a):
    url = reverse("login")
    for _ in range(4):
        client.post(url, {"username": "anna", "password": "forkert"})
    response = client.post(url, {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("rounds:list")
    assert client.get(reverse("rounds:list")).status_code == 200


def test_lock_also_applies_per_address(client, admin_a):
    url = reverse("login")
    for i in range(5):
        client.post(url, {"username": f"gæt{i}", "password": "forkert"})
    assert client.post(url, {"username": "anna", "password": PASSWORD}).status_code == 429
