"""Audit selectors: access, the journey, burden from the database, register filters and counts."""

import pytest
from django.contrib.auth import get_user_model

from frisat.web.audits import selectors, services
from frisat.web.audits.models import Activity
from frisat.web.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_access_is_per_municipality(process, aarhus, leader):
    stranger = get_user_model().objects.create_user(username="aage", password="x" * 20)
    Membership.objects.create(user=stranger, municipality=aarhus, role=Membership.Role.ADMIN)
    analyst = get_user_model().objects.create_user(username="olav", password="x" * 20)
    Membership.objects.create(user=analyst, municipality=process.municipality, role=Membership.Role.ANALYST)
    requirement = services.create_requirement(process.municipality, title="Krav")
    assert list(selectors.visible_processes(leader)) == [process]
    assert not selectors.visible_processes(stranger).exists()
    assert not selectors.managed_requirements(stranger).filter(pk=requirement.pk).exists()
    assert list(selectors.visible_processes(analyst)) == [process]
    assert not selectors.managed_processes(analyst).exists()


def test_tokens_find_links_and_participants(process):
    issued = services.create_marking_link(process)
    joined = services.join_marking(issued.link)
    assert selectors.marking_link_for_token(issued.token) == issued.link
    assert selectors.marking_link_for_token(issued.token[:-1] + "x") is None
    assert selectors.marking_link_for_token("") is None
    assert selectors.participant_for_key(issued.link, joined.key) == joined.participant
    assert selectors.participant_for_key(issued.link, "gæt") is None


def test_journey_summarises_friction_without_naming_anyone(process, activities):
    link = services.create_marking_link(process).link
    people = [services.join_marking(link).participant for _ in range(4)]  # the fourth marks nothing
    services.mark_activity(people[0], activities[0], kind="tung", category="systemarbejde", comment="Mange klik")
    services.mark_activity(people[1], activities[0], kind="tung", category="systemarbejde")
    services.mark_activity(people[1], activities[0], kind="meningsloes", category="egen", category_other="Nedetid")
    services.mark_activity(people[2], activities[2], kind="belastende", category="faglighed")
    steps = selectors.journey(process)
    assert [s.activity.order for s in steps] == [1, 2, 3]
    first = steps[0]
    assert first.kinds == {"belastende": 0, "tung": 2, "unoedvendig": 0, "meningsloes": 1}
    assert first.markings == 3 and first.participants == 2 and first.friction == pytest.approx(2 / 4)
    assert first.categories == [("systemtilfredsstillelse/systemarbejde", 2), ("Nedetid", 1)]
    assert first.comments == ["Mange klik"]
    assert steps[1].markings == 0 and steps[1].friction == 0
    assert first.hours_before == pytest.approx(30 / 60 * 200 * 4) and steps[2].hours_before is None
    summary = selectors.process_summary(process)
    assert (summary.activities, summary.participants, summary.markings, summary.marked_activities) == (3, 3, 4, 2)
    mine = selectors.participant_markings(people[1])
    assert [m.kind for m in mine[activities[0].pk]] == ["meningsloes", "tung"]


def test_burden_from_the_database(process, activities, rebild, leader):
    # Before: 30/60 × 200 × 4 = 400 h and 12/60 × 1000 × 5 = 1000 h; the third has no estimate.
    figures = selectors.process_burden(process)
    assert (figures.activities, figures.estimated) == (3, 2)
    assert (figures.hours_before, figures.hours_after, figures.hours_freed) == pytest.approx((1400, 1400, 0))
    services.decide(activity=activities[0], outcome="fjernes", rationale="Levn", decided_by=leader)
    decision = services.decide(activity=activities[1], outcome="forandres", rationale="Halv tid",
                               after_minutes_per_occurrence=6)
    figures = selectors.process_burden(process)
    # After: 0 + 6/60 × 1000 × 5 = 500 h; freed 900 h.
    assert (figures.hours_before, figures.hours_after, figures.hours_freed) == pytest.approx((1400, 500, 900))
    assert (figures.removed, figures.changed, figures.anchored, figures.undecided) == (1, 1, 0, 1)
    assert figures.freed_share == pytest.approx(900 / 1400)
    # The superseded decision no longer counts.
    services.revise_decision(decision, outcome="forankres", purpose_explained="Bruges af ledelsen")
    assert selectors.process_burden(process).hours_freed == pytest.approx(400)

    other = services.create_process(municipality=rebild, name="Visitation")
    services.add_activity(other, description="Skema", minutes_per_occurrence=60, occurrences_per_year=10, people=3)
    per_process = selectors.municipality_burden(rebild, "process").set_index("process")
    assert per_process.loc["Visitation", "hours_before"] == pytest.approx(30)
    per_area = selectors.municipality_burden(rebild, "omraade")
    assert per_area["hours_before"].sum() == pytest.approx(1430) and per_area["omraade"].isna().sum() == 1
    total = selectors.municipality_burden(rebild, "kommune").iloc[0]
    assert (total["hours_before"], total["hours_freed"]) == pytest.approx((1430, 400))


@pytest.fixture
def register(process, activities, leader):
    municipality = process.municipality
    area = municipality.areas.get(name="Beskæftigelse")
    items = {
        "delvis": services.create_requirement(municipality, title="Registrering af delvis raskmelding",
                                              kind="procedure",
                                              source_type="ukendt", spor=["dok"], area=area),
        "samtale": services.create_requirement(municipality, title="Opfølgningssamtale", kind="regel",
                                               source_type="lov",
                                               reference="sygedagpengeloven § 13", hegnspael=True,
                                               spor=["regler"]),
    }
    for i in range(8):
        items[f"politik{i}"] = services.create_requirement(municipality, title=f"Politik {i}", kind="politik",
                                                           source_type="kommunalbestyrelse", spor=["regler", "maal"])
    services.set_activity_requirements(activities[0], [items["delvis"]])
    services.set_activity_requirements(activities[1], [items["delvis"], items["samtale"]])
    services.decide(requirement=items["delvis"], outcome="fjernes", rationale="Levn fra gammel lov")
    services.decide(requirement=items["samtale"], outcome="forankres", rationale="Loven",
                    purpose_explained="Borgerens ret")
    for i in range(6):
        services.decide(requirement=items[f"politik{i}"], outcome="fjernes", rationale="Overflødig")
    services.decide(activity=activities[0], outcome="fjernes", rationale="Levn", decided_by=leader)
    return items


def test_register_filters(process, register):
    municipality = process.municipality

    def codes(**filters):
        return sorted(r.title for r in selectors.register(municipality, **filters))

    assert len(codes()) == 10
    assert codes(source_type="lov") == ["Opfølgningssamtale"]
    assert codes(spor="dok") == ["Registrering af delvis raskmelding"]
    assert len(codes(spor="maal")) == 8 and len(codes(spor="regler")) == 9
    assert codes(status="forankres") == ["Opfølgningssamtale"]
    assert len(codes(status="fjernes")) == 7 and codes(status="uafklaret") == ["Politik 6", "Politik 7"]
    assert codes(area=municipality.areas.get(name="Beskæftigelse")) == ["Registrering af delvis raskmelding"]
    assert codes(process=process) == ["Opfølgningssamtale", "Registrering af delvis raskmelding"]
    assert codes(hegnspael=True) == ["Opfølgningssamtale"]
    assert codes(search="§ 13") == ["Opfølgningssamtale"]
    item = selectors.register(municipality).get(pk=register["delvis"].pk)
    assert (item.status, item.n_activities) == ("fjernes", 2)


def test_register_counts_before_and_after(process, register):
    counts = {row.key: row for row in selectors.register_counts(process.municipality, by="kind")}
    assert (counts["politik"].before, counts["politik"].after, counts["politik"].undecided) == (8, 2, 2)
    assert (counts["procedure"].before, counts["procedure"].after) == (1, 0)
    assert (counts["i_alt"].label, counts["i_alt"].before, counts["i_alt"].after) == ("I alt", 10, 3)
    by_origin = {row.key: row for row in selectors.register_counts(process.municipality, by="source_type")}
    assert by_origin["ukendt"].removed == 1 and by_origin["lov"].anchored == 1
    filtered = selectors.register_counts(process.municipality, requirements=selectors.register(process.municipality,
                                                                                               spor="maal"))
    assert [(r.key, r.before, r.after) for r in filtered] == [("politik", 8, 2), ("i_alt", 8, 2)]


def test_spor_overview_and_requirement_burden(process, activities, register):
    rows = {row.spor: row for row in selectors.spor_overview(process.municipality)}
    assert list(rows) == ["regler", "maal", "dok", "tillid", "innov"]
    assert (rows["regler"].requirements, rows["regler"].removed, rows["regler"].anchored) == (9, 6, 1)
    # Activity 1 (400 h, fjernes) has spor dok; activity 2 (1000 h, undecided) has dok and regler.
    assert (rows["dok"].hours_before, rows["dok"].hours_freed) == pytest.approx((1400, 400))
    assert (rows["regler"].hours_before, rows["regler"].hours_freed) == pytest.approx((1000, 0))
    assert rows["tillid"].requirements == 0 and rows["tillid"].hours_before == 0
    hours = selectors.requirement_burden(register.values())
    assert hours[register["delvis"].pk].hours_before == pytest.approx(1400)
    assert hours[register["samtale"].pk].hours_before == pytest.approx(1000)
    assert register["politik0"].pk not in hours
    assert Activity.objects.get(pk=activities[0].pk).requirements.count() == 1


def test_decision_log_keeps_every_entry_in_order(process, activities):
    first = services.decide(activity=activities[0], outcome="forandres", rationale="a")
    services.revise_decision(first, outcome="fjernes", rationale="b")
    services.decide(activity=activities[1], outcome="fjernes", rationale="c")
    log = list(selectors.decision_log(process=process))
    assert [d.rationale for d in log] == ["a", "b", "c"]
    assert list(selectors.decision_log(municipality=process.municipality)) == log
    assert selectors.decisions_in_force().count() == 2


def test_empty_process_and_municipality(rebild, aarhus):
    empty = services.create_process(municipality=aarhus, name="Tom")
    assert selectors.journey(empty) == []
    summary = selectors.process_summary(empty)
    assert (summary.activities, summary.burden.hours_before, summary.burden.freed_share) == (0, 0, None)
    total = selectors.municipality_burden(aarhus, "kommune").iloc[0]
    assert (total["activities"], total["hours_freed"]) == (0, 0)
    assert selectors.municipality_burden(rebild, "spor").empty
    assert [(r.key, r.before) for r in selectors.register_counts(aarhus)] == [("i_alt", 0)]
    assert all(row.requirements == 0 and row.hours_freed == 0 for row in selectors.spor_overview(aarhus))
