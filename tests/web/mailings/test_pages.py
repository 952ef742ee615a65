"""The mail pages: permissions, preview stores nothing, confirmation and CSRF before sending."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from frisat.web.mailings.models import Delivery, MailText, Sending
from frisat.web.rounds.models import Respondent
from tests.web.helpers import PASSWORD
from tests.web.mailings.conftest import EMAILS

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def urls(round_):
    return [reverse("mailings:overview", args=[round_.pk]),
            reverse("mailings:text", args=[round_.pk, "invitation"]),
            reverse("mailings:send", args=[round_.pk, "paamindelse"])]


def test_only_the_kommunes_administrators(mail_round, admin_a, analyst_a, admin_b):
    for url in urls(mail_round):
        assert Client().get(url).status_code == 302  # to the login page
        assert logged_in(analyst_a).get(url).status_code == 403  # own kommune, a role that may not
        assert logged_in(admin_b).get(url).status_code == 404  # another kommune's round does not exist
        assert logged_in(admin_a).get(url).status_code == 200
    post = logged_in(analyst_a).post(reverse("mailings:send", args=[mail_round.pk, "invitation"]),
                                     {"confirm": "on"})
    assert post.status_code == 403 and not Sending.objects.exists()


def test_preview_shows_a_real_respondent_and_stores_nothing(mail_round, admin_a):
    hashes = dict(Respondent.objects.values_list("id", "token_hash"))
    client = logged_in(admin_a)
    page = client.post(reverse("mailings:text", args=[mail_round.pk, "invitation"]), {
        "action": "preview", "subject": "Hej fra {kommune}", "body": "Kære {enhed}\n{link}\n{frist}",
        "contact": ""})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kære Skørping Skole" in text and "Hej fra Rebild Kommune" in text
    assert "http://testserver/s/EKSEMPEL-PAA-ET-PERSONLIGT-LINK/" in text
    assert "til og med 28. december 2099" in text
    assert not MailText.objects.exists() and not Sending.objects.exists() and mail.outbox == []
    assert dict(Respondent.objects.values_list("id", "token_hash")) == hashes
    assert not Respondent.objects.filter(invited_at__isnull=False).exists()


def test_a_text_without_link_or_with_unknown_placeholders_is_refused(mail_round, admin_a):
    client = logged_in(admin_a)
    page = client.post(reverse("mailings:text", args=[mail_round.pk, "paamindelse"]), {
        "action": "save", "subject": "Husk {deadline}", "body": "Hej {navn}"})
    text = page.content.decode()
    assert page.status_code == 200 and "{deadline}" in text and "{navn}" in text and "skal indeholde {link}" in text
    assert not MailText.objects.exists()


def test_save_then_reset(mail_round, admin_a):
    client = logged_in(admin_a)
    url = reverse("mailings:text", args=[mail_round.pk, "invitation"])
    saved = client.post(url, {"action": "save", "subject": "Svar på {maaling}", "body": "{link}\r\nTak"})
    assert saved.status_code == 302
    text = MailText.objects.get()
    assert (text.subject, text.body, text.updated_by) == ("Svar på {maaling}", "{link}\nTak", admin_a)
    assert "Tilpasset" in client.get(reverse("mailings:overview", args=[mail_round.pk])).content.decode()
    client.post(url, {"action": "reset", "subject": "", "body": ""})
    assert not MailText.objects.exists()


def test_sending_needs_the_confirmation(mail_round, admin_a):
    client = logged_in(admin_a)
    url = reverse("mailings:send", args=[mail_round.pk, "invitation"])
    page = client.get(url)
    assert "4 respondenter har ikke fået en invitation endnu" in page.content.decode()
    refused = client.post(url, {"contact": "Anna"})
    assert refused.status_code == 200 and "Bekræft udsendelsen" in refused.content.decode()
    assert not Sending.objects.exists()
    started = client.post(url, {"contact": "Anna", "confirm": "on"})
    sending = Sending.objects.get()
    assert started.status_code == 302 and started.url == reverse("mailings:sending", args=[mail_round.pk, sending.pk])
    assert Delivery.objects.filter(sending=sending).count() == 4 and mail.outbox == []
    progress = client.get(started.url).content.decode()
    assert "0 af 4 sendt, 4 venter" in progress and "mailings/progress.js" in progress


def test_sending_needs_the_csrf_token(mail_round, admin_a):
    client = Client(enforce_csrf_checks=True)
    client.login(username=admin_a.username, password=PASSWORD)
    response = client.post(reverse("mailings:send", args=[mail_round.pk, "invitation"]), {"confirm": "on"})
    assert response.status_code == 403 and not Sending.objects.exists()


def test_history_lists_each_sending_with_who_and_failures(mail_round, admin_a, settings):
    from frisat.web.mailings import services
    from frisat.web.mailings.delivery import deliver
    from frisat.web.mailings.models import Kind

    settings.EMAIL_BACKEND = "tests.web.mailings.failing_backend.RefusesC"
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    deliver(sending.pk)
    client = logged_in(admin_a)
    history = client.get(reverse("mailings:overview", args=[mail_round.pk])).content.decode()
    assert "Anna Berg" in history and "Invitation" in history
    detail = client.get(reverse("mailings:sending", args=[mail_round.pk, sending.pk])).content.decode()
    assert "Færdig: 3 af 4 sendt." in detail and "c@x.dk" in detail and "550 5.1.1 Ukendt modtager" in detail
    assert "progress.js" not in detail


DANISH_WORDS = ["Modtagere", "Startet", "Historik", "Tilpasset", "Standardtekst", "Sendt", "Venter", "Fejlet",
                "Sprunget", "Emne", "Tekst", "Gem", "Pladsholdere", "Eksempel", "Kontaktperson", "respondenter",
                "Ret", "teksten", "Færdig", "Udsendelse", "Årsag", "og", "af", "til", "der", "ikke", "er", "en", "på"]


def _english_text(page: str, data: list[str]) -> str:
    """The page's text without what stays Danish on purpose: the mail itself (``lang="da"``), the
    placeholders' names and the data (names, addresses, the mail server's reason)."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>|<pre[^>]*lang=\"da\"[^>]*>.*?</pre>", " ", page, flags=re.S)
    page = re.sub(r"<dd>[^<]*–[^<]*</dd>", " ", page)  # the example's subject: «{maaling} – {kommune}» filled in
    attributes = re.findall(r'(?:alt|aria-label|title)="([^"]*)"', page)
    text = html.unescape(" ".join([*attributes, re.sub(r"<[^>]+>", " ", page)]))
    text = re.sub(r"\{[^{}]*\}", " ", text)
    for name in sorted(data, key=len, reverse=True):
        text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text)


def test_the_mail_pages_in_english(mail_round, admin_a, settings):
    from frisat.web.mailings import services
    from frisat.web.mailings.delivery import deliver
    from frisat.web.mailings.models import Kind

    settings.EMAIL_BACKEND = "tests.web.mailings.failing_backend.RefusesC"
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a, contact="Anna Berg")
    deliver(sending.pk)
    client = logged_in(admin_a)
    data = [mail_round.name, "Rebild Kommune", "Rebild", "Anna Berg", "anna", *EMAILS, "550 5.1.1 Ukendt modtager",
            "Skørping Skole", "Støvring Skole", "Frisat",
            "til og med 28. december 2026"]  # the mail's Danish wording of a deadline, quoted as an example
    pages = {
        "overview": client.get(reverse("mailings:overview", args=[mail_round.pk]), HTTP_ACCEPT_LANGUAGE="en"),
        "text": client.post(reverse("mailings:text", args=[mail_round.pk, "invitation"]),
                            {"action": "preview", "subject": "Hej {navn}", "body": "Ingen link"},
                            HTTP_ACCEPT_LANGUAGE="en"),
        "send": client.get(reverse("mailings:send", args=[mail_round.pk, "paamindelse"]), HTTP_ACCEPT_LANGUAGE="en"),
        "sending": client.get(reverse("mailings:sending", args=[mail_round.pk, sending.pk]),
                              HTTP_ACCEPT_LANGUAGE="en"),
    }
    for name, response in pages.items():
        page = response.content.decode()
        assert response.status_code == 200 and '<html lang="en">' in page, name
        text = _english_text(page, data)
        left = [w for w in DANISH_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        left += re.findall(r"\w*[æøåÆØÅ]\w*", text)
        assert left == [], (name, left)
    assert "E-mails to the respondents" in pages["overview"].content.decode()
    text_page = pages["text"].content.decode()
    assert "Unknown placeholder in the subject: {navn}" in text_page and "The text must contain {link}" in text_page
    assert "3 respondents have been invited and have not answered" in pages["send"].content.decode()
    assert "Done: 3 of 4 sent." in pages["sending"].content.decode()
    # the mails themselves stay Danish: the respondents read Danish
    assert "Kære" in pages["send"].content.decode()
