"""The friktionseftersyn staff pages through the Django test client: the journey, adding, editing
and moving activities, origin with an inline register item, decisions (with the hours freed checked
against a hand computation), the read-only decision log, ideas, the register with filters, export
and all-or-nothing import, and the burden overview.

Fixtures ``rebild``, ``aarhus``, ``leader``, ``process`` and ``activities`` come from conftest.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from frisat.web.audits import services
from frisat.web.audits.models import Activity, Decision, Idea, Iteration, Process, Requirement
from tests.web.staff.helpers import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def staff(client, leader):
    client.force_login(leader)
    return client


def journey_url(process) -> str:
    return reverse("audits:journey", args=[process.pk])


def orders(process) -> list[str]:
    return list(process.activities.order_by("order").values_list("description", flat=True))


# -- processes and the journey ----------------------------------------------------------------------


def test_process_list_and_create(staff, rebild):
    assert "Der er endnu ingen friktionseftersyn" in page(staff.get(reverse("audits:list")))
    response = staff.post(reverse("audits:create"), {
        "kommune": rebild.pk, "name": "Visitation til hjemmepleje", "omraade": rebild.omraader.get(name="Ældre").pk,
        "purpose": "Borgeren får den rette hjælp", "start": "Henvendelse", "end": "Afgørelse", "owner": "Leder"})
    process = Process.objects.get(name="Visitation til hjemmepleje")
    assert response.status_code == 302 and response["Location"] == journey_url(process)
    assert process.kommune == rebild and process.omraade.name == "Ældre" and process.status == "kortlaegning"
    listing = page(staff.get(reverse("audits:list")))
    assert "Visitation til hjemmepleje" in listing and "Kortlægning" in listing


def test_create_refuses_blank_name_and_other_kommunes_area(staff, rebild, aarhus):
    response = staff.post(reverse("audits:create"), {"kommune": rebild.pk, "name": "  "})
    assert response.status_code == 200 and "Der er fejl i formularen" in response.content.decode()
    response = staff.post(reverse("audits:create"), {"kommune": rebild.pk, "name": "Snyd",
                                                     "omraade": aarhus.omraader.get().pk})
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


# -- origin and the register ------------------------------------------------------------------------


def test_origin_links_existing_and_creates_a_requirement_inline(staff, process, activities, rebild):
    existing = services.create_requirement(rebild, title="Opfølgningssamtaler", kind="regel", source_type="lov",
                                           reference="sygedagpengeloven § 13", hegnspael=True)
    url = reverse("audits:activity_origin", args=[activities[0].pk])
    assert "sygedagpengeloven § 13" in page(staff.get(url))
    response = staff.post(url, {
        "requirements": [existing.pk], "nyt-title": "Registrering af delvis raskmelding", "nyt-kind": "procedure",
        "nyt-source_type": "ukendt", "nyt-reference": "", "nyt-tilbageloeb_status": "ingen",
        "nyt-tilbageloeb": "", "nyt-spor": ["dok", "regler"], "nyt-omraade": ""})
    assert response.status_code == 302
    created = Requirement.objects.get(title="Registrering af delvis raskmelding")
    assert created.kommune == rebild and created.source_type == "ukendt" and created.tilbageloeb_status == "ingen"
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
        services.create_process(kommune=rebild, name="x").kommune, title="Andet")  # same kommune: allowed
    response = staff.post(url, {"requirements": [other.pk, 987654]})
    assert response.status_code == 200 and not activities[0].requirements.exists()


def test_register_filters_counts_and_requirement_page(staff, process, activities, rebild):
    politik = [services.create_requirement(rebild, title=f"Politik {i}", kind="politik",
                                           source_type="kommunalbestyrelse", spor=["regler"]) for i in range(4)]
    lov = services.create_requirement(rebild, title="Journalisering", kind="dokumentationskrav", source_type="lov",
                                      reference="offentlighedsloven § 15", hegnspael=True, spor=["dok"])
    for item in politik[:3]:
        services.decide(requirement=item, outcome="fjernes", rationale="Ingen bruger den")
    html = page(staff.get(reverse("audits:register")))
    assert "Politik 0" in html and "Journalisering" in html and "offentlighedsloven § 15" in html
    # Counts before/after: politik 4 → 1; in all 5 → 2.
    assert "<th scope=\"row\">Politik</th><td class=\"num\">4</td><td class=\"num\">1</td>" in html
    assert "<th scope=\"row\">I alt</th><td class=\"num\">5</td><td class=\"num\">2</td>" in html
    filtered = page(staff.get(reverse("audits:register"), {"kommune": rebild.pk, "source_type": "lov"}))
    assert "Journalisering" in filtered and "Politik 0" not in filtered
    by_status = page(staff.get(reverse("audits:register"), {"kommune": rebild.pk, "status": "fjernes"}))
    assert "Politik 0" in by_status and "Politik 3" not in by_status
    by_spor = page(staff.get(reverse("audits:register"), {"kommune": rebild.pk, "spor": "dok", "by": "spor"}))
    assert "Journalisering" in by_spor and "Politik 1" not in by_spor
    assert staff.get(reverse("audits:register"), {"kommune": rebild.pk, "status": "hemmelig"}).status_code == 400
    detail = page(staff.get(reverse("audits:requirement", args=[lov.pk])))
    assert "offentlighedsloven § 15" in detail and "kravet skal blive" in detail


def test_requirement_create_and_edit(staff, rebild):
    response = staff.post(reverse("audits:requirement_create") + f"?kommune={rebild.pk}", {
        "title": "Ugentlig status til ledelsen", "code": "", "kind": "procedure", "source_type": "forvaltning",
        "reference": "", "tilbageloeb_status": "ukendt", "spor": ["dok"]})
    requirement = Requirement.objects.get()
    assert response.status_code == 302 and requirement.code == "R-0001" and requirement.source_type == "forvaltning"
    response = staff.post(reverse("audits:requirement", args=[requirement.pk]), {
        "title": "Ugentlig status", "code": "K-7", "kind": "procedure", "source_type": "lokal_praksis",
        "reference": "", "tilbageloeb_status": "ingen", "tilbageloeb": "Ingen læser den", "spor": []})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert (requirement.title, requirement.code, requirement.tilbageloeb_status) == ("Ugentlig status", "K-7", "ingen")
    # A duplicate id is refused and changes nothing.
    services.create_requirement(rebild, title="Andet", code="K-8")
    response = staff.post(reverse("audits:requirement", args=[requirement.pk]), {
        "title": "Omdøbt", "code": "K-8", "kind": "procedure", "source_type": "lokal_praksis",
        "tilbageloeb_status": "ingen"})
    assert response.status_code == 200 and "findes allerede" in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.title == "Ugentlig status"


def test_register_export_xlsx_and_csv(staff, rebild):
    services.create_requirement(rebild, title="Serviceniveau for rengøring", kind="politik",
                                source_type="kommunalbestyrelse", reference="KB 2019-03-12")
    response = staff.get(reverse("audits:register_export", args=["csv"]), {"kommune": rebild.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0]["Titel"] == "Serviceniveau for rengøring" and rows[0]["Hjemmel/reference"] == "KB 2019-03-12"
    response = staff.get(reverse("audits:register_export", args=["xlsx"]), {"kommune": rebild.pk})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == "Serviceniveau for rengøring" and sheet.cell(row=1, column=1).font.bold
    assert staff.get(reverse("audits:register_export", args=["pdf"]), {"kommune": rebild.pk}).status_code == 404


def test_register_import_is_all_or_nothing_and_lists_errors(staff, rebild):
    services.create_requirement(rebild, title="Gammel titel", code="R-0001")
    url = reverse("audits:register_import") + f"?kommune={rebild.pk}"
    bad = csv_bytes("Id;Titel;Type;Oprindelse\nR-0001;Ny titel;politik;lov\n;;regel;lov\nR-0009;Ok;forkert;lov\n")
    response = staff.post(url, {"file": upload("register.csv", bad)})
    html = response.content.decode()
    assert response.status_code == 200 and "intet er indlæst" in html
    assert "Række 3" in html and "Række 4" in html
    assert Requirement.objects.get().title == "Gammel titel" and Requirement.objects.count() == 1
    good = xlsx_bytes([["Id", "Titel", "Type", "Oprindelse"], ["R-0001", "Ny titel", "politik", "lov"],
                       ["", "Helt nyt krav", "regel", "ukendt"]])
    response = staff.post(url, {"file": upload("register.xlsx", good)})
    assert response.status_code == 302
    assert set(Requirement.objects.values_list("code", "title")) == {("R-0001", "Ny titel"),
                                                                      ("R-0002", "Helt nyt krav")}


def test_register_import_refuses_oversized_file(staff, rebild, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 100
    content = csv_bytes("Titel\n" + "Et krav med en lang titel\n" * 20)
    response = staff.post(reverse("audits:register_import") + f"?kommune={rebild.pk}",
                          {"file": upload("register.csv", content)})
    assert response.status_code == 200 and "for stor" in response.content.decode()
    assert not Requirement.objects.exists()


# -- decisions ----------------------------------------------------------------------------------------


def decide_url(activity) -> str:
    return reverse("audits:activity_decide", args=[activity.pk])


def test_fjernes_with_figures_frees_the_hours(staff, process, activities):
    activity = activities[2]  # no estimate yet: the leader enters the figures with the decision
    response = staff.post(decide_url(activity), {
        "outcome": "fjernes", "rationale": "Levn fra en lovændring", "owner": "Funktionsleder",
        "decided_on": "2026-03-02", "minutes_per_occurrence": "20", "occurrences_per_year": "150", "people": "8"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.decided_on, decision.owner) == ("fjernes", dt.date(2026, 3, 2), "Funktionsleder")
    assert decision.decided_by_name == "Lene Leder"
    html = page(staff.get(journey_url(process)))
    # 20/60 × 150 × 8 = 400 hours removed; before 400 + 400 + 1000 = 1800, after 1400, freed 400.
    assert '<span class="figure">1.800</span>' in html and '<span class="figure">1.400</span>' in html
    assert '<span class="figure" id="hours-freed">400</span>' in html
    assert "Beslutning: fjernes" in html  # the badge in words (its symbol is hidden from screen readers)


def test_forandres_uses_the_after_figures(staff, process, activities):
    staff.post(decide_url(activities[1]), {
        "outcome": "forandres", "rationale": "Én registrering i stedet for to", "decided_on": "2026-03-02",
        "minutes_per_occurrence": "12", "occurrences_per_year": "1000", "people": "5",
        "after_minutes_per_occurrence": "3", "after_occurrences_per_year": "", "after_people": ""})
    activities[1].refresh_from_db()
    assert activities[1].after_minutes_per_occurrence == 3 and activities[1].after_people is None
    html = page(staff.get(journey_url(process)))
    # 1000 h before → 3/60 × 1000 × 5 = 250 h after: 750 freed.
    assert '<span class="figure" id="hours-freed">750</span>' in html


def test_bad_decisions_change_nothing(staff, process, activities, rebild):
    activity = activities[0]
    cases = [
        {"outcome": "forankres", "rationale": "Skal være der", "decided_on": "2026-03-02"},  # purpose missing
        {"outcome": "fjernes", "rationale": "", "decided_on": "2026-03-02"},
        {"outcome": "slettes", "rationale": "x", "decided_on": "2026-03-02"},
        {"outcome": "fjernes", "rationale": "x", "decided_on": "2026-03-02", "after_people": "2"},
        {"outcome": "forandres", "rationale": "x", "decided_on": "2026-03-02", "minutes_per_occurrence": "-1"},
        {"outcome": "fjernes", "rationale": "x", "decided_on": "igår"},
    ]
    for data in cases:
        response = staff.post(decide_url(activity), {"minutes_per_occurrence": "30", "occurrences_per_year": "200",
                                                     "people": "4", **data})
        assert response.status_code == 200, data
        assert "Der er fejl i formularen" in response.content.decode(), data
    assert not Decision.objects.exists()
    activity.refresh_from_db()
    assert activity.minutes_per_occurrence == 30  # the figures typed with a refused decision are not stored
    hegnspael = services.create_requirement(rebild, title="Journalisering", source_type="lov", hegnspael=True)
    response = staff.post(reverse("audits:requirement_decide", args=[hegnspael.pk]),
                          {"outcome": "fjernes", "rationale": "x", "decided_on": "2026-03-02"})
    assert response.status_code == 200 and "hegnspæl" in response.content.decode()
    assert not Decision.objects.exists()


def test_figures_are_not_saved_when_the_decision_is_refused(staff, activities):
    activity = activities[2]
    response = staff.post(decide_url(activity), {"outcome": "forankres", "rationale": "x", "decided_on": "2026-03-02",
                                                 "minutes_per_occurrence": "10", "occurrences_per_year": "10",
                                                 "people": "1"})
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.minutes_per_occurrence is None


def test_changed_decision_appends_to_the_read_only_log(staff, process, activities, rebild):
    activity = activities[0]
    staff.post(decide_url(activity), {"outcome": "forandres", "rationale": "Færre klik", "decided_on": "2026-03-02",
                                      "minutes_per_occurrence": "30", "occurrences_per_year": "200", "people": "4",
                                      "after_minutes_per_occurrence": "10"})
    staff.post(decide_url(activity), {"outcome": "fjernes", "rationale": "Helt unødvendigt", "decided_on": "2026-03-09",
                                      "minutes_per_occurrence": "30", "occurrences_per_year": "200", "people": "4"})
    first, second = Decision.objects.order_by("created_at", "pk")
    assert (first.outcome, second.outcome, second.supersedes_id) == ("forandres", "fjernes", first.pk)
    assert "beslutning: forandres → fjernes" in second.change_note
    requirement = services.create_requirement(rebild, title="Kvartalsrapport", kind="dokumentationskrav")
    activity.requirements.add(requirement)
    services.decide(requirement=requirement, outcome="fjernes", rationale="Ingen læser den")
    log_url = reverse("audits:decision_log", args=[process.pk])
    html = page(staff.get(log_url))
    assert html.count('class="log-entry') == 3 and html.count("log-entry superseded") == 1
    assert "Færre klik" in html and "Helt unødvendigt" in html and "Kvartalsrapport" in html
    assert "Lene Leder" in html and "beslutning: forandres → fjernes" in html
    assert staff.post(log_url, {"rationale": "omskrevet"}).status_code == 405
    assert Decision.objects.count() == 3
    kommune_log = page(staff.get(reverse("audits:kommune_decision_log"), {"kommune": rebild.pk}))
    assert kommune_log.count('class="log-entry') == 3


# -- ideas ----------------------------------------------------------------------------------------------


def test_ideas_and_iterations(staff, process, activities):
    url = reverse("audits:ideas", args=[process.pk])
    response = staff.post(url, {"title": "Én registrering i fagsystemet", "description": "", "owner": "Team 2",
                                "status": "prototype", "activities": [activities[1].pk]})
    idea = Idea.objects.get()
    assert response.status_code == 302 and list(idea.activities.all()) == [activities[1]]
    idea_url = reverse("audits:idea", args=[idea.pk])
    response = staff.post(idea_url, {"form": "iteration", "iteration-date": "2026-03-16",
                                     "iteration-tried": "Afprøvet i team 2 i to uger",
                                     "iteration-result": "Halvdelen af tiden sparet"})
    assert response.status_code == 302
    assert Iteration.objects.get().result == "Halvdelen af tiden sparet"
    response = staff.post(idea_url, {"form": "iteration", "iteration-date": "2026-03-16", "iteration-tried": ""})
    assert response.status_code == 200 and Iteration.objects.count() == 1
    staff.post(idea_url, {"form": "idea", "idea-title": idea.title, "idea-status": "indfoert",
                          "idea-activities": [activities[1].pk]})
    idea.refresh_from_db()
    assert idea.status == "indfoert"
    html = page(staff.get(url))
    assert "Én registrering i fagsystemet" in html and "Indført" in html


# -- burden overview and links ---------------------------------------------------------------------------


def test_overview_per_process_and_area(staff, process, activities, rebild):
    services.decide(activity=activities[0], outcome="fjernes", rationale="x")
    other = services.create_process(kommune=rebild, name="Uden område")
    services.add_activity(other, description="Skema", minutes_per_occurrence=60, occurrences_per_year=10, people=3)
    html = page(staff.get(reverse("audits:overview")))
    # Kommune: 400 + 1000 + 30 = 1430 before, 400 freed.
    assert '<span class="figure">1.430</span>' in html and '<span class="figure">400</span>' in html
    assert "Sygedagpengeopfølgning" in html and "Beskæftigelse" in html and "Uden område" in html
    assert "nan" not in html


def test_marking_link_is_shown_once(staff, process):
    response = staff.post(reverse("audits:links", args=[process.pk]), {"label": "Workshop 12. marts", "anonymous": "1"})
    html = page(response)
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    start = html.index('id="marking-link">') + len('id="marking-link">')
    url = html[start:html.index("<", start)]
    assert "/eftersyn/m/" in url
    listing = page(staff.get(reverse("audits:links", args=[process.pk])))
    assert "Workshop 12. marts" in listing and url not in listing
    link = process.marking_links.get()
    staff.post(reverse("audits:link_close", args=[link.pk]))
    link.refresh_from_db()
    assert link.closed_at is not None


def test_every_page_renders_for_the_leader(staff, process, activities, rebild):
    requirement = services.create_requirement(rebild, title="Journalisering", source_type="lov")
    activities[0].requirements.add(requirement)
    services.decide(activity=activities[0], outcome="forankres", rationale="Skal være der",
                    purpose_explained="Borgerens retssikkerhed")
    idea = services.add_idea(process, title="Færre klik")
    a, p, r = activities[0].pk, process.pk, requirement.pk
    for name, args in [("audits:list", []), ("audits:create", []), ("audits:journey", [p]), ("audits:edit", [p]),
                       ("audits:activity_add", [p]), ("audits:links", [p]), ("audits:workshop", [p]),
                       ("audits:decision_log", [p]), ("audits:ideas", [p]), ("audits:idea", [idea.pk]),
                       ("audits:activity", [a]), ("audits:activity_origin", [a]), ("audits:activity_decide", [a]),
                       ("audits:activity_delete", [a]), ("audits:activity_delete", [activities[1].pk]),
                       ("audits:register", []), ("audits:register_import", []), ("audits:requirement_create", []),
                       ("audits:requirement", [r]), ("audits:requirement_decide", [r]), ("audits:overview", []),
                       ("audits:kommune_decision_log", [])]:
        html = page(staff.get(reverse(name, args=args)))
        assert "<h1>" in html and 'aria-current="page">Friktionseftersyn' in html, name
    html = page(staff.get(reverse("audits:activity_decide", args=[a])))
    # The form starts from the decision in force.
    assert re.search(r'<input[^>]*value="forankres"[^>]*checked', html) and "Borgerens retssikkerhed</textarea>" in html
