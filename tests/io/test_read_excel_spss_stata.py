"""Reading Excel, SPSS and Stata files."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest

from frisat.core import schema
from frisat.core.errors import Problem
from frisat.io import read_responses

from .helpers import SMALL, VIVE, messages, refused, write


def workbook(path, sheets: dict[str, list[list[object]]]):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


# -- Excel -----------------------------------------------------------------------------------------

def test_xlsx_values_numbers_and_text(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", {"Ark1": [
        ["respondent_id", "kommune", "maaling", "regler_impl_a", "regler_impl_b", "regler_kommentar"],
        [101, 101, 2025.0, 7, "ved ikke", "Æble, pære"],
        ["R2", "  Ærø ", dt.datetime(2025, 3, 1), 7.0, None, None],
        ["R3", None, None, "8,0", "#NULL!", "  "],
    ]})
    frame = read_responses(path, VIVE).frame
    assert frame["respondent_id"].tolist() == ["101", "R2", "R3"]
    assert frame["kommune"].tolist()[:2] == ["101", "Ærø"]
    assert frame["maaling"].tolist()[:2] == ["2025", "2025-03-01"]
    assert frame["regler_impl_a"].tolist() == [7.0, 7.0, 8.0]
    assert frame["regler_impl_b"].iloc[0] == schema.DONT_KNOW
    assert frame["regler_impl_b"].iloc[1:].isna().all()
    assert frame["regler_kommentar"].iloc[0] == "Æble, pære"
    assert frame["regler_kommentar"].iloc[1:].isna().all()


def test_xlsx_data_sheet_is_chosen_and_kodebog_ignored(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", {
        "Kodebog": [["kolonne", "tekst"], ["regler_impl_a", "…"]],
        "Forside": [["Om filen"]],
        "data": [["respondent_id", "regler_impl_a"], ["R1", 3]],
    })
    result = read_responses(path, VIVE)
    assert result.frame["regler_impl_a"].tolist() == [3.0]


def test_xlsx_first_sheet_other_than_kodebog(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", {
        "Kodebog": [["kolonne"], ["x"]],
        "Besvarelser": [["respondent_id", "regler_impl_a"], ["R1", 4]],
    })
    assert read_responses(path, VIVE).frame["regler_impl_a"].tolist() == [4.0]


def test_xlsx_row_numbers_are_sheet_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A3"], ws["B3"] = "respondent_id", "regler_impl_a"
    ws["A4"], ws["B4"] = "R1", 5
    ws["A7"], ws["B7"] = "R2", 7.5
    ws["A8"], ws["B8"] = "R3", "slet ikke"
    wb.save(tmp_path / "svar.xlsx")
    error = refused(tmp_path / "svar.xlsx")
    assert error.problems == [
        Problem("7,5 er ikke et helt tal på skalaen 1–10", row=7, column="regler_impl_a"),
        Problem("«slet ikke» er ikke et gyldigt svar — tilladt er hele tal fra 1 til 10, «ved ikke» eller blank",
                row=8, column="regler_impl_a"),
    ]


def test_xlsx_header_problems_and_cells_without_header(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", {"Data": [
        ["respondent_id", "regler_imp_a", "regler_impl_a"],
        ["R1", 1, 2, "løs værdi"],
    ]})
    assert messages(refused(path)) == [
        "Række 1: Ukendt kolonne «regler_imp_a» — mente du «regler_impl_a»?",
        "Række 1: Kolonne D har ingen overskrift, men indeholder data",
    ]


def test_xlsx_that_is_not_a_zip(tmp_path):
    error = refused(write(tmp_path / "svar.xlsx", b"respondent_id;kommune\nR1;A\n"))
    assert messages(error) == ["Filen kan ikke åbnes som Excel-fil (.xlsx) — den er beskadiget eller er ikke en "
                               ".xlsx-fil"]


def test_xlsx_empty_sheet_and_only_codebook(tmp_path):
    assert "er tomt" in refused(workbook(tmp_path / "a.xlsx", {"Data": []})).problems[0].message
    assert "intet dataark" in refused(workbook(tmp_path / "b.xlsx", {"Kodebog": [["x"]]})).problems[0].message


def test_xlsx_header_only(tmp_path):
    error = refused(workbook(tmp_path / "svar.xlsx", {"Data": [["respondent_id", "regler_impl_a"]]}))
    assert "ingen besvarelser" in error.problems[0].message


def test_xlsx_yesno_booleans(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", {"Data": [["respondent_id", "trivsel_ferie"], ["1", True], ["2", False]]})
    assert read_responses(path, SMALL).frame["trivsel_ferie"].tolist() == [1.0, 0.0]


# -- SPSS and Stata --------------------------------------------------------------------------------

def spss_file(path, frame: pd.DataFrame, **kwargs):
    pyreadstat.write_sav(frame, str(path), **kwargs)
    return path


def test_sav_user_missing_99_and_labelled_ved_ikke(tmp_path):
    frame = pd.DataFrame({
        "respondent_id": ["R1", "R2", "R3", "R4"],
        "regler_impl_a": [1.0, 99.0, np.nan, 10.0],
        "regler_impl_b": [97.0, 2.0, 98.0, 3.0],
    })
    path = spss_file(tmp_path / "svar.sav", frame,
                     variable_value_labels={"regler_impl_b": {97.0: "Ved ikke", 98.0: "Ikke relevant"}},
                     missing_ranges={"regler_impl_a": [99.0], "regler_impl_b": [98.0]})
    result = read_responses(path, VIVE)
    assert result.frame["regler_impl_a"].tolist()[:2] == [1.0, schema.DONT_KNOW]
    assert math.isnan(result.frame["regler_impl_a"].iloc[2])
    assert result.frame["regler_impl_b"].iloc[0] == schema.DONT_KNOW
    assert math.isnan(result.frame["regler_impl_b"].iloc[2])
    assert any("regler_impl_b (1)" in w for w in result.warnings)


def test_sav_99_without_missing_declaration_is_out_of_scale(tmp_path):
    frame = pd.DataFrame({"respondent_id": ["R1", "R2"], "regler_impl_a": [1.0, 99.0]})
    error = refused(spss_file(tmp_path / "svar.sav", frame))
    # In SPSS files the row is the case number.
    assert error.problems == [Problem("99 ligger uden for skalaen 1–10", row=2, column="regler_impl_a")]


def test_sav_numeric_and_labelled_background(tmp_path):
    frame = pd.DataFrame({"respondent_id": [101.0, 102.0], "kommune": [1.0, 2.0], "omraade": ["skole ", ""]})
    path = spss_file(tmp_path / "svar.sav", frame,
                     variable_value_labels={"kommune": {1.0: "København", 2.0: "Aarhus"}})
    frame = read_responses(path, VIVE).frame
    assert frame["respondent_id"].tolist() == ["101", "102"]
    assert frame["kommune"].tolist() == ["København", "Aarhus"]
    assert frame["omraade"].iloc[0] == "skole"
    assert pd.isna(frame["omraade"].iloc[1])


def test_sav_ved_ikke_code_where_scale_has_none(tmp_path):
    frame = pd.DataFrame({"respondent_id": ["1"], "trivsel_a": [99.0]})
    path = spss_file(tmp_path / "svar.sav", frame, missing_ranges={"trivsel_a": [99.0]})
    error = refused(path, SMALL)
    assert error.problems == [Problem("Koden 99 betyder «ved ikke», men «ved ikke» er ikke en svarmulighed her",
                                      row=1, column="trivsel_a")]


def test_dta_labelled_ved_ikke(tmp_path):
    frame = pd.DataFrame({"respondent_id": ["R1", "R2"], "regler_vigt_a": [99.0, 4.0]})
    pyreadstat.write_dta(frame, str(tmp_path / "svar.dta"),
                         variable_value_labels={"regler_vigt_a": {99: "ved ikke"}})
    frame = read_responses(tmp_path / "svar.dta", VIVE).frame
    assert frame["regler_vigt_a"].tolist() == [schema.DONT_KNOW, 4.0]


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_stat_file_that_is_garbage(tmp_path, suffix):
    error = refused(write(tmp_path / f"svar{suffix}", b"respondent_id;kommune\nR1;A\n"))
    assert len(error.problems) == 1
    assert "kan ikke læses som" in error.problems[0].message


def test_xlsx_several_sheets_warns_which_was_read(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", {
        "Svar": [["respondent_id", "regler_impl_a"], ["R1", 2]],
        "Noter": [["Noget andet"]],
    })
    result = read_responses(path, VIVE)
    assert result.frame["regler_impl_a"].tolist() == [2.0]
    assert result.warnings[0] == "Filen har flere ark; arket «Svar» er læst."
