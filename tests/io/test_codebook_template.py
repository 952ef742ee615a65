"""The codebook and the input templates."""

from __future__ import annotations

import openpyxl
import pandas as pd

from frisat.core import schema
from frisat.io import codebook, read_responses, write_template

from .helpers import SMALL, VIVE, refused


def test_codebook_covers_every_column_in_order():
    book = codebook(VIVE)
    assert list(book.columns) == ["kolonne", "sektion", "spoergsmaal", "dimension", "tekst", "skala",
                                  "gyldige_vaerdier", "type"]
    assert book["kolonne"].tolist() == schema.canonical_columns(VIVE)
    assert book.notna().all().all()


def test_codebook_background_rows():
    book = codebook(VIVE).set_index("kolonne")
    assert book.loc["respondent_id", "type"] == "baggrund"
    assert "kun forekomme én gang" in book.loc["respondent_id", "tekst"]
    assert "dagtilbud" in book.loc["omraade", "tekst"]
    extra = codebook(SMALL).set_index("kolonne")
    assert "region" in extra.loc["region", "tekst"]


def test_codebook_items_word_for_word():
    book = codebook("vive-frisaettelse").set_index("kolonne")
    row = book.loc["maal_vigt_c"]
    assert row["spoergsmaal"] == "5c"
    assert row["dimension"] == "Vigtighed"
    assert row["sektion"] == "Arbejdet med målstyring"
    spec = VIVE.column("maal_vigt_c")
    assert row["tekst"] == f"{spec.stem} {spec.text}"
    assert row["tekst"].startswith("På en skala fra 1 til 10, hvor 1 er slet ikke vigtigt")
    assert row["tekst"].endswith("opsatte overordnede formål reelt er styrende for jeres daglige arbejde")
    assert row["skala"] == VIVE.scales["vigtighed"].describe()
    assert row["gyldige_vaerdier"] == "Heltal 1–10, «ved ikke» (SPSS/Stata: 99) eller blank"
    assert row["type"] == "skala"
    comment = book.loc["regler_kommentar"]
    assert comment["spoergsmaal"] == "3" and comment["type"] == "fritekst"
    assert comment["gyldige_vaerdier"] == "Fritekst eller blank"


def test_codebook_other_scales():
    book = codebook(SMALL).set_index("kolonne")
    assert book.loc["trivsel_a", "gyldige_vaerdier"] == "1, 2, 3, 4, 5 eller blank"
    assert book.loc["trivsel_ferie", "gyldige_vaerdier"] == "1, 0 eller blank"
    assert book.loc["trivsel_a", "type"] == "likert"
    assert book.loc["trivsel_ferie", "type"] == "ja/nej"


def test_xlsx_template(tmp_path):
    paths = write_template(VIVE, tmp_path / "skabelon.xlsx")
    assert paths == [tmp_path / "skabelon.xlsx"]
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames == ["Data", "Kodebog"]
    data = wb["Data"]
    assert [c.value for c in data[1]] == schema.canonical_columns(VIVE)
    assert data.max_row == 1
    assert all(c.font.b for c in data[1])
    assert data.freeze_panes == "A2"
    assert data.column_dimensions["G"].width >= len("regler_impl_a")
    book = wb["Kodebog"]
    assert book.max_row == len(schema.canonical_columns(VIVE)) + 1
    assert book["E2"].alignment.wrap_text
    assert "ingen besvarelser" in refused(paths[0]).problems[0].message


def test_csv_template_with_codebook(tmp_path):
    paths = write_template("vive-frisaettelse", tmp_path / "skabelon.csv")
    assert paths == [tmp_path / "skabelon.csv", tmp_path / "skabelon.kodebog.csv"]
    assert paths[0].read_text(encoding="utf-8-sig").strip() == ",".join(schema.canonical_columns(VIVE))
    book = pd.read_csv(paths[1], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(book, codebook(VIVE).astype(str), check_dtype=False)
    assert "ingen besvarelser" in refused(paths[0]).problems[0].message


def test_filled_template_reads(tmp_path):
    path = write_template(SMALL, tmp_path / "skabelon.xlsx")[0]
    wb = openpyxl.load_workbook(path)
    values = {"respondent_id": "R1", "kommune": "Aarhus", "region": "Midt", "trivsel_a": 4, "trivsel_b": 5,
              "trivsel_ferie": 1, "trivsel_score": "ved ikke", "trivsel_kommentar": "Fin"}
    wb["Data"].append([values.get(name) for name in schema.canonical_columns(SMALL)])
    wb.save(path)
    frame = read_responses(path, SMALL).frame
    assert frame.loc[0, "trivsel_score"] == schema.DONT_KNOW
    assert frame.loc[0, "trivsel_kommentar"] == "Fin"
