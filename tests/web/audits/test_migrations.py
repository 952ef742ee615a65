"""Migration 0002: the decision rules that were only in the service become a constraint; stored
decisions (which the service let through) are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("audits", "0001_initial")]
AFTER = [("audits", "0002_decision_rules_in_model")]


@pytest.mark.django_db(transaction=True)
def test_stored_decisions_are_kept_and_after_figures_of_other_outcomes_refused():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Kommune = apps.get_model("organisations", "Kommune")
    Process, Activity, Requirement, Decision = (apps.get_model("audits", n)
                                                for n in ("Process", "Activity", "Requirement", "Decision"))
    process = Process.objects.create(kommune=Kommune.objects.create(name="Rebild"), name="Sygedagpenge")
    activity = Activity.objects.create(process=process, order=1, description="Klik")
    requirement = Requirement.objects.create(kommune=process.kommune, code="K-1", title="Krav")
    day = dt.date(2026, 3, 2)
    Decision.objects.create(activity=activity, outcome="forandres", rationale="Kortere", decided_on=day,
                            after_minutes_per_occurrence=5)
    Decision.objects.create(requirement=requirement, outcome="fjernes", rationale="Levn", decided_on=day)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Decision, Activity = apps.get_model("audits", "Decision"), apps.get_model("audits", "Activity")
    assert sorted(Decision.objects.values_list("outcome", "after_minutes_per_occurrence")) == [
        ("fjernes", None), ("forandres", 5)]
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(activity=Activity.objects.get(), outcome="fjernes", rationale="x", decided_on=day,
                                after_people=1)
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
