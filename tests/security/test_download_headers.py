"""Downloads with data are never cached (issue 11, item 6): ``Cache-Control: no-store`` on every
file a staff user can download — results, register, survey links, audit summaries."""

from __future__ import annotations

import pytest

from frisat.web.audits import services as audit_services
from frisat.web.results.exports import KINDS
from frisat.web.rounds import services as round_services
from tests.web.helpers import PASSWORD, make_round, make_user
from tests.web.results.helpers import fill_round, make_municipality, unit_named

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(db):
    municipality = make_municipality("Rebild")
    round = make_round(municipality, anonymous=False, min_n=5)
    fill_round(round)
    round_services.add_respondent(round, unit=unit_named(municipality, "skole", "Skørping Skole"), group="medarbejder",
                                  email="ida@example.dk")
    user = make_user("anna", municipality)
    process = audit_services.create_process(municipality=municipality, name="Visitation", purpose="Hjælp i tide",
                                            start="Ansøgning", end="Afgørelse", owner="Leder",
                                            area=municipality.areas.get(name="skole"), created_by=user)
    audit_services.add_activity(process, description="Registrering", channel="fagsystem", performed_by="visitator",
                                minutes_per_occurrence=10, occurrences_per_year=100, people=2)
    return {"kommune": municipality, "maaling": round, "process": process}


def _assert_not_stored(response, what):
    assert response.status == 200, (what, response.status)
    assert response.header("content-disposition"), what
    assert "no-store" in (response.header("cache-control") or ""), what


def test_every_download_says_no_store(live, setup):
    client = live()
    assert client.login("anna", PASSWORD).status == 302
    round, process, municipality = setup["maaling"], setup["process"], setup["kommune"]
    # every kind goes through the same view; the PDF and SPSS files only add seconds here
    for kind in ("besvarelser.csv", "summary.csv", "resultater.xlsx"):
        assert kind in KINDS
        _assert_not_stored(client.get(f"/resultater/{round.pk}/hent/{kind}?boelge={round.pk}"), kind)
    for fmt in ("csv", "xlsx"):
        _assert_not_stored(client.get(f"/eftersyn/register/eksport.{fmt}"), f"register {fmt}")
    for path in (f"/eftersyn/{process.pk}/resume.html", f"/eftersyn/kommune/{municipality.pk}/resume.html"):
        _assert_not_stored(client.get(path), path)
    _assert_not_stored(client.post(f"/maalinger/{round.pk}/links/", {}), "links")
