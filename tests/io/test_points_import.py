"""Import and export of the allocation columns ({spor}_point): the row rule, all or nothing, round trips."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frisat.core import schema
from frisat.core.errors import Problem, ValidationFailed
from frisat.core.instrument import get_instrument
from frisat.io import codebook, read_responses, write_responses, write_template
from frisat.io._common import ExportRefused

from .helpers import messages, random_frame, refused, write

POINT = get_instrument("vive-frisaettelse-point")
POINTS = POINT.allocation_columns()


def allocations(rng: np.random.Generator, n: int, blank_share: float = 0.2) -> np.ndarray:
    """n valid rows of points: all blank, or whole numbers 0–100 summing to 100 (some with zeros)."""
    out = np.full((n, len(POINTS)), np.nan)
    for i in range(n):
        if rng.random() < blank_share:
            continue
        cuts = np.sort(rng.integers(0, 101, size=len(POINTS) - 1))
        out[i] = np.diff(np.concatenate([[0], cuts, [100]]))
    return out


def point_frame(n: int, seed: int = 0) -> pd.DataFrame:
    frame = random_frame(n, seed=seed, instrument=POINT)
    frame[POINTS] = allocations(np.random.default_rng(seed), n)
    return frame


def csv_text(rows: list[list[object]], header: list[str] | None = None) -> str:
    header = header or ["respondent_id", *POINTS]
    lines = [";".join(header)] + [";".join("" if v is None else str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


# -- import ----------------------------------------------------------------------------------------
def test_valid_points_are_read_as_numbers(tmp_path):
    path = write(tmp_path / "svar.csv", csv_text([["R1", 20, 20, 20, 20, 20], ["R2", None, None, None, None, None],
                                                   ["R3", 100, 0, 0, 0, 0], ["R4", " 7", "3", "0", "90", "0"]]))
    frame = read_responses(path, POINT).frame
    assert frame.loc[0, POINTS].tolist() == [20.0] * 5
    assert frame.loc[1, POINTS].isna().all()
    assert frame.loc[2, POINTS].tolist() == [100.0, 0, 0, 0, 0]
    assert frame.loc[3, POINTS].tolist() == [7.0, 3, 0, 90, 0]
    assert str(frame["regler_point"].dtype) == "float64"


def test_partial_and_wrong_sums_are_refused_with_row_and_column(tmp_path):
    path = write(tmp_path / "svar.csv", csv_text([
        ["R1", 20, 20, 20, 20, 20],
        ["R2", 50, 50, None, None, None],
        ["R3", 20, 20, 20, 20, 19],
        ["R4", None, None, None, None, None],
        ["R5", 0, 0, 0, 0, 0],
    ]))
    error = refused(path, POINT)
    assert error.total == 3
    assert error.problems == [
        Problem("Pointfordelingen er kun delvist udfyldt (2 af 5); udfyld alle 5 pointkolonner eller ingen af "
                "dem — mangler: dok_point, tillid_point, innov_point", row=3, column="regler_point"),
        Problem("Pointene summer til 99, men skal give præcis 100", row=4, column="regler_point"),
        Problem("Pointene summer til 0, men skal give præcis 100", row=6, column="regler_point"),
    ]
    assert "intet er indlæst" in str(error)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("101", "101 ligger uden for skalaen 0–100"),
        ("-1", "-1 ligger uden for skalaen 0–100"),
        ("12,5", "12,5 er ikke et helt tal på skalaen 0–100"),
        ("ved ikke", "«ved ikke» er ikke en svarmulighed her — tilladt er hele tal fra 0 til 100 eller blank"),
        ("mange", "«mange» er ikke et gyldigt svar — tilladt er hele tal fra 0 til 100 eller blank"),
    ],
)
def test_bad_point_cells_are_refused_per_cell(tmp_path, cell, message):
    path = write(tmp_path / "svar.csv", csv_text([["R1", 20, 20, 20, 20, 20], ["R2", 20, cell, 20, 20, 20]]))
    error = refused(path, POINT)
    # The sum of a row with a refused cell is not checked until the cell is fixed: one problem, not two.
    assert error.problems == [Problem(message, row=3, column="maal_point")]


def test_a_point_column_missing_from_the_file_makes_answered_rows_partial(tmp_path):
    header = ["respondent_id", *POINTS[:4]]
    path = write(tmp_path / "svar.csv", csv_text([["R1", 25, 25, 25, 25], ["R2", None, None, None, None]], header))
    error = refused(path, POINT)
    assert messages(error) == ["Række 2, kolonne regler_point: Pointfordelingen er kun delvist udfyldt (4 af 5); "
                               "udfyld alle 5 pointkolonner eller ingen af dem — mangler: innov_point"]


def test_point_columns_are_unknown_to_the_plain_instrument(tmp_path):
    path = write(tmp_path / "svar.csv", csv_text([["R1", 20, 20, 20, 20, 20]]))
    assert "Ukendt kolonne «regler_point»" in messages(refused(path))[0]


def test_xlsx_sav_and_dta_refuse_wrong_sums_with_their_row_numbers(tmp_path):
    frame = point_frame(3)
    frame.loc[1, POINTS] = [10.0, 10, 10, 10, 10]
    data = {c: frame[c] for c in ["respondent_id", *POINTS]}
    # XLSX: header in row 1, the second answer in row 3.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(list(data))
    for i in range(3):
        ws.append([None if pd.isna(v) else (v if isinstance(v, str) else float(v)) for v in
                   (data[c].iloc[i] for c in data)])
    wb.save(tmp_path / "svar.xlsx")
    assert refused(tmp_path / "svar.xlsx", POINT).problems == [
        Problem("Pointene summer til 50, men skal give præcis 100", row=3, column="regler_point")]
    # SPSS/Stata: the row is the case number.
    stat = pd.DataFrame({"respondent_id": frame["respondent_id"].astype(str),
                         **{c: frame[c].astype(float) for c in POINTS}})
    pyreadstat.write_sav(stat, str(tmp_path / "svar.sav"))
    pyreadstat.write_dta(stat, str(tmp_path / "svar.dta"))
    for name in ("svar.sav", "svar.dta"):
        assert refused(tmp_path / name, POINT).problems == [
            Problem("Pointene summer til 50, men skal give præcis 100", row=2, column="regler_point")]


def test_many_bad_rows_are_counted_exactly(tmp_path):
    rows = [[f"R{i}", 10, 10, 10, 10, 10] for i in range(450)]
    error = refused(write(tmp_path / "svar.csv", csv_text(rows)), POINT)
    assert error.total == 450 and len(error.problems) == 200
    assert "… og 250 fejl mere." in str(error)


# -- export and round trips -------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".sav", ".dta"])
def test_round_trip_with_points(tmp_path, suffix):
    frame = point_frame(40, seed=3)
    assert frame[POINTS].notna().all(axis=1).sum() > 20  # the test data really has allocations
    path = write_responses(frame, tmp_path / f"svar{suffix}", POINT)
    pd.testing.assert_frame_equal(read_responses(path, POINT).frame, frame)


def test_export_refuses_a_frame_that_breaks_the_row_rule(tmp_path):
    frame = point_frame(5)
    frame.loc[2, POINTS] = [30.0, 30, 30, 30, 30]
    frame.loc[4, POINTS] = [100.0, np.nan, np.nan, np.nan, np.nan]
    with pytest.raises(ExportRefused) as info:
        write_responses(frame, tmp_path / "svar.csv", POINT)
    assert info.value.total == 2
    assert [str(p) for p in info.value.problems] == [
        f"kolonne regler_point: Besvarelse «{frame.loc[2, 'respondent_id']}»: pointene summer til 150, "
        "men skal give præcis 100",
        f"kolonne regler_point: Besvarelse «{frame.loc[4, 'respondent_id']}»: pointfordelingen er kun delvist "
        "udfyldt — alle 5 pointkolonner eller ingen",
    ]
    assert not (tmp_path / "svar.csv").exists()
    with pytest.raises(ValidationFailed, match="101 er ikke en gyldig værdi"):
        write_responses(frame.assign(regler_point=101.0), tmp_path / "svar.csv", POINT)


def test_labels_codebook_and_template(tmp_path):
    frame = point_frame(6)
    write_responses(frame, tmp_path / "svar.sav", POINT)
    _data, meta = pyreadstat.read_sav(str(tmp_path / "svar.sav"), user_missing=True)
    assert meta.column_names_to_labels["regler_point"] == "16a Point (0–100): Arbejdet med regler"
    assert meta.column_names_to_labels["innov_point"].startswith("16e Point (0–100): Arbejdet med en innovativ")
    assert "regler_point" not in (meta.missing_ranges or {})  # 99 points is an answer, never missing
    book = codebook(POINT).set_index("kolonne")
    row = book.loc["dok_point"]
    assert row["sektion"] == "Hvad er vigtigst?" and row["spoergsmaal"] == "16c" and row["type"] == "point"
    assert row["tekst"].startswith("Fordel 100 point") and row["tekst"].endswith("Arbejdet med dokumentation")
    assert "Heltal 0–100" in row["gyldige_vaerdier"] and "præcis 100" in row["gyldige_vaerdier"]
    assert "regler_point" not in codebook("vive-frisaettelse")["kolonne"].tolist()
    template = write_template(POINT, tmp_path / "skabelon.csv")[0]
    assert template.read_text(encoding="utf-8-sig").strip().split(",")[-5:] == POINTS


@st.composite
def point_frames(draw):
    n = draw(st.integers(min_value=1, max_value=5))
    frame = random_frame(n, seed=draw(st.integers(0, 1000)), instrument=POINT)
    rows = []
    for _ in range(n):
        if draw(st.booleans()):
            rows.append([np.nan] * len(POINTS))
            continue
        parts = draw(st.lists(st.integers(0, 100), min_size=len(POINTS) - 1, max_size=len(POINTS) - 1))
        cuts = sorted(parts)
        rows.append([float(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)])
    frame[POINTS] = np.array(rows)
    return frame


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point_frames(), st.sampled_from([".csv", ".xlsx", ".sav", ".dta"]))
def test_round_trip_property(frame, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"svar{suffix}"
        write_responses(frame, path, POINT)
        back = read_responses(path, POINT).frame
        pd.testing.assert_frame_equal(back, frame)
        assert (schema.allocation_status(back[POINTS].to_numpy(), 100) == schema.ALLOCATION_OK).all()
