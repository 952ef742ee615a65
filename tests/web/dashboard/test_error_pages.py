"""The error pages in the site's layout and language (404, 403, 400, CSRF failure, 500)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from frisat.web.dashboard import errors


def test_404_in_danish_and_english(client):
    response = client.get("/findes-ikke/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Siden findes ikke</h1>" in page and '<header class="header">' in page and '<html lang="da">' in page
    page = client.get("/findes-ikke/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Page not found</h1>" in page and '<html lang="en">' in page


def test_403_in_the_layout(client, reader_a):
    client.force_login(reader_a)
    response = client.get(reverse("access:home"))
    assert response.status_code == 403
    assert "<h1>Ingen adgang</h1>" in response.content.decode()


def test_csrf_failure_page(admin_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a)
    response = client.post(reverse("access:municipality", args=[admin_a.memberships.get().municipality_id]),
                           {"email": "x@y.dk", "role": "admin"})
    page = response.content.decode()
    assert response.status_code == 403 and "<h1>Formularen er udløbet</h1>" in page and "Intet er gemt." in page
    assert '<header class="header">' in page


def test_400_page_does_not_read_the_body(rf):
    request = rf.post("/", data=b"a=1", content_type="application/x-www-form-urlencoded")

    def explode():  # reading the body again would fail the way the original request did
        raise AssertionError("body read")

    request._load_post_and_files = explode
    with translation.override("da"):  # LocaleMiddleware has chosen the language before any handler runs
        response = errors.bad_request(request)
    assert response.status_code == 400 and "Forespørgslen kan ikke læses" in response.content.decode()


@pytest.mark.django_db
def test_500_page(rf):
    with translation.override("da"):
        response = errors.server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "<h1>Der skete en fejl</h1>" in page and '<header class="header">' in page


def test_error_pages_in_english(rf):
    with translation.override("en"):
        assert "<h1>An error occurred</h1>" in errors.server_error(rf.get("/")).content.decode()
        assert "<h1>The form has expired</h1>" in errors.csrf_failure(rf.post("/")).content.decode()


def test_handlers_are_wired():
    from frisat.web import urls

    assert urls.handler400 == "frisat.web.dashboard.errors.bad_request"
    assert urls.handler500 == "frisat.web.dashboard.errors.server_error"
