"""rounds.lookup.respondent_for_link gives exactly what the equivalent queryset gives, on SQLite and
PostgreSQL: every field of the respondent, its round and its draft, converted the same way."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frisat.web.common.tokens import hash_token
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import services
from frisat.web.rounds.crypto import open_draft
from frisat.web.rounds.lookup import respondent_for_link
from frisat.web.rounds.models import Draft, Respondent


def orm(token_hash: str, *, draft: bool, lock: bool) -> Respondent | None:
    query = Respondent.objects.select_related("round", "draft") if draft else \
        Respondent.objects.select_related("round")
    if lock:
        query = query.select_for_update(of=("self",))
    return query.filter(token_hash=token_hash).first()


def values(instance) -> dict[str, object]:
    """Every stored value with its type (a naive datetime must not pass for an aware one)."""
    return {f.attname: (getattr(instance, f.attname), type(getattr(instance, f.attname)))
            for f in instance._meta.concrete_fields}


@pytest.fixture
def links(db):
    municipality = Municipality.objects.create(name="Ærø")
    unit = Unit.objects.create(area=Area.objects.create(municipality=municipality, name="ældre"), name="Søbakken")
    opens = timezone.now().replace(microsecond=123456) - dt.timedelta(days=2)
    round = services.create_round(municipality=municipality, name="Måling «æøå»", opens_at=opens,
                                    closes_at=opens + dt.timedelta(days=30, seconds=7), groups=["leder", "medarbejder"],
                                    anonymous=False, min_n=3, wave="2026-1")
    plain = services.add_respondent(round, unit=unit, group="leder", email="a@x.dk")
    drafted = services.add_respondent(round, unit=unit, group="medarbejder")
    services.save_draft(drafted.respondent, {"regler_impl_a": 7, "regler_kommentar": "Tekst 🙂 «x»", "_side": 2},
                        token=drafted.token)
    Respondent.objects.filter(pk=drafted.respondent.pk).update(invited_at=opens, reminded_at=None)
    return plain, drafted


@pytest.mark.django_db
@pytest.mark.parametrize("draft", [False, True], ids=["round", "round+draft"])
@pytest.mark.parametrize("lock", [False, True], ids=["read", "lock"])
def test_same_objects_as_the_queryset(links, draft, lock):
    for link in links:
        with transaction.atomic():
            expected = orm(hash_token(link.token), draft=draft, lock=lock)
            found = respondent_for_link(hash_token(link.token), draft=draft, lock=lock)
        assert values(found) == values(expected) and found.pk == link.respondent.pk
        assert values(found.round) == values(expected.round)
        assert found.round.status == "open" and found.round.groups == ["leder", "medarbejder"]
        assert timezone.is_aware(found.round.opens_at) and found.round.opens_at.microsecond == 123456
        if draft:
            try:
                expected_draft = expected.draft
            except Draft.DoesNotExist:
                with CaptureQueriesContext(connection) as queries, pytest.raises(Draft.DoesNotExist):
                    found.draft  # noqa: B018 - the missing draft is known without a query
                assert not queries.captured_queries
            else:
                with CaptureQueriesContext(connection) as queries:
                    assert values(found.draft) == values(expected_draft)
                    opened = open_draft(link.token, link.respondent.pk, found.draft.answers)
                    assert opened["regler_kommentar"] == "Tekst 🙂 «x»"
                    assert found.draft.respondent is found
                assert not queries.captured_queries


@pytest.mark.django_db
def test_one_query_and_nothing_for_an_unknown_link(links):
    plain, _drafted = links
    with CaptureQueriesContext(connection) as queries:
        found = respondent_for_link(hash_token(plain.token), draft=True)
        assert found.round.name == "Måling «æøå»" and found.unit_id == plain.respondent.unit_id
    assert len(queries.captured_queries) == 1
    assert respondent_for_link(hash_token(plain.token + "x")) is None
    assert respondent_for_link(plain.token) is None  # the token itself is not its hash


@pytest.mark.django_db(transaction=True)  # a test's own transaction would hide the missing one
def test_lock_needs_a_transaction(links):
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite locks the whole database in a write transaction instead")
    with pytest.raises(TransactionManagementError):
        respondent_for_link(hash_token(links[0].token), lock=True)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: the PostgreSQL run (scripts/test)")
@pytest.mark.django_db(transaction=True)
def test_lock_holds_the_respondent_row_only(links):
    plain, _drafted = links
    outcome: dict[str, object] = {}

    def other_connection() -> None:
        try:
            try:
                with transaction.atomic():
                    Respondent.objects.select_for_update(nowait=True).get(pk=plain.respondent.pk)
            except TransactionManagementError:
                raise
            except DatabaseError:  # could not obtain lock … NOWAIT
                outcome["respondent"] = "locked"
            outcome["maaling"] = Respondent.objects.select_related("round").get(pk=plain.respondent.pk).round.pk
            with transaction.atomic():  # the round's row is not locked
                outcome["round_locked"] = not type(plain.respondent.round).objects.select_for_update(
                    nowait=True).filter(pk=plain.respondent.round_id).exists()
        finally:
            connection.close()

    with transaction.atomic():
        respondent_for_link(hash_token(plain.token), lock=True)
        thread = threading.Thread(target=other_connection)
        thread.start()
        thread.join(30)
    assert outcome == {"respondent": "locked", "maaling": plain.respondent.round_id, "round_locked": False}
