"""The mixing pool of anonymous rounds (frisat.web.rounds.pool): batches of at least k from 2k − 1,
everything when the round closes, all-or-nothing, encrypted while waiting."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.utils import timezone

from frisat.web.rounds import crypto, pool, services
from frisat.web.rounds.models import PendingResponse, Respondent, Response
from tests.web.survey.helpers import make_round, make_unit

pytestmark = pytest.mark.django_db


def submit_people(round, count: int, *, start: int = 0) -> list[services.IssuedLink]:
    links = []
    for number in range(start, start + count):
        link = services.add_respondent(round, unit=make_unit(), group="leder", email=f"p{number}@x.dk")
        services.save_draft(link.respondent, {"regler_impl_a": number % 10 + 1, "regler_kommentar": f"nr-{number}"},
                            token=link.token)
        services.submit(link.respondent, token=link.token)
        links.append(link)
    return links


def numbers(round) -> list[int]:
    return [int(a["regler_kommentar"][3:]) for a in
            Response.objects.filter(round=round).order_by("id").values_list("answers", flat=True)]


def test_an_open_round_moves_all_but_k_minus_1_once_2k_minus_1_wait():
    round = make_round(min_n=3)
    submit_people(round, 4)
    assert pool.flush_pool(round) == 0 and PendingResponse.objects.count() == 4  # 4 < 2k − 1 = 5
    submit_people(round, 1, start=4)
    assert pool.flush_pool(round) == 3  # a batch of k … from 2k − 1
    assert PendingResponse.objects.count() == 2 and len(numbers(round)) == 3
    assert pool.flush_pool(round) == 0
    assert pool.flush_pool(round, final=True) == 2
    assert sorted(numbers(round)) == [0, 1, 2, 3, 4] and not PendingResponse.objects.exists()
    assert all(r.respondent_id is None for r in Response.objects.all())


def test_a_closed_round_moves_everything_on_the_next_read():
    round = make_round(min_n=5)
    submit_people(round, 2)
    round.closes_at = timezone.now() - dt.timedelta(seconds=1)
    round.opens_at = round.closes_at - dt.timedelta(days=1)
    round.save()
    from frisat.web.rounds.selectors import responses_frame

    assert len(responses_frame([round])) == 2 and not PendingResponse.objects.exists()


def test_closing_a_round_flushes_its_pool(django_capture_on_commit_callbacks):
    round = make_round(min_n=5)
    submit_people(round, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_round(round)
    assert Response.objects.count() == 2 and not PendingResponse.objects.exists()


def test_a_committed_submit_flushes_in_a_transaction_of_its_own(django_capture_on_commit_callbacks):
    round = make_round(min_n=2)  # 2k − 1 = 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_people(round, 2)
    assert not callbacks and not Response.objects.exists()  # too few wait: no flush, no extra transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_people(round, 1, start=2)
    assert len(callbacks) == 1
    assert Response.objects.count() == 2 and PendingResponse.objects.count() == 1


def test_a_failed_flush_never_fails_the_submit(django_capture_on_commit_callbacks, monkeypatch, caplog):
    round = make_round(min_n=1)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pool, "open_pending", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        submit_people(round, 1)
    assert "kunne ikke tømmes" in caplog.text
    assert PendingResponse.objects.count() == 1 and not Response.objects.exists()  # waits for the next flush
    monkeypatch.undo()
    assert pool.flush_pool(round) == 1


def test_a_flush_that_loses_a_race_writes_nothing(monkeypatch):
    """Another flush took one of the chosen entries meanwhile: roll back, no answer twice."""
    round = make_round(min_n=1)
    submit_people(round, 3)
    opened = crypto.open_pending

    def race(round_id, payload):
        PendingResponse.objects.filter(payload=payload).delete()  # the other flush's DELETE
        return opened(round_id, payload)

    monkeypatch.setattr(pool, "open_pending", race)
    with pytest.raises(pool.PoolConflict):
        pool.flush_pool(round, final=True)
    assert not Response.objects.exists() and PendingResponse.objects.count() == 3


def test_waiting_answers_are_encrypted_and_open_with_a_rotated_key(settings):
    round = make_round()
    submit_people(round, 1)
    payload = PendingResponse.objects.get().payload
    assert "nr-0" not in payload and "regler" not in payload and "leder" not in payload
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert pool.flush_pool(round, final=True) == 1
    assert Response.objects.get().answers["regler_kommentar"] == "nr-0"


def test_a_payload_does_not_open_for_another_round():
    first, second = make_round(), make_round(name="Anden")
    submit_people(first, 1)
    with pytest.raises(crypto.CannotOpen):
        crypto.open_pending(second.pk, PendingResponse.objects.get().payload)


def test_identified_rounds_keep_the_direct_path_and_the_time():
    round = make_round(anonymous=False)
    before = timezone.now()
    submit_people(round, 1)
    response = Response.objects.get()
    assert response.respondent is not None and not PendingResponse.objects.exists()
    assert Respondent.objects.get().answered_at >= before


def test_anonymous_answers_keep_only_the_date():
    round = make_round()
    submit_people(round, 1)
    answered = timezone.localtime(Respondent.objects.get().answered_at)
    assert answered.date() == timezone.localdate() and answered.time() == dt.time.min


def test_pending_text_says_how_many_wait_and_until_when():
    round = make_round(min_n=4)
    assert pool.pending_text(round) == ""
    submit_people(round, 2)
    text = pool.pending_text(round)
    assert text.startswith("2 svar venter") and "mindst 7 ventende svar" in text and "målingen lukker" in text
