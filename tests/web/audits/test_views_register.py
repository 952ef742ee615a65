"""The register pages (:mod:`frisat.web.audits.views.register`): filters and counts, a requirement's
page, creating and editing, export, and the all-or-nothing import."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from frisat.web.audits import services
from frisat.web.audits.models import Requirement
from tests.web.audits.helpers import page
from tests.web.helpers import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


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
