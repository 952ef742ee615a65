"""Two workers on one sending at the same time (PostgreSQL: row locks with SKIP LOCKED): every
mail goes out exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from frisat.web.mailings import services
from frisat.web.mailings.delivery import deliver
from frisat.web.mailings.models import Delivery, Kind
from frisat.web.rounds import services as round_services
from frisat.web.rounds.models import Respondent
from tests.web.helpers import unit


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_send_every_mail_once(mail_round, admin_a, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED: PostgreSQL (SQLite has one writer at a time)")
    settings.EMAIL_BACKEND = "tests.web.mailings.failing_backend.Slow"
    skoerping = unit(mail_round.municipality, "Skørping Skole")
    for i in range(60):
        round_services.add_respondent(mail_round, unit=skoerping, group="medarbejder", email=f"p{i}@x.dk")
    expected = sorted(Respondent.objects.exclude(email="").values_list("email", flat=True))
    sending = services.start_sending(mail_round, Kind.INVITATION, user=admin_a)
    results, errors = [], []

    def work():
        try:
            results.append(deliver(sending.pk))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    sent_to = Counter(m.to[0] for m in mail.outbox)
    assert sorted(sent_to) == expected and set(sent_to.values()) == {1}
    assert sum(r.sent for r in results) == len(expected)
    assert all(r.sent > 0 for r in results), "both workers should have taken part"
    assert Delivery.objects.filter(sending=sending, status=Delivery.Status.SENT).count() == len(expected)
