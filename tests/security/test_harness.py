"""The attack suite's own client works against the live server (a login with CSRF, a refused one)."""

from __future__ import annotations

import pytest

from tests.web.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_client_logs_in_over_http_and_is_refused_without_csrf(live):
    from frisat.web.organisations.models import Municipality

    make_user("anna", Municipality.objects.create(name="Rebild"))
    client = live()
    assert client.login("anna", "forkert").status == 200  # the form again, with an error
    assert client.login("anna", PASSWORD).status == 302
    assert client.get("/maalinger/").status == 200
    stranger = live()
    refused = stranger.post("/login/", {"username": "anna", "password": PASSWORD, "csrfmiddlewaretoken": "x"})
    assert refused.status == 403
