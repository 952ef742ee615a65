"""Import bombs over HTTP (issue 11, item 4): a logged-in administrator uploads the probe files.

Before the fix a 1.6 kB XLSX took a worker to 3 GB, a DTD gave a 500 and a 17 MB file ran for
minutes. Now every probe gets the form again with a Danish error and nothing is stored.
"""

from __future__ import annotations

import pytest

from tests.io import bombs
from tests.web.helpers import PASSWORD, make_round, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PROBES = [
    ("400mb-celle.xlsx", bombs.big_cell, "Filen er for stor udpakket: over 100 MB"),
    ("363mb-ark.xlsx", bombs.huge_sheet, "Filen er for stor udpakket: over 100 MB"),
    ("laughs.xlsx", bombs.billion_laughs, "DTD"),
    ("xxe.xlsx", bombs.external_entity, "DTD"),
    ("dele.xlsx", bombs.many_members, "for mange dele"),
    ("tekst.xlsx", lambda: bombs.NOT_A_ZIP, "ikke et zip-arkiv"),
]


@pytest.fixture
def admin():
    from frisat.web.organisations.models import Area, Municipality, Unit

    municipality = Municipality.objects.create(name="Rebild")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="skole"), name="Skørping Skole")
    make_user("anna", municipality)
    return municipality


def stored() -> tuple[int, ...]:
    from frisat.web.audits.models import Requirement
    from frisat.web.organisations.models import Area, Municipality, Unit
    from frisat.web.rounds.models import Respondent

    return (Municipality.objects.count(), Area.objects.count(), Unit.objects.count(), Respondent.objects.count(),
            Requirement.objects.count())


def upload_pages(municipality) -> list[str]:
    round = make_round(municipality)
    return ["/organisation/import/", f"/maalinger/{round.pk}/respondenter/",
            f"/eftersyn/register/import/?kommune={municipality.pk}"]


def test_probe_files_are_refused_on_every_import_page(live, admin):
    from django.urls import reverse

    pages = upload_pages(admin)
    assert pages[0] == reverse("organisations:import")
    client = live()
    assert client.login("anna", PASSWORD).status == 302
    before = stored()
    for page in pages:
        assert client.get(page).status == 200, page
    for name, make, message in PROBES:
        for page in pages if name.startswith(("laughs", "400mb")) else pages[:1]:
            result = client.post_multipart(page, {}, {"file": (name, make())})
            assert result.status == 200, (page, name, result.status)
            assert "intet er indlæst" in result.text and message in result.text, (page, name)
    assert stored() == before


def test_a_huge_declared_dimension_imports_normally(live, admin, settings):
    settings.FRISAT_IMPORT_MEMORY_MB = 300
    client = live()
    client.login("anna", PASSWORD)
    data = bombs.declared_dimension([["kommune", "omraade", "enhed"], ["Rebild", "skole", "Ny Skole"]])
    result = client.post_multipart("/organisation/import/", {}, {"file": ("org.xlsx", data)})
    assert result.status == 302, result.text[:2000]
    from frisat.web.organisations.models import Unit

    assert Unit.objects.filter(name="Ny Skole").exists()


def test_an_oversized_upload_is_refused_before_parsing(live, admin, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 1024 * 1024
    client = live()
    client.login("anna", PASSWORD)
    result = client.post_multipart("/organisation/import/", {}, {"file": ("lang.csv", bombs.long_line_csv(2))})
    assert result.status == 200 and "Filen er for stor" in result.text
    assert stored()[2] == 1
