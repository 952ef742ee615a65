"""Password reset by e-mail (Django's auth views), in the site's layout and in Danish."""

from __future__ import annotations

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.web.helpers import PASSWORD

NEW = "Blå-Cykel-Bakke-2026"


def test_reset_by_mail_once(client, admin_a):
    page = client.get(reverse("password_reset")).content.decode()
    assert "<h1>Glemt adgangskode</h1>" in page and '<header class="header">' in page
    response = client.post(reverse("password_reset"), {"email": "anna@example.dk"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Tjek din mail" in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.subject == "Ny adgangskode til Frisat" and "anna" in message.body
    link = re.search(re.escape(settings.BASE_URL) + r"(/adgangskode/ny/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    admin_a.refresh_from_db()
    assert admin_a.check_password(NEW) and not admin_a.check_password(PASSWORD)
    again = client.get(link, follow=True).content.decode()
    assert "Linket virker ikke" in again


def test_unknown_address_sends_nothing_and_reveals_nothing(client, admin_a):
    response = client.post(reverse("password_reset"), {"email": "ukendt@example.dk"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
