"""`frisat register export|import|status` against the test database: output, files and effect."""

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.web.audits import services
from frisat.web.audits.models import Requirement
from frisat.web.organisations.models import Area, Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "200"})


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def rebild(db):
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Beskæftigelse")
    services.create_requirement(municipality, title="Registrering af delvis raskmelding", kind="procedure",
                                source_type="ukendt", spor=["dok"])
    for i in range(3):
        services.create_requirement(municipality, title=f"Politik {i}", kind="politik",
                                    source_type="kommunalbestyrelse")
    process = services.create_process(municipality=municipality, name="Sygedagpengeopfølgning")
    activity = services.add_activity(process, description="Dobbeltarbejde ift. delvis raskmelding",
                                     minutes_per_occurrence=15, occurrences_per_year=120, people=6)
    services.decide(activity=activity, outcome="fjernes", rationale="Levn fra gammel lov")
    services.decide(requirement=Requirement.objects.get(code="R-0002"), outcome="fjernes", rationale="Overflødig")
    return municipality


def test_export_xlsx_and_csv(runner, rebild, tmp_path):
    result = invoke(runner, "register", "export", "--kommune", "rebild", "--out", tmp_path / "register.xlsx")
    assert result.exit_code == 0, result.output
    assert "4 krav skrevet" in result.stdout
    sheet = load_workbook(tmp_path / "register.xlsx")["Register"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["R-0001", "R-0002", "R-0003",
                                                                                "R-0004"]
    result = invoke(runner, "register", "export", "--kommune", "Rebild", "--out", tmp_path / "register.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "register.csv").read_bytes().startswith(b"\xef\xbb\xbfId;Titel;")


def test_import_dry_run_then_for_real(runner, rebild, tmp_path):
    path = tmp_path / "nye.csv"
    path.write_text("Id;Titel;Type\nR-0003;Politik 1 (rettet);politik\n;Ny procedure;procedure\n", encoding="utf-8")
    result = invoke(runner, "register", "import", path, "--kommune", "Rebild", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 nye krav ville blive oprettet, 1 ville blive opdateret" in result.stdout
    assert "intet er gemt" in result.output and Requirement.objects.count() == 4
    result = invoke(runner, "register", "import", path, "--kommune", "Rebild")
    assert result.exit_code == 0, result.output
    assert "1 nye krav er oprettet, 1 er opdateret, 0 var uændrede. 3 krav i registret var ikke med" in result.stdout
    assert Requirement.objects.get(code="R-0003").title == "Politik 1 (rettet)"
    assert Requirement.objects.get(code="R-0005").title == "Ny procedure"


def test_bad_input_gives_danish_errors_and_changes_nothing(runner, rebild, tmp_path):
    path = tmp_path / "fejl.csv"
    path.write_text("Id;Titel;Oprindelse\nR-0001;;folketinget\n", encoding="utf-8")
    result = invoke(runner, "register", "import", path, "--kommune", "Rebild")
    assert result.exit_code == 1
    assert "Fejl:" in result.output and "intet er indlæst" in result.output
    assert "Række 2, kolonne titel: Titlen skal udfyldes." in result.output
    assert "Række 2, kolonne oprindelse" in result.output
    assert Requirement.objects.get(code="R-0001").title == "Registrering af delvis raskmelding"
    result = invoke(runner, "register", "import", path, "--kommune", "Atlantis")
    assert result.exit_code == 1 and "Kommunen «Atlantis» findes ikke. Kendte kommuner: Rebild." in result.output
    result = invoke(runner, "register", "export", "--kommune", "Rebild", "--out", tmp_path / "register.pdf")
    assert result.exit_code == 1 and ".xlsx eller .csv" in result.output
    result = invoke(runner, "register", "import", tmp_path / "findes-ikke.csv", "--kommune", "Rebild")
    assert result.exit_code == 1 and "findes ikke" in result.output


def test_status_shows_counts_before_and_after_and_hours(runner, rebild):
    result = invoke(runner, "register", "status", "--kommune", "Rebild")
    assert result.exit_code == 0, result.output
    politik = next(line for line in result.stdout.splitlines() if "Politik" in line)
    cells = [cell.strip() for cell in politik.split("│")[1:-1]]
    assert cells == ["Politik", "3", "2", "1", "0", "0", "2"]
    # 15/60 × 120 × 6 = 180 hours, removed.
    assert "180 timer pr. år før, 0 efter, 180 frigjort" in result.stdout
    result = invoke(runner, "register", "status", "--kommune", "Rebild", "--by", "farve")
    assert result.exit_code == 1 and "--by skal være en af" in result.output
