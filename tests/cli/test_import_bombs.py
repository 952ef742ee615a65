"""Import bombs through the CLI (issue 11, item 4): exit code 1, a Danish error, no traceback, nothing stored.

Before the fix ``frisat analyze`` and the import commands ended in a MemoryError or XML traceback.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from frisat.cli.main import app
from tests.io import bombs

PROBES = {
    "400mb-celle.xlsx": (bombs.big_cell, "over 32.767 tegn"),
    "363mb-ark.xlsx": (bombs.huge_sheet, "pakket over 100 gange"),
    "laughs.xlsx": (bombs.billion_laughs, "DTD"),
    "xxe.xlsx": (bombs.external_entity, "DTD"),
    "dele.xlsx": (bombs.many_members, None),
    "tekst.xlsx": (lambda: bombs.NOT_A_ZIP, "Excel-fil"),
    "lang.csv": (bombs.long_line_csv, "over 8 MB lang"),
}
"""For ``frisat analyze`` (its own, higher limits: the 400 MB cell is stopped by its length)."""


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "300"})


def refused(result, message: str | None) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Fejl:" in result.output and "intet er indlæst" in result.output
    if message:
        assert message in result.output


@pytest.mark.parametrize("name", list(PROBES))
def test_analyze_refuses_the_probes(runner, tmp_path, name):
    make, message = PROBES[name]
    path = tmp_path / name
    path.write_bytes(make())
    out = tmp_path / "resultater"
    result = runner.invoke(app, ["analyze", str(path), "--out", str(out)])
    refused(result, message)
    assert not out.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), [
    ("400mb-celle.xlsx", bombs.big_cell, "for stor udpakket: over 100 MB"),
    ("laughs.xlsx", bombs.billion_laughs, "DTD"),
    ("dele.xlsx", bombs.many_members, "for mange dele"),
    ("lang.csv", lambda: bombs.long_line_csv(25), "Filen fylder 25,0 MB"),
])
def test_import_commands_refuse_the_probes(runner, tmp_path, name, make, message):
    from frisat.web.audits.models import Requirement
    from frisat.web.organisations.models import Area, Municipality, Unit
    from frisat.web.rounds.models import Respondent
    from tests.web.helpers import make_round

    municipality = Municipality.objects.create(name="Rebild")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="skole"), name="Skørping Skole")
    round = make_round(municipality)
    path = tmp_path / name
    path.write_bytes(make())
    before = (Unit.objects.count(), Respondent.objects.count(), Requirement.objects.count())
    for args in (["org", "import", path], ["respondents", "import", round.pk, path],
                 ["register", "import", path, "--kommune", "Rebild"]):
        refused(runner.invoke(app, [str(a) for a in args]), message)
    assert (Unit.objects.count(), Respondent.objects.count(), Requirement.objects.count()) == before
