"""Decisions, the read-only decision log and ideas (:mod:`frisat.web.audits.views.decisions`), with
the hours freed checked against a hand computation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from frisat.web.audits import services
from frisat.web.audits.models import Decision, Idea, Iteration
from tests.web.audits.helpers import journey_url, page

pytestmark = pytest.mark.django_db


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
    municipality_log = page(staff.get(reverse("audits:municipality_decision_log"), {"kommune": rebild.pk}))
    assert municipality_log.count('class="log-entry') == 3


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
