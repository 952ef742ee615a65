"""frisat.web.common.downloads: the two CSV variants and file names with æ, ø and å."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pandas as pd
from django.http import HttpResponse
from hypothesis import given
from hypothesis import strategies as st

from frisat.web.common.downloads import attachment, data_from_excel, excel_from_data, file_stem

DATA = 'navn,n,gennemsnit,kode\r\n"Ældre, Øst",12,7.25,=1+2\r\nSkole,3,-0.5,x\r\nTom,,1e-3,\r\n'.encode()


def excel_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_excel_variant_has_semicolons_decimal_commas_and_a_bom():
    rows = excel_rows(excel_from_data(DATA))
    assert rows[0] == ["navn", "n", "gennemsnit", "kode"]
    assert rows[1] == ["Ældre, Øst", "12", "7,25", "=1+2"]
    assert rows[2] == ["Skole", "3", "-0,5", "x"]
    assert rows[3] == ["Tom", "", "1e-3".replace(".", ","), ""]


def test_text_columns_keep_their_points():
    data = b"navn,version\r\nA,1.2\r\nB,ny 2.0\r\n"
    rows = excel_rows(excel_from_data(data))
    assert rows[1:] == [["A", "1.2"], ["B", "ny 2.0"]]  # «ny 2.0» makes the column text


def test_data_variant_reads_in_pandas_with_numbers():
    excel = excel_from_data(DATA)
    data = data_from_excel(excel)
    assert not data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data))
    assert list(frame.columns) == ["navn", "n", "gennemsnit", "kode"]
    assert frame["gennemsnit"].tolist() == [7.25, -0.5, 0.001]
    assert frame["navn"].tolist() == ["Ældre, Øst", "Skole", "Tom"]


cells = st.one_of(st.text(alphabet="abcæøå ;,\"'\n=-1234567890.", max_size=8),
                  st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr))


@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=6))
def test_round_trip_keeps_every_cell(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["a", "b", "c"], *rows])
    data = buffer.getvalue().encode()
    assert data_from_excel(excel_from_data(data)) == data.replace(b"\r\n", b"\r\n")


def test_file_names_keep_danish_letters_and_fall_back_to_ascii():
    assert file_stem("Ældre og Sundhed/Øst: «2026»") == "Ældre-og-Sundhed-Øst-2026"
    assert file_stem("  ../  ") == "fil"
    response = attachment(HttpResponse(b""), "Frisættelse-Ærø-summary-excel.csv")
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="Frisaettelse-Aeroe-summary-excel.csv"; filename*=UTF-8\'\'')
    assert unquote(header.split("''", 1)[1]) == "Frisættelse-Ærø-summary-excel.csv"
    assert attachment(HttpResponse(b""), "plain.csv")["Content-Disposition"] == 'attachment; filename="plain.csv"'
