"""The respondent's writes: a page saved (save_draft) and the submission (submit) — few SQL
statements, the same result without RETURNING, and (on PostgreSQL, with real concurrent
connections) exactly one response per link, no lost page and no lost merge."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import pool, services
from frisat.web.rounds.crypto import open_draft
from frisat.web.rounds.models import Draft, PendingResponse, Respondent, Response
from frisat.web.survey.forms import STEP_KEY


def make_link(*, anonymous: bool = True, email: str = "a@x.dk") -> services.IssuedLink:
    municipality = Municipality.objects.create(name="Rebild")
    unit = Unit.objects.create(area=Area.objects.create(municipality=municipality, name="skole"), name="Skørping Skole")
    now = timezone.now()
    round = services.create_round(municipality=municipality, name="Barometer", opens_at=now - dt.timedelta(days=1),
                                    closes_at=now + dt.timedelta(days=1), groups=["leder"], anonymous=anonymous)
    return services.add_respondent(round, unit=unit, group="leder", email=email)


def opened(link: services.IssuedLink) -> dict:
    """The respondent's draft as stored, opened with the link's token (drafts are encrypted)."""
    return open_draft(link.token, link.respondent.pk, Draft.objects.get(respondent=link.respondent).answers)


def data_statements(queries: list[dict]) -> list[str]:
    """The statements that read or write rows (not BEGIN/COMMIT/SAVEPOINT), by their first word."""
    words = [q["sql"].split(None, 1)[0].upper() for q in queries]
    return [w for w in words if w in {"SELECT", "INSERT", "UPDATE", "DELETE"}]


@pytest.mark.django_db
def test_submit_is_claim_take_draft_insert():
    link = make_link()
    services.save_draft(link.respondent, {"regler_impl_a": 7, STEP_KEY: 6}, token=link.token)
    respondent = Respondent.objects.select_related("round").get(pk=link.respondent.pk)
    with CaptureQueriesContext(connection) as captured:
        assert services.submit(respondent, token=link.token) is None
    expected = ["UPDATE", "DELETE", "INSERT", "SELECT"] if services._can_return_from_delete() else \
        ["UPDATE", "SELECT", "DELETE", "INSERT", "SELECT"]
    assert data_statements(captured.captured_queries) == expected  # INSERT into the mixing pool, its size
    assert PendingResponse.objects.count() == 1 and not Response.objects.exists()
    assert not Draft.objects.exists()
    pool.flush_pool(respondent.round, final=True)
    assert Response.objects.get().answers == {"regler_impl_a": 7}


@pytest.mark.django_db
@pytest.mark.parametrize("returning", [True, False], ids=["delete-returning", "select-then-delete"])
@pytest.mark.parametrize("with_draft", [True, False], ids=["draft", "no-draft"])
def test_both_ways_of_taking_the_draft_store_the_same(monkeypatch, returning, with_draft):
    if returning and not services._can_return_from_delete():
        pytest.skip("this SQLite has no RETURNING")
    monkeypatch.setattr(services, "_can_return_from_delete", lambda: returning)
    link = make_link(anonymous=False)
    other = services.add_respondent(link.respondent.round, unit=link.respondent.unit, group="leder",
                                    email="b@x.dk")
    comment = "Tillid — «frisættelse» 🙂 \" \\"
    if with_draft:
        services.save_draft(link.respondent, {"regler_impl_a": 7, STEP_KEY: 2}, token=link.token)
        services.save_draft(link.respondent, {"regler_impl_b": "ved_ikke", "regler_kommentar": comment},
                            token=link.token)
    services.save_draft(other.respondent, {"regler_impl_a": 1}, token=other.token)

    response = services.submit(link.respondent, token=link.token)
    with pytest.raises(services.AlreadyAnswered):
        services.submit(link.respondent, token=link.token)

    expected = {"regler_impl_a": 7, "regler_impl_b": "ved_ikke", "regler_kommentar": comment} if with_draft else {}
    stored = Response.objects.get()
    assert stored.pk == response.pk and stored.answers == response.answers == expected
    assert stored.respondent_id == link.respondent.pk and stored.group == "leder"
    assert stored.unit_id == link.respondent.unit_id and stored.round_id == link.respondent.round_id
    answered = Respondent.objects.get(pk=link.respondent.pk).answered_at
    assert answered is not None and abs(timezone.now() - answered) < dt.timedelta(minutes=1)
    # Only this respondent's draft is gone; the other respondent's is untouched.
    assert list(Draft.objects.values_list("respondent_id", flat=True)) == [other.respondent.pk]
    assert opened(other) == {"regler_impl_a": 1}
    assert Respondent.objects.get(pk=other.respondent.pk).answered_at is None


# -- real concurrency: PostgreSQL only (SQLite serialises writers; its test database is in memory) ----
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                   reason="concurrent connections need the PostgreSQL run (scripts/test)")


def in_thread(target, results: list, index: int, *args) -> threading.Thread:
    def run() -> None:
        try:
            results[index] = target(*args)
        except BaseException as exc:  # reported to the test
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def blocks_another_session(timeout: float = 10.0) -> bool:
    """Whether another session comes to wait for a lock held by this thread's connection (within
    ``timeout`` seconds): PostgreSQL's own record that it waited, with no timing to go wrong on a
    busy machine. Read from pg_locks, which is live on every query; pg_stat_activity is a snapshot
    taken once per transaction, so a session that connected after the first look was never seen."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                           "AND pg_backend_pid() = ANY(pg_blocking_pids(pid))")
            if cursor.fetchone()[0]:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_store_exactly_one_response():
    link = make_link()
    services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
    clicks = 8
    start = threading.Barrier(clicks)

    def click(pk: int):
        respondent = Respondent.objects.select_related("round").get(pk=pk)
        start.wait()
        return services.submit(respondent, token=link.token) or "pooled"

    results: list = [None] * clicks
    for thread in [in_thread(click, results, i, link.respondent.pk) for i in range(clicks)]:
        thread.join(30)
    stored = [r for r in results if r == "pooled"]
    refused = [r for r in results if isinstance(r, services.AlreadyAnswered)]
    assert len(stored) == 1 and len(refused) == clicks - 1
    assert PendingResponse.objects.count() == 1
    pool.flush_pool(link.respondent.round, final=True)
    assert list(Response.objects.values_list("answers", flat=True)) == [{"regler_impl_a": 3}]
    assert not Draft.objects.exists() and not PendingResponse.objects.exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_page_saved_while_the_submit_waits_is_in_the_response():
    """Two tabs: one saves a page (holding the respondent's row, as the page view does) while the
    other submits. The submit waits for the save and stores its answers; no draft is left."""
    link = make_link(anonymous=False)
    services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
    saving = threading.Event()

    def save_page(pk: int) -> bool:
        with transaction.atomic():
            respondent = Respondent.objects.select_for_update().get(pk=pk)
            services.save_draft(respondent, {"regler_impl_b": 9, "regler_impl_a": 4}, token=link.token)
            saving.set()
            return blocks_another_session()  # the page is saved but not committed until the submit waits

    def submit_now(pk: int) -> Response:
        respondent = Respondent.objects.select_related("round").get(pk=pk)
        assert saving.wait(10)
        return services.submit(respondent, token=link.token)

    results: list = [None, None]
    threads = [in_thread(save_page, results, 0, link.respondent.pk),
               in_thread(submit_now, results, 1, link.respondent.pk)]
    for thread in threads:
        thread.join(30)
    assert results[0] is True, f"the submit should have waited for the page save: {results[0]!r}"
    response = results[1]
    assert isinstance(response, Response), response
    assert response.answers == {"regler_impl_a": 4, "regler_impl_b": 9}
    assert Response.objects.get().answers == {"regler_impl_a": 4, "regler_impl_b": 9}
    assert not Draft.objects.exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="prepared statements: the PostgreSQL run")
@pytest.mark.django_db
def test_postgres_prepares_the_statements_it_repeats(settings):
    """settings.py turns on server-side parameters with prepare_threshold (FRISAT_DB_PREPARED=1, the
    default): after a few submissions the survey's statements are prepared on the connection."""
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if not options.get("server_side_binding"):
        pytest.skip("FRISAT_DB_PREPARED=0")
    link = make_link()
    round, unit = link.respondent.round, link.respondent.unit
    for number in range(8):
        other = services.add_respondent(round, unit=unit, group="leder", email=f"p{number}@x.dk")
        services.save_draft(other.respondent, {"regler_impl_a": number % 10 + 1}, token=other.token)
        services.submit(other.respondent, token=other.token)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith("UPDATE") and "answered_at" in s for s in prepared), prepared
    assert any(s.startswith("DELETE") and "RETURNING" in s for s in prepared), prepared
    pool.flush_pool(round, final=True)
    assert Response.objects.count() == 8


# -- save_draft ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_save_draft_merges_each_page_into_one_draft():
    link = make_link()
    other = services.add_respondent(link.respondent.round, unit=link.respondent.unit, group="leder",
                                    email="b@x.dk")
    services.save_draft(other.respondent, {"regler_impl_a": 1}, token=other.token)
    first = services.save_draft(link.respondent, {"regler_impl_a": 7, "regler_impl_b": None, STEP_KEY: 2},
                                token=link.token)
    with CaptureQueriesContext(connection) as captured:
        second = services.save_draft(link.respondent, {"regler_impl_b": "ved_ikke", "regler_kommentar": "æ «ø» 🙂",
                                                       STEP_KEY: 3}, token=link.token)
    assert data_statements(captured.captured_queries) == ["SELECT", "UPDATE"]
    stored = Draft.objects.get(respondent=link.respondent)
    expected = {"regler_impl_a": 7, "regler_impl_b": "ved_ikke", "regler_kommentar": "æ «ø» 🙂", STEP_KEY: 3}
    assert stored.answers == second.answers and opened(link) == expected
    assert stored.pk == second.pk == first.pk and second.respondent is link.respondent
    assert stored.updated_at == second.updated_at and second.updated_at >= first.updated_at
    assert opened(other) == {"regler_impl_a": 1}
    # A page that clears an answer stores the blank (None), it does not drop the earlier key.
    services.save_draft(link.respondent, {"regler_impl_a": None}, token=link.token)
    assert opened(link) == {**expected, "regler_impl_a": None}


@pytest.mark.django_db
def test_save_draft_is_part_of_the_callers_transaction():
    link = make_link()
    services.save_draft(link.respondent, {"regler_impl_a": 7}, token=link.token)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.save_draft(link.respondent, {"regler_impl_a": 1, "regler_impl_b": 2}, token=link.token)
        raise RuntimeError("the page view failed after saving")
    assert opened(link) == {"regler_impl_a": 7}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_pages_saved_at_once_both_end_in_the_draft():
    """Without the page view's lock on the respondent (e.g. the demo builder): the draft's own row
    lock makes the second merge wait for the first, so neither page's answers are lost."""
    link = make_link()
    services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
    saving = threading.Event()

    def first_page(pk: int) -> bool:
        with transaction.atomic():
            services.save_draft(Respondent.objects.get(pk=pk), {"regler_impl_a": 4}, token=link.token)
            saving.set()
            return blocks_another_session()  # committed once the second save waits

    def second_page(pk: int) -> None:
        respondent = Respondent.objects.get(pk=pk)
        assert saving.wait(10)
        services.save_draft(respondent, {"maal_impl_a": 8}, token=link.token)

    results: list = [None, None]
    threads = [in_thread(first_page, results, 0, link.respondent.pk),
               in_thread(second_page, results, 1, link.respondent.pk)]
    for thread in threads:
        thread.join(30)
    assert results[0] is True, f"the second save should have waited for the first: {results[0]!r}"
    assert results[1] is None, results[1]
    assert opened(link) == {"regler_impl_a": 4, "maal_impl_a": 8}
