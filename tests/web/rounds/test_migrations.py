"""Migration 0005: existing anonymous rounds keep every row, lose the answer times and the id order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("rounds", "0004_anonymity_pool")]
AFTER = [("rounds", "0005_unlink_anonymous_answers")]


@pytest.mark.django_db(transaction=True)
def test_existing_anonymous_answers_are_unlinked_and_kept():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Kommune, Omraade, Enhed = (apps.get_model("organisations", n) for n in ("Kommune", "Omraade", "Enhed"))
    Maaling, Respondent, Response = (apps.get_model("rounds", n) for n in ("Maaling", "Respondent", "Response"))
    kommune = Kommune.objects.create(name="Rebild")
    enhed = Enhed.objects.create(omraade=Omraade.objects.create(kommune=kommune, name="skole"), name="Skole")
    now = timezone.now()
    rounds = {anonymous: Maaling.objects.create(kommune=kommune, name=f"M{anonymous}", anonymous=anonymous,
                                                opens_at=now - dt.timedelta(days=9),
                                                closes_at=now + dt.timedelta(days=9), groups=["leder"])
              for anonymous in (True, False)}
    stamp = timezone.make_aware(dt.datetime(2026, 3, 4, 14, 37, 12))
    for anonymous, maaling in rounds.items():
        for number in range(30):
            respondent = Respondent.objects.create(maaling=maaling, enhed=enhed, gruppe="leder",
                                                   token_hash=f"{anonymous}-{number}",
                                                   answered_at=stamp + dt.timedelta(minutes=number))
            Response.objects.create(maaling=maaling, enhed=enhed, gruppe="leder", answers={"nr": number},
                                    respondent=None if anonymous else respondent, submitted_on=stamp.date())

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Respondent, Response = (apps.get_model("rounds", n) for n in ("Respondent", "Response"))
    anonymous, named = rounds[True].pk, rounds[False].pk
    order = [r["nr"] for r in Response.objects.filter(maaling_id=anonymous).order_by("id")
             .values_list("answers", flat=True)]
    assert sorted(order) == list(range(30)) and order != list(range(30))  # 1 in 30! to fail by chance
    assert set(Response.objects.filter(maaling_id=anonymous).values_list("submitted_on", flat=True)) == {stamp.date()}
    midnight = timezone.make_aware(dt.datetime(2026, 3, 4))
    assert set(Respondent.objects.filter(maaling_id=anonymous).values_list("answered_at", flat=True)) == {midnight}
    # An identified round is left as it was.
    assert [r["nr"] for r in Response.objects.filter(maaling_id=named).order_by("id")
            .values_list("answers", flat=True)] == list(range(30))
    assert Respondent.objects.filter(maaling_id=named, answered_at=stamp + dt.timedelta(minutes=5)).count() == 1
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_link_sent_at_is_the_last_reminder_or_else_the_invitation():
    """0006: until then every reminder gave a new link, so the current one came with the last mail."""
    before, after = [("rounds", "0005_unlink_anonymous_answers")], [("rounds", "0006_respondent_link_sent_at")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Kommune, Omraade, Enhed = (apps.get_model("organisations", n) for n in ("Kommune", "Omraade", "Enhed"))
    Maaling, Respondent = apps.get_model("rounds", "Maaling"), apps.get_model("rounds", "Respondent")
    kommune = Kommune.objects.create(name="Rebild")
    enhed = Enhed.objects.create(omraade=Omraade.objects.create(kommune=kommune, name="skole"), name="Skole")
    now = timezone.now()
    maaling = Maaling.objects.create(kommune=kommune, name="M", opens_at=now - dt.timedelta(days=9),
                                     closes_at=now + dt.timedelta(days=9), groups=["leder"])
    invited, reminded = now - dt.timedelta(days=8), now - dt.timedelta(days=2)
    for name, values in {"imported": {}, "invited": {"invited_at": invited},
                         "reminded": {"invited_at": invited, "reminded_at": reminded}}.items():
        Respondent.objects.create(maaling=maaling, enhed=enhed, gruppe="leder", token_hash=name, **values)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Respondent = executor.loader.project_state(after).apps.get_model("rounds", "Respondent")
    assert dict(Respondent.objects.values_list("token_hash", "link_sent_at")) == {
        "imported": None, "invited": invited, "reminded": reminded}
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
