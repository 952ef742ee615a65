"""Audit models: database constraints and the append-only decision log."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from frisat.core.instrument import get_instrument
from frisat.web.audits.models import (
    SPOR_CHOICES,
    Activity,
    Decision,
    ImmutableRowError,
    Process,
    Requirement,
)
from frisat.web.organisations.models import Kommune

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    process = Process.objects.create(kommune=Kommune.objects.create(name="Rebild"), name="Sygedagpengeopfølgning")
    return Activity.objects.create(process=process, order=1, description="Registreringer/”klik”")


def test_spor_choices_match_the_builtin_instrument():
    sections = get_instrument().sections
    assert [(key, label) for key, label in SPOR_CHOICES] == [(s.id, s.short_title) for s in sections]


def test_decision_row_cannot_be_updated_or_deleted(activity):
    decision = Decision.objects.create(activity=activity, outcome="fjernes", rationale="Levn fra gammel lov",
                                       decided_on=dt.date(2026, 3, 2))
    decision.rationale = "omskrevet"
    with pytest.raises(ImmutableRowError):
        decision.save()
    with pytest.raises(ImmutableRowError):
        decision.delete()
    with pytest.raises(ImmutableRowError):
        Decision.objects.filter(pk=decision.pk).update(rationale="omskrevet")
    with pytest.raises(ImmutableRowError):
        Decision.objects.filter(pk=decision.pk).delete()
    assert Decision.objects.get(pk=decision.pk).rationale == "Levn fra gammel lov"


def test_decision_constraints(activity):
    requirement = Requirement.objects.create(kommune=activity.process.kommune, code="K-1", title="Krav")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(activity=activity, requirement=requirement, outcome="fjernes", rationale="x",
                                decided_on=dt.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(activity=activity, outcome="forankres", rationale="x", decided_on=dt.date(2026, 1, 1))


def test_activity_figures_cannot_be_negative(activity):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(process=activity.process, order=2, description="x", people=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(process=activity.process, order=1, description="samme plads")
