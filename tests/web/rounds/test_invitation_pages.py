"""Invitations, reminders and the link export."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.common.formatting import day_bounds
from frisat.web.common.tokens import hash_token
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import invitations, services
from frisat.web.rounds.models import Respondent
from tests.web.helpers import csv_bytes, make_round

pytestmark = pytest.mark.django_db

PEOPLE = """email;enhed;gruppe
a@x.dk;Skørping Skole;leder
b@x.dk;Skørping Skole;medarbejder
c@x.dk;Støvring Skole;medarbejder
;Støvring Skole;medarbejder
"""

LINK = re.compile(r"http://testserver/s/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def round(rebild, settings):
    settings.BASE_URL = "http://testserver"
    opens_at, closes_at = day_bounds(timezone.localdate() - dt.timedelta(days=1), dt.date(2099, 4, 30))
    round = make_round(rebild, name="Frisættelsesbarometer 2026", opens_at=opens_at, closes_at=closes_at)
    services.import_respondents(round, read_table(csv_bytes(PEOPLE), "r.csv"))
    return round


def token_of(message):
    return LINK.search(message.body).group(1)


def test_invitations_go_to_each_respondent_with_email(round):
    result = invitations.send_invitations(round, contact="Anna Berg, anna@rebild.dk")
    assert result.sent == 3 and str(result) == "3 invitationer sendt."
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.dk", "b@x.dk", "c@x.dk"]
    message = next(m for m in mail.outbox if m.to == ["a@x.dk"])
    assert message.subject == "Frisættelsesbarometer 2026 – Rebild Kommune"
    assert message.from_email == "Rebild Kommune <frisat@localhost>"
    body = message.body
    assert "til og med 30. april 2099" in body
    assert "Undersøgelsen er anonym" in body and "mindst 5 besvarelser" in body
    assert "Anna Berg, anna@rebild.dk" in body and "Venlig hilsen\nRebild Kommune" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="http://testserver/s/{token_of(message)}/"' in html
    # The link's token is the one stored (as its hash) — and the tokens differ per person.
    respondent = Respondent.objects.get(email="a@x.dk")
    assert respondent.token_hash == hash_token(token_of(message)) and respondent.invited_at is not None
    assert len({token_of(m) for m in mail.outbox}) == 3
    # A second run sends nothing: everyone with an e-mail has been invited.
    assert invitations.send_invitations(round).sent == 0 and len(mail.outbox) == 3


def test_named_round_says_so(rebild, settings):
    round = make_round(rebild, anonymous=False)
    services.import_respondents(round, read_table(csv_bytes(PEOPLE), "r.csv"))
    invitations.send_invitations(round)
    assert "ikke anonym" in mail.outbox[0].body


def test_reminders_only_to_invited_who_have_not_answered(round):
    invitations.send_invitations(round)
    first_links = {m.to[0]: token_of(m) for m in mail.outbox}
    services.submit(Respondent.objects.get(email="a@x.dk"))
    mail.outbox.clear()
    result = invitations.send_invitations(round, reminder=True)
    assert result.sent == 2 and sorted(m.to[0] for m in mail.outbox) == ["b@x.dk", "c@x.dk"]
    message = mail.outbox[0]
    assert message.subject.startswith("Påmindelse: ")
    assert "erstatter det link, du fik tidligere" in message.body
    respondent = Respondent.objects.get(email=message.to[0])
    assert respondent.reminded_at is not None
    assert respondent.token_hash == hash_token(token_of(message))
    assert respondent.token_hash != hash_token(first_links[message.to[0]])  # the old link no longer works
    # Reminders can be sent again, still only to those who have not answered.
    mail.outbox.clear()
    assert invitations.send_invitations(round, reminder=True).sent == 2


def test_no_reminder_to_someone_never_invited(round):
    assert invitations.send_invitations(round, reminder=True).sent == 0
    assert not mail.outbox


def test_closed_round_sends_nothing(round):
    services.close_round(round)
    with pytest.raises(FrisatError, match="lukket"):
        invitations.send_invitations(round)
    with pytest.raises(FrisatError, match="lukket"):
        invitations.send_invitations(round, reminder=True)
    with pytest.raises(FrisatError, match="lukket"):
        invitations.export_links(round)
    assert not mail.outbox
    assert not Respondent.objects.filter(invited_at__isnull=False).exists()


def test_round_past_its_close_date_sends_nothing(rebild):
    now = timezone.now()
    round = make_round(rebild, opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(days=1))
    Respondent.objects.create(round=round, unit=rebild.areas.first().units.first(), group="leder",
                              email="x@x.dk", token_hash="0" * 64)
    with pytest.raises(FrisatError, match="lukket"):
        invitations.send_invitations(round)
    assert not mail.outbox


def test_failed_send_is_not_recorded(round, monkeypatch):
    calls = []

    def flaky_send(self, fail_silently=False):
        calls.append(self.to[0])
        if len(calls) == 2:
            raise OSError("forbindelsen blev afbrudt")
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky_send)
    with pytest.raises(FrisatError, match="1 af 3 blev sendt"):
        invitations.send_invitations(round)
    assert Respondent.objects.filter(invited_at__isnull=False).count() == 1
    monkeypatch.undo()
    assert invitations.send_invitations(round).sent == 2


def parse_csv(text):
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_link_export_default_touches_no_link_already_sent(round):
    invitations.send_invitations(round)
    emailed = {m.to[0]: token_of(m) for m in mail.outbox}
    rows = invitations.export_links(round)
    assert [(r.email, r.unit, r.group) for r in rows] == [("", "Støvring Skole", "medarbejder")]
    for email, token in emailed.items():
        assert Respondent.objects.get(email=email).token_hash == hash_token(token)
    assert invitations.export_links(round) == []  # everyone has a link now


def test_link_export_all_reissues_for_those_who_have_not_answered(round):
    invitations.send_invitations(round)
    old = {m.to[0]: token_of(m) for m in mail.outbox}
    services.submit(Respondent.objects.get(email="a@x.dk"))
    text = invitations.links_csv(invitations.export_links(round, reissue_all=True))
    rows = parse_csv(text)
    assert list(rows[0]) == ["email", "enhed", "gruppe", "link"]
    assert sorted(r["email"] for r in rows) == ["", "b@x.dk", "c@x.dk"]
    for row in rows:
        token = LINK.fullmatch(row["link"]).group(1)
        respondent = Respondent.objects.get(token_hash=hash_token(token))
        assert respondent.email == row["email"] and respondent.invited_at is not None
    assert Respondent.objects.get(email="b@x.dk").token_hash != hash_token(old["b@x.dk"])


def test_failed_write_keeps_old_links(round):
    before = list(Respondent.objects.values_list("token_hash", "invited_at"))

    def broken(rows):
        raise OSError("disken er fuld")

    with pytest.raises(OSError):
        invitations.export_links(round, write=broken)
    assert list(Respondent.objects.values_list("token_hash", "invited_at")) == before


def test_csv_cells_cannot_be_formulas():
    row = invitations.LinkRow("a@x.dk", "o", "=HYPERLINK(1)", "leder", "http://x/s/t/")
    assert "'=HYPERLINK(1)" in invitations.links_csv([row])


def test_invite_and_links_pages(client, admin_a, round):
    client.force_login(admin_a)
    page = client.get(reverse("rounds:invite", args=[round.pk])).content.decode()
    assert reverse("mailings:overview", args=[round.pk]) in page and "<form" not in page.split("<main")[1]
    invitations.send_invitations(round)  # as the mailings app does in the background
    page = client.get(reverse("rounds:links", args=[round.pk])).content.decode()
    assert "holder deres gamle links op med at virke" in page
    response = client.post(reverse("rounds:links", args=[round.pk]), {})
    assert response["Content-Type"].startswith("text/csv") and response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert len(parse_csv(body)) == 1

    services.close_round(round)
    page = client.get(reverse("rounds:invite", args=[round.pk])).content.decode()
    assert "Målingen er lukket" in page
