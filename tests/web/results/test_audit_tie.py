"""Issue 5, item 7: the results of a round show, per spor, the decisions about the register items
tagged with it and the hours freed, for the round's kommune only."""

from __future__ import annotations

import pytest

from frisat.reporting.labels import spor_labels
from frisat.web.audits import services as audits
from frisat.web.organisations.models import Area
from frisat.web.results.audit_tie import item_url, register_url

from .extended_helpers import row, section_html, sections, url
from .helpers import INSTRUMENT, tables, text_of

pytestmark = pytest.mark.django_db
SPOR = spor_labels(INSTRUMENT)


@pytest.fixture
def register(rebild, aarhus, admin):
    """Rebild's register: four items, three decided, and two activities with SCM figures."""
    skole = Area.objects.get(municipality=rebild, name="skole")
    r1 = audits.create_requirement(rebild, title="Dobbeltregistrering af fravær", spor=["regler", "dok"])
    r2 = audits.create_requirement(rebild, title="Skriftlig handleplan", spor=["regler"])
    r3 = audits.create_requirement(rebild, title="Månedlig statusrapport", spor=["tillid"])
    r4 = audits.create_requirement(rebild, title="Tjekliste ved forsøg", spor=["innov"])
    process = audits.create_process(municipality=rebild, name="Fraværsopfølgning", area=skole)
    a1 = audits.add_activity(process, description="Registrér fravær to gange", minutes_per_occurrence=30,
                             occurrences_per_year=100, people=2, requirements=[r1])
    a2 = audits.add_activity(process, description="Skriv statusrapport", minutes_per_occurrence=60,
                             occurrences_per_year=50, people=1, requirements=[r3])
    audits.decide(requirement=r1, outcome="fjernes", rationale="Levn fra en ophævet regel", decided_by=admin)
    audits.decide(requirement=r2, outcome="forankres", rationale="Lovkrav", purpose_explained="Sikrer barnets plan",
                  decided_by=admin)
    audits.decide(requirement=r3, outcome="forandres", rationale="Kortere", decided_by=admin)
    audits.decide(activity=a1, outcome="fjernes", rationale="Unødvendig", decided_by=admin)
    audits.decide(activity=a2, outcome="forandres", rationale="Halv tid", after_minutes_per_occurrence=30,
                  decided_by=admin)
    # another kommune's register item about the same spor: never counted for Rebild
    audits.create_requirement(aarhus, title="AARHUS-KRAV", spor=["regler"])
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4}


def test_decisions_and_hours_freed_per_spor(analyst_client, round_a, register):
    html = analyst_client.get(url(round_a)).content.decode()
    assert sections(html)[-1] == "eftersyn"
    part = section_html(html, "eftersyn")
    assert "AARHUS-KRAV" not in html
    table = tables(html)["Beslutninger og frigjort tid pr. spor"]
    assert table[0] == ["Spor", "Krav i registret", "Fjernes", "Forandres", "Forankres", "Timer pr. år før",
                        "Timer pr. år frigjort"]
    # hours: 30 min × 100 × 2 people = 100 h removed; 60 min × 50 × 1 = 50 h, changed to 30 min = 25 h freed
    assert row(table, SPOR["regler"]) == [SPOR["regler"], "2", "1", "0", "1", "100", "100"]
    assert row(table, SPOR["dok"]) == [SPOR["dok"], "1", "1", "0", "0", "100", "100"]
    assert row(table, SPOR["tillid"]) == [SPOR["tillid"], "1", "0", "1", "0", "50", "25"]
    assert row(table, SPOR["innov"]) == [SPOR["innov"], "1", "0", "0", "0", "0", "0"]
    assert row(table, SPOR["maal"]) == [SPOR["maal"], "0", "0", "0", "0", "0", "0"]
    # the decided items are listed per spor, linked to the register when its pages are installed
    text = text_of(part)
    assert f"fjernes: {register['r1'].code} Dobbeltregistrering af fravær" in text
    assert f"forankres: {register['r2'].code} Skriftlig handleplan" in text
    assert "Tjekliste ved forsøg" not in text                      # undecided: counted, not listed
    link = item_url(register["r1"].pk)
    if link is not None:
        assert f'href="{link}"' in part
        assert register_url(round_a.municipality.pk).replace("&", "&amp;") in part


def test_no_section_without_a_register(analyst_client, round_a):
    assert "eftersyn" not in sections(analyst_client.get(url(round_a)).content.decode())


def test_other_kommunes_register_is_not_used(client, round_b, register):
    from tests.web.helpers import PASSWORD, make_user

    user = make_user("aase", round_b.municipality, role="analytiker")
    client.login(username=user.username, password=PASSWORD)
    html = client.get(url(round_b)).content.decode()
    part = section_html(html, "eftersyn")
    assert "Dobbeltregistrering" not in html
    assert row(tables(html)["Beslutninger og frigjort tid pr. spor"], SPOR["regler"])[1:3] == ["1", "0"]
    assert "AARHUS-KRAV" not in part      # undecided items are not listed
