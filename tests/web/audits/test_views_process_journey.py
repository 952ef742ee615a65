"""The process and journey pages (:mod:`frisat.web.audits.views.process_journey`): the list,
creating and editing a process, adding, editing, moving and deleting activities, and their origin in the
register (with an inline register item)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from frisat.web.audits import services
from frisat.web.audits.models import Activity, Process, Requirement
from tests.web.audits.helpers import journey_url, orders, page

pytestmark = pytest.mark.django_db


# -- processes and the journey ----------------------------------------------------------------------


def test_process_list_and_create(staff, rebild):
    assert "Der er endnu ingen friktionseftersyn" in page(staff.get(reverse("audits:list")))
    response = staff.post(reverse("audits:create"), {
        "municipality": rebild.pk, "name": "Visitation til hjemmepleje", "area": rebild.areas.get(name="Ældre").pk,
        "purpose": "Borgeren får den rette hjælp", "start": "Henvendelse", "end": "Afgørelse", "owner": "Leder"})
    process = Process.objects.get(name="Visitation til hjemmepleje")
    assert response.status_code == 302 and response["Location"] == journey_url(process)
    assert process.municipality == rebild and process.area.name == "Ældre" and process.status == "kortlaegning"
    listing = page(staff.get(reverse("audits:list")))
    assert "Visitation til hjemmepleje" in listing and "Kortlægning" in listing


def test_create_refuses_blank_name_and_other_kommunes_area(staff, rebild, aarhus):
    response = staff.post(reverse("audits:create"), {"municipality": rebild.pk, "name": "  "})
    assert response.status_code == 200 and "Der er fejl i formularen" in response.content.decode()
    response = staff.post(reverse("audits:create"), {"municipality": rebild.pk, "name": "Snyd",
                                                     "area": aarhus.areas.get().pk})
    assert response.status_code == 200
    assert not Process.objects.exists()


def test_edit_process_changes_phase(staff, process):
    response = staff.post(reverse("audits:edit", args=[process.pk]), {
        "name": process.name, "purpose": "Nyt formål", "start": "", "end": "", "owner": "", "status": "markering"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.status == "markering" and process.purpose == "Nyt formål"
    assert "Markering" in page(staff.get(journey_url(process)))


def test_journey_shows_activities_in_order_with_frictions_and_hours(staff, process, activities):
    link = services.create_marking_link(process)
    for kinds in (["belastende", "tung"], ["belastende"], ["meningsloes"]):
        participant = services.join_marking(link.link).participant
        for kind in kinds:
            services.mark_activity(participant, activities[0], kind=kind, category="systemarbejde",
                                   comment="Alt for mange klik")
    html = page(staff.get(journey_url(process)))
    positions = [html.index(escape(a.description)) for a in activities]
    assert positions == sorted(positions)
    # Counts per kind with their words (not colour alone): 2 × belastende, 1 × tung, 0 × unødvendig, 1 × meningsløs.
    card = html[html.index(f'id="aktivitet-{activities[0].pk}"'):html.index(f'id="aktivitet-{activities[1].pk}"')]
    for kind, word, count in (("belastende", "belastende", 2), ("tung", "tung", 1), ("unoedvendig", "unødvendig", 0),
                              ("meningsloes", "meningsløs", 1)):
        assert f'{word} <span class="count" data-count="{kind}">{count}</span>' in card
    assert "3 deltagere har markeret" in card
    assert "systemtilfredsstillelse/systemarbejde (4)" in card  # one per marking
    # 30 min × 200 × 4 = 400 hours; 12 × 1000 × 5 / 60 = 1000 hours; total 1400 before, nothing decided yet.
    assert "400,0" in card
    assert '<span class="figure">1.400</span>' in html
    assert "2 af 3 aktiviteter har et tidsestimat" in html


def test_add_activity_inline_and_reject_negative_figures(staff, process, activities):
    url = reverse("audits:activity_add", args=[process.pk])
    response = staff.post(url, {"description": "Selvbook (inkl. fritagelse)", "channel": "telefon",
                                "performed_by": "borger", "minutes_per_occurrence": "7,5",
                                "occurrences_per_year": "", "people": ""})
    added = Activity.objects.get(description="Selvbook (inkl. fritagelse)")
    assert response.status_code == 302 and response["Location"].endswith(f"#aktivitet-{added.pk}")
    assert added.order == 4 and added.minutes_per_occurrence == Decimal("7.50")
    before = orders(process)
    response = staff.post(url, {"description": "Negativ", "minutes_per_occurrence": "-5"})
    assert response.status_code == 200 and "må ikke være negativ" in response.content.decode()
    response = staff.post(url, {"description": "Tekst", "people": "mange"})
    assert response.status_code == 200 and "skal være et tal" in response.content.decode()
    assert orders(process) == before


def test_move_activities_earlier_and_later_keeps_a_contiguous_order(staff, process, activities):
    first, second, third = activities
    response = staff.post(reverse("audits:activity_move", args=[third.pk]), {"direction": "earlier"})
    assert response.status_code == 302 and response["Location"].endswith(f"#aktivitet-{third.pk}")
    assert orders(process) == [first.description, third.description, second.description]
    staff.post(reverse("audits:activity_move", args=[first.pk]), {"direction": "later"})
    assert orders(process) == [third.description, first.description, second.description]
    # Moving the first earlier or the last later changes nothing; a bad direction is refused.
    staff.post(reverse("audits:activity_move", args=[third.pk]), {"direction": "earlier"})
    assert staff.post(reverse("audits:activity_move", args=[third.pk]), {"direction": "op"}).status_code == 400
    assert orders(process) == [third.description, first.description, second.description]
    assert sorted(process.activities.values_list("order", flat=True)) == [1, 2, 3]
    assert staff.get(reverse("audits:activity_move", args=[third.pk])).status_code == 405


def test_edit_activity_figures(staff, process, activities):
    activity = activities[2]
    html = page(staff.get(reverse("audits:activity", args=[activity.pk])))
    assert escape(activity.description) in html
    response = staff.post(reverse("audits:activity", args=[activity.pk]), {
        "description": activity.description, "channel": "møde", "performed_by": "teamkoordinator",
        "minutes_per_occurrence": "45", "occurrences_per_year": "40", "people": "6"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.minutes_per_occurrence, activity.occurrences_per_year, activity.people) == (45, 40, 6)


def test_delete_activity_is_refused_once_decided(staff, process, activities):
    services.decide(activity=activities[0], outcome="forankres", rationale="Skal være der",
                    purpose_explained="Borgerens retssikkerhed")
    staff.post(reverse("audits:activity_delete", args=[activities[0].pk]))
    assert Activity.objects.filter(pk=activities[0].pk).exists()
    assert staff.post(reverse("audits:activity_delete", args=[activities[1].pk])).status_code == 302
    assert orders(process) == [activities[0].description, activities[2].description]


# -- origin ----------------------------------------------------------------------------------------


def test_origin_links_existing_and_creates_a_requirement_inline(staff, process, activities, rebild):
    existing = services.create_requirement(rebild, title="Opfølgningssamtaler", kind="regel", source_type="lov",
                                           reference="sygedagpengeloven § 13", hegnspael=True)
    url = reverse("audits:activity_origin", args=[activities[0].pk])
    assert "sygedagpengeloven § 13" in page(staff.get(url))
    response = staff.post(url, {
        "requirements": [existing.pk], "nyt-title": "Registrering af delvis raskmelding", "nyt-kind": "procedure",
        "nyt-source_type": "ukendt", "nyt-reference": "", "nyt-tilbageloeb_status": "ingen",
        "nyt-tilbageloeb": "", "nyt-spor": ["dok", "regler"], "nyt-area": ""})
    assert response.status_code == 302
    created = Requirement.objects.get(title="Registrering af delvis raskmelding")
    assert created.municipality == rebild and created.source_type == "ukendt" and created.tilbageloeb_status == "ingen"
    assert created.spor == ["regler", "dok"] and created.code == "R-0002"
    assert set(activities[0].requirements.all()) == {existing, created}
    html = page(staff.get(journey_url(process)))
    assert "R-0002 Registrering af delvis raskmelding" in html and "hegnspæl" in html


def test_origin_with_a_bad_new_requirement_changes_nothing(staff, process, activities, rebild):
    existing = services.create_requirement(rebild, title="Eksisterende")
    url = reverse("audits:activity_origin", args=[activities[0].pk])
    response = staff.post(url, {"requirements": [existing.pk], "nyt-title": "x" * 301, "nyt-kind": "regel",
                                "nyt-source_type": "lov", "nyt-tilbageloeb_status": "ukendt"})
    assert response.status_code == 200
    assert Requirement.objects.count() == 1 and not activities[0].requirements.exists()
    other = services.create_requirement(
        services.create_process(municipality=rebild, name="x").municipality, title="Andet")  # same kommune: allowed
    response = staff.post(url, {"requirements": [other.pk, 987654]})
    assert response.status_code == 200 and not activities[0].requirements.exists()
