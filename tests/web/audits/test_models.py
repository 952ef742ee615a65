"""Audit models: database constraints and the append-only decision log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from frisat.core.instrument import get_instrument
from frisat.web.audits.models import (
    SPOR_CHOICES,
    Activity,
    Decision,
    ImmutableRowError,
    Marking,
    MarkingLink,
    Participant,
    Process,
    Requirement,
)
from frisat.web.organisations.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    process = Process.objects.create(municipality=Municipality.objects.create(name="Rebild"),
                                     name="Sygedagpengeopfølgning")
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
    requirement = Requirement.objects.create(municipality=activity.process.municipality, code="K-1", title="Krav")
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


def test_decision_after_figures_only_when_an_activity_is_changed(activity):
    requirement = Requirement.objects.create(municipality=activity.process.municipality, code="K-1", title="Krav")
    day = dt.date(2026, 1, 1)
    for target, outcome in (({"activity": activity}, "fjernes"), ({"requirement": requirement}, "forandres")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Decision.objects.create(**target, outcome=outcome, rationale="x", decided_on=day, after_people=2)
    Decision.objects.create(activity=activity, outcome="forandres", rationale="x", decided_on=day, after_people=2)


def test_decision_clean_holds_the_rules_across_fields(activity):
    """The one place of the decision rules: the services and the admin both run full_clean."""
    municipality = activity.process.municipality
    fence = Requirement.objects.create(municipality=municipality, code="K-1", title="Lovkrav", hegnspael=True)
    day = dt.date(2026, 1, 1)
    cases = [
        (Decision(requirement=fence, outcome="fjernes", rationale="x", decided_on=day), "outcome", "hegnspæl"),
        (Decision(activity=activity, outcome="forankres", rationale="x", decided_on=day), "purpose_explained",
         "skal udfyldes"),
        (Decision(activity=activity, outcome="fjernes", rationale="x", decided_on=day, after_people=1), "outcome",
         "kun angives, når en aktivitet forandres"),
        (Decision(activity=activity, outcome="slettes", rationale="x", decided_on=day), "outcome",
         "Vælg fjernes, forandres eller forankres."),
        (Decision(outcome="fjernes", rationale="x", decided_on=day), "__all__", "én aktivitet eller ét krav"),
    ]
    for decision, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            decision.full_clean()
        assert message in " ".join(caught.value.message_dict[field]), (field, caught.value.message_dict)
    Decision(requirement=fence, outcome="forandres", rationale="x", decided_on=day).full_clean()


def test_requirement_code_is_unique_in_the_municipality_whatever_the_case(activity):
    municipality = activity.process.municipality
    Requirement.objects.create(municipality=municipality, code="K-1", title="Krav")
    with pytest.raises(ValidationError) as caught:
        Requirement(municipality=municipality, code="k-1", title="Andet").full_clean()
    assert caught.value.message_dict["code"] == ["Id'et «k-1» findes allerede i registret."]
    other = Municipality.objects.create(name="Aarhus")
    Requirement(municipality=other, code="k-1", title="Andet").full_clean()


def test_marking_own_category_needs_a_name_and_choices_are_named(activity):
    link = MarkingLink(process=activity.process)
    link.set_new_token()
    link.save()
    participant = Participant.objects.create(link=link, process=activity.process, number=1, key_hash="k")
    with pytest.raises(ValidationError) as caught:
        Marking(activity=activity, participant=participant, kind="tung", category="egen").full_clean()
    assert caught.value.message_dict == {"category_other": ["Skriv navnet på din egen kategori."]}
    with pytest.raises(ValidationError) as caught:
        Marking(activity=activity, participant=participant, kind="sur", category="andet").full_clean()
    assert caught.value.message_dict == {"kind": ["Vælg belastende, tung, unødvendig eller meningsløs."],
                                        "category": ["Ukendt kategori «andet»."]}
