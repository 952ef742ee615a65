"""A form POST in another charset than UTF-8 (issue 11, item 6): a clear Danish 400, not a bare 500
with two tracebacks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("charset", ["latin-1", "utf8", "ebcdic-nonsense"])
def test_a_form_in_another_charset_gets_a_clear_400(live, charset):
    client = live()
    token = client.csrf_token("/login/")  # also sets the csrftoken cookie
    response = client.request("POST", "/login/", data=f"username=a&password=b&csrfmiddlewaretoken={token}".encode(),
                              headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
                                       "Referer": client.url("/login/")})
    assert response.status == 400
    assert "UTF-8" in response.text and "Traceback" not in response.text


def test_utf8_forms_still_work(live):
    client = live()
    response = client.post("/login/", {"username": "ingen", "password": "forkert"},
                           headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    assert response.status == 200 and "Log ind" in response.text


def test_other_unreadable_requests_get_the_plain_400_page(live, settings):
    # Too many fields: Django refuses while the CSRF middleware reads the body; the 400 page must not read it again.
    client = live()
    token = client.csrf_token("/login/")
    fields = "&".join(f"f{i}=x" for i in range(1200))
    response = client.request("POST", "/login/", data=f"csrfmiddlewaretoken={token}&{fields}".encode(),
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Referer": client.url("/login/")})
    assert response.status == 400 and "kan ikke læses" in response.text
