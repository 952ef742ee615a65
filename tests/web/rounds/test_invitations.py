"""Reminders to respondents who have begun keep their link (frisat.web.rounds.invitations).

A draft is encrypted with a key derived from the link's token, so a reminder to someone with a
draft gives no new link: the mail names the mail (and date) of the link they should go on with.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse

from frisat.core.errors import FrisatError
from frisat.web.common.tokens import hash_token
from frisat.web.rounds import invitations, services
from frisat.web.rounds.lookup import respondent_for_link
from frisat.web.rounds.models import Draft, Respondent
from tests.web.survey.helpers import INSTRUMENT, make_round, make_unit, page_answers, responses, stored

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/s/([A-Za-z0-9_-]{43})/")
NOV_30 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
DEC_3 = dt.datetime(2026, 12, 3, 23, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))  # 22:30 UTC: local date matters


@pytest.fixture
def round(settings):
    settings.BASE_URL = "http://testserver"
    round = make_round()
    for email in ("a@x.dk", "b@x.dk"):
        services.add_respondent(round, unit=make_unit(), group="leder", email=email)
    return round


def invite(round) -> dict[str, str]:
    """Send the invitations; the link token each respondent got, by e-mail address."""
    invitations.send_invitations(round)
    tokens = {m.to[0]: LINK.search(m.body).group(1) for m in mail.outbox}
    mail.outbox.clear()
    return tokens


def respondent(email: str) -> Respondent:
    return Respondent.objects.get(email=email)


def message_to(email: str):
    return next(m for m in mail.outbox if m.to == [email])


def test_a_reminder_keeps_the_link_of_someone_with_a_draft_and_gives_the_others_a_new_one(round):
    tokens = invite(round)
    Respondent.objects.update(invited_at=NOV_30, link_sent_at=NOV_30)
    services.save_draft(respondent("a@x.dk"), {"regler_impl_a": 3}, token=tokens["a@x.dk"])

    result = invitations.send_invitations(round, reminder=True, contact="Anna Berg, anna@rebild.dk")
    assert (result.sent, result.kept) == (2, 1)
    assert str(result) == ("2 påmindelser sendt (1 respondent, der er i gang, fik ikke noget nyt link, "
                           "så de gemte svar bevares).")

    started = respondent("a@x.dk")  # the token is unchanged: the draft still opens with the old link
    assert started.token_hash == hash_token(tokens["a@x.dk"]) and started.reminded_at is not None
    assert started.link_sent_at == NOV_30
    assert services.draft_answers(started, tokens["a@x.dk"]) == {"regler_impl_a": 3}
    message = message_to("a@x.dk")
    assert message.subject.startswith("Påmindelse: ")
    html, _mimetype = message.alternatives[0]
    for text in (message.body, html):
        assert "/s/" not in text and "http" not in text  # no link at all
        assert "Du er allerede gået i gang, og de svar, du har gemt, venter på dig." in text
        assert "Fortsæt med linket i invitationen, du fik den 30. november 2026." in text
        assert "Kan du ikke finde linket, kan du bede Anna Berg, anna@rebild.dk om et nyt." in text
        assert "Med et nyt link skal du begynde forfra" in text
        assert "erstatter" not in text

    fresh = respondent("b@x.dk")  # no draft: a new link, which replaces the old one
    new_token = LINK.search(message_to("b@x.dk").body).group(1)
    assert fresh.token_hash == hash_token(new_token) != hash_token(tokens["b@x.dk"])
    assert fresh.link_sent_at == fresh.reminded_at
    body = message_to("b@x.dk").body
    assert "erstatter det link, du fik tidligere" in body and "begynde forfra" not in body
    assert "gået i gang" not in body


def test_the_link_from_an_earlier_reminder_is_named_with_its_date(round):
    invite(round)
    invitations.send_invitations(round, reminder=True)  # nobody has begun: new links for both
    token = LINK.search(message_to("a@x.dk").body).group(1)
    mail.outbox.clear()
    Respondent.objects.update(invited_at=NOV_30, reminded_at=DEC_3, link_sent_at=DEC_3)
    services.save_draft(respondent("a@x.dk"), {"regler_impl_a": 3}, token=token)

    assert invitations.send_invitations(round, reminder=True).kept == 1
    body = message_to("a@x.dk").body
    assert "Fortsæt med linket i påmindelsen, du fik den 3. december 2026." in body
    assert "bede Rebild Kommune om et nyt" in body  # no contact given: the sender
    assert respondent("a@x.dk").token_hash == hash_token(token)
    # A third reminder still gives the date of 3 December, not of the second (linkless) reminder; which
    # mail it was is no longer known (a link export also sets only link_sent_at), so it says «the link».
    mail.outbox.clear()
    invitations.send_invitations(round, reminder=True)
    assert "Fortsæt med det personlige link, du fik den 3. december 2026." in message_to("a@x.dk").body


def test_an_exported_link_is_named_by_its_date_only(round):
    invite(round)
    [row] = invitations.export_links(round, emails=["A@x.dk"])  # e-mail case does not matter
    token = LINK.fullmatch(row.link).group(1)
    Respondent.objects.filter(email="a@x.dk").update(link_sent_at=DEC_3)
    services.save_draft(respondent("a@x.dk"), {"regler_impl_a": 3}, token=token)
    invitations.send_invitations(round, reminder=True)
    assert "Fortsæt med det personlige link, du fik den 3. december 2026." in message_to("a@x.dk").body


def test_a_draft_saved_while_the_reminders_go_out_is_seen(round):
    """The draft is looked for when each respondent's mail is recorded, not when the list is made."""
    tokens = invite(round)

    def progress(done, total):
        if done == 1:  # b begins while a's reminder is being sent
            services.save_draft(respondent("b@x.dk"), {"regler_impl_a": 4}, token=tokens["b@x.dk"])

    assert invitations.send_invitations(round, reminder=True, progress=progress).kept == 1
    assert respondent("b@x.dk").token_hash == hash_token(tokens["b@x.dk"])
    assert "gået i gang" in message_to("b@x.dk").body and LINK.search(message_to("a@x.dk").body)


def test_a_reminder_pass_in_batches_reminds_each_once_and_counts_the_kept_links(client, round, settings):
    from tests.web.helpers import make_user

    tokens = invite(round)
    services.save_draft(respondent("b@x.dk"), {"regler_impl_a": 4}, token=tokens["b@x.dk"])
    client.force_login(make_user("anna", round.municipality))
    page = reverse("rounds:invite", args=[round.pk])
    html = client.get(page).content.decode()
    assert "Heraf i gang (beholder deres link)</dt><dd>1</dd>" in html
    assert "beholder sit link" in html and "med et nyt link begynder respondenten forfra" in html
    result = invitations.send_invitations(round, reminder=True)  # the page links to the mailings app now
    assert "2 påmindelser sendt (1 respondent, der er i gang, fik ikke noget nyt link" in str(result)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.dk", "b@x.dk"]
    assert respondent("b@x.dk").token_hash == hash_token(tokens["b@x.dk"])


def test_a_new_link_for_one_respondent(client, round):
    from tests.web.helpers import make_user

    tokens = invite(round)
    services.save_draft(respondent("a@x.dk"), {"regler_impl_a": 3}, token=tokens["a@x.dk"])
    with pytest.raises(FrisatError, match=r"ingen@x\.dk"):
        invitations.export_links(round, emails=["ingen@x.dk"])
    client.force_login(make_user("anna", round.municipality))
    page = reverse("rounds:links", args=[round.pk])
    assert "Kun denne respondent (e-mail)" in client.get(page).content.decode()
    body = client.post(page, {"email": "a@x.dk"}).content.decode("utf-8-sig")
    [line] = body.splitlines()[1:]
    token = LINK.search(line).group(1)
    assert line.startswith("a@x.dk;") and respondent("a@x.dk").token_hash == hash_token(token)
    assert respondent("b@x.dk").token_hash == hash_token(tokens["b@x.dk"])  # nobody else is touched
    assert services.draft_answers(respondent("a@x.dk"), token) == {}  # the new link starts over


def test_who_has_begun_continues_with_the_old_link_after_a_reminder_and_submits_everything(client, round):
    """Through the survey pages: page 1 saved, a reminder, then the rest with the invitation's link."""
    token = invite(round)["a@x.dk"]
    first = page_answers(1)
    assert client.post(reverse("survey:page", args=[token, 1]), {**first, "action": "next"}).status_code == 303
    invitations.send_invitations(round, reminder=True)
    assert not LINK.search(message_to("a@x.dk").body)

    page = client.get(reverse("survey:page", args=[token, 1])).content.decode()
    assert "Kommentar til side 1." in page  # the saved answers, opened with the old link
    expected = stored(first)
    for number in range(2, len(INSTRUMENT.sections) + 1):
        data = page_answers(number)
        response = client.post(reverse("survey:page", args=[token, number]), {**data, "action": "next"})
        assert response.status_code == 303
        expected.update(stored(data))
    response = client.post(reverse("survey:review", args=[token]), {"action": "submit"})
    assert response.status_code == 303 and response["Location"] == reverse("survey:thanks", args=[token])
    assert responses().get().answers == expected  # page 1's answers are there
    assert not Draft.objects.exists() and respondent("a@x.dk").answered_at is not None


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: the PostgreSQL run (scripts/test)")
@pytest.mark.django_db(transaction=True)
def test_a_reminder_waits_for_a_page_being_saved_and_then_keeps_the_link(round):
    """The survey page saves with the respondent's row locked; the reminder locks it before it looks
    for a draft, so a page saved at that moment is seen and the link is kept."""
    token = invite(round)["a@x.dk"]
    Respondent.objects.exclude(email="a@x.dk").delete()
    outcome: dict[str, object] = {}

    def remind() -> None:
        try:
            outcome["result"] = invitations.send_invitations(round, reminder=True)
        except Exception as exc:  # shown by the assertion below
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=remind)
    with transaction.atomic():  # as a POST of a survey page: find and lock the respondent, then save
        respondent = respondent_for_link(hash_token(token), lock=True)
        thread.start()
        give_up = time.monotonic() + 30
        with connection.cursor() as cursor:  # until the reminder waits for the row lock
            while time.monotonic() < give_up:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")  # live, unlike pg_stat_activity
                if cursor.fetchone()[0]:
                    break
            else:
                pytest.fail(f"the reminder did not wait for the respondent's row: {outcome}")
        services.save_draft(respondent, {"regler_impl_a": 3}, token=token)
    thread.join(30)
    assert outcome["result"].kept == 1 and outcome["result"].sent == 1
    assert respondent_for_link(hash_token(token)).pk == respondent.pk  # the link still works
    assert "Du er allerede gået i gang" in message_to("a@x.dk").body
