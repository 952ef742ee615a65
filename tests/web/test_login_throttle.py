"""Login is throttled: after 5 failures even the right password is refused."""

import pytest
from django.urls import reverse

from tests.web.helpers import PASSWORD

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
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:overview")
    assert client.get(reverse("rounds:list")).status_code == 200


def test_lock_also_applies_per_address(client, admin_a):
    url = reverse("login")
    for i in range(5):
        client.post(url, {"username": f"gæt{i}", "password": "forkert"})
    assert client.post(url, {"username": "anna", "password": PASSWORD}).status_code == 429


def fail_from(client, address: str, forwarded: str | None = None, username: str = "gæt") -> int:
    extra = {"REMOTE_ADDR": address} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client.post(reverse("login"), {"username": username, "password": "forkert"}, **extra).status_code


def test_behind_the_proxy_the_lock_is_per_forwarded_client_not_for_everybody(client, admin_a):
    url = reverse("login")
    for i in range(5):  # one client behind the proxy (127.0.0.1) guesses five names
        fail_from(client, "127.0.0.1", "203.0.113.7", username=f"gæt{i}")
    locked = client.post(url, {"username": "anna", "password": PASSWORD},
                         REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    # another user behind the same proxy logs in
    response = client.post(url, {"username": "anna", "password": PASSWORD},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302


def test_only_the_last_forwarded_address_counts_and_only_from_a_trusted_proxy(client, admin_a, settings):
    from django.test import RequestFactory

    from frisat.web.login_throttle import client_address

    factory = RequestFactory()

    def address(peer: str, forwarded: str | None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(factory.get("/", REMOTE_ADDR=peer, **extra))

    # the client put «10.0.0.1» in the header itself; nginx appended the real address last
    assert address("127.0.0.1", "10.0.0.1, 203.0.113.7") == "203.0.113.7"
    assert address("::1", "2001:db8::5") == "2001:db8::5"
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert address("127.0.0.1", None) == "127.0.0.1"
    # a request straight from a client: its header is not believed
    assert address("198.51.100.9", "203.0.113.7") == "198.51.100.9"
    settings.FRISAT_TRUSTED_PROXIES = frozenset({"10.1.2.3"})
    assert address("10.1.2.3", "203.0.113.7") == "203.0.113.7" and address("127.0.0.1", "203.0.113.7") == "127.0.0.1"


def test_the_admin_login_is_the_throttled_staff_login(client, superuser):
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": superuser.username, "password": "forkert"})
        assert response.status_code == 200
    response = client.post(url, {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange mislykkede forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_at_the_admin_login_count_at_the_staff_login_and_back(client, admin_a):
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "anna", "password": "forkert"})
    for _ in range(2):
        client.post(reverse("login"), {"username": "anna", "password": "forkert"})
    assert client.post(reverse("login"), {"username": "anna", "password": PASSWORD}).status_code == 429
    assert client.post(reverse("admin:login"), {"username": "anna", "password": PASSWORD}).status_code == 429


def test_the_admin_login_lets_a_superuser_in_and_goes_on_to_the_admin(client, superuser):
    response = client.post(reverse("admin:login"), {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 302  # already in: on to the admin


def test_a_signed_in_user_without_admin_rights_sees_the_form_not_a_redirect_loop(client, admin_a):
    client.force_login(admin_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "har ikke adgang til administrationen" in page.content.decode()


def test_the_lock_is_shared_through_the_cache_not_kept_per_process():
    # gunicorn runs several worker processes: a per-process cache (locmem) would multiply the limit.
    from frisat.web import settings as served  # what settings_production builds on

    assert served.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
