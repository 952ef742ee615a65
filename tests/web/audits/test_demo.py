"""The demo audit: Tabel 1's activities quoted exactly, three pseudonymous employees, decisions, hours."""

import datetime as dt
import re
from pathlib import Path

import pytest

from frisat.core.errors import FrisatError
from frisat.web.audits import demo, selectors
from frisat.web.audits.models import Decision, Marking, Participant, Process, Requirement
from frisat.web.organisations.models import Municipality

pytestmark = pytest.mark.django_db

SEED = next(Path("/work/shared/seeds").glob("003_*.txt"), None) if Path("/work/shared/seeds").is_dir() else None


@pytest.fixture
def demo_municipality(db):
    return Municipality.objects.create(name="Demo Kommune")


def test_activities_are_quoted_from_tabel_1():
    descriptions = [a.description for a in demo.ACTIVITIES]
    assert len(descriptions) == len(set(descriptions)) == 15
    if SEED is None:
        pytest.skip("seed 003 is not available here")
    text = SEED.read_text(encoding="utf-8")
    table = text[text.index("Tabel 1: Overblik"):text.index("Workshop-metoden beskrevet ovenfor")]
    bullets = [" ".join(line.split()) for line in re.findall(r"•\s+(.+)", table)]
    assert sorted(bullets) == sorted(descriptions)


def test_build_demo_audit(demo_municipality, leader):
    process = demo.build_demo_audit(demo_municipality, decided_by=leader, today=dt.date(2026, 5, 4))
    assert process.status == Process.Status.DONE and process.name == "Sygedagpengeopfølgning"
    assert [a.order for a in process.activities.order_by("order")] == list(range(1, 16))
    assert Participant.objects.filter(process=process).count() == 3
    assert all(p.name == "" for p in Participant.objects.all())
    assert Marking.objects.filter(activity__process=process).count() == len(demo.MARKINGS)
    assert all(m.comment.startswith("[Demo]") for m in Marking.objects.exclude(comment=""))
    assert process.marking_links.get().closed_at is not None

    leftover = Requirement.objects.get(municipality=demo_municipality, title="Registrering af delvis raskmelding")
    assert (leftover.source_type, leftover.tilbageloeb_status, leftover.hegnspael) == ("ukendt", "ingen", False)
    assert selectors.register(demo_municipality).get(pk=leftover.pk).status == "fjernes"
    assert all(d.decided_by == leader and d.decided_on == dt.date(2026, 4, 4) for d in Decision.objects.all())
    assert selectors.decisions_in_force().filter(activity__process=process).count() == 15

    # Hours by a plain loop over the demo's own figures (minutes / 60 × per year × people).
    changes = {d.target: d for d in demo.DECISIONS}
    before = after = 0.0
    for a in demo.ACTIVITIES:
        hours = a.minutes / 60 * a.per_year * a.people
        decision = changes[a.description]
        before += hours
        if decision.outcome == "forandres":
            after += ((decision.after_minutes or a.minutes) / 60 * (decision.after_per_year or a.per_year)
                      * (decision.after_people or a.people))
        elif decision.outcome == "forankres":
            after += hours
    figures = selectors.process_burden(process)
    assert (figures.hours_before, figures.hours_after) == pytest.approx((before, after))
    # By hand: delvis raskmelding 15/60 × 80 × 12 = 240 h removed; min plan 10 → 3 min × 150 × 12 = 210 h freed.
    steps = {s.activity.description: s for s in selectors.journey(process)}
    assert steps["Dobbeltarbejde ift. delvis raskmelding"].hours_before == pytest.approx(240)
    plan = steps["Dobbeltarbejde ift. min plan"]
    assert plan.hours_before - plan.hours_after == pytest.approx(210)
    assert steps["Registreringer/”klik”"].participants == 3

    assert demo.build_demo_audit(demo_municipality) == process  # idempotent
    assert Process.objects.count() == 1


def test_delete_demo_audits_only_for_the_demo_municipality(demo_municipality, rebild):
    demo.build_demo_audit(demo_municipality)
    with pytest.raises(FrisatError, match="Kun demokommunens"):
        demo.delete_demo_audits(rebild)
    demo.delete_demo_audits(demo_municipality)
    assert not Process.objects.exists() and not Requirement.objects.exists() and not Decision.objects.exists()
    demo_municipality.delete()
    assert not Municipality.objects.filter(name="Demo Kommune").exists()


def test_min_plan_is_a_statutory_requirement_as_seed_003_says(demo_municipality):
    demo.build_demo_audit(demo_municipality)
    plan = Requirement.objects.get(municipality=demo_municipality, title="Opdatering af borgerens plan")
    assert plan.source_type == Requirement.SourceType.LAW and plan.hegnspael
    assert plan.get_source_type_display() == "lov" and "Min Plan" in plan.reference
    assert f"«{demo.MIN_PLAN_QUOTE}»" in plan.description and plan.description.startswith("[Demo]")
    # the demo's decision stands: a hegnspæl may be changed («forandres»), not removed
    assert selectors.register(demo_municipality).get(pk=plan.pk).status == "forandres"
    from tests.seeds import seed_text

    seed = seed_text("003")
    assert demo.MIN_PLAN_QUOTE in seed and "flerdimensionelt styrings- og kontrolparadigme" in seed


def test_old_demo_data_is_corrected_once_and_a_users_edit_is_left_alone(demo_municipality, rebild):
    old = {"source_type": "statsligt_kl", "reference": "Min plan", "hegnspael": False,
           "description": "[Demo] Planen skrives både i fagsystemet og i Min plan."}
    process = demo.build_demo_audit(demo_municipality)
    plans = Requirement.objects.filter(title="Opdatering af borgerens plan")
    plans.update(**old)  # as an older version of the demo left it
    edited = Requirement.objects.create(municipality=rebild, code="R-0001", title="Opdatering af borgerens plan",
                                        **{**old, "description": "Vores egen beskrivelse."})

    assert demo.build_demo_audit(demo_municipality) == process
    plan = plans.get(municipality=demo_municipality)
    assert (plan.source_type, plan.hegnspael, plan.reference) == ("lov", True, demo.MIN_PLAN_REFERENCE)
    assert plan.description == demo.MIN_PLAN_DESCRIPTION
    assert demo.correct_demo_audit(demo_municipality) == 0  # idempotent
    assert demo.correct_demo_audit(rebild) == 0  # a user's own row is not demo data
    edited.refresh_from_db()
    assert (edited.source_type, edited.description) == ("statsligt_kl", "Vores egen beskrivelse.")
