"""Sending in the background: one delivery per recipient, each mail exactly once, failures recorded."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.common.tokens import hash_token
from frisat.web.mailings import selectors, services
from frisat.web.mailings.delivery import deliver
from frisat.web.mailings.models import Delivery, Kind
from frisat.web.rounds.models import Respondent

from .conftest import EMAILS

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/s/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def run_worker(monkeypatch):
    """The real worker (django-tasks' db_worker) until the queue is empty. It closes «old» database
    connections between tasks, which inside a test's transaction would be the test's own: not here."""
    import django_tasks_db.management.commands.db_worker as worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    return _run_worker


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0)


def test_start_records_a_delivery_per_recipient_and_queues_the_work(mail_round, admin_a, settings):
    from django_tasks_db.models import DBTaskResult

    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a, contact="Anna Berg")
    deliveries = Delivery.objects.filter(sending=sending)
    assert sorted(deliveries.values_list("email", flat=True)) == EMAILS
    assert set(deliveries.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert sending.recipients == 4 and sending.created_by == admin_a
    assert DBTaskResult.objects.count() == settings.FRISAT_MAIL_TASKS
    assert mail.outbox == []  # nothing is sent in the request


def test_the_worker_sends_each_mail_once_with_a_fresh_link(mail_round, admin_a, run_worker):
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a, contact="Anna Berg, 12 34 56 78")
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == EMAILS
    for message in mail.outbox:
        respondent = Respondent.objects.get(email=message.to[0])
        assert respondent.token_hash == hash_token(LINK.search(message.body).group(1))
        assert respondent.invited_at is not None
        assert f"Kære {respondent.group} i {respondent.unit.name}" in message.body
        assert "til og med 28. december 2099" in message.body and "Anna Berg, 12 34 56 78" in message.body
        assert message.subject == "Frisættelsesbarometer 2026 – Rebild Kommune"
        html, kind = message.alternatives[0]
        assert kind == "text/html" and 'href="http://testserver/s/' in html
    assert len({LINK.search(m.body).group(1) for m in mail.outbox}) == 4
    progress = selectors.progress(sending)
    assert (progress.sent, progress.pending, progress.failed, progress.done) == (4, 0, 0, True)
    sending.refresh_from_db()
    assert sending.finished_at is not None
    # Again: the task run twice, and a second sending, send nothing more.
    assert deliver(sending.pk).sent == 0
    with pytest.raises(FrisatError, match="ingen, der skal have en invitation"):
        services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    assert len(mail.outbox) == 4


def test_the_same_task_run_twice_sends_nothing_twice(mail_round, admin_a):
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    first, second = deliver(sending.pk), deliver(sending.pk)
    assert (first.sent, second.sent) == (4, 0)
    assert len(mail.outbox) == 4


def test_a_respondent_who_answers_meanwhile_is_skipped(mail_round, admin_a):
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    Respondent.objects.filter(email="b@x.dk").update(answered_at=timezone.now())
    result = deliver(sending.pk)
    assert (result.sent, result.skipped) == (3, 1)
    assert "b@x.dk" not in [m.to[0] for m in mail.outbox]
    assert selectors.progress(sending).skipped == 1
    # Anonymous round (the default): no row tells when b@x.dk answered.
    assert mail_round.anonymous and not Delivery.objects.filter(sending=sending, email="b@x.dk").exists()


def test_in_a_named_round_the_skip_is_recorded_with_its_reason(mail_round, admin_a):
    mail_round.anonymous = False
    mail_round.save()
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    Respondent.objects.filter(email="b@x.dk").update(answered_at=timezone.now())
    deliver(sending.pk)
    [skipped] = selectors.failures(sending)
    assert skipped.email == "b@x.dk" and "har svaret" in skipped.reason
    [row] = selectors.history(mail_round)
    assert (row.n_sent, row.n_skipped, row.n_failed, row.n_pending) == (3, 1, 0, 0)


def test_a_refused_mail_is_recorded_with_its_reason_and_the_respondent_is_not_marked(mail_round, admin_a, settings):
    settings.EMAIL_BACKEND = "tests.web.mailings.failing_backend.RefusesC"
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    result = deliver(sending.pk)
    assert (result.sent, result.failed) == (3, 1)
    failed = Delivery.objects.get(sending=sending, status=Delivery.Status.FAILED)
    assert failed.email == "c@x.dk" and failed.reason == "Mailserveren afviste modtageren: 550 5.1.1 Ukendt modtager"
    assert Respondent.objects.get(email="c@x.dk").invited_at is None  # a later sending tries again
    [row] = selectors.history(mail_round)
    assert (row.n_sent, row.n_failed, row.n_pending) == (3, 1, 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    assert list(Delivery.objects.filter(sending=again).values_list("email", flat=True)) == ["c@x.dk"]


def test_reminders_go_to_invited_who_have_not_answered_once(mail_round, admin_a, run_worker):
    with pytest.raises(FrisatError, match="påmindelse"):
        services.start_sending(mail_round, Kind.REMINDER, user=admin_a)
    deliver(services.start_sending(mail_round, Kind.INVITATION, user=admin_a).pk)
    Respondent.objects.filter(email="a@x.dk").update(answered_at=timezone.now())
    assert selectors.recipient_count(mail_round, Kind.REMINDER) == 3
    sending = services.start_sending(mail_round, Kind.REMINDER, user=admin_a)
    assert selectors.recipient_count(mail_round, Kind.REMINDER) == 0  # pending in this sending
    mail.outbox.clear()
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["b@x.dk", "c@x.dk", "d@x.dk"]
    assert all(m.subject.startswith("Påmindelse: ") and "erstatter" in m.body for m in mail.outbox)
    assert selectors.progress(sending).sent == 3


def test_a_closed_round_sends_nothing(mail_round, admin_a):
    mail_round.closed_manually = True
    mail_round.save()
    with pytest.raises(FrisatError, match="lukket"):
        services.start_sending(mail_round, Kind.INVITATION, user=admin_a)


def test_the_edited_text_is_what_goes_out(mail_round, admin_a):
    services.save_text(mail_round, Kind.INVITATION, subject="Svar på {maaling}",
                       body="Hej {enhed}!\n\nKlik: {link}\n\nFrist: {frist}.\n", user=admin_a)
    deliver(services.start_sending(mail_round, Kind.INVITATION, user=admin_a).pk)
    message = next(m for m in mail.outbox if m.to == ["c@x.dk"])
    assert message.subject == "Svar på Frisættelsesbarometer 2026"
    assert message.body.startswith("Hej Støvring Skole!\n\nKlik: http://testserver/s/")
    assert "Frist: til og med 28. december 2099." in message.body


def test_a_reminder_to_someone_who_has_begun_keeps_their_link(mail_round, admin_a):
    from frisat.web.rounds import services as round_services

    deliver(services.start_sending(mail_round, Kind.INVITATION, user=admin_a).pk)
    invitation = next(m for m in mail.outbox if m.to == ["a@x.dk"])
    token = LINK.search(invitation.body).group(1)
    respondent = Respondent.objects.get(email="a@x.dk")
    round_services.save_draft(respondent, {}, token=token)
    mail.outbox.clear()
    sending = services.start_sending(mail_round, Kind.REMINDER, user=admin_a, contact="Anna Berg")
    deliver(sending.pk)
    reminder = next(m for m in mail.outbox if m.to == ["a@x.dk"])
    assert LINK.search(reminder.body) is None and "Du er allerede gået i gang" in reminder.body
    assert "linket i invitationen" in reminder.body and "Anna Berg om et nyt" in reminder.body
    assert Respondent.objects.get(email="a@x.dk").token_hash == hash_token(token)  # the old link still works
    assert Delivery.objects.get(sending=sending, email="a@x.dk").kept_link
    others = [m for m in mail.outbox if m.to != ["a@x.dk"]]
    assert len(others) == 3 and all(LINK.search(m.body) for m in others)
