"""Register export (XLSX for Excel, CSV for Danish Excel) and the all-or-nothing import by id."""

import csv
import io

import pytest
from django.core import serializers
from openpyxl import load_workbook

from frisat.core.errors import ValidationFailed
from frisat.web.audits import register_io, services
from frisat.web.audits.models import Requirement
from frisat.web.organisations.models import Area, Municipality
from frisat.web.organisations.tabular import read_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(process, activities):
    municipality = process.municipality
    delvis = services.create_requirement(
        municipality, title="Registrering af delvis raskmelding", kind="procedure", source_type="ukendt",
        spor=["dok"], area=municipality.areas.get(name="Beskæftigelse"), tilbageloeb_status="ingen",
        description="Levn fra reglerne om telefonisk opfølgning")
    samtale = services.create_requirement(
        municipality, title="Opfølgningssamtale", source_type="lov", reference="sygedagpengeloven § 13",
        hegnspael=True, spor=["regler", "dok"], tilbageloeb="Borgeren og jobcentret", owner="Teamleder")
    odd = services.create_requirement(municipality, title="=SUM(A1)", kind="politik", source_type="kommunalbestyrelse",
                                      reference="-3 dage")
    services.set_activity_requirements(activities[0], [delvis])
    services.set_activity_requirements(activities[1], [delvis, samtale])
    services.decide(requirement=delvis, outcome="fjernes", rationale="Levn fra gammel lov")
    services.decide(activity=activities[0], outcome="fjernes", rationale="Levn")
    return [delvis, samtale, odd]


def snapshot(municipality=None):
    return serializers.serialize("json", Requirement.objects.order_by("pk"), fields=[
        "municipality", "code", "title", "description", "kind", "source_type", "reference", "hegnspael",
        "tilbageloeb_status", "tilbageloeb", "spor", "area", "owner"])


def test_xlsx_export_opens_cleanly(process, items, tmp_path):
    path = tmp_path / "register.xlsx"
    assert register_io.export_register(process.municipality, path) == 3
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Register", "Kodebog", "Optælling"]
    sheet = workbook["Register"]
    assert [c.value for c in sheet[1]] == register_io.HEADERS
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40 and sheet.auto_filter.ref == "A1:R4"
    rows = {r[0]: dict(zip(register_io.HEADERS, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    delvis = rows["R-0001"]
    assert (delvis["Type"], delvis["Oprindelse"], delvis["Hegnspæl"], delvis["Tilbageløb"]) == (
        "Procedure", "ukendt", "nej", "Ingen bruger det")
    assert (delvis["Område"], delvis["Status"], delvis["Aktiviteter"]) == ("Beskæftigelse", "fjernes", 2)
    # Activities 1 (400 h, fjernes) and 2 (1000 h, no decision) stand behind it.
    assert (delvis["Timer pr. år før"], delvis["Timer pr. år efter"], delvis["Timer frigjort"]) == (1400, 1000, 400)
    assert rows["R-0002"]["Spor"] == "regler, dok" and rows["R-0002"]["Status"] == "Ingen beslutning endnu"
    odd = sheet.cell(row=4, column=2)
    assert odd.value == "'=SUM(A1)" and odd.data_type == "s"  # same leading ' as the CSV (frisat.cells)
    counts = {r[0]: r[1:3] for r in workbook["Optælling"].iter_rows(min_row=2, values_only=True)}
    assert counts["Procedure"] == (1, 0) and counts["I alt"] == (3, 2)
    codebook = [r[0] for r in workbook["Kodebog"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert codebook[:len(register_io.HEADERS)] == register_io.HEADERS


def test_csv_export_is_for_danish_excel(process, items):
    data = register_io.register_csv(register_io.register_rows(process.municipality))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == register_io.HEADERS
    delvis = dict(zip(rows[0], rows[1], strict=True))
    assert delvis["Timer pr. år før"] == "1400,0" and delvis["Hegnspæl"] == "nej"
    odd = dict(zip(rows[0], rows[3], strict=True))
    assert odd["Titel"] == "'=SUM(A1)" and odd["Hjemmel/reference"] == "'-3 dage"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_import_round_trip(process, items, tmp_path, suffix):
    path = tmp_path / f"register{suffix}"
    register_io.export_register(process.municipality, path)
    before = snapshot()
    summary = register_io.import_register(process.municipality, read_table(path.read_bytes(), path.name))
    assert (summary.created, summary.updated, summary.unchanged, summary.not_in_file) == (0, 0, 3, 0)
    assert snapshot() == before
    # Into another kommune with the same area: the same items with the same ids.
    other = Municipality.objects.create(name="Mariagerfjord")
    Area.objects.create(municipality=other, name="Beskæftigelse")
    summary = register_io.import_register(other, read_table(path.read_bytes(), path.name))
    assert summary.created == 3
    fields = ["code", "title", "description", "kind", "source_type", "reference", "hegnspael", "tilbageloeb_status",
              "tilbageloeb", "spor", "area__name", "owner"]
    assert (list(Requirement.objects.filter(municipality=other).order_by("code").values_list(*fields))
            == list(Requirement.objects.filter(municipality=process.municipality).order_by("code")
                    .values_list(*fields)))


def test_import_updates_by_id_creates_new_and_never_deletes(process, items):
    text = ("Id;Titel;Oprindelse;Hegnspæl;Spor;Område\n"
            "r-0002;Opfølgningssamtale (rettet);lov;ja;regler;\n"
            ";Ny politik om mødereferater;kommunalbestyrelsens beslutning;nej;dok, tillid;Ældre\n"
            "K-77;Eget id;forvaltningens instruks;;;\n")
    table = read_table(text.encode("utf-8"), "rettet.csv")
    preview = register_io.import_register(process.municipality, table, dry_run=True)
    assert (preview.created, preview.updated, preview.not_in_file, preview.dry_run) == (2, 1, 2, True)
    assert "ville blive" in str(preview) and Requirement.objects.count() == 3
    summary = register_io.import_register(process.municipality, table)
    assert (summary.created, summary.updated, summary.unchanged, summary.not_in_file) == (2, 1, 0, 2)
    assert "2 krav i registret var ikke med i filen" in str(summary)
    samtale = Requirement.objects.get(code="R-0002")
    assert (samtale.title, samtale.spor, samtale.hegnspael, samtale.owner) == (
        "Opfølgningssamtale (rettet)", ["regler"], True, "Teamleder")  # a column not in the file is kept
    new = Requirement.objects.get(title="Ny politik om mødereferater")
    assert (new.code, new.source_type, new.spor, new.area.name) == ("R-0004", "kommunalbestyrelse",
                                                                         ["dok", "tillid"], "Ældre")
    assert Requirement.objects.get(code="K-77").source_type == "forvaltning"
    assert Requirement.objects.filter(code="R-0001").exists()


def test_a_bad_file_lists_every_problem_and_changes_nothing(process, items):
    before = snapshot()
    text = ("Id;Titel;Type;Oprindelse;Hegnspæl;Spor;Område\n"
            "R-0001;Ændret titel;procedure;ukendt;nej;dok;\n"
            "R-0009;;regel;folketinget;måske;kaffe;Skole\n"
            "r-0001;Dublet;regel;lov;ja;;\n"
            ";God række;regel;lov;nej;;\n")
    with pytest.raises(ValidationFailed) as caught:
        register_io.import_register(process.municipality, read_table(text.encode("utf-8"), "fejl.csv"))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(3, "titel"), (3, "oprindelse"), (3, "hegnspael"), (3, "spor"), (3, "omraade"), (4, "id")}
    message = str(caught.value)
    assert "intet er indlæst" in message and "Række 3, kolonne oprindelse" in message
    assert "Området «Skole» findes ikke i Rebild (kendte områder: Beskæftigelse, Ældre)" in message
    assert "står også i række 2" in message
    assert snapshot() == before


def test_unknown_columns_and_empty_files_are_refused(process, items):
    before = snapshot()
    with pytest.raises(ValidationFailed, match="Ukendt kolonne «farve»"):
        register_io.import_register(process.municipality, read_table("Titel;Farve\nx;rød\n".encode(), "x.csv"))
    with pytest.raises(ValidationFailed, match="Kolonnen «titel» mangler"):
        register_io.import_register(process.municipality, read_table(b"Id;Type\nR-1;regel\n", "x.csv"))
    with pytest.raises(ValidationFailed, match="ingen krav"):
        register_io.import_register(process.municipality, read_table(b"Titel;Type\n", "x.csv"))
    assert snapshot() == before
