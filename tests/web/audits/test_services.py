"""Audit services: validation (Danish, nothing written on error), ordering, marking, the decision log."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.audits import services
from frisat.web.audits.models import (
    Activity,
    Decision,
    ImmutableRowError,
    Marking,
    MarkingLink,
    Participant,
    Process,
    Requirement,
)
from frisat.web.common.tokens import hash_token
from frisat.web.common.validation import InputErrors

pytestmark = pytest.mark.django_db


def orders(process):
    return list(Activity.objects.filter(process=process).order_by("order").values_list("description", "order"))


# --- processes and activities ---------------------------------------------------------------------


def test_create_process_validates_and_writes_nothing_on_error(rebild, aarhus):
    with pytest.raises(InputErrors) as caught:
        services.create_process(municipality=rebild, name="  ", area=aarhus.areas.get())
    assert set(caught.value.errors) == {"name", "area"}
    assert "Navnet skal udfyldes." in str(caught.value) and "hører ikke til Rebild" in str(caught.value)
    assert not Process.objects.exists()
    process = services.create_process(municipality=rebild, name=" Visitation ")
    assert process.name == "Visitation" and process.status == Process.Status.MAPPING
    services.set_process_status(process, "markering")
    assert Process.objects.get().status == "markering"
    with pytest.raises(FrisatError, match="Ukendt status"):
        services.set_process_status(process, "slut")


def test_activities_append_insert_and_figures(process, activities):
    assert [o for _, o in orders(process)] == [1, 2, 3]
    first = activities[0]
    assert (first.minutes_per_occurrence, first.occurrences_per_year, first.people) == (30, 200, 4)
    inserted = services.add_activity(process, description="Selvbook (inkl. fritagelse)", position=1,
                                     minutes_per_occurrence="7,5")
    assert inserted.order == 1 and inserted.minutes_per_occurrence == Decimal("7.50")
    assert [d for d, _ in orders(process)] == ["Selvbook (inkl. fritagelse)", "Registreringer/”klik”",
                                               "Dobbeltregistreringer", "Drøftelser med teamkoordinator"]
    with pytest.raises(FrisatError, match="fra 1 til 5"):
        services.add_activity(process, description="x", position=6)


def test_bad_figures_are_refused_and_nothing_changes(process, activities):
    activity = activities[0]
    for bad, message in ((-1, "må ikke være negativ"), ("mange", "skal være et tal"), ("1e12", "for stor")):
        with pytest.raises(InputErrors, match=message) as caught:
            services.update_activity(activity, people=bad, description="ny")
        assert set(caught.value.errors) == {"people"}
        stored = Activity.objects.get(pk=activity.pk)
        assert (stored.people, stored.description) == (4, "Registreringer/”klik”")
    with pytest.raises(InputErrors, match="Aktiviteten skal udfyldes"):
        services.add_activity(process, description="")
    assert Activity.objects.count() == 3
    services.update_activity(activity, people="", channel="telefon")
    stored = Activity.objects.get(pk=activity.pk)
    assert stored.people is None and stored.channel == "telefon"


def test_moving_keeps_a_contiguous_order_like_a_list(process):
    names = [f"A{i}" for i in range(6)]
    for name in names:
        services.add_activity(process, description=name)
    model = list(names)
    rng = random.Random(7)
    for _ in range(25):
        name = rng.choice(model)
        position = rng.randint(1, len(model))
        services.move_activity(Activity.objects.get(process=process, description=name), position)
        model.remove(name)
        model.insert(position - 1, name)
        assert orders(process) == [(n, i) for i, n in enumerate(model, start=1)]
    with pytest.raises(FrisatError, match="fra 1 til 6"):
        services.move_activity(Activity.objects.get(description="A0"), 0)
    services.delete_activity(Activity.objects.get(description=model[2]))
    del model[2]
    assert orders(process) == [(n, i) for i, n in enumerate(model, start=1)]


def test_an_activity_with_a_decision_cannot_be_deleted(process, activities, leader):
    services.decide(activity=activities[1], outcome="fjernes", rationale="Levn", decided_by=leader)
    with pytest.raises(FrisatError, match="beslutningsloggen bevares"):
        services.delete_activity(activities[1])
    assert Activity.objects.filter(pk=activities[1].pk).exists()
    assert [o for _, o in orders(process)] == [1, 2, 3]


# --- the register ---------------------------------------------------------------------------------


def test_requirements_get_stable_codes_and_are_validated(rebild, aarhus):
    first = services.create_requirement(rebild, title="Registrering af delvis raskmelding", kind="procedure",
                                        source_type="lokal praksis", spor="dok, Færre regler")
    second = services.create_requirement(rebild, title="Opfølgningssamtale", source_type="lov",
                                         reference="sygedagpengeloven § 13", hegnspael=True)
    assert (first.code, second.code) == ("R-0001", "R-0002")
    assert first.source_type == Requirement.SourceType.LOCAL and first.spor == ["regler", "dok"]
    assert services.create_requirement(aarhus, title="Et andet krav").code == "R-0001"
    with pytest.raises(InputErrors) as caught:
        services.create_requirement(rebild, title="", source_type="folketinget", spor=["regler", "kaffe"],
                                    code="r-0001", area=aarhus.areas.get())
    assert set(caught.value.errors) == {"title", "source_type", "spor", "area", "code"}
    assert "kommunalbestyrelsens beslutning" in caught.value.errors["source_type"]
    with pytest.raises(InputErrors, match="findes allerede"):
        services.create_requirement(rebild, title="Dublet", code="r-0001")
    with pytest.raises(InputErrors, match="findes allerede"):
        services.update_requirement(second, code="R-0001")
    assert Requirement.objects.filter(municipality=rebild).count() == 2
    services.update_requirement(second, tilbageloeb_status="Ingen bruger det", tilbageloeb="")
    assert Requirement.objects.get(pk=second.pk).tilbageloeb_status == "ingen"


def test_origin_links_stay_within_the_municipality(process, activities, aarhus):
    own = services.create_requirement(process.municipality, title="Min plan")
    foreign = services.create_requirement(aarhus, title="Fremmed")
    with pytest.raises(FrisatError, match="anden kommune"):
        services.set_activity_requirements(activities[0], [own, foreign])
    assert not activities[0].requirements.exists()
    services.set_activity_requirements(activities[0], [own])
    assert list(activities[0].requirements.all()) == [own]


# --- marking --------------------------------------------------------------------------------------


def test_marking_link_stores_only_a_hash_and_participants_are_pseudonyms(process, activities):
    issued = services.create_marking_link(process, label="Workshop 1", anonymous=True)
    link = MarkingLink.objects.get()
    assert len(issued.token) >= 43 and link.token_hash == hash_token(issued.token)
    assert issued.token not in link.token_hash
    joined = [services.join_marking(link, name="Hanne Hansen") for _ in range(3)]
    assert [j.participant.pseudonym for j in joined] == ["Deltager 1", "Deltager 2", "Deltager 3"]
    assert all(p.name == "" for p in Participant.objects.all())  # anonymous link: no name stored
    assert {p.key_hash for p in Participant.objects.all()} == {hash_token(j.key) for j in joined}
    named = services.create_marking_link(process, anonymous=False).link
    assert services.join_marking(named, name="Hanne Hansen").participant.name == "Hanne Hansen"


def test_marking_is_upserted_per_participant_and_kind(process, activities):
    link = services.create_marking_link(process).link
    me, other = services.join_marking(link).participant, services.join_marking(link).participant
    services.mark_activity(me, activities[0], kind="tung", category="systemarbejde", comment="Mange klik")
    services.mark_activity(me, activities[0], kind="tung", category="egen", category_other="IT-nedetid",
                           comment="Systemet er nede")
    services.mark_activity(me, activities[0], kind="meningsloes")
    services.mark_activity(other, activities[0], kind="tung")
    mine = Marking.objects.filter(participant=me).order_by("kind")
    assert [(m.kind, m.category_label, m.comment) for m in mine] == [
        ("meningsloes", "", ""), ("tung", "IT-nedetid", "Systemet er nede")]
    assert Marking.objects.count() == 3
    assert services.unmark_activity(me, activities[0], "meningsloes") is True
    assert services.unmark_activity(me, activities[0], "meningsloes") is False


def test_marking_validation_and_closed_links(process, activities, rebild):
    link = services.create_marking_link(process).link
    me = services.join_marking(link).participant
    with pytest.raises(InputErrors) as caught:
        services.mark_activity(me, activities[0], kind="irriterende", category="egen")
    assert set(caught.value.errors) == {"kind", "category_other"}
    elsewhere = services.add_activity(services.create_process(municipality=rebild, name="Anden proces"),
                                      description="x")
    with pytest.raises(FrisatError, match="hører ikke til"):
        services.mark_activity(me, elsewhere, kind="tung")
    services.close_marking_link(link)
    with pytest.raises(FrisatError, match="Linket er lukket"):
        services.mark_activity(me, activities[0], kind="tung")
    with pytest.raises(FrisatError, match="Linket er lukket"):
        services.join_marking(link)
    assert not Marking.objects.exists()
    services.set_process_status(process, "afsluttet")
    with pytest.raises(FrisatError, match="afsluttet"):
        services.create_marking_link(process)


# --- decisions ------------------------------------------------------------------------------------


def test_decision_rules(process, activities, leader):
    hegn = services.create_requirement(process.municipality, title="Opfølgningssamtale", source_type="lov",
                                       hegnspael=True)
    with pytest.raises(InputErrors, match="hegnspæl"):
        services.decide(requirement=hegn, outcome="fjernes", rationale="for tungt")
    with pytest.raises(InputErrors, match="Formålet forklaret") as caught:
        services.decide(activity=activities[0], outcome="forankres", rationale="skal blive")
    assert set(caught.value.errors) == {"purpose_explained"}
    with pytest.raises(InputErrors, match="kun angives, når en aktivitet forandres"):
        services.decide(activity=activities[0], outcome="fjernes", rationale="x", after_people=2)
    with pytest.raises(InputErrors, match="Begrundelsen skal udfyldes"):
        services.decide(activity=activities[0], outcome="fjernes", rationale=" ")
    with pytest.raises(FrisatError, match="én aktivitet eller ét krav"):
        services.decide(activity=activities[0], requirement=hegn, outcome="fjernes", rationale="x")
    assert not Decision.objects.exists()
    decision = services.decide(requirement=hegn, outcome="forankres", rationale="Loven kræver det",
                               purpose_explained="Samtalen sikrer borgerens ret til opfølgning", decided_by=leader,
                               decided_on=dt.date(2026, 3, 2))
    assert decision.decided_by_name == "Lene Leder" and decision.change_note == "første beslutning"


def test_forandres_sets_after_figures_and_a_revision_supersedes(process, activities, leader):
    activity = activities[1]
    first = services.decide(activity=activity, outcome="forandres", rationale="Én registrering i stedet for to",
                            after_minutes_per_occurrence="6", owner="Teamleder", decided_by=leader,
                            decided_on=dt.date(2026, 3, 2))
    activity.refresh_from_db()
    assert (activity.after_minutes_per_occurrence, activity.after_occurrences_per_year) == (Decimal("6.00"), None)
    second = services.revise_decision(first, outcome="fjernes", rationale="Levn fra før lovændringen",
                                      decided_by=leader)
    activity.refresh_from_db()
    assert activity.after_minutes_per_occurrence is None
    assert second.supersedes == first and second.decided_on == timezone.localdate()
    assert "beslutning: forandres → fjernes" in second.change_note
    assert "begrundelse ændret" in second.change_note and "minutter pr. gang efter: 6.00 → –" in second.change_note
    stored_first = Decision.objects.get(pk=first.pk)
    assert (stored_first.outcome, stored_first.rationale) == ("forandres", "Én registrering i stedet for to")
    assert services.current_decision_for(activity=activity) == second
    with pytest.raises(FrisatError, match="allerede erstattet"):
        services.revise_decision(first, outcome="forankres", purpose_explained="x")
    # A new decision on the same activity also supersedes the one in force.
    third = services.decide(activity=activity, outcome="forankres", rationale="Vi beholder den",
                            purpose_explained="Data bruges af Jobcenterets statistik")
    assert third.supersedes == second and Decision.objects.count() == 3


def test_the_log_refuses_direct_changes(process, activities):
    decision = services.decide(activity=activities[0], outcome="fjernes", rationale="Levn")
    decision.outcome = "forankres"
    with pytest.raises(ImmutableRowError):
        decision.save()
    with pytest.raises(ImmutableRowError):
        Decision.objects.all().update(outcome="forankres")
    with pytest.raises(ImmutableRowError):
        Decision.objects.all().delete()
    assert Decision.objects.get().outcome == "fjernes"


# --- ideas ----------------------------------------------------------------------------------------


def test_ideas_and_iterations(process, activities, rebild):
    idea = services.add_idea(process, title="Én registrering", status="prototype", activities=activities[:2])
    services.add_iteration(idea, date=dt.date(2026, 3, 9), tried="To sagsbehandlere prøver i en uge",
                           result="Halv tid")
    services.add_iteration(idea, date=dt.date(2026, 3, 2), tried="Tegnet på tavle")
    assert [i.tried for i in idea.iterations.all()] == ["Tegnet på tavle", "To sagsbehandlere prøver i en uge"]
    with pytest.raises(InputErrors, match="Hvad blev afprøvet"):
        services.add_iteration(idea, date=dt.date(2026, 3, 2), tried="")
    other = services.add_activity(services.create_process(municipality=rebild, name="Anden"), description="x")
    with pytest.raises(FrisatError, match="samme proces"):
        services.update_idea(idea, activities=[other], status="afproeves")
    assert idea.activities.count() == 2
    services.update_idea(idea, status="indfoert", activities=[activities[0]])
    idea.refresh_from_db()
    assert idea.status == "indfoert" and list(idea.activities.all()) == [activities[0]]
