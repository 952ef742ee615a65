"""Organisation import (all-or-nothing, idempotent) and editing in the UI."""

import pandas as pd
import pytest
from django.urls import reverse

from frisat.core.errors import ValidationFailed
from frisat.web.organisations import services
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.organisations.tabular import read_table
from tests.web.helpers import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = """kommune;omraade;enhed
Rebild;skole;Skørping Skole
Rebild;skole;Støvring Skole
Rebild;dagtilbud;Børnehuset Mælkebøtten
Aarhus;aeldre;Plejehjemmet Solgården
"""


def counts():
    return Municipality.objects.count(), Area.objects.count(), Unit.objects.count()


def test_import_and_reimport_is_idempotent():
    summary = services.import_organisation(read_table(csv_bytes(GOOD), "org.csv"))
    assert (summary.municipalities_created, summary.areas_created, summary.units_created) == (2, 3, 4)
    assert counts() == (2, 3, 4)
    again = services.import_organisation(read_table(csv_bytes(GOOD + "rebild;SKOLE;Ny Skole\n"), "org.csv"))
    assert (again.municipalities_created, again.areas_created, again.units_created) == (0, 0, 1)
    assert again.units_existing == 4
    assert counts() == (2, 3, 5)
    assert Unit.objects.filter(name="Ny Skole", area__name="skole", area__municipality__name="Rebild").exists()
    assert "1 nye enheder" in str(again)


def test_import_xlsx():
    data = xlsx_bytes([["kommune", "omraade", "enhed"], ["Rebild", "skole", "Skørping Skole"]])
    services.import_organisation(read_table(data, "org.xlsx"))
    assert counts() == (1, 1, 1)


@pytest.mark.parametrize(("text", "message"), [
    ("kommune;omraade\nRebild;skole\n", "Kolonnen «enhed» mangler"),
    ("kommune;omraade;enhed;leder\nRebild;skole;X;Y\n", "Ukendt kolonne «leder»"),
    (GOOD + "Rebild;skole;\n", "Række 6, kolonne enhed: Enheden skal have et navn"),
    (GOOD + ";skole;X\n", "Række 6, kolonne kommune"),
    (GOOD + "Rebild;skole;" + "x" * 201 + "\n", "for langt"),
    ("kommune;omraade;enhed\n", "ingen rækker"),
    ("kommune;omraade;enhed\nRebild;skole;<script>\n", "ugyldige tegn"),
])
def test_bad_files_change_nothing(text, message):
    services.import_organisation(read_table(csv_bytes("kommune;omraade;enhed\nRebild;skole;Eksisterende\n"), "a"))
    before = counts()
    with pytest.raises(ValidationFailed, match=message):
        services.import_organisation(read_table(csv_bytes(text), "org.csv"))
    assert counts() == before


def test_staff_user_can_only_import_into_own_municipality(client, admin_a, aarhus):
    client.force_login(admin_a)
    before = counts()
    data = csv_bytes("kommune;omraade;enhed\nRebild;skole;Ny\nAarhus;aeldre;Snigende\nOdense;skole;Ny\n")
    response = client.post(reverse("organisations:import"), {"file": upload("org.csv", data)})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'role="alert"' in text
    assert "Række 3, kolonne kommune: Du har ikke adgang til at ændre Aarhus." in text
    assert "Række 4, kolonne kommune: Kommunen «Odense» findes ikke" in text
    assert counts() == before

    response = client.post(reverse("organisations:import"),
                           {"file": upload("org.csv", csv_bytes("kommune;omraade;enhed\nRebild;skole;Ny\n"))})
    assert response.status_code == 302
    assert Unit.objects.filter(name="Ny", area__municipality__name="Rebild").exists()


def test_superuser_import_via_page_creates_municipalities(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("organisations:import"), {"file": upload("org.csv", csv_bytes(GOOD))}, follow=True)
    assert "2 nye kommuner" in response.content.decode()
    assert counts() == (2, 3, 4)


def test_oversized_upload_is_refused(client, superuser, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 100
    client.force_login(superuser)
    response = client.post(reverse("organisations:import"), {"file": upload("org.csv", csv_bytes(GOOD * 5))})
    text = response.content.decode()
    assert "Filen er for stor" in text and 'role="alert"' in text
    assert counts() == (0, 0, 0)


def test_add_and_rename_in_ui(client, admin_a, rebild):
    client.force_login(admin_a)
    client.post(reverse("organisations:add_area", args=[rebild.pk]), {"area-name": "  ældre  "})
    aeldre = Area.objects.get(municipality=rebild, name="ældre")
    client.post(reverse("organisations:add_unit", args=[rebild.pk]),
                {"unit-area": aeldre.pk, "unit-name": "Hjemmeplejen"})
    unit = Unit.objects.get(area=aeldre, name="Hjemmeplejen")
    response = client.post(reverse("organisations:add_unit", args=[rebild.pk]),
                           {"unit-area": aeldre.pk, "unit-name": "hjemmeplejen"}, follow=True)
    assert "findes allerede en enhed" in response.content.decode()
    response = client.post(reverse("organisations:rename_unit", args=[unit.pk]), {"name": "Hjemmeplejen Nord"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Hjemmeplejen Nord"
    response = client.post(reverse("organisations:rename_area", args=[aeldre.pk]), {"name": "skole"})
    assert "findes allerede et område" in response.content.decode()
    page = client.get(reverse("organisations:detail", args=[rebild.pk])).content.decode()
    assert "Hjemmeplejen Nord" in page and "Skørping Skole" in page


def test_only_superuser_adds_municipalities(client, admin_a, superuser):
    client.force_login(admin_a)
    assert client.post(reverse("organisations:add_municipality"), {"name": "Odense"}).status_code == 403
    client.force_login(superuser)
    client.post(reverse("organisations:add_municipality"), {"name": "Odense"})
    assert Municipality.objects.filter(name="Odense").exists()



def test_names_from_a_frisat_table_come_back_without_the_formula_quote(tmp_path):
    # Frisat's CSV writers put a leading ' before formula-like names (frisat.cells); the import removes it.
    from frisat.reporting.tables import write_csv

    names = pd.DataFrame({"kommune": ["Rebild", "Rebild"], "omraade": ["+skole", "-dagtilbud"],
                          "enhed": ['=HYPERLINK("x")', "@Vuggen"]})
    path = write_csv(names, tmp_path / "enheder.csv")
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8")
    services.import_organisation(read_table(path.read_bytes(), path.name))
    assert sorted(Unit.objects.values_list("area__name", "name")) == [
        ("+skole", '=HYPERLINK("x")'), ("-dagtilbud", "@Vuggen")]
