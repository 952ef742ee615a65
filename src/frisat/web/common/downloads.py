"""CSV downloads in two clearly named variants, and download file names that keep æ, ø and å.

Every CSV the staff pages offer comes in two variants (issue 13):

* ``excel`` — «…-excel.csv» for a Danish Excel: ``;`` between fields, decimal comma, UTF-8 with a
  byte-order mark (so Excel reads æ, ø and å), CRLF line ends;
* ``data`` — «…-data.csv» for R, pandas and other programs: ``,`` between fields, decimal point,
  UTF-8 without a byte-order mark — the conventions of ``frisat analyze`` (frisat.reporting.tables).

The files are written once by the project's writers (which neutralise formulas, :mod:`frisat.cells`)
and converted here cell by cell, so both variants hold the same cells. A column counts as numeric
when every non-empty cell in it is a plain decimal number; only those get their decimal mark changed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Literal
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

Variant = Literal["excel", "data"]
VARIANTS: tuple[Variant, ...] = ("excel", "data")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"

_POINT_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_COMMA_NUMBER = re.compile(r"-?\d+(,\d+)?([eE][+-]?\d+)?")
_UNSAFE_IN_NAME = re.compile(r"[^\w.\-]+")


def _rows(data: bytes, delimiter: str) -> list[list[str]]:
    text = data.decode("utf-8")
    if text.startswith(BOM):
        text = text[1:]
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _numeric_columns(rows: list[list[str]], number: re.Pattern[str]) -> set[int]:
    width = max((len(row) for row in rows), default=0)
    numeric = set()
    for column in range(width):
        cells = [row[column] for row in rows if column < len(row) and row[column] != ""]
        if cells and all(number.fullmatch(cell) for cell in cells):
            numeric.add(column)
    return numeric


def _convert(data: bytes, *, source: str, target: str, number: re.Pattern[str], mark: tuple[str, str],
             bom: bool) -> bytes:
    rows = _rows(data, source)
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    numeric = _numeric_columns(body, number)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=target, lineterminator="\r\n")
    if rows:
        writer.writerow(header)
    for row in body:
        writer.writerow([cell.replace(*mark) if i in numeric else cell for i, cell in enumerate(row)])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def excel_from_data(data: bytes) -> bytes:
    """A data CSV (``,``, decimal point) as the Excel variant (``;``, decimal comma, BOM)."""
    return _convert(data, source=",", target=";", number=_POINT_NUMBER, mark=(".", ","), bom=True)


def data_from_excel(data: bytes) -> bytes:
    """An Excel CSV (``;``, decimal comma, BOM) as the data variant (``,``, decimal point, no BOM)."""
    return _convert(data, source=";", target=",", number=_COMMA_NUMBER, mark=(",", "."), bom=False)


def requested_variant(request: HttpRequest, default: Variant = "excel") -> Variant:
    """The variant asked for by ``?csv=excel|data`` (or the POST field ``csv``); ``default`` otherwise."""
    value = request.POST.get("csv") if request.method == "POST" else None
    value = value or request.GET.get("csv") or default
    return value if value in VARIANTS else default


def file_stem(name: str, fallback: str = "fil") -> str:
    """A file name part from a name: letters (æ, ø, å too), digits, ``.`` and ``-``; spaces → ``-``."""
    text = unicodedata.normalize("NFC", name).strip()
    text = _UNSAFE_IN_NAME.sub("-", text).strip("-.")
    return text[:120] or fallback


def csv_filename(stem: str, variant: Variant) -> str:
    return f"{stem}-{variant}.csv"


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Content-Disposition: attachment with ``filename*`` (RFC 6266/5987) when the name is not ASCII,
    so æ, ø and å reach the user's disk."""
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        spelt = filename
        for letter, ascii_form in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
            spelt = spelt.replace(letter, ascii_form)
        fallback = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode("ascii")
        fallback = fallback.replace("\\", "").replace('"', "")
        response["Content-Disposition"] = f'attachment; filename="{fallback}"; filename*=UTF-8\'\'{quote(filename)}'
    else:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(data: bytes, filename: str) -> HttpResponse:
    """A CSV download named ``filename`` (already ``…-excel.csv`` or ``…-data.csv``)."""
    return attachment(HttpResponse(data, content_type=CSV_CONTENT_TYPE), filename)
