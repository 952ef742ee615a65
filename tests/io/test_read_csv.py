"""Reading CSV files: encodings, separators, values, header checks and malformed files."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from frisat.core import schema
from frisat.core.errors import Problem
from frisat.io import _csv as csv_module
from frisat.io import _validate as validate_module
from frisat.io import read_responses

from .helpers import SMALL, VIVE, messages, refused, write

HEADER = "respondent_id;kommune;regler_impl_a;regler_impl_b;regler_kommentar"


# -- encodings and separators --------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_with_danish_letters(tmp_path, encoding):
    path = write(tmp_path / "svar.csv", f"{HEADER}\nR1;Ærø Kommune;7;8;Både æ, ø og å\n", encoding)
    result = read_responses(path, VIVE)
    row = result.frame.iloc[0]
    assert row["kommune"] == "Ærø Kommune"
    assert row["regler_kommentar"] == "Både æ, ø og å"
    assert any("Windows-1252" in w for w in result.warnings) == (encoding == "cp1252")


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path / "svar.txt", "respondent_id\tkommune\nR1\tÅrhus\n", "utf-16")
    assert read_responses(path, VIVE).frame.loc[0, "kommune"] == "Århus"


def test_cp1252_detected_even_when_the_header_is_ascii(tmp_path):
    body = "".join(f"R{i};Kommune {i}\n" for i in range(5000)) + "R9999;Høje-Taastrup\n"
    path = write(tmp_path / "svar.csv", "respondent_id;kommune\n" + body, "cp1252")
    frame = read_responses(path, VIVE).frame
    assert frame["kommune"].iloc[-1] == "Høje-Taastrup"


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_separators_are_detected(tmp_path, sep):
    lines = [sep.join(["respondent_id", "regler_impl_a", "regler_kommentar"]),
             sep.join(["R1", "3", '"a; b, c\td"'])]
    path = write(tmp_path / "svar.csv", "\n".join(lines) + "\n")
    frame = read_responses(path, VIVE).frame
    assert frame.loc[0, "regler_impl_a"] == 3.0
    assert frame.loc[0, "regler_kommentar"] == "a; b, c\td"


def test_windows_line_endings_and_quoted_line_breaks(tmp_path):
    path = write(tmp_path / "svar.csv", f'{HEADER}\r\nR1;A;1;2;"første\r\nanden"\r\nR2;B;3;4;\r\n')
    frame = read_responses(path, VIVE).frame
    assert frame["regler_kommentar"].tolist()[0] == "første\nanden"
    assert frame["regler_impl_b"].tolist() == [2.0, 4.0]


# -- values ----------------------------------------------------------------------------------------

def test_canonical_frame_dtypes_and_order(tmp_path):
    path = write(tmp_path / "svar.csv", f"{HEADER}\nR1;A;1;2;x\n")
    frame = read_responses(path, VIVE).frame
    assert list(frame.columns) == schema.canonical_columns(VIVE)
    assert frame["respondent_id"].dtype == pd.StringDtype()
    assert frame["kommune"].dtype == pd.StringDtype()
    assert frame["regler_kommentar"].dtype == pd.StringDtype()
    assert frame["regler_impl_a"].dtype == np.float64
    assert frame["maal_impl_a"].dtype == np.float64  # missing column, filled blank
    assert frame["maal_impl_a"].isna().all()
    pd.testing.assert_frame_equal(frame, schema.conform(frame, VIVE))


def test_complete_file_equals_conform(tmp_path):
    names = schema.canonical_columns(VIVE)
    row = ["R1", "K", "O", "E", "G", "M"] + ["5" if n in VIVE.item_columns(n.split("_")[0], n.split("_")[1])
                                              else "tekst" for n in names[6:]]
    path = write(tmp_path / "svar.csv", ";".join(names) + "\n" + ";".join(row) + "\n")
    result = read_responses(path, VIVE)
    assert result.warnings == []
    pd.testing.assert_frame_equal(result.frame, schema.conform(result.frame, VIVE))
    assert result.frame.loc[0, "innov_vigt_d"] == 5.0
    assert result.frame.loc[0, "innov_kommentar"] == "tekst"


def test_decimal_comma_and_point(tmp_path):
    path = write(tmp_path / "svar.csv", f"{HEADER}\nR1;A;7,0;8.0;\nR2;A;10;1,000;\n")
    frame = read_responses(path, VIVE).frame
    assert frame["regler_impl_a"].tolist() == [7.0, 10.0]
    assert frame["regler_impl_b"].tolist() == [8.0, 1.0]


def test_ved_ikke_is_kept_apart_from_blank(tmp_path):
    rows = ["R1;A;ved ikke;;", "R2;A; Ved Ikke ;NA;", "R3;A;VED IKKE;.;", "R4;A;  ;#NULL!;", "R5;A;Ved  ikke;   ;"]
    path = write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    frame = read_responses(path, VIVE).frame
    assert frame["regler_impl_a"].tolist()[:3] == [schema.DONT_KNOW] * 3
    assert math.isnan(frame["regler_impl_a"].iloc[3])
    assert frame["regler_impl_a"].iloc[4] == schema.DONT_KNOW
    assert frame["regler_impl_b"].isna().all()
    assert (frame["regler_impl_b"] != schema.DONT_KNOW).all()


def test_background_values_are_stripped_strings(tmp_path):
    path = write(tmp_path / "svar.csv", "respondent_id;kommune;maaling\n 101 ;  Aarhus ;2025\n102;;\n")
    frame = read_responses(path, VIVE).frame
    assert frame["respondent_id"].tolist() == ["101", "102"]
    assert frame.loc[0, "kommune"] == "Aarhus"
    assert pd.isna(frame.loc[1, "kommune"])
    assert frame.loc[0, "maaling"] == "2025"


def test_quoted_na_in_text_is_text_but_bare_na_is_blank(tmp_path):
    path = write(tmp_path / "svar.csv", 'respondent_id;regler_kommentar\nR1;"NA"\nR2;NA\n')
    frame = read_responses(path, VIVE).frame
    assert frame.loc[0, "regler_kommentar"] == "NA"
    assert pd.isna(frame.loc[1, "regler_kommentar"])


def test_header_names_are_matched_without_regard_to_case(tmp_path):
    path = write(tmp_path / "svar.csv", "Respondent_ID;Kommune;REGLER_IMPL_A\nR1;A;4\n")
    result = read_responses(path, VIVE)
    assert result.frame.loc[0, "regler_impl_a"] == 4.0
    assert result.frame.loc[0, "kommune"] == "A"
    assert any("«Kommune» → «kommune»" in w for w in result.warnings)


def test_missing_columns_are_filled_blank_and_warned(tmp_path):
    path = write(tmp_path / "svar.csv", "respondent_id;regler_impl_a\nR1;4\n")
    result = read_responses(path, VIVE)
    assert result.frame["kommune"].isna().all()
    assert any("regler_impl_b" in w for w in result.warnings)
    assert any("kommune" in w and "Baggrundskolonne" in w for w in result.warnings)
    assert result.source == str(path)


def test_entirely_empty_rows_are_skipped(tmp_path):
    path = write(tmp_path / "svar.csv", f"{HEADER}\nR1;A;1;2;\n;;;;\nR2;B;3;4;\n;;;;\n")
    result = read_responses(path, VIVE)
    assert result.frame["respondent_id"].tolist() == ["R1", "R2"]
    assert any("2 helt tom" in w for w in result.warnings)


def test_other_scales_codes_yesno_and_extra_background(tmp_path):
    text = ("respondent_id;region;trivsel_a;trivsel_b;trivsel_ferie;trivsel_score;trivsel_kommentar\n"
            "1;Nord;1;5;0;0;ok\n2;Syd;3;;1;ved ikke;\n")
    frame = read_responses(write(tmp_path / "svar.csv", text), SMALL).frame
    assert list(frame.columns) == schema.canonical_columns(SMALL)
    assert frame["region"].tolist() == ["Nord", "Syd"]
    assert frame["trivsel_ferie"].tolist() == [0.0, 1.0]
    assert frame["trivsel_score"].tolist() == [0.0, schema.DONT_KNOW]


def test_many_chunks_give_the_same_frame(tmp_path, monkeypatch):
    monkeypatch.setattr(validate_module, "_PARALLEL_CELLS", 1)  # the two-thread path
    rows = [f"R{i};K{i % 3};{i % 10 + 1};{'ved ikke' if i % 7 == 0 else ''};tekst {i}" for i in range(3000)]
    path = write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    whole = read_responses(path, VIVE).frame
    monkeypatch.setattr(csv_module, "_BLOCK_SIZE", 1 << 12)
    chunked = read_responses(path, VIVE).frame
    pd.testing.assert_frame_equal(whole, chunked)
    assert chunked["regler_impl_a"].iloc[2999] == 2999 % 10 + 1
    assert (chunked["regler_impl_b"] == schema.DONT_KNOW).sum() == len(range(0, 3000, 7))


@pytest.mark.parametrize("parallel_from", [1, 10**9])
def test_errors_in_late_chunks_have_the_right_rows(tmp_path, monkeypatch, parallel_from):
    monkeypatch.setattr(validate_module, "_PARALLEL_CELLS", parallel_from)
    rows = [f"R{i};K;{i % 10 + 1};1;" for i in range(2000)]
    rows[1500] = "R1500;K;12;1;"
    path = write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(csv_module, "_BLOCK_SIZE", 1 << 12)
    error = refused(path)
    assert error.problems == [Problem("12 ligger uden for skalaen 1–10", row=1502, column="regler_impl_a")]


# -- refused values --------------------------------------------------------------------------------

def test_out_of_scale_value_message(tmp_path):
    rows = ["R1;A;1;2;"] * 0 + [f"R{i};A;1;2;" for i in range(2, 14)] + ["R14;A;3;11;"]
    path = write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    error = refused(path)
    assert error.problems == [Problem("11 ligger uden for skalaen 1–10", row=14, column="regler_impl_b")]
    assert str(error.problems[0]) == "Række 14, kolonne regler_impl_b: 11 ligger uden for skalaen 1–10"


def test_refused_values_each_with_row_and_column(tmp_path):
    rows = ["R1;A;7,5;0;", "R2;A;måske;-1;", "R3;A;1e1;3;", "R4;A;10;5 point;"]
    error = refused(write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n"))
    found = {(p.row, p.column): p.message for p in error.problems}
    assert found[(2, "regler_impl_a")] == "7,5 er ikke et helt tal på skalaen 1–10"
    assert found[(2, "regler_impl_b")] == "0 ligger uden for skalaen 1–10"
    assert found[(3, "regler_impl_a")] == ("«måske» er ikke et gyldigt svar — tilladt er hele tal fra 1 til 10, "
                                           "«ved ikke» eller blank")
    assert found[(3, "regler_impl_b")] == "-1 ligger uden for skalaen 1–10"
    assert (4, "regler_impl_a") in found
    assert "«5 point»" in found[(5, "regler_impl_b")]
    assert error.total == 6
    assert [p.row for p in error.problems] == sorted(p.row for p in error.problems)


def test_ved_ikke_refused_where_the_scale_has_no_such_answer(tmp_path):
    text = "respondent_id;trivsel_a;trivsel_ferie;trivsel_score\n1;ved ikke;2;11\n"
    error = refused(write(tmp_path / "svar.csv", text), SMALL)
    found = {p.column: p.message for p in error.problems}
    assert found["trivsel_a"].startswith("«ved ikke» er ikke en svarmulighed her — tilladt er koderne 1 (Helt uenig)")
    assert found["trivsel_ferie"] == "2 er ikke en gyldig kode — tilladt er koderne 1 (Ja), 0 (Nej) eller blank"
    assert found["trivsel_score"] == "11 ligger uden for skalaen 0–10"


def test_ids_must_be_present_and_unique(tmp_path):
    rows = ["R1;A;1;1;", "R2;A;1;1;", ";A;1;1;", "R1;A;1;1;", "R2;A;1;1;", "R1;A;1;1;"]
    error = refused(write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n"))
    assert messages(error) == [
        "Række 4, kolonne respondent_id: respondent_id mangler — hver besvarelse skal have et id",
        "Række 5, kolonne respondent_id: respondent_id «R1» er allerede brugt i række 2",
        "Række 6, kolonne respondent_id: respondent_id «R2» er allerede brugt i række 3",
        "Række 7, kolonne respondent_id: respondent_id «R1» er allerede brugt i række 2",
    ]


def test_respondent_id_column_is_required(tmp_path):
    error = refused(write(tmp_path / "svar.csv", "kommune;regler_impl_a\nA;1\n"))
    assert any("«respondent_id» mangler" in m for m in messages(error))


def test_unknown_columns_get_a_suggestion(tmp_path):
    error = refused(write(tmp_path / "svar.csv", "respondent_id;regler_imp_a;helt_andet;Kommune\nR1;1;x;A\n"))
    assert messages(error) == [
        "Række 1: Ukendt kolonne «regler_imp_a» — mente du «regler_impl_a»?",
        "Række 1: Ukendt kolonne «helt_andet»",
    ]
    assert error.problems[0] == Problem("Ukendt kolonne «regler_imp_a» — mente du «regler_impl_a»?", row=1)


def test_duplicate_column_names(tmp_path):
    error = refused(write(tmp_path / "svar.csv", "respondent_id;regler_impl_a;kommune;regler_impl_a\nR1;1;A;2\n"))
    assert messages(error) == [
        "Række 1, kolonne regler_impl_a: Kolonnen «regler_impl_a» findes flere gange (kolonne B og kolonne D)"]


def test_nameless_column_with_data(tmp_path):
    error = refused(write(tmp_path / "svar.csv", "respondent_id;;kommune\nR1;x;A\n"))
    assert messages(error) == ["Række 1: Kolonne B har ingen overskrift, men indeholder data"]


def test_nameless_empty_column_is_ignored(tmp_path):
    frame = read_responses(write(tmp_path / "svar.csv", "respondent_id;kommune;\nR1;A;\n"), VIVE).frame
    assert frame.loc[0, "kommune"] == "A"


# -- malformed files -------------------------------------------------------------------------------

@pytest.mark.parametrize("content", ["", "   \n\n", "\ufeff"])
def test_empty_file(tmp_path, content):
    error = refused(write(tmp_path / "svar.csv", content))
    assert messages(error) == ["Filen er tom — den indeholder hverken overskrifter eller besvarelser"]


def test_header_only(tmp_path):
    error = refused(write(tmp_path / "svar.csv", HEADER + "\n"))
    assert messages(error) == ["Filen indeholder ingen besvarelser — der er ingen rækker under overskriftsrækken"]


def test_ragged_rows(tmp_path):
    text = f"{HEADER}\nR1;A;1;2;\nR2;A;1;2;x;extra\nR3;A;1\nR4;A;1;2;\n"
    error = refused(write(tmp_path / "svar.csv", text))
    assert messages(error) == [
        "Række 3: Rækken har 6 felter, men overskriftsrækken har 5 — tjek skilletegn (semikolon) og anførselstegn",
        "Række 4: Rækken har 3 felter, men overskriftsrækken har 5 — tjek skilletegn (semikolon) og anførselstegn",
    ]


def test_row_numbers_count_blank_lines_and_multiline_cells(tmp_path):
    text = f'{HEADER}\nR1;A;1;2;"to\nlinjer"\n\nR2;A;1;2;\nR3;A;99;2;\nR4;A;1;2;x;y\n'
    error = refused(write(tmp_path / "svar.csv", text))
    assert messages(error) == [
        "Række 5, kolonne regler_impl_a: 99 ligger uden for skalaen 1–10",
        "Række 6: Rækken har 6 felter, men overskriftsrækken har 5 — tjek skilletegn (semikolon) og anførselstegn",
    ]


def test_unclosed_quote_is_reported(tmp_path):
    text = f'{HEADER}\nR1;A;1;2;"ok"\nR2;A;1;2;"ikke lukket\nR3;A;1;2;\nR4;A;1;2;\n'
    error = refused(write(tmp_path / "svar.csv", text))
    assert len(error.problems) == 1
    assert error.problems[0].row == 3
    assert "anførselstegn" in error.problems[0].message


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 40,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"respondent_id;kommune\nR1;\x00\x01\x02\n",
])
def test_binary_garbage(tmp_path, content):
    error = refused(write(tmp_path / "svar.csv", content))
    assert len(error.problems) == 1
    assert "tekstfil" in error.problems[0].message or "tegn" in error.problems[0].message


def test_excel_file_saved_as_csv(tmp_path):
    error = refused(write(tmp_path / "svar.csv", b"PK\x03\x04" + b"\x14" * 100))
    assert "Excel" in error.problems[0].message


def test_undecodable_bytes(tmp_path):
    # 0x81 is neither valid UTF-8 nor defined in Windows-1252.
    error = refused(write(tmp_path / "svar.csv", b"respondent_id;kommune\nR1;\x81\x8d\n"))
    assert messages(error) == ["Filens tegn kan ikke læses — den er hverken gemt som UTF-8 eller Windows-1252. "
                               "Gem den som «CSV UTF-8» og prøv igen"]


def test_unknown_suffix_and_missing_file(tmp_path):
    error = refused(write(tmp_path / "svar.xls", b"x"))
    assert "«.xls» kan ikke læses" in error.problems[0].message
    assert "gem den som .xlsx" in error.problems[0].message
    assert "«.json»" in refused(write(tmp_path / "svar.json", b"{}")).problems[0].message
    assert messages(refused(tmp_path / "findes-ikke.csv")) == ["Filen findes ikke"]


# -- all or nothing --------------------------------------------------------------------------------

def test_one_bad_cell_in_the_last_row_refuses_the_whole_file(tmp_path):
    rows = [f"R{i};A;{i % 10 + 1};{(i + 3) % 10 + 1};" for i in range(500)]
    rows[-1] = "R499;A;5;ja;"
    path = write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(Exception) as info:
        result = read_responses(path, VIVE)
        del result
    error = info.value
    assert error.problems == [Problem("«ja» er ikke et gyldigt svar — tilladt er hele tal fra 1 til 10, "
                                      "«ved ikke» eller blank", row=501, column="regler_impl_b")]
    assert "intet er indlæst" in str(error)


def test_at_most_200_problems_are_kept_but_all_are_counted(tmp_path):
    rows = [f"R{i};A;11;0;" for i in range(300)]
    error = refused(write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n"))
    assert error.total == 600
    assert len(error.problems) == 200
    assert error.problems[0] == Problem("11 ligger uden for skalaen 1–10", row=2, column="regler_impl_a")
    assert error.problems[1] == Problem("0 ligger uden for skalaen 1–10", row=2, column="regler_impl_b")
    assert error.problems[-1].row == 101
    assert "… og 400 fejl mere." in str(error)


def test_many_broken_rows_are_counted_but_not_all_kept(tmp_path):
    rows = [f"R{i};A;1;2;x;ekstra" for i in range(250)]
    error = refused(write(tmp_path / "svar.csv", HEADER + "\n" + "\n".join(rows) + "\n"))
    assert error.total == 250
    assert len(error.problems) == 200
    assert [p.row for p in error.problems[:3]] == [2, 3, 4]


def test_control_characters_in_the_header(tmp_path):
    error = refused(write(tmp_path / "svar.csv", b"respondent_id;\x07\x08kommune\nR1;A\n"))
    assert "tekstfil" in error.problems[0].message


def test_instrument_can_be_given_by_id(tmp_path):
    path = write(tmp_path / "svar.csv", "respondent_id;regler_impl_a\nR1;4\n")
    assert read_responses(path, "vive-frisaettelse").frame.loc[0, "regler_impl_a"] == 4.0
