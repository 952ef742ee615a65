"""The English names (issue 12): a database filled under the old names keeps every row.

Migrates to the state before the renames (organisations 0001, rounds 0007, audits 0002), fills
every renamed model — and every model with a renamed field — through the historical models, migrates
forward and compares each row, field by field, under the new names. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("organisations", "0001_initial"), ("rounds", "0007_round_field_messages"),
          ("audits", "0002_decision_rules_in_model")]
AFTER = [("organisations", "0002_english_names"), ("rounds", "0008_english_names"), ("audits", "0003_english_names")]

MODELS = {  # (app, old model) -> new model
    ("organisations", "Kommune"): "Municipality",
    ("organisations", "Omraade"): "Area",
    ("organisations", "Enhed"): "Unit",
    ("organisations", "Membership"): "Membership",
    ("rounds", "Maaling"): "Round",
    ("rounds", "Respondent"): "Respondent",
    ("rounds", "Draft"): "Draft",
    ("rounds", "Response"): "Response",
    ("rounds", "PendingResponse"): "PendingResponse",
    ("audits", "Process"): "Process",
    ("audits", "Requirement"): "Requirement",
}
COLUMNS = {"kommune_id": "municipality_id", "omraade_id": "area_id", "enhed_id": "unit_id",
           "maaling_id": "round_id", "gruppe": "group"}


def migrate(targets: list[tuple[str, str]]):
    """Migrate the test database to ``targets`` and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def rows(apps, app: str, model: str, rename: dict[str, str] | None = None) -> list[dict]:
    """Every row of a model, all concrete columns (by attname), ordered by id; keys renamed."""
    rename = rename or {}
    return [{rename.get(k, k): v for k, v in row.items()}
            for row in apps.get_model(app, model).objects.order_by("pk").values()]


def fill(apps) -> None:
    """Rows in every renamed model, with links between them, under the old names."""
    User = apps.get_model("auth", "User")
    Kommune, Omraade, Enhed, Membership = (apps.get_model("organisations", n)
                                           for n in ("Kommune", "Omraade", "Enhed", "Membership"))
    Maaling, Respondent, Draft, Response, PendingResponse = (
        apps.get_model("rounds", n) for n in ("Maaling", "Respondent", "Draft", "Response", "PendingResponse"))
    Process, Activity, Requirement = (apps.get_model("audits", n) for n in ("Process", "Activity", "Requirement"))
    user = User.objects.create(username="analytiker")
    now = timezone.now()
    for name in ("Rebild", "Aarhus"):
        kommune = Kommune.objects.create(name=name)
        Membership.objects.create(user=user, kommune=kommune, role="analytiker")
        for area_name in ("skole", "ældre"):
            omraade = Omraade.objects.create(kommune=kommune, name=area_name)
            for unit_name in (f"{area_name} nord", f"{area_name} syd"):
                Enhed.objects.create(omraade=omraade, name=unit_name)
        first = Maaling.objects.create(kommune=kommune, name=f"Barometer {name}", wave="2025",
                                       opens_at=now - dt.timedelta(days=400), closes_at=now - dt.timedelta(days=380),
                                       groups=["leder", "medarbejder"], design="gruppe",
                                       group_dimensions={"leder": "vigt", "medarbejder": "impl"})
        second = Maaling.objects.create(kommune=kommune, name=f"Barometer {name}", wave="2026", previous=first,
                                        opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=5),
                                        groups=["leder"], anonymous=False, min_n=3)
        for number, enhed in enumerate(Enhed.objects.filter(omraade__kommune=kommune)):
            for maaling in (first, second):
                respondent = Respondent.objects.create(
                    maaling=maaling, enhed=enhed, gruppe="leder", email=f"{number}@{maaling.pk}.dk",
                    token_hash=f"{maaling.pk}-{number}", dimension="vigt" if maaling == first else "",
                    invited_at=now, answered_at=now if number % 2 else None)
                if number % 2:
                    Response.objects.create(maaling=maaling, enhed=enhed, gruppe="leder", submitted_on=now.date(),
                                            respondent=None if maaling.anonymous else respondent,
                                            answers={"regler_impl_a": number + 1, "regler_kommentar": "æøå"})
                else:
                    Draft.objects.create(respondent=respondent, answers={"sealed": f"x{number}"})
            PendingResponse.objects.create(maaling=second, payload=f"sealed-{number}")
        process = Process.objects.create(kommune=kommune, omraade=omraade, name="Sygedagpenge", created_by=user)
        Activity.objects.create(process=process, order=1, description="Klik")
        Requirement.objects.create(kommune=kommune, omraade=omraade, code="K-1", title="Krav")
        Requirement.objects.create(kommune=kommune, code="K-2", title="Krav uden område")


@pytest.mark.django_db(transaction=True)
def test_every_row_survives_the_english_names():
    old = migrate(BEFORE)
    fill(old)
    before = {key: rows(old, key[0], key[1], COLUMNS) for key in MODELS}
    assert all(before.values()), {key for key, found in before.items() if not found}
    permissions = dict(old.get_model("auth", "Permission").objects.filter(
        codename__in=[f"{action}_{model}" for action in ("add", "change", "delete", "view")
                      for model in ("kommune", "omraade", "enhed", "maaling")]).values_list("codename", "pk"))
    assert len(permissions) == 16

    new = migrate(AFTER)
    for (app, model), new_model in MODELS.items():
        assert rows(new, app, new_model) == before[(app, model)], f"{app}.{model} → {new_model}"

    # Granted permissions follow the models (same rows, new codenames).
    renamed = {"kommune": "municipality", "omraade": "area", "enhed": "unit", "maaling": "round"}
    after = dict(new.get_model("auth", "Permission").objects.values_list("codename", "pk"))
    for codename, pk in permissions.items():
        action, model = codename.split("_", 1)
        assert after[f"{action}_{renamed[model]}"] == pk, codename

    # The relations follow the renames, and the recreated constraints hold.
    Municipality, Area = new.get_model("organisations", "Municipality"), new.get_model("organisations", "Area")
    Round = new.get_model("rounds", "Round")
    rebild = Municipality.objects.get(name="Rebild")
    assert sorted(a.name for a in rebild.areas.all()) == ["skole", "ældre"]
    assert Round.objects.filter(municipality=rebild, previous__isnull=False).get().respondents.count() == 4
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(municipality=rebild, name="skole")
    with pytest.raises(IntegrityError), transaction.atomic():
        new.get_model("audits", "Requirement").objects.create(municipality=rebild, code="K-1", title="Igen")
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_renames_can_be_reversed():
    """Back to the old names with the rows (a failed deployment can be rolled back)."""
    old = migrate(BEFORE)
    fill(old)
    before = {key: rows(old, key[0], key[1]) for key in MODELS}
    migrate(AFTER)
    old = migrate(BEFORE)
    assert {key: rows(old, key[0], key[1]) for key in MODELS} == before
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
