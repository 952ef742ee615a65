"""Writing the canonical format: round trips, file layout, labels, refusal and atomicity."""

from __future__ import annotations

import codecs
import os

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest

from frisat.core import schema
from frisat.core.errors import FrisatError, ValidationFailed
from frisat.core.instrument import parse_instrument
from frisat.io import read_responses, write_responses
from frisat.io import writing as writing_module
from frisat.io._stats import truncate_bytes

from .helpers import SMALL, SMALL_YAML, VIVE, random_frame

FORMATS = ["csv", "xlsx", "sav", "dta"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp_path, fmt):
    frame = random_frame(40, seed=1)
    frame.loc[0, "regler_kommentar"] = "=HYPERLINK(\"x\")"
    frame.loc[1, "regler_kommentar"] = "NA"
    frame.loc[2, "kommune"] = "Høje-Taastrup"
    path = tmp_path / f"svar.{fmt}"
    assert write_responses(frame, path, VIVE) == path
    result = read_responses(path, VIVE)
    pd.testing.assert_frame_equal(result.frame, frame)
    assert result.warnings == []
    assert (result.frame["regler_impl_a"] == schema.DONT_KNOW).sum() == (frame["regler_impl_a"] == -1).sum() > 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_other_instrument(tmp_path, fmt):
    frame = random_frame(30, seed=2, instrument=SMALL)
    write_responses(frame, tmp_path / f"svar.{fmt}", SMALL)
    pd.testing.assert_frame_equal(read_responses(tmp_path / f"svar.{fmt}", SMALL).frame, frame)


def test_csv_is_utf8_with_bom_and_comma(tmp_path):
    frame = random_frame(3)
    frame.loc[0, "regler_impl_a"] = schema.DONT_KNOW
    frame.loc[1, "regler_impl_a"] = np.nan
    frame.loc[2, "regler_impl_a"] = 7.0
    write_responses(frame, tmp_path / "svar.csv", VIVE)
    raw = (tmp_path / "svar.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ['"respondent_id"', '"kommune"', '"omraade"']
    position = schema.canonical_columns(VIVE).index("regler_impl_a")
    first = pd.read_csv(tmp_path / "svar.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert first["regler_impl_a"].tolist() == ["ved ikke", "", "7"]
    assert position == 6


def test_xlsx_layout(tmp_path):
    frame = random_frame(5)
    write_responses(frame, tmp_path / "svar.xlsx", VIVE)
    wb = openpyxl.load_workbook(tmp_path / "svar.xlsx")
    assert wb.sheetnames == ["Data", "Kodebog"]
    data = wb["Data"]
    assert [c.value for c in data[1]] == schema.canonical_columns(VIVE)
    assert data["A1"].font.b and data["G1"].font.b
    assert data.freeze_panes == "A2"
    assert data.max_row == 6
    book = wb["Kodebog"]
    assert book["A1"].value == "kolonne" and book["A1"].font.b
    assert book["E8"].alignment.wrap_text


def test_xlsx_writes_text_never_formulas(tmp_path):
    frame = random_frame(1)
    frame.loc[0, "kommune"] = "=1+1"
    write_responses(frame, tmp_path / "svar.xlsx", VIVE)
    cell = openpyxl.load_workbook(tmp_path / "svar.xlsx")["Data"]["B2"]
    assert cell.value == "'=1+1" and cell.data_type == "s"  # the same leading ' as in CSV (frisat.cells)
    assert read_responses(tmp_path / "svar.xlsx", VIVE).frame.loc[0, "kommune"] == "=1+1"


def test_sav_labels_and_missing(tmp_path):
    frame = random_frame(10)
    frame.loc[0, "regler_impl_a"] = schema.DONT_KNOW
    write_responses(frame, tmp_path / "svar.sav", VIVE)
    data, meta = pyreadstat.read_sav(str(tmp_path / "svar.sav"), user_missing=True)
    labels = meta.column_names_to_labels
    assert labels["respondent_id"] == "Respondent-id"
    assert labels["regler_impl_a"].startswith("1a Jeres arbejde med at fjerne unødige regler")
    assert labels["tillid_impl_d"] == "10d " + " ".join(VIVE.column("tillid_impl_d").text.split())
    assert meta.variable_value_labels["regler_impl_a"][99.0] == "Ved ikke"
    assert meta.variable_value_labels["regler_impl_a"][1.0].startswith("1 = I er slet ikke")
    assert meta.missing_ranges["regler_impl_a"] == [{"lo": 99.0, "hi": 99.0}]
    assert data.loc[0, "regler_impl_a"] == 99.0
    assert labels["regler_kommentar"].startswith("3 I det følgende")


def test_long_labels_are_cut_to_the_format_limit(tmp_path):
    long_item = "Æble og pære " * 40
    inst = parse_instrument(SMALL_YAML.replace("Jeg trives", long_item.strip()), source="lang.yaml")
    frame = random_frame(3, instrument=inst)
    write_responses(frame, tmp_path / "svar.sav", inst)
    write_responses(frame, tmp_path / "svar.dta", inst)
    sav_label = pyreadstat.read_sav(str(tmp_path / "svar.sav"), metadataonly=True)[1].column_names_to_labels
    dta_label = pyreadstat.read_dta(str(tmp_path / "svar.dta"), metadataonly=True)[1].column_names_to_labels
    assert sav_label["trivsel_a"].startswith("1a Æble og pære")
    assert sav_label["trivsel_a"].endswith("…") and len(sav_label["trivsel_a"].encode("utf-8")) <= 255
    assert dta_label["trivsel_a"].endswith("…") and len(dta_label["trivsel_a"]) <= 80
    assert truncate_bytes("æøå" * 100, 10) == "æøå…"
    assert truncate_bytes("kort", 10) == "kort"


def test_dta_labels(tmp_path):
    frame = random_frame(10)
    frame.loc[0, "maal_vigt_c"] = schema.DONT_KNOW
    write_responses(frame, tmp_path / "svar.dta", VIVE)
    data, meta = pyreadstat.read_dta(str(tmp_path / "svar.dta"))
    labels = meta.column_names_to_labels
    assert all(len(label) <= 80 for label in labels.values())
    assert labels["maal_vigt_c"].startswith("5c Jeres arbejde i kommunen")
    assert meta.variable_value_labels["maal_vigt_c"][99] == "Ved ikke"
    assert data.loc[0, "maal_vigt_c"] == 99


def test_extra_columns_are_dropped_and_missing_ones_added(tmp_path):
    frame = random_frame(4)[["respondent_id", "regler_impl_a"]].assign(indeks=1.5)
    write_responses(frame, tmp_path / "svar.csv", VIVE)
    back = read_responses(tmp_path / "svar.csv", VIVE).frame
    assert list(back.columns) == schema.canonical_columns(VIVE)
    pd.testing.assert_series_equal(back["regler_impl_a"], frame["regler_impl_a"])


def test_object_and_nullable_dtypes_are_accepted(tmp_path):
    frame = pd.DataFrame({"respondent_id": [1, 2], "regler_impl_a": pd.array([3, None], dtype="Int64"),
                          "kommune": ["A", None]})
    write_responses(frame, tmp_path / "svar.csv", VIVE)
    back = read_responses(tmp_path / "svar.csv", VIVE).frame
    assert back["respondent_id"].tolist() == ["1", "2"]
    assert back["regler_impl_a"].iloc[0] == 3.0 and pd.isna(back["regler_impl_a"].iloc[1])


def test_invalid_frames_are_refused(tmp_path):
    frame = random_frame(3)
    frame.loc[1, "regler_impl_a"] = 11
    frame.loc[2, "respondent_id"] = frame.loc[0, "respondent_id"]
    with pytest.raises(ValidationFailed) as info:
        write_responses(frame, tmp_path / "svar.csv", VIVE)
    text = str(info.value)
    assert "intet er skrevet" in text
    assert "Besvarelse «R0001»: 11 er ikke en gyldig værdi" in text
    assert "respondent_id «R0000» forekommer flere gange" in text
    assert info.value.total == 2
    assert not (tmp_path / "svar.csv").exists()
    with pytest.raises(ValidationFailed):
        write_responses(frame.drop(columns="respondent_id"), tmp_path / "svar.csv", VIVE)


def test_ved_ikke_refused_where_scale_has_none(tmp_path):
    frame = random_frame(2, instrument=SMALL)
    frame.loc[0, "trivsel_a"] = schema.DONT_KNOW
    with pytest.raises(ValidationFailed):
        write_responses(frame, tmp_path / "svar.sav", SMALL)


def test_unknown_suffix_and_missing_folder(tmp_path):
    with pytest.raises(FrisatError, match=r"«\.json»"):
        write_responses(random_frame(1), tmp_path / "svar.json", VIVE)
    with pytest.raises(FrisatError, match="findes ikke"):
        write_responses(random_frame(1), tmp_path / "mangler" / "svar.csv", VIVE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_leaves_no_half_written_file(tmp_path, monkeypatch, fmt):
    target = tmp_path / f"svar.{fmt}"
    target.write_bytes(b"gammelt indhold")

    def broken(frame, path, *args):
        path.write_bytes(b"halvt")
        raise RuntimeError("disk fuld")

    name = {"csv": "write_csv", "xlsx": "write_xlsx", "sav": "write_sav", "dta": "write_dta"}[fmt]
    monkeypatch.setattr(writing_module, name, broken)
    with pytest.raises(RuntimeError):
        write_responses(random_frame(2), target, VIVE)
    assert target.read_bytes() == b"gammelt indhold"
    assert os.listdir(tmp_path) == ["svar." + fmt]


def test_overwrite_keeps_permissions(tmp_path):
    target = tmp_path / "svar.csv"
    target.write_text("x")
    target.chmod(0o640)
    write_responses(random_frame(2), target, VIVE)
    assert target.stat().st_mode & 0o777 == 0o640
    assert read_responses(target, VIVE).frame.shape == (2, 51)


def test_large_frame_to_csv_and_back(tmp_path):
    frame = random_frame(20_000, seed=3)
    write_responses(frame, tmp_path / "svar.csv", VIVE)
    pd.testing.assert_frame_equal(read_responses(tmp_path / "svar.csv", VIVE).frame, frame)


def test_xlsx_refuses_more_rows_than_excel_allows(tmp_path, monkeypatch):
    from frisat.io import _excel

    monkeypatch.setattr(_excel, "MAX_ROWS", 5)
    with pytest.raises(ValidationFailed, match="Gem som CSV"):
        write_responses(random_frame(5), tmp_path / "svar.xlsx", VIVE)
    assert not (tmp_path / "svar.xlsx").exists()


def test_the_callers_frame_is_not_changed(tmp_path):
    frame = random_frame(3)
    frame["regler_impl_a"] = pd.array([1, None, 3], dtype="Int64")
    frame["kommune"] = frame["kommune"].astype(object)
    before = frame.copy()
    write_responses(frame, tmp_path / "svar.csv", VIVE)
    pd.testing.assert_frame_equal(frame, before)
    assert read_responses(tmp_path / "svar.csv", VIVE).frame["regler_impl_a"].tolist()[::2] == [1.0, 3.0]
