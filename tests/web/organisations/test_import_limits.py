"""Imports that cannot exhaust the server (issue 11, item 4): the probe files on the three import pages.

Every refused file gives the form again (200) with a Danish error and changes nothing; a legitimate
file whose header claims A1:XFD1048576 imports, even with the import child held to 300 MB.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from frisat.core.errors import ValidationFailed
from frisat.web.audits.models import Requirement
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds.models import Respondent
from tests.io import bombs
from tests.web.helpers import csv_bytes, make_round, upload

PROBES = {
    "400mb-celle": (bombs.big_cell, "for stor udpakket: over 100 MB"),
    "363mb-ark": (bombs.huge_sheet, "for stor udpakket: over 100 MB"),
    "billion-laughs": (bombs.billion_laughs, "DTD"),
    "ekstern-entitet": (bombs.external_entity, "DTD"),
    "mange-dele": (bombs.many_members, "for mange dele"),
    "ikke-zip": (lambda: bombs.NOT_A_ZIP, "ikke et zip-arkiv"),
    "bred": (bombs.wide_cell, "over 1.000 kolonner"),
}


def counts() -> tuple[int, ...]:
    return (Municipality.objects.count(), Area.objects.count(), Unit.objects.count(), Respondent.objects.count(),
            Requirement.objects.count())


@pytest.fixture
def pages(rebild, admin_a):
    round = make_round(rebild)
    return {"org": reverse("organisations:import"),
            "respondents": reverse("rounds:import", args=[round.pk]),
            "register": reverse("audits:register_import") + f"?kommune={rebild.pk}"}


CASES = [("org", probe) for probe in PROBES] + [(page, probe) for page in ("respondents", "register")
                                                 for probe in ("400mb-celle", "billion-laughs", "363mb-ark")]


@pytest.mark.parametrize(("page", "probe"), CASES)
def test_probe_files_are_refused_with_a_danish_error(client, admin_a, pages, page, probe):
    make, message = PROBES[probe]
    client.force_login(admin_a)
    before = counts()
    response = client.post(pages[page], {"file": upload(f"{probe}.xlsx", make())})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'role="alert"' in text and "intet er indlæst" in text
    assert message in text
    assert counts() == before


def test_declared_dimension_imports_within_a_small_memory_limit(client, admin_a, rebild, settings):
    settings.FRISAT_IMPORT_MEMORY_MB = 300  # padding to 16,384 × 1,048,576 cells would need gigabytes
    client.force_login(admin_a)
    data = bombs.declared_dimension([["kommune", "omraade", "enhed"], ["Rebild", "skole", "Ny Skole"]])
    response = client.post(reverse("organisations:import"), {"file": upload("org.xlsx", data)})
    assert response.status_code == 302
    assert Unit.objects.filter(name="Ny Skole", area__municipality=rebild).exists()


def test_csv_limits_are_danish(settings):
    settings.FRISAT_IMPORT_MAX_ROWS = 3
    with pytest.raises(ValidationFailed, match="over 3 rækker"):
        read_table(csv_bytes("kommune;omraade;enhed\n" + "Rebild;skole;X\n" * 5), "org.csv")
    settings.FRISAT_IMPORT_MAX_ROWS = 1000
    settings.FRISAT_IMPORT_MAX_CELLS = 10
    with pytest.raises(ValidationFailed, match="over 10 celler"):
        read_table(csv_bytes("kommune;omraade;enhed\n" + "Rebild;skole;X\n" * 5), "org.csv")
    with pytest.raises(ValidationFailed, match=r"Linje 1 har over 1\.000 felter"):
        read_table(csv_bytes(";" * 1000 + "\n"), "org.csv")
    with pytest.raises(ValidationFailed, match=r"Række 2: Et felt har over 32\.767 tegn"):
        read_table(csv_bytes("kommune;omraade;enhed\n" + "x" * 40_000 + ";skole;X\n"), "org.csv")


def test_a_long_csv_line_is_refused_by_the_upload_limit(client, admin_a, pages):
    client.force_login(admin_a)
    before = counts()
    response = client.post(pages["org"], {"file": upload("lang.csv", bombs.long_line_csv(25))})
    assert response.status_code == 200 and "Filen er for stor" in response.content.decode()
    assert counts() == before


def test_import_child_time_limit(settings):
    settings.FRISAT_IMPORT_SECONDS = 0  # not even the child's start fits
    with pytest.raises(ValidationFailed, match="tiden løb ud"):
        read_table(csv_bytes("kommune;omraade;enhed\nRebild;skole;X\n"), "org.csv")
