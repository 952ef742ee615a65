"""Downloads with data are never cached (issue 11, item 6): ``Cache-Control: no-store`` on every
file a staff user can download — results, register, survey links, audit summaries."""

from __future__ import annotations

import pytest

from frisat.web.audits import services as audit_services
from frisat.web.results.exports import KINDS
from frisat.web.rounds import services as round_services
from tests.web.results.helpers import fill_round, make_kommune, unit
from tests.web.staff.helpers import PASSWORD, make_round, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(db):
    kommune = make_kommune("Rebild")
    maaling = make_round(kommune, anonymous=False, min_n=5)
    fill_round(maaling)
    round_services.add_respondent(maaling, enhed=unit(kommune, "skole", "Skørping Skole"), gruppe="medarbejder",
                                  email="ida@example.dk")
    user = make_user("anna", kommune)
    process = audit_services.create_process(kommune=kommune, name="Visitation", purpose="Hjælp i tide",
                                            start="Ansøgning", end="Afgørelse", owner="Leder",
                                            omraade=kommune.omraader.get(name="skole"), created_by=user)
    audit_services.add_activity(process, description="Registrering", channel="fagsystem", performed_by="visitator",
                                minutes_per_occurrence=10, occurrences_per_year=100, people=2)
    return {"kommune": kommune, "maaling": maaling, "process": process}


def _assert_not_stored(response, what):
    assert response.status == 200, (what, response.status)
    assert response.header("content-disposition"), what
    assert "no-store" in (response.header("cache-control") or ""), what


def test_every_download_says_no_store(live, setup):
    client = live()
    assert client.login("anna", PASSWORD).status == 302
    maaling, process, kommune = setup["maaling"], setup["process"], setup["kommune"]
    # every kind goes through the same view; the PDF and SPSS files only add seconds here
    for kind in ("besvarelser.csv", "summary.csv", "resultater.xlsx"):
        assert kind in KINDS
        _assert_not_stored(client.get(f"/resultater/{maaling.pk}/hent/{kind}?boelge={maaling.pk}"), kind)
    for fmt in ("csv", "xlsx"):
        _assert_not_stored(client.get(f"/eftersyn/register/eksport.{fmt}"), f"register {fmt}")
    for path in (f"/eftersyn/{process.pk}/resume.html", f"/eftersyn/kommune/{kommune.pk}/resume.html"):
        _assert_not_stored(client.get(path), path)
    _assert_not_stored(client.post(f"/maalinger/{maaling.pk}/links/", {}), "links")
